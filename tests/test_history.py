"""History storage guarantees, with real processes: SIGKILL, two writers at once, broken files.

Every test here runs `python -m dlquiz` or a writer script as a real subprocess, so what is
checked is what a student's terminal would do, not a simulation of it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dlquiz import schedule
from dlquiz.history import MIGRATIONS, SCHEMA_VERSION, Attempt, CardRow, History, HistoryError

DB_NAME = "history.sqlite3"


def dlquiz(*args: str, **kw: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.Popen([sys.executable, "-m", "dlquiz", *args], env=env, **kw)


def count(db: Path, where: str = "1") -> int:
    with sqlite3.connect(db, timeout=10) as con:
        return int(con.execute(f"SELECT count(*) FROM attempts WHERE {where}").fetchone()[0])


def wait_for(check: Callable[[], bool], proc: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 15
    while not check():
        assert proc.poll() is None, f"dlquiz ended early (code {proc.returncode}) waiting {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def numeric_ids(n: int) -> list[str]:
    """Questions answered in one line where any number (here 0) is graded, never re-asked."""
    from dlquiz.bank.load import load_bank

    return sorted(q.id for q in load_bank() if q.type == "numeric")[:n]


def make_due(history: History, ids: list[str], days_ago: float) -> None:
    """Answer each question wrongly `days_ago` days ago, in order: all due now, oldest first."""
    base = time.time() - days_ago * 86400
    for i, qid in enumerate(ids):
        at = base + i  # the first id is the most overdue

        def review(card: object, qid: str = qid, at: float = at) -> CardRow:
            return schedule.review(None, qid, "seeded", 0.0, at)

        history.record(Attempt(qid, "seeded", 0, "x", 0.0, False, None, None, None), review, at)


def test_sigkill_keeps_every_answer_graded_before_the_kill(_home: Path, tmp_path: Path) -> None:
    db = _home / DB_NAME
    ids = numeric_ids(4)
    history = History(db)
    make_due(history, ids, days_ago=3)
    history.close()
    graded = "session IS NOT NULL"
    with (tmp_path / "out.txt").open("wb") as out:
        proc = dlquiz(
            "practice",
            "--due",
            "--count",
            "4",
            "--lang",
            "en",
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        assert proc.stdin is not None
        try:
            for n in (1, 2, 3):
                proc.stdin.write(b"0\n")
                proc.stdin.flush()

                def saved(n: int = n) -> bool:
                    return count(db, graded) == n

                wait_for(saved, proc, f"answer {n} to be saved")
            proc.send_signal(signal.SIGKILL)
            assert proc.wait(timeout=10) == -signal.SIGKILL
        finally:
            if proc.poll() is None:
                proc.kill()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = History(db).attempts()
    practised = [r for r in rows if r["session"] is not None]
    # Exactly the three graded answers, in the due order (most overdue first), all one session.
    assert [r["question_id"] for r in practised] == ids[:3]
    assert len({r["session"] for r in practised}) == 1
    assert all(r["answer"] == "0" and r["mode"] == "practice" for r in practised)
    # Each card was updated in the same transaction as its attempt; the unanswered one was not.
    cards = History(db).cards()
    assert [cards[q].reviews for q in ids] == [2, 2, 2, 1]


WRITER = """
import sys, time
from pathlib import Path
from typing import Any
from dlquiz import schedule
from dlquiz.history import Attempt, History

path, name, n, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
while not go.exists():
    time.sleep(0.001)
history = History(path)  # both open a database that does not exist yet: both migrate
for i in range(n):
    qid = f"shared-{i % 5}"
    at = time.time()
    history.record(
        Attempt(qid, "kl", i, f"{name}-{i}", 1.0, True, None, None, 0.1, session=name),
        lambda card, qid=qid, at=at: schedule.review(card, qid, "kl", 1.0, at),
        at=at,
    )
