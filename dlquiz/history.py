"""Practice history in SQLite: every graded answer is committed the moment it is graded.

The database lives in `$DLQUIZ_HOME` (or the platform's user data folder) as
`history.sqlite3`, in WAL mode so two sessions can write at once. `PRAGMA user_version` holds
the schema version; `MIGRATIONS[n]` takes a database from version n to n+1 (SQL, or a function
for steps SQL cannot do). Migrations are only ever appended, never edited. A file that is not a
readable dlquiz database is moved aside (named in a message) and a fresh one started; a
database that is merely busy, or written by a newer dlquiz, is left alone and reported.

Tables: `attempts` (one row per graded answer), `cards` (the spaced-repetition state of each
question, one row per question id, written in the same transaction as the attempt that
reviewed it) and `settings` (key → value, e.g. the exam date).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlquiz.errors import utf8
from dlquiz.history_schema import CARD_COLUMNS, run_script, write_card
from dlquiz.history_schema import MIGRATIONS as MIGRATIONS  # re-exported for tests and tools
from dlquiz.history_schema import SCHEMA_VERSION as SCHEMA_VERSION
from dlquiz.paths import home
from dlquiz.srs import CardRow as CardRow  # re-exported: the stored form of a card

# SQLite result codes that mean "this file is not a usable dlquiz database" (move it aside);
# anything else (busy, locked, disk full, no permission on the folder) is reported instead.
BROKEN = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CANTOPEN", "SQLITE_ERROR"})


class HistoryError(Exception):
    """The history database cannot be used and was left alone; the message says why."""


@dataclass(frozen=True)
class Attempt:
    question_id: str
    topic: str
    seed: int
    answer: str
    score: float
    correct: bool
    mistake: str | None
    diagnosis: str | None
    seconds: float | None
    mode: str = "practice"
    session: str | None = None


class _Broken(Exception):
    """Raised inside `_open` when the file is not a usable dlquiz database."""


class History:
    """An open history database. A broken file is moved aside and `warn` is told where."""

    def __init__(self, path: Path | None = None, warn: Callable[[str], None] | None = None) -> None:
        self.path = path or home() / "history.sqlite3"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(
                f"cannot create the history folder {self.path.parent}: {exc}"
            ) from None
        try:
            self.db = self._open()
        except _Broken as exc:
            aside = self._move_aside()
            if warn is not None:
                warn(
                    f"the history database could not be read ({exc}); it was moved to "
                    f"{aside} and a new one started"
                )
            try:
                self.db = self._open()
            except _Broken as again:
                raise HistoryError(
                    f"cannot start a history database at {self.path}: {again}"
                ) from None

    @classmethod
    def in_memory_copy(cls, path: Path | None = None) -> History:
        """A history in memory holding what the database at `path` holds, or nothing when it
        cannot be read: for a session that cannot write the file (a read-only folder,
        DLQUIZ_HOME a file). It reads as usual; nothing written to it is kept. A database
        from a newer dlquiz is still a HistoryError: showing it as empty would mislead."""
        self = cls.__new__(cls)
        self.path = path or home() / "history.sqlite3"
        self.db = sqlite3.connect(":memory:", isolation_level=None)
        try:
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            source = sqlite3.connect(uri, uri=True)
            try:
                source.backup(self.db)
            finally:
                source.close()
            self._migrate(self.db)
            self.db.execute("SELECT count(*) FROM attempts").fetchone()
        except HistoryError:
            self.db.close()
            raise
        except (sqlite3.Error, OSError, ValueError):
            self.db.close()
            self.db = sqlite3.connect(":memory:", isolation_level=None)
            self._migrate(self.db)
        return self

    def _open(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise _classify(exc, self.path) from exc
        try:
            db.execute("PRAGMA busy_timeout=30000")
            _set_wal(db)
            self._migrate(db)
            check = db.execute("PRAGMA quick_check(1)").fetchone()[0]
            if check != "ok":
                raise _Broken(f"integrity check failed: {check}")
            db.execute("SELECT count(*) FROM attempts").fetchone()
            db.execute("SELECT count(*) FROM cards").fetchone()
        except sqlite3.Error as exc:
            db.close()
            raise _classify(exc, self.path) from exc
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"the history database {self.path} was written by a newer dlquiz (schema "
                f"{version}, this one knows {SCHEMA_VERSION}); upgrade dlquiz to use it"
            )
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another session may have migrated while this one waited for the write lock.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version, SCHEMA_VERSION):
                migration = MIGRATIONS[step]
                if isinstance(migration, str):
                    run_script(db, migration)
                else:
                    migration(db)
                db.execute(f"PRAGMA user_version={step + 1}")
            db.execute("COMMIT")
        except BaseException:
            rollback(db)
            raise

    def _move_aside(self) -> Path:
        stamp = int(time.time())
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            for suffix in ("", "-wal", "-shm"):
                old = Path(f"{self.path}{suffix}")
                if old.exists():
                    old.rename(f"{aside}{suffix}")
        except OSError as exc:
            raise HistoryError(
                f"the history database {self.path} could not be read and could not be moved "
                f"aside ({exc}); move it away or set DLQUIZ_HOME to another folder"
            ) from exc
        return aside

    def record(
        self,
        a: Attempt,
        review: Callable[[CardRow | None], CardRow] | None = None,
        at: float | None = None,
    ) -> None:
        """Store one graded answer, committed before returning.

        With `review`, the question's card is read, passed to `review` (None for a question
        never reviewed) and the card it returns is written, in the same transaction as the
        attempt: both are stored or neither is, and two sessions never lose each other's update.
        """
        when = time.time() if at is None else at
        self.db.execute("BEGIN IMMEDIATE")
        try:
            insert_attempt(self.db, a, when)
            if review is not None:
                write_card(self.db, review(self.card(a.question_id)))
            self.db.execute("COMMIT")
        except BaseException:
            rollback(self.db)
            raise

    def attempts(self, question_id: str | None = None) -> list[dict[str, Any]]:
        cur = self.db.execute(
            "SELECT * FROM attempts" + (" WHERE question_id = ?" if question_id else "")
            + " ORDER BY at, id",
            (question_id,) if question_id else (),
        )  # fmt: skip
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def card(self, question_id: str) -> CardRow | None:
        row = self.db.execute(
            f"SELECT {CARD_COLUMNS} FROM cards WHERE question_id = ?", (question_id,)
        ).fetchone()
        return None if row is None else CardRow(*row)

    def cards(self) -> dict[str, CardRow]:
        """Every question's card, by question id."""
        rows = self.db.execute(f"SELECT {CARD_COLUMNS} FROM cards ORDER BY question_id")
        return {row[0]: CardRow(*row) for row in rows.fetchall()}

    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str | None) -> None:
        """Store a setting (None removes it)."""
        if value is None:
            self.db.execute("DELETE FROM settings WHERE key = ?", (key,))
        else:
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def close(self) -> None:
        self.db.close()


