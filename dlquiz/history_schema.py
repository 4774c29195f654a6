"""The history database's schema: its migrations, in order, and how a card row is written.

`MIGRATIONS[n]` takes a database from version n to n+1 (`PRAGMA user_version`): SQL, or a
function for steps SQL cannot do. Migrations are only ever appended, never edited.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Union

from dlquiz.srs import CardRow

Migration = Union[str, Callable[[sqlite3.Connection], None]]  # noqa: UP007 (runtime alias, py3.10)

V2_SQL = """
    CREATE TABLE cards (
        question_id TEXT PRIMARY KEY,
        topic TEXT NOT NULL,
        state INTEGER NOT NULL,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due REAL NOT NULL,
        last_review REAL,
        reviews INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX cards_due ON cards (due);
    CREATE INDEX attempts_topic ON attempts (topic, at);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
"""


def _v2_cards_and_settings(db: sqlite3.Connection) -> None:
    """Add `cards` and `settings`, and build every card from the attempts already stored.

    Replaying the old practice attempts through the scheduler (as `dlquiz practice` now does
    live) means history recorded before spaced repetition existed still counts.
    """
    run_script(db, V2_SQL)
    rows = db.execute(
        "SELECT question_id, topic, score, at FROM attempts WHERE mode = 'practice' ORDER BY at, id"
    ).fetchall()
    if not rows:
        return
    from dlquiz.srs import review

    cards: dict[str, CardRow] = {}
    for question_id, topic, score, at in rows:
        cards[question_id] = review(cards.get(question_id), question_id, topic, score, at)
    for card in cards.values():
        write_card(db, card)


MIGRATIONS: tuple[Migration, ...] = (
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
    _v2_cards_and_settings,
    # v3: a mock exam is kept as it goes. A sitting's answers are drafts until it is handed
    # in; `used` is the exam time spent so far and `next_item` where to go on from.
    """
    CREATE TABLE sittings (
        id TEXT PRIMARY KEY,
        exam TEXT NOT NULL,
        variant INTEGER NOT NULL,
        minutes REAL NOT NULL,
        used REAL NOT NULL DEFAULT 0,
        next_item INTEGER NOT NULL DEFAULT 1,
        state TEXT NOT NULL DEFAULT 'open',
        started REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE INDEX sittings_state ON sittings (state, updated);
    CREATE TABLE drafts (
        sitting TEXT NOT NULL REFERENCES sittings (id),
        number INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        lines TEXT NOT NULL,
        self_mark INTEGER,
        spent REAL,
        at REAL NOT NULL,
        PRIMARY KEY (sitting, number)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

CARD_COLUMNS = "question_id, topic, state, step, stability, difficulty, due, last_review, reviews"


def write_card(db: sqlite3.Connection, c: CardRow) -> None:
    db.execute(
        f"INSERT OR REPLACE INTO cards ({CARD_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
        (c.question_id, c.topic, c.state, c.step, c.stability, c.difficulty, c.due,
         c.last_review, c.reviews),
    )  # fmt: skip


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run a migration's statements inside the caller's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)
