"""Spaced repetition: the rating mapping, the practice order, and the practice modes.

The clock is injected: `plan` takes `now`, and CLI tests replace `dlquiz.schedule.utcnow`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fsrs import Rating

from dlquiz import schedule
from dlquiz.bank.load import load_bank
from dlquiz.bank.model import Question, Text
from dlquiz.history import Attempt, CardRow, History
from dlquiz.schedule import Known, plan, rating_for, review

NOW = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
DAY = 86400.0
SKIPS = "/skip\n" * 20  # shows every question of a session without answering any
TITLE = re.compile(r"\[\d+/\d+\] (\S+) ·")


def served(stdout: str) -> list[str]:
    """The question ids a session showed, in order."""
    return TITLE.findall(stdout)


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (1.0, Rating.Good),
        (0.99, Rating.Hard),
        (0.5, Rating.Hard),
        (0.01, Rating.Hard),
        (0.0, Rating.Again),
    ],
)
def test_rating_mapping(score: float, rating: Rating) -> None:
    assert rating_for(score) == rating


def test_a_wrong_answer_comes_back_sooner_than_a_right_one() -> None:
    t = NOW.timestamp()
    learned = review(review(None, "q", "kl", 1.0, t), "q", "kl", 1.0, t + 600)
    later = t + 2 * DAY
    again, hard, good = (review(learned, "q", "kl", s, later) for s in (0.0, 0.5, 1.0))
    assert again.due < hard.due < good.due
    assert good.due - later > DAY  # a second right answer is spaced out by days
    assert again.due - later < 3600  # a wrong one comes back within the hour


def q(qid: str, topic: str = "kl") -> Question:
    t = Text(qid, qid)
    return Question(qid, topic, "numeric", "test", 1, t, (), t, "test.yaml", 1)


def card(qid: str, topic: str, due: datetime) -> CardRow:
    return CardRow(
        qid, topic, 2, None, 5.0, 5.0, due.timestamp(), (due - timedelta(5)).timestamp(), 3
    )


def test_plan_serves_due_then_weak_topics_then_new_then_the_rest() -> None:
    questions = [
        q("new-1", "gan"),
        q("strong", "kl"),
        q("weak-a", "gan"),
        q("weak-b", "rnn"),
        q("due-late", "kl"),
        q("due-early", "kl"),
        q("new-2", "kl"),
    ]
    known = {
        "strong": Known(card("strong", "kl", NOW + timedelta(days=3)), 4, 1.0),
        "weak-a": Known(card("weak-a", "gan", NOW + timedelta(days=1)), 2, 0.0),
        "weak-b": Known(card("weak-b", "rnn", NOW + timedelta(days=1)), 2, 0.5),
        "due-late": Known(card("due-late", "kl", NOW - timedelta(hours=1)), 1, 1.0),
        "due-early": Known(card("due-early", "kl", NOW - timedelta(days=2)), 1, 1.0),
    }
    accuracy = {"kl": 1.0, "gan": 0.0, "rnn": 0.5}
    order = [
        x.id for x in plan(questions, known, accuracy, now=NOW, rng=random.Random(1), count=20)
    ]
    assert order[:4] == ["due-early", "due-late", "weak-a", "weak-b"]
    assert sorted(order[4:6]) == ["new-1", "new-2"]
    assert order[6:] == ["strong"]
    # --due: only due cards; --new: only unseen; count limits.
    assert [
        x.id for x in plan(questions, known, accuracy, now=NOW, rng=random.Random(1), mode="due")
    ] == ["due-early", "due-late"]
    assert sorted(
        x.id for x in plan(questions, known, accuracy, now=NOW, rng=random.Random(1), mode="new")
    ) == ["new-1", "new-2"]
    assert len(plan(questions, known, accuracy, now=NOW, rng=random.Random(1), count=3)) == 3
    # The clock decides: four days later the strong card is due too, and comes first in --due.
    later = [
        x.id
        for x in plan(
            questions,
            known,
            accuracy,
            now=NOW + timedelta(days=4),
            rng=random.Random(1),
            mode="due",
        )
    ]
    assert later == ["due-early", "due-late", "weak-a", "weak-b", "strong"]


def test_cram_serves_lowest_recall_first_then_new() -> None:
    t = NOW.timestamp()
    failed = review(None, "failed", "kl", 0.0, t - 3 * DAY)
    solid = review(review(None, "solid", "kl", 1.0, t - 30 * DAY), "solid", "kl", 1.0, t - 29 * DAY)
    known = {"failed": Known(failed, 1, 0.0), "solid": Known(solid, 2, 1.0)}
    questions = [q("solid"), q("unseen"), q("failed")]
    order = [
        x.id
        for x in plan(questions, known, {"kl": 0.5}, now=NOW, rng=random.Random(0), mode="cram")
    ]
    assert order == ["failed", "solid", "unseen"]


def test_no_history_and_a_seed_give_a_plain_shuffled_drill() -> None:
    questions = [q(f"q{i}") for i in range(12)]
    expected = list(questions)
    random.Random(7).shuffle(expected)
    got = plan(questions, {}, {}, now=NOW, rng=random.Random(7), count=5)
    assert got == expected[:5]


# ---------------------------------------------------------------- through the CLI


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    def set_now(when: datetime) -> None:
        monkeypatch.setattr(schedule, "utcnow", lambda: when)

    set_now(NOW)
    return set_now


@pytest.fixture(scope="module")
def bank() -> dict[str, Question]:
    return {x.id: x for x in load_bank()}


def seed_card(history: History, question: Question, score: float, at: datetime) -> None:
    """A practice answer at `at` (card reviewed), as `dlquiz practice` would store it."""
    history.record(
        Attempt(question.id, question.topic, 0, "seeded", score, score == 1.0, None, None, None),
        lambda c: review(c, question.id, question.topic, score, at.timestamp()),
        at.timestamp(),
    )


def numeric(bank: dict[str, Question], template: bool) -> list[Question]:
    return sorted(
        (x for x in bank.values() if x.type == "numeric" and x.is_template == template),
        key=lambda x: x.id,
    )


def test_a_template_is_one_card_with_fresh_numbers_each_review(
    run: Callable[..., Any], clock: Callable[[datetime], None], bank: dict[str, Question]
) -> None:
    template = numeric(bank, template=True)[0]
    history = History()
    seed_card(history, template, 0.0, NOW - timedelta(days=1))
    for day, seed in ((0, "1"), (5, "2")):
        clock(NOW + timedelta(days=day))
        result = run(
            "practice", "--due", "--count", "1", "--seed", seed, "--lang", "en", input="0\n"
        )
        assert result.exit_code == 0, result.stderr
    rows = history.attempts(template.id)
    assert len(rows) == 3
    assert len({r["seed"] for r in rows}) == 3  # fresh numbers every time
    cards = history.cards()
    assert list(cards) == [template.id] and cards[template.id].reviews == 3


def test_due_mode_with_nothing_due_says_so(
    run: Callable[..., Any], clock: Callable[[datetime], None], bank: dict[str, Question]
) -> None:
    first = numeric(bank, template=False)[0]
    history = History()
    seed_card(history, first, 1.0, NOW - timedelta(minutes=20))
    seed_card(history, first, 1.0, NOW - timedelta(minutes=5))  # now in review: due in days
    result = run("practice", "--due", input="")
    assert result.exit_code == 0
    assert "Nothing is due for review" in result.stdout and "next review is due" in result.stdout
    assert len(history.attempts()) == 2


def test_new_mode_serves_only_unseen_questions(
    run: Callable[..., Any], clock: Callable[[datetime], None], bank: dict[str, Question]
) -> None:
    kl = sorted(x.id for x in bank.values() if x.topic == "kl")
    history = History()
    for qid in kl[:-1]:
        seed_card(history, bank[qid], 1.0, NOW - timedelta(days=1))
    result = run("practice", "--new", "--topic", "kl", "--count", "3", input=SKIPS)
    assert result.exit_code == 0
    assert served(result.stdout) == [kl[-1]]
    seed_card(history, bank[kl[-1]], 1.0, NOW - timedelta(days=1))
    result = run("practice", "--new", "--topic", "kl", input="")
    assert "answered every question in kl" in result.stdout


def test_cram_records_answers_but_leaves_every_card_alone(
    run: Callable[..., Any], clock: Callable[[datetime], None], bank: dict[str, Question]
) -> None:
    weak, strong = numeric(bank, template=False)[:2]
    history = History()
    seed_card(history, weak, 0.0, NOW - timedelta(days=2))
    for days in (30, 29, 20):
        seed_card(history, strong, 1.0, NOW - timedelta(days=days))
    before = history.cards()
    result = run("practice", "--cram", "--count", "2", "--lang", "en", input="0\n0\n")
    assert result.exit_code == 0, result.stderr
    assert "schedule is not changed" in result.stdout
    crammed = [r for r in history.attempts() if r["mode"] == "cram"]
    assert [r["question_id"] for r in crammed] == [weak.id, strong.id]  # weakest first
    assert history.cards() == before


def test_the_default_order_reaches_the_cli(
    run: Callable[..., Any], clock: Callable[[datetime], None], bank: dict[str, Question]
) -> None:
    a, b = numeric(bank, template=False)[:2]
    history = History()
    # a: answered right two minutes ago (not due), but its topic is weak: other answers failed.
    seed_card(history, a, 1.0, NOW - timedelta(minutes=2))
    for _ in range(3):
        history.record(Attempt(a.id, a.topic, 0, "x", 0.0, False, None, None, None, "check"))
    seed_card(history, b, 0.0, NOW - timedelta(days=3))  # b: due
    result = run("practice", "--count", "4", "--seed", "3", input=SKIPS)
    assert result.exit_code == 0, result.stderr
    order = served(result.stdout)
    assert order[:2] == [b.id, a.id]
    assert len(order) == 4 and not {a.id, b.id} & set(order[2:])  # then new questions


def test_modes_cannot_be_combined(bad: Callable[..., str]) -> None:
    assert "--due and --new cannot be combined" in bad("practice", "--due", "--new")


def test_bad_exam_date_is_one_line_exit_2(bad: Callable[..., str]) -> None:
    assert "2026-12-15" in bad("practice", "--exam-date", "next friday")


def test_the_same_seed_and_history_give_the_same_session(
    run: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = []
    for home in ("one", "two"):
        monkeypatch.setenv("DLQUIZ_HOME", str(tmp_path / home))
        result = run("practice", "--seed", "11", "--count", "4", "--lang", "en", input=SKIPS)
        assert result.exit_code == 0
        sessions.append(result.stdout)
    assert sessions[0] == sessions[1] and len(served(sessions[0])) == 4
    other = run("practice", "--seed", "12", "--count", "4", "--lang", "en", input=SKIPS)
    assert served(other.stdout) != served(sessions[0])
