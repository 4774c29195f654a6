"""Practice history in SQLite: every graded answer is committed the moment it is graded.

The database lives in `$DLQUIZ_HOME` (or the platform's user data folder) as
`history.sqlite3`, in WAL mode so two sessions can write at once. `PRAGMA user_version` holds
the schema version; `MIGRATIONS[n]` takes a database from version n to n+1. A file that is not
a readable dlquiz database is moved aside (named in a message) and a fresh one started.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        seed INTEGER NOT NULL,
        answer TEXT NOT NULL,
        score REAL NOT NULL,
        correct INTEGER NOT NULL,
        mistake TEXT,
        diagnosis TEXT,
        seconds REAL,
        mode TEXT NOT NULL DEFAULT 'practice',
        session TEXT,
        at REAL NOT NULL
    );
    CREATE INDEX attempts_question ON attempts (question_id, at);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def home() -> Path:
    """Where dlquiz keeps its data: $DLQUIZ_HOME, else the user data folder."""
    env = os.environ.get("DLQUIZ_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("dlquiz", appauthor=False))


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


class History:
    """An open history database. `notice` says if a broken file was moved aside."""

    def __init__(self, path: Path | None = None, warn: Callable[[str], None] | None = None) -> None:
        self.path = path or home() / "history.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            for suffix in ("", "-wal", "-shm"):
                old = Path(f"{self.path}{suffix}")
                if old.exists():
                    old.rename(f"{aside}{suffix}")
            if warn is not None:
                warn(
                    f"the history database could not be read ({exc}); it was moved to "
                    f"{aside} and a new one started"
                )
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=30000")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"schema version {version} is newer than this dlquiz")
            for step in range(version, SCHEMA_VERSION):
                db.execute("BEGIN IMMEDIATE")
                _run_script(db, MIGRATIONS[step])
                db.execute(f"PRAGMA user_version={step + 1}")
                db.execute("COMMIT")
            db.execute("SELECT count(*) FROM attempts").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def record(self, a: Attempt) -> None:
        """Store one graded answer, committed before returning."""
        self.db.execute(
            "INSERT INTO attempts (question_id, topic, seed, answer, score, correct, mistake,"
            " diagnosis, seconds, mode, session, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.question_id, a.topic, a.seed, a.answer, a.score, int(a.correct), a.mistake,
             a.diagnosis, a.seconds, a.mode, a.session, time.time()),
        )  # fmt: skip

    def attempts(self, question_id: str | None = None) -> list[dict[str, Any]]:
        cur = self.db.execute(
            "SELECT * FROM attempts" + (" WHERE question_id = ?" if question_id else "")
            + " ORDER BY at, id",
            (question_id,) if question_id else (),
        )  # fmt: skip
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def close(self) -> None:
        self.db.close()


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Run a migration's statements inside the caller's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)