def insert_attempt(db: sqlite3.Connection, a: Attempt, when: float) -> None:
    """One attempt row, inside the caller's transaction."""
    db.execute(
        "INSERT INTO attempts (question_id, topic, seed, answer, score, correct, mistake,"
        " diagnosis, seconds, mode, session, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (a.question_id, a.topic, a.seed, utf8(a.answer), a.score, int(a.correct),
         a.mistake, utf8(a.diagnosis), a.seconds, a.mode, a.session, when),
    )  # fmt: skip


def rollback(db: sqlite3.Connection) -> None:
    """End the open transaction, if any, without its changes."""
    if db.in_transaction:
        db.execute("ROLLBACK")


def _classify(exc: sqlite3.Error, path: Path) -> Exception:
    """A broken file (move it aside) or a problem to report (busy, locked, I/O)."""
    name = getattr(exc, "sqlite_errorname", "")  # Python 3.11+
    if not name and isinstance(exc, sqlite3.DatabaseError):
        text = str(exc).lower()
        if not any(word in text for word in ("locked", "busy", "disk i/o", "full", "readonly")):
            name = "SQLITE_CORRUPT"
    if name in BROKEN:
        if name == "SQLITE_CANTOPEN" and not path.exists():
            return HistoryError(f"cannot create the history database {path}: {exc}")
        if name == "SQLITE_CANTOPEN" and _looks_like_sqlite(path):
            return HistoryError(
                f"cannot open the history database {path} for writing ({exc}); its folder may "
                "be read-only: make it writable, or set DLQUIZ_HOME to another folder"
            )
        return _Broken(str(exc))
    return HistoryError(f"cannot use the history database {path}: {exc}")


def _looks_like_sqlite(path: Path) -> bool:
    """Whether the file starts as every SQLite database does (a healthy file, not garbage)."""
    try:
        with path.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _set_wal(db: sqlite3.Connection, wait: float = 30.0) -> None:
    """Switch to WAL mode. When two sessions create a new database at the same moment, SQLite
    can answer "database is locked" here without waiting on the busy timeout, so retry until
    `wait` seconds have passed (the mode is stored in the file: once set, it stays)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
