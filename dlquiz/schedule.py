"""What to study next: the order of a practice session, and the exam date.

Cards and ratings are `dlquiz.srs` (FSRS); the numbers `dlquiz stats` shows are
`dlquiz.progress`.

Practice order (`plan`), for the default mode:

1. due: cards whose review is due (`due <= now`), most overdue first;
2. weak: questions already seen, not due, from topics whose accuracy (mean score) is below
   `WEAK_BELOW`, lowest topic accuracy first;
3. new: questions never answered, shuffled by the session's random generator;
4. the rest: seen questions that are neither due nor weak, lowest retrievability first.

`--due` serves only (1), `--new` only (3). `--cram` serves seen questions by their predicted
retrievability at the exam date (or now), then their accuracy, lowest first, then new ones;
cram answers are recorded but leave every card as it was.

The clock is injectable: every function takes `now`; the CLI asks `utcnow()`, which tests
replace.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any, Literal

from dlquiz.errors import input_error
from dlquiz.srs import CardRow, rating_for, retrievability, review

if TYPE_CHECKING:
    from dlquiz.bank.model import Question

__all__ = ["CardRow", "rating_for", "retrievability", "review"]  # the FSRS side, for callers

Mode = Literal["mix", "due", "new", "cram"]
WEAK_BELOW = 0.8  # a topic whose mean score is below this is weak
EXAM_HOUR = 9  # the exam is taken to start at 09:00 local time
EXAM_SETTING = "exam_date"
MAX_YEARS_AHEAD = 10  # an exam date further ahead is a typo


def utcnow() -> datetime:
    """The current time (UTC, timezone-aware). Tests replace this function."""
    return datetime.now(timezone.utc)


# ---------------------------------------------------------------- what history says


@dataclass(frozen=True)
class Known:
    """What the history says about one question."""

    card: CardRow | None
    attempts: int
    accuracy: float  # mean score, 0 when never answered


def knowledge(
    attempts: Iterable[Mapping[str, Any]], cards: Mapping[str, CardRow]
) -> tuple[dict[str, Known], dict[str, float]]:
    """Per question id: its card and accuracy; per topic: the mean score of its answers."""
    by_question: dict[str, list[float]] = defaultdict(list)
    by_topic: dict[str, list[float]] = defaultdict(list)
    for a in attempts:
        by_question[a["question_id"]].append(float(a["score"]))
        by_topic[a["topic"]].append(float(a["score"]))
    known = {
        qid: Known(cards.get(qid), len(scores), _mean(scores))
        for qid, scores in by_question.items()
    }
    for qid, row in cards.items():
        known.setdefault(qid, Known(row, 0, 0.0))
    return known, {t: _mean(s) for t, s in by_topic.items()}


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def plan(
    questions: Sequence[Question],
    known: Mapping[str, Known],
    topic_accuracy: Mapping[str, float],
    *,
    now: datetime,
    rng: random.Random,
    mode: Mode = "mix",
    count: int = 10,
    target: datetime | None = None,
) -> list[Question]:
    """The questions of a session, in order (the module docstring gives the rules)."""
    new = [q for q in questions if q.id not in known]
    rng.shuffle(new)  # with no history this is exactly the order of a plain shuffled drill
    if mode == "new":
        return new[:count]
    seen = [q for q in questions if q.id in known]
    stamp = now.timestamp()

    def card(q: Question) -> CardRow | None:
        return known[q.id].card

    if mode == "cram":
        when = target or now
        seen.sort(key=lambda q: (retrievability(card(q), when), known[q.id].accuracy, q.id))
        return (seen + new)[:count]
    waiting = {q.id: c.due for q in seen if (c := card(q)) is not None}
    due = sorted(
        (q for q in seen if waiting.get(q.id, stamp + 1) <= stamp),
        key=lambda q: (waiting[q.id], q.id),
    )
    if mode == "due":
        return due[:count]
    due_ids = {q.id for q in due}
    later = [q for q in seen if q.id not in due_ids]
    weak = sorted(
        (q for q in later if topic_accuracy.get(q.topic, 0.0) < WEAK_BELOW),
        key=lambda q: (topic_accuracy.get(q.topic, 0.0), known[q.id].accuracy, q.id),
    )
    weak_ids = {q.id for q in weak}
    rest = sorted(
        (q for q in later if q.id not in weak_ids),
        key=lambda q: (retrievability(card(q), now), q.id),
    )
    return (due + weak + new + rest)[:count]


# ---------------------------------------------------------------- the exam date


def parse_exam_date(text: str, today: date | None = None) -> date | None:
    """`2026-12-15` → that date; `none` / `clear` / empty → None (forget the exam date).

    Given `today` (the caller's local date), a day before it is refused."""
    if text.strip().lower() in ("", "none", "clear", "off"):
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise input_error("errors.exam_date_format", text=text) from None
    if today is not None and day < today:
        raise input_error("schedule.exam_date_past", date=day, today=today)
    if today is not None and day.year > today.year + MAX_YEARS_AHEAD:
        raise input_error("schedule.exam_date_far", date=day, years=MAX_YEARS_AHEAD)
    return day


def local_today(now: datetime) -> date:
    """The local calendar date at `now`."""
    return now.astimezone().date()


def exam_moment(day: date) -> datetime:
    """The start of the exam: 09:00 local time on that day, in UTC."""
    return datetime.combine(day, time(EXAM_HOUR)).astimezone().astimezone(timezone.utc)


def _local_midnight(moment: datetime, days: int) -> float:
    """The Unix time of local midnight `days` days after the day of `moment`."""
    day = moment.astimezone().date() + timedelta(days=days)
    return datetime.combine(day, time()).astimezone().timestamp()
