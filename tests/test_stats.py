"""`dlquiz stats`: the numbers against a history built by hand, the exam risk, and fast start."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from dlquiz import schedule
from dlquiz.bank.load import load_bank
from dlquiz.history import Attempt, CardRow, History
from dlquiz.topics import ids

TOPICS = ids()

# Local noon, so "today" has room on both sides whatever the machine's time zone.
NOW = datetime(2026, 12, 1, 12).astimezone().astimezone(timezone.utc)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "utcnow", lambda: NOW)


def card(qid: str, topic: str, due: datetime, stability: float = 3.0) -> CardRow:
    last = NOW - timedelta(days=1)
    return CardRow(qid, topic, 2, None, stability, 5.0, due.timestamp(), last.timestamp(), 1)


def answer(
    history: History,
    qid: str,
    topic: str,
    score: float,
    mistake: str | None = None,
    then: CardRow | None = None,
) -> None:
    """One graded answer; `then` is the card it leaves behind (as if the scheduler said so)."""
    review = None if then is None else (lambda _: then)
    history.record(Attempt(qid, topic, 0, "x", score, score == 1.0, mistake, None, 1.0), review)


def build(history: History) -> None:
    # Cards first (each left by a right answer): overdue, due this afternoon, in 3 and 10 days.
    for qid, topic, due in [
        ("sa-1", "self-attention", NOW - timedelta(days=1)),
        ("sa-2", "self-attention", NOW + timedelta(hours=2)),
        ("kl-1", "kl", NOW + timedelta(days=3)),
        ("gan-1", "gan", NOW + timedelta(days=10)),
    ]:
        answer(history, qid, topic, 1, then=card(qid, topic, due))
    # self-attention: 1, 1, then 0 0 0 1 0 | 1 1 0 1 1: the last 5 (0.8) beat the 5 before
    # (0.2) → up; no-scale 4 times, divided-by-dk once.
    for i, score in enumerate([0, 0, 0, 1, 0, 1, 1, 0, 1, 1]):
        mistake = None if score else ("divided-by-dk" if i == 2 else "no-scale")
        answer(history, f"sa-{i % 2 + 1}", "self-attention", score, mistake)
    # kl: 1, then 1 | 1 1 1 1 0: the last 5 (0.8) below the 2 before (1.0) → down.
    for score in [1, 1, 1, 1, 1, 0]:
        answer(history, "kl-1", "kl", score, None if score else "chose-b")
    # gan: 1, 1, 0.5: nothing before the last 5, no trend; rounded too coarsely once.
    answer(history, "gan-1", "gan", 1)
    answer(history, "gan-1", "gan", 0.5, "rounded")


def test_json_numbers_match_the_history(run_json: Callable[..., Any]) -> None:
    build(History())
    data = run_json("stats")
    assert data["attempts"] == 10 + 6 + 2 + 4
    assert data["exam_date"] is None and "at_risk" not in data
    assert set(data["by_topic"]) == set(TOPICS)
    sa, kl, gan = (data["by_topic"][t] for t in ("self-attention", "kl", "gan"))
    assert sa["attempts"] == 12 and sa["accuracy"] == pytest.approx(7 / 12, abs=1e-4)
    assert kl["attempts"] == 7 and kl["accuracy"] == pytest.approx(6 / 7, abs=1e-4)
    assert gan["attempts"] == 3 and gan["accuracy"] == pytest.approx(2.5 / 3, abs=1e-4)
    # trend: last 5 against the 5 before.
    assert sa["trend"] == "up" and sa["previous_accuracy"] == pytest.approx(0.2)
    assert kl["trend"] == "down" and kl["recent_accuracy"] == pytest.approx(0.8)
    assert gan["trend"] is None
    assert sa["mistakes"][0] == {
        "id": "no-scale",
        "label": "forgot √d_k",
        "label_zh": "忘了除以 √d_k",
        "count": 4,
    }
    assert sa["mistakes"][1]["id"] == "divided-by-dk" and sa["mistakes"][1]["count"] == 1
    wrong_choice = {"id": "wrong-choice", "label": "picked a wrong choice", "count": 1}
    assert kl["mistakes"] == [{**wrong_choice, "label_zh": "選錯了選項"}]
    assert [m["label"] for m in gan["mistakes"]] == ["rounded too coarsely"]
    assert (sa["due_today"], sa["due_week"]) == (2, 2)
    assert (kl["due_today"], kl["due_week"]) == (0, 1)
    assert (gan["due_today"], gan["due_week"]) == (0, 0)
    assert (data["due_today"], data["due_week"]) == (2, 3)
    assert data["by_topic"]["lstm"] == {
        "attempts": 0,
        "accuracy": 0.0,
        "trend": None,
        "recent_accuracy": None,
        "previous_accuracy": None,
        "cards": 0,
        "due_today": 0,
        "due_week": 0,
        "mistakes": [],
    }


def test_table_shows_mistakes_trends_and_bars(run: Callable[..., Any]) -> None:
    build(History())
    out = run("stats").stdout
    assert "self-attention: forgot √d_k · 4×" in out
    assert "self-attention: divided by d_k, not √d_k · 1×" in out
    assert "↑" in out and "↓" in out
    assert "█" in out and "58%" in out  # self-attention's 7/12
    assert "not practised yet: lstm, gru" in out


def test_empty_history_is_a_friendly_line_and_zeros(run: Callable[..., Any]) -> None:
    result = run("stats")
    assert result.exit_code == 0 and "No answers recorded yet" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    data = json.loads(run("stats", "--json").stdout)
    assert data["attempts"] == 0 and data["due_today"] == 0
    assert all(v["attempts"] == 0 and v["due_week"] == 0 for v in data["by_topic"].values())


def test_exam_date_is_remembered_and_names_the_topics_at_risk(
    run: Callable[..., Any], run_json: Callable[..., Any]
) -> None:
    history = History()
    bank = load_bank()
    # entropy: every question reviewed yesterday with a very stable memory → safe at the exam.
    for q in bank:
        if q.topic == "entropy":
            answer(history, q.id, q.topic, 1, then=card(q.id, q.topic, NOW, stability=1000))
    # kl: one question shaky (stability 1 day), the rest never practised.
    kl = next(q for q in bank if q.topic == "kl")
    answer(history, kl.id, "kl", 0, then=card(kl.id, "kl", NOW, stability=1))
    result = run("stats", "--json", "--exam-date", "2026-12-15")
    assert result.exit_code == 0 and "exam date set: 2026-12-15" in result.stderr
    data = json.loads(result.stdout)
    assert data == run_json("stats")  # remembered without the option
    assert data["exam_date"] == "2026-12-15" and data["days_left"] == 14
    risky = {r["topic"]: r for r in data["at_risk"]}
    assert "entropy" not in risky and data["by_topic"]["entropy"]["recall_at_exam"] > 0.98
    kl_count = sum(q.topic == "kl" for q in bank)
    assert risky["kl"]["unseen"] == kl_count - 1 and risky["kl"]["questions"] == kl_count
    assert risky["kl"]["weakest"][0] != kl.id  # unseen (recall 0) are weaker than shaky
    one = schedule.retrievability(
        card(kl.id, "kl", NOW, 1), schedule.exam_moment(date(2026, 12, 15))
    )
    assert 0 < one < 0.9
    assert risky["kl"]["recall"] == pytest.approx(one / kl_count, abs=1e-4)
    assert set(TOPICS) - {"entropy"} == set(risky)  # nothing else was practised
    out = run("stats").stdout
    assert "exam 2026-12-15 (in 14 days)" in out and "at risk by then" in out
    cleared = run("stats", "--json", "--exam-date", "none")
    assert "at_risk" not in json.loads(cleared.stdout)


def test_json_is_one_plain_line(run: Callable[..., Any]) -> None:
    build(History())
    out = run("stats", "--json").stdout
    assert out.count("\n") == 1 and "\x1b" not in out
    json.loads(out)


FAST_START = """
import sys
sys.argv = ["dlquiz", *sys.argv[1:]]
from dlquiz.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("HEAVY=" + ",".join(m for m in ("numpy", "yaml", "fsrs", "sqlite3")
                                     if m in sys.modules))
"""


@pytest.mark.parametrize("args", [["--help"], ["stats", "--help"], ["practice", "--help"]])
def test_help_imports_nothing_heavy(args: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", FAST_START, *args], capture_output=True, text=True, timeout=30
    )
    assert proc.stderr.endswith("HEAVY="), proc.stderr
    assert "Usage" in proc.stdout
