"""Issue 10 in practice: fresh numbers per review (the seed stored, told on /seed, graded by
`check --seed`), no repeat after a right answer, and a past --exam-date refused."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dlquiz import schedule
from dlquiz.bank.load import load_bank
from dlquiz.bank.variant import make_variant
from dlquiz.drill.practice import PracticeSession
from dlquiz.drill.select import by_ids
from dlquiz.history import History
from tests.drill_fakes import ScriptedUI

BANK = {q.id: q for q in load_bank()}
NOW = datetime(2026, 12, 1, 12).astimezone().astimezone(timezone.utc)
TEMPLATE = "self-attention-scores-template"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "utcnow", lambda: NOW)


def answer_of(qid: str, seed: int) -> str:
    return " ".join(repr(float(x)) for x in np.ravel(make_variant(BANK[qid], seed).expected))


def drill(home: Path, seed: int, lines: list[str], ids: list[str]) -> ScriptedUI:
    ui = ScriptedUI(lines)
    history = History(home / "h.sqlite3")
    PracticeSession(ui, history, random.Random(seed)).run(by_ids(list(BANK.values()), ids))  # type: ignore[arg-type]
    return ui


def test_each_review_draws_fresh_numbers_and_stores_the_seed(tmp_path: Path) -> None:
    first = drill(tmp_path, 1, ["0 0 0"], [TEMPLATE])
    second = drill(tmp_path, 2, ["0 0 0"], [TEMPLATE])
    rows = History(tmp_path / "h.sqlite3").attempts()
    (a,) = first.of("question")
    (b,) = second.of("question")
    assert [r["seed"] for r in rows] == [a.seed, b.seed]
    assert 0 not in (a.seed, b.seed) and a.seed != b.seed
    assert a.inputs != b.inputs  # other numbers on the second review,
    assert a.prompt("en") != b.prompt("en")  # in the prompt too


def test_a_right_answer_is_not_served_again_in_the_session(tmp_path: Path) -> None:
    q5a = "final-2023-q5a"
    ui = drill(tmp_path, 1, ["3840", "7320"], [q5a, "final-2023-q5b", q5a])
    assert [v.question.id for v in ui.of("question")] == [q5a, "final-2023-q5b"]
    assert ui.of("summary")[-1] == [("params", 2, 20.0, 20.0)]  # both right, 10 points each
    (tmp_path / "wrong").mkdir()
    ui = drill(tmp_path / "wrong", 1, ["3720", "3840"], [q5a, q5a])
    assert len(ui.of("question")) == 2  # a wrong answer may come back


def test_seed_of_the_draw_is_told_and_check_grades_that_draw(
    run: Callable[..., Any], run_json: Callable[..., Any]
) -> None:
    result = run("practice", "--id", TEMPLATE, "--seed", "5", "--lang", "en", input="/seed\n1\n")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    told = out.split("These numbers are seed ", 1)[1]
    seed = int(told.split(":", 1)[0])
    assert seed != 0
    assert f"dlquiz check {TEMPLATE} ANSWER --seed {seed} grades this draw." in out
    right = answer_of(TEMPLATE, seed)
    graded = run_json("check", TEMPLATE, *right.split(), "--seed", str(seed))
    assert graded["correct"] is True
    drawn = make_variant(BANK[TEMPLATE], seed).inputs
    other = next(s for s in range(50) if make_variant(BANK[TEMPLATE], s).inputs != drawn)
    graded = run_json("check", TEMPLATE, *right.split(), "--seed", str(other))
    assert graded["correct"] is False  # another draw's numbers
    zh = run("practice", "--id", TEMPLATE, "--seed", "5", "--lang", "zh", input="/seed\n")
    assert f"種子是 {seed}" in " ".join(zh.stdout.split())


@pytest.mark.usefixtures("clock")
@pytest.mark.parametrize("command", ["practice", "stats"])
def test_a_past_exam_date_is_refused(
    command: str, bad: Callable[..., str], run_json: Callable[..., Any], _home: Path
) -> None:
    line = bad(command, "--exam-date", "2020-01-01")
    assert "2020-01-01 is in the past (today is 2026-12-01)" in line
    assert run_json("stats")["exam_date"] is None  # nothing was stored


@pytest.mark.usefixtures("clock")
def test_today_and_coming_exam_dates_are_accepted(run: Callable[..., Any]) -> None:
    result = run("stats", "--exam-date", "2026-12-01")
    assert result.exit_code == 0 and "exam date set: 2026-12-01" in result.stderr


@pytest.mark.usefixtures("clock")
def test_stats_says_when_no_exam_date_is_set(run: Callable[..., Any]) -> None:
    from dlquiz.messages import say

    assert run("check", "final-2023-q5a", "3840").exit_code == 0
    out = " ".join(run("stats", "--lang", "en").stdout.split())
    assert " ".join(say("stats.no_exam_date", "en").split()) in out
