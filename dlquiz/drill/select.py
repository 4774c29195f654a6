"""Which questions a session asks: by id, by topic, and what to say when there are none."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from dlquiz.errors import Words, input_error

if TYPE_CHECKING:
    from dlquiz.bank.model import Question
    from dlquiz.schedule import Known


def by_ids(questions: Sequence[Question], ids: Sequence[str]) -> list[Question]:
    """The questions with these ids, in this order; an unknown id names the nearest one."""
    from difflib import get_close_matches

    found = {q.id: q for q in questions}
    for qid in ids:
        if qid not in found:
            near = get_close_matches(qid, list(found), n=1)
            hint = Words("errors.see_list")
            if near:
                hint = Words("errors.did_you_mean", {"name": near[0]})
            raise input_error("errors.no_question", id=qid, hint=hint)
    return [found[qid] for qid in ids]


def nothing_to_do(
    mode: str, questions: Sequence[Question], known: Mapping[str, Known], topic: str | None
) -> tuple[str, dict[str, object]]:
    """Why a plan came out empty: a catalog key and its fields (`where` is the caller's)."""
    fields: dict[str, object] = {}
    if not questions:
        return "practice.none", fields
    if mode == "new":
        return "practice.all_seen", fields
    upcoming = [k.card.due for q in questions if (k := known.get(q.id)) and k.card is not None]
    if not upcoming:
        return "practice.nothing_due", fields
    fields["when"] = datetime.fromtimestamp(min(upcoming)).strftime("%Y-%m-%d %H:%M")
    return "practice.next_due", fields


def stored_exam_date(value: str | None) -> date | None:
    """The exam date kept in the history's settings (None when unset or unreadable, or a
    date whose exam time cannot be computed, such as year 1 written by an older dlquiz)."""
    from dlquiz.schedule import exam_moment

    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
        exam_moment(day)
    except (ValueError, OverflowError):
        return None
    return day
