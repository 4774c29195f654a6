"""What a step or an answer of a computed question is called where a student reads it.

A question names its steps by the solver's result paths (`scaled`, `heads[0].weights[1]`,
`h[0]`). A path of plain symbols reads well as it is (`h[0]` → h₁, by `variant.label`); a path
of English words (`scaled`, `per_sample`) is named by the catalog, per solver, because one
name means different things in different solvers (`z`: attention's output Z, the GRU's update
gate z). Its entries are `step.<solver>.<name>` in `questions/messages/step.yaml`; an entry
may place the path's index as `{i}` (counted from 1) or `{index}` (as written, from 0); an
entry without either gets the index as a subscript, and one with them names no un-indexed result.

    step_name("scaled", "attention_scores").en    -> scaled scores S'
    step_name("heads[0].weights[1]", "mha").en    -> head 1 · weights A, row 2
"""

from __future__ import annotations

import re

from dlquiz.text import Text

_SEGMENT = re.compile(r"([A-Za-z_]\w*)(?:\[(-?\d+)\])?")
_JOIN = Text(" · ", " · ")


def step_name(path: str, solver: str) -> Text:
    """The name of result `path` of `solver` in both languages."""
    from dlquiz.bank.variant import label
    from dlquiz.messages import fields_of, find

    named: list[Text] = []
    for segment in path.split("."):
        m = _SEGMENT.fullmatch(segment)
        entry = find(f"step.{solver}.{m.group(1)}") if m else None
        if m is None or entry is None:
            plain = label(segment)
            named.append(Text(plain, plain))
            continue
        index, counted = m.group(2), fields_of(entry.en) & {"i", "index"}
        if index is None and counted:  # an entry for one item, used for all: as written
            plain = label(segment)
            named.append(Text(plain, plain))
        elif index is None:
            named.append(entry)
        elif counted:
            at = int(index)
            named.append(entry.format(i=at + 1 if at >= 0 else "T", index=at))
        else:
            sub = label(f"x[{index}]")[1:]  # the subscript alone: ₂, or _T for the last
            named.append(entry + Text(sub, sub))
    out = named[0]
    for part in named[1:]:
        out = out + _JOIN + part
    return out
