"""The wording check of `dlquiz questions validate`: every Chinese text a student reads uses
the glossary's terms and Traditional characters (`dlquiz.glossary`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

from dlquiz.bank.reader import Problem
from dlquiz.text import Text

# Fields that hold what students write (answers, patterns, examples), not what they read.
STUDENT_SIDE = frozenset({"accept", "aliases", "keywords", "examples", "counter", "patterns"})


def texts(obj: Any, where: str) -> Iterator[tuple[str, Text]]:
    """Every Text inside a question or card (dataclasses, tuples), with its field path."""
    if isinstance(obj, Text):
        yield where, obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name not in STUDENT_SIDE:
                yield from texts(getattr(obj, f.name), f"{where}.{f.name}")
    elif isinstance(obj, (tuple, list)):
        for i, item in enumerate(obj):
            yield from texts(item, f"{where}[{i}]")


def check_wording(items: Iterable[Any]) -> list[Problem]:
    """Problems for questions and cards (anything with `id`, `file` and Text fields)."""
    from dlquiz.glossary import problems

    out = []
    for item in items:
        for where, text in texts(item, item.id):
            for message in problems(text.zh):
                out.append(Problem(item.file, getattr(item, "line", None), where, message))
    return out


def check_messages() -> list[Problem]:
    from dlquiz.glossary import problems
    from dlquiz.messages import catalog

    return [
        Problem("questions/messages", None, key, message)
        for key, text in catalog().items()
        for message in problems(text.zh)
    ]