"""


def test_two_concurrent_writers_keep_every_attempt_and_card_update(tmp_path: Path) -> None:
    db, go, n = tmp_path / "fresh" / DB_NAME, tmp_path / "go", 300
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), name, str(n), str(go)], stderr=subprocess.PIPE
        )
        for name in ("a", "b")
    ]
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    history = History(db)
    rows = history.attempts()
    assert len(rows) == 2 * n
    for name in ("a", "b"):
        mine = [r["answer"] for r in rows if r["session"] == name]
        assert sorted(mine) == sorted(f"{name}-{i}" for i in range(n))
    # Every review read the card inside its own transaction: no update was lost.
    cards = history.cards()
    assert set(cards) == {f"shared-{i}" for i in range(5)}
    assert all(c.reviews == 2 * n // 5 for c in cards.values())
    assert history.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not an SQLite database, it is a shopping list\n" * 200)


def _truncated(path: Path) -> None:
    history = History(path)
    for i in range(300):
        history.record(Attempt(f"q{i}", "kl", i, "x" * 1000, 0.5, False, None, None, None))
    history.close()  # the last connection checkpoints the WAL into the main file
    assert not Path(f"{path}-wal").exists()
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.truncate(size // 2)


@pytest.mark.parametrize("breaker", [_garbage, _truncated], ids=["garbage", "truncated"])
def test_a_broken_database_is_moved_aside_and_a_fresh_one_started(
    breaker: Callable[[Path], None], _home: Path
) -> None:
    db = _home / DB_NAME
    _home.mkdir(parents=True, exist_ok=True)
    breaker(db)
    broken = db.read_bytes()
    proc = dlquiz("stats", "--json", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=30)
    text = err.decode()
    assert proc.returncode == 0, text
    assert "Traceback" not in text
    assert "could not be read" in text and "moved to" in text and "new one started" in text
    (aside,) = _home.glob(f"{DB_NAME}.corrupt-*")
    assert str(aside) in text
    assert aside.read_bytes() == broken  # kept, untouched, for whoever wants to rescue it
    assert out.decode().startswith('{"attempts": 0,')
    # The fresh database works, and opening it again gives no warning.
    warnings: list[str] = []
    history = History(db, warn=warnings.append)
    history.record(Attempt("q", "kl", 0, "1", 1.0, True, None, None, None))
    assert len(History(db, warn=warnings.append).attempts()) == 1
    assert warnings == []


def test_a_database_from_a_newer_dlquiz_is_left_alone(_home: Path) -> None:
    _home.mkdir(parents=True)
    db = _home / DB_NAME
    with sqlite3.connect(db) as con:
        con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(HistoryError, match="newer dlquiz"):
        History(db)
    proc = dlquiz("stats", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert err.decode().startswith("error: ") and "Traceback" not in err.decode()
    assert list(_home.iterdir()) == [db]  # not moved aside


def test_migration_keeps_version_1_history_and_builds_cards_from_it(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    first = MIGRATIONS[0]
    assert isinstance(first, str)
    day = 86400.0
    with sqlite3.connect(db) as con:
        con.executescript(first + "PRAGMA user_version=1;")
        con.executemany(
            "INSERT INTO attempts (question_id, topic, seed, answer, score, correct, at, mode)"
            " VALUES (?, ?, 0, '', ?, ?, ?, ?)",
            [
                ("a", "kl", 1.0, 1, 1000.0, "practice"),
                ("a", "kl", 1.0, 1, 1000.0 + day, "practice"),
                ("b", "gan", 0.0, 0, 2000.0, "practice"),
                ("c", "gan", 1.0, 1, 3000.0, "cram"),
                ("d", "gan", 1.0, 1, 3000.0, "exam"),
            ],
        )
    history = History(db)
    assert history.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert len(history.attempts()) == 5
    cards = history.cards()
    assert set(cards) == {"a", "b"}  # only practice reviews the schedule
    # The same cards as reviewing them live would have given.
    live = schedule.review(
        schedule.review(None, "a", "kl", 1.0, 1000.0), "a", "kl", 1.0, 1000.0 + day
    )
    assert cards["a"] == live and live.reviews == 2
    assert cards["b"] == schedule.review(None, "b", "gan", 0.0, 2000.0)


def test_settings_persist_and_clear(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    History(db).set_setting("exam_date", "2026-12-15")
    History(db).set_setting("exam_date", "2026-12-16")
    assert History(db).setting("exam_date") == "2026-12-16"
    History(db).set_setting("exam_date", None)
    assert History(db).setting("exam_date") is None


def test_attempt_and_card_are_written_together_or_not_at_all(tmp_path: Path) -> None:
    history = History(tmp_path / DB_NAME)

    def broken_review(card: object) -> CardRow:
        raise RuntimeError("scheduler failed")

    with pytest.raises(RuntimeError):
        history.record(Attempt("q", "kl", 0, "1", 1.0, True, None, None, None), broken_review)
    assert history.attempts() == [] and history.cards() == {}
    assert not history.db.in_transaction
