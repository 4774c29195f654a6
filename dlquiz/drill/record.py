"""The one way a graded answer becomes a stored attempt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlquiz.history import Attempt

if TYPE_CHECKING:
    from dlquiz.bank.grade import Grade
    from dlquiz.bank.variant import Variant


def attempt(
    variant: Variant,
    grade: Grade,
    answer: str,
    seconds: float | None,
    *,
    mode: str,
    session: str | None = None,
) -> Attempt:
    """The history row of one graded answer (the diagnosis is stored in English)."""
    q = variant.question
    return Attempt(
        question_id=q.id,
        topic=q.topic,
        seed=variant.seed,
        answer=answer,
        score=grade.score,
        correct=grade.correct,
        mistake=grade.mistake,
        diagnosis=None if grade.diagnosis is None else grade.diagnosis.en,
        seconds=seconds,
        mode=mode,
        session=session,
    )
