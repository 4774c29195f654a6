"""Going on with an unfinished sitting: its stored drafts graded again into responses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from dlquiz.drill.sitting import Item, Response, score_answer
from dlquiz.errors import InputError
from dlquiz.sittings import Draft


@dataclass
class Restored:
    responses: dict[int, Response] = field(default_factory=dict)
    spent: dict[int, float] = field(default_factory=dict)
    dropped: list[int] = field(default_factory=list)  # drafts that no longer fit their item


def restore(items: Sequence[Item], drafts: Sequence[Draft]) -> Restored:
    """The drafts as graded responses; a draft whose question changed since is dropped."""
    by_number = {item.number: item for item in items}
    got = Restored()
    for d in drafts:
        item = by_number.get(d.number)
        if item is None or item.question.id != d.question_id:
            got.dropped.append(d.number)
            continue
        try:
            grade = score_answer(item, d.lines, d.self_mark)
        except InputError:
            got.dropped.append(d.number)
            continue
        got.responses[d.number] = Response(d.lines, grade)
        if d.spent is not None:
            got.spent[d.number] = d.spent
    return got
