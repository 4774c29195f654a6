"""Mock-exam sittings in the history: kept as they go, so a killed exam loses nothing entered.

A sitting is opened when the exam starts. Each answer is written as a *draft* of its
question the moment it is entered (`draft`), with the exam time used so far and the
question to go on from (`progress`). Handing in turns the drafts into attempts (mode
"exam", one per answered question) and closes the sitting in one transaction (`submit`).
An open sitting is what `dlquiz exam --resume` continues (`latest_open`, `drafts`).

`SittingLog` is what a running exam talks to. Storage problems never stop the exam: the
first one is reported through `warn` and the log stops writing; the report is still given.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dlquiz.history import Attempt, History, insert_attempt, rollback


@dataclass(frozen=True)
class Sitting:
    id: str
    exam: str
    variant: int
    minutes: float
    used: float
    next_item: int
    started: float


@dataclass(frozen=True)
class Draft:
    number: int
    question_id: str
    lines: tuple[str, ...]
    self_mark: int | None
    spent: float | None


def latest_open(history: History, exam: str | None = None) -> Sitting | None:
    """The most recently touched sitting not yet handed in (of `exam`, if given)."""
    sql = "SELECT id, exam, variant, minutes, used, next_item, started FROM sittings"
    sql += " WHERE state = 'open'" + (" AND exam = ?" if exam else "")
    row = history.db.execute(sql + " ORDER BY updated DESC LIMIT 1", (exam,) if exam else ())
    got = row.fetchone()
    return None if got is None else Sitting(*got)


def drafts(history: History, sitting: str) -> list[Draft]:
    rows = history.db.execute(
        "SELECT number, question_id, lines, self_mark, spent FROM drafts WHERE sitting = ?"
        " ORDER BY number",
        (sitting,),
    ).fetchall()
    return [Draft(n, q, tuple(json.loads(lines)), mark, spent) for n, q, lines, mark, spent in rows]


class SittingLog:
    """Writes one sitting as it goes; `warn` hears of the first storage problem."""

    def __init__(
        self, history: History | None, sitting: Sitting, warn: Callable[[str], None]
    ) -> None:
        self.history = history
        self.sitting = sitting
        self.warn = warn
        self.failed = history is None

    @classmethod
    def start(
        cls, history: History | None, sitting: Sitting, warn: Callable[[str], None]
    ) -> SittingLog:
        """A new sitting, stored at once (an existing id is continued instead)."""
        log = cls(history, sitting, warn)
        s = sitting
        log._write(
            "INSERT OR IGNORE INTO sittings (id, exam, variant, minutes, used, next_item, state,"
            " started, updated) VALUES (?,?,?,?,?,?,'open',?,?)",
            (s.id, s.exam, s.variant, s.minutes, s.used, s.next_item, s.started, time.time()),
        )
        return log

    def _write(self, sql: str, args: Sequence[object]) -> None:
        if self.failed or self.history is None:
            return
        try:
            self.history.db.execute(sql, tuple(args))
        except sqlite3.Error as exc:
            self._fail(exc)

    def _fail(self, exc: sqlite3.Error) -> None:
        self.failed = True
        path = "" if self.history is None else str(self.history.path)
        self.warn(f"{path}: {exc}")

    def draft(
        self, number: int, question_id: str, lines: Sequence[str], self_mark: int | None,
        spent: float | None,
    ) -> None:  # fmt: skip
        """Keep the answer to question `number` (replacing an earlier one)."""
        self._write(
            "INSERT OR REPLACE INTO drafts (sitting, number, question_id, lines, self_mark,"
            " spent, at) VALUES (?,?,?,?,?,?,?)",
            (self.sitting.id, number, question_id, json.dumps(list(lines), ensure_ascii=False),
             self_mark, spent, time.time()),
        )  # fmt: skip

    def progress(self, next_item: int, used: float) -> None:
        """Where the student is and how much exam time is used."""
        self._write(
            "UPDATE sittings SET next_item = ?, used = ?, updated = ? WHERE id = ?",
            (next_item, used, time.time(), self.sitting.id),
        )

    def submit(self, rows: Sequence[Attempt], used: float) -> bool:
        """Drafts become attempts and the sitting is closed, all or nothing. False if not stored."""
        if self.failed or self.history is None:
            return False
        db = self.history.db
        when = time.time()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                for a in rows:
                    insert_attempt(db, a, when)
                db.execute(
                    "UPDATE sittings SET state = 'submitted', used = ?, updated = ? WHERE id = ?",
                    (used, when, self.sitting.id),
                )
                db.execute("COMMIT")
            except BaseException:
                rollback(db)
                raise
        except sqlite3.Error as exc:
            self._fail(exc)
            return False
        return True
