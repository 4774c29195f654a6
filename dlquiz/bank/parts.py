"""Part answers written with the parts' names: "input gate: i_t, output gate: o_t, …".

A symbols or diagram question asks several parts. A student may answer them in order, or
name each part before its answer ("forget gate = f_t", "input gate → i_t", in either
language).
When every item names a different part, each answer goes to the part it names, in any order;
an item that names its own part just loses the name. A name is a part's text in either
language (the glossary's variants read as its term); anything else stays as written, so
"input gate: f_t" is still a wrong answer for the input gate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from dlquiz.bank.model import Question

_LABELLED = re.compile(r"^\s*(.+?)\s*(?:[:=]|->|→)\s*(\S.*?)\s*$")


def _key(text: str) -> str:
    from dlquiz.glossary import preferred

    text = preferred(unicodedata.normalize("NFKC", text)).lower()
    return re.sub(r"[\s_\-]", "", text)


def _part_named(q: Question, name: str) -> int | None:
    key = _key(name)
    for i, p in enumerate(q.parts):
        if key in (_key(p.text.en), _key(p.text.zh)):
            return i
    return None


def in_part_order(q: Question, items: Sequence[str]) -> list[str]:
    """The answers to q's parts, in the parts' order (see the module's docstring). Only as
    many items as there are parts are read: the rest cannot earn anything."""
    items = list(items[: len(q.parts) + 1])
    found = [_LABELLED.match(item) if len(item) <= 200 else None for item in items]
    named = [None if m is None else _part_named(q, m.group(1)) for m in found]
    if (
        len(items) == len(q.parts)
        and all(i is not None for i in named)
        and len(set(named)) == len(named)
    ):
        out = [""] * len(q.parts)
        for i, m in zip(named, found, strict=True):
            assert i is not None and m is not None
            out[i] = m.group(2)
        return out
    return [
        m.group(2) if m is not None and i == position else item
        for position, (item, m, i) in enumerate(zip(items, found, named, strict=True))
    ]
