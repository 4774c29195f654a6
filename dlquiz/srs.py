"""Spaced repetition with FSRS: one card per question id, and how a grade moves it.

Each question id is one FSRS card. A parametrised template is one card too: it is a skill,
and every review draws fresh numbers, so its history follows the id, not the numbers (ids are
permanent, so rewording a question keeps its history).

A grade becomes an FSRS rating (`rating_for`): a full score is Good, a partial score
(0 < score < 1) is Hard, zero is Again. Easy is never given: answering fast says little about
an exam computation, and Good already spaces a card out quickly. Fuzzing is off, so the same
history always gives the same schedule (and `--seed` stays reproducible).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache

from fsrs import Card, Rating, Scheduler, State


@dataclass(frozen=True)
class CardRow:
    """One question's spaced-repetition state as stored (times are Unix seconds, UTC).

    `state`, `step`, `stability`, `difficulty`, `due` and `last_review` are the fields of an
    `fsrs.Card`; `dlquiz.schedule` converts between the two. `reviews` counts scheduled reviews.
    """

    question_id: str
    topic: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: float
    last_review: float | None
    reviews: int


@cache
def scheduler() -> Scheduler:
    return Scheduler(enable_fuzzing=False)


def rating_for(score: float) -> Rating:
    """Full marks → Good, partial credit → Hard, nothing right → Again."""
    if score >= 1.0:
        return Rating.Good
    if score > 0.0:
        return Rating.Hard
    return Rating.Again


def card_id(question_id: str) -> int:
    """A stable FSRS card id for a question id (FSRS only uses it to label review logs)."""
    return zlib.crc32(question_id.encode())


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, timezone.utc)


def to_card(row: CardRow) -> Card:
    return Card(
        card_id=card_id(row.question_id),
        state=State(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=_utc(row.due),
        last_review=None if row.last_review is None else _utc(row.last_review),
    )


def review(row: CardRow | None, question_id: str, topic: str, score: float, at: float) -> CardRow:
    """The card after answering `question_id` with `score` at Unix time `at`."""
    when = _utc(at)
    card = Card(card_id=card_id(question_id), due=when) if row is None else to_card(row)
    if card.last_review is not None and when < card.last_review:
        when = card.last_review  # another session reviewed it a moment "later"
    new, _ = scheduler().review_card(card, rating_for(score), when)
    return CardRow(
        question_id=question_id,
        topic=topic,
        state=int(new.state),
        step=new.step,
        stability=new.stability,
        difficulty=new.difficulty,
        due=new.due.timestamp(),
        last_review=None if new.last_review is None else new.last_review.timestamp(),
        reviews=(0 if row is None else row.reviews) + 1,
    )


def retrievability(row: CardRow | None, when: datetime) -> float:
    """FSRS's predicted chance of answering right at `when` (0 for a card never reviewed)."""
    if row is None:
        return 0.0
    return float(scheduler().get_card_retrievability(to_card(row), when))
