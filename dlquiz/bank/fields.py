"""The rules for single raw fields of a question, checked before they are typed.

Each function takes the value as YAML gave it and says what is wrong with it (None or an empty
list when nothing is): what a later command would crash on or misgrade with, so the reader
(`dlquiz.bank.reader`) refuses it with the file and line instead. A bank is untrusted input:
every shape YAML can produce gets an answer here, never an exception.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

TOLERANCE_KEYS = ("rel", "abs")


def finite(value: object) -> bool:
    """A real number (not a bool), neither infinite nor NaN."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def points_problem(value: object) -> str | None:
    if finite(value) and value >= 0:  # type: ignore[operator]
        return None
    return f"must be a finite number ≥ 0, not {value!r}"


def tolerance_problem(tol: object) -> str | None:
    """`tolerance:` is {rel, abs}, each a finite number ≥ 0: an infinite one would grade every
    answer right, a NaN one every answer wrong."""
    if not isinstance(tol, dict):
        return "must be a mapping: {rel: 0.01, abs: 0.005}"
    unknown = [str(k) for k in tol if k not in TOLERANCE_KEYS]
    if unknown:
        return f"unknown key(s) {', '.join(unknown)} (known: rel, abs)"
    for key in TOLERANCE_KEYS:
        value = tol.get(key, 0)
        if not finite(value) or value < 0:
            return f"rel and abs must be finite numbers ≥ 0; {key} is {value!r}"
    return None


def names_problem(value: object, what: str) -> str | None:
    """A mapping of solver inputs (`inputs`, `with`, a case, `vary`) by name."""
    if not isinstance(value, dict):
        return f"must be a mapping of {what} by name"
    bad = [k for k in value if not isinstance(k, str) or not k.isidentifier()]
    if bad:
        return f"{what} are named by words such as x or bh, not {bad[0]!r}"
    return None


def cases_problem(cases: object) -> str | None:
    """`cases:` is a list of mappings of inputs, merged over `inputs` one at a time."""
    example = "e.g. [{x: [1, 2]}, {x: [3, 4]}]"
    if not isinstance(cases, list):
        return f"must be a list of mappings of inputs, {example}"
    for i, case in enumerate(cases):
        if not isinstance(case, dict):
            return f"case {i + 1} is {case!r}: each case is a mapping of inputs, {example}"
        problem = names_problem(case, "inputs")
        if problem is not None:
            return f"case {i + 1}: {problem}"
    return None


def paths_problem(value: object, what: str) -> str | None:
    """`steps:` (a list) or `stated:` (a mapping) of result paths such as y[1]."""
    if what == "steps" and not isinstance(value, list):
        return 'must be a list of result paths, e.g. ["h[0]", "y[0]"]'
    if what == "stated" and not isinstance(value, dict):
        return 'must be a mapping of result paths to numbers, e.g. {"y[0]": 1.459}'
    bad = [p for p in value if not isinstance(p, str) or not p]  # type: ignore[attr-defined]
    if bad:
        return f"a result path is written as text such as y[1], not {bad[0]!r}"
    return None


def duplicates(keys: Iterable[object]) -> list[tuple[int, object]]:
    """(index, key) of each key that an earlier one already used."""
    seen: set[object] = set()
    out = []
    for i, key in enumerate(keys):
        if key in seen:
            out.append((i, key))
        seen.add(key)
    return out


def figure_problem(name: object, args: object, key: str) -> tuple[str, str] | None:
    """A question's `figure:` (or `answer_figure:`) names a figure of the registry; its
    `figure_args:` are that figure's arguments, checked by the registry itself. An unknown
    name is left to `dlquiz.bank.check`, which lists the names there are.
    Returns (the field at fault, why)."""
    from dlquiz.errors import InputError
    from dlquiz.figures import FIGURES, resolve

    if name is not None and not isinstance(name, str):
        return key, f"must be a figure's name, not {name!r}"
    field = f"{key}_args"
    if args is None:
        return None
    if not isinstance(args, dict):
        return field, "must be a mapping of the figure's arguments, e.g. {steps: 2}"
    if name is None:
        return field, f"is given, but there is no {key}"
    if name not in FIGURES:
        return None
    try:
        resolve(name, args, "en", from_bank=True)
    except InputError as exc:
        return field, str(exc)
    return None


def explain_problems(raw: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """The shapes `rubric:` and `misconceptions:` must have before their claims are read:
    lists of mappings whose `examples:` / `counter:` are lists of answers (or {en: [...],
    zh: [...]}). Each problem: (its path under the question, message)."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    for key in ("rubric", "misconceptions"):
        items = raw.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            out.append(((key,), "must be a list"))
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue  # the claim reader names it
            for field in ("examples", "counter"):
                if not _answers_ok(item.get(field)):
                    out.append(((key, i, field), f"{field} must be a list of answers (text)"))
    return out


def _answers_ok(value: object) -> bool:
    def answers(v: object) -> bool:
        return isinstance(v, list) and all(isinstance(a, str | int | float) for a in v)

    if isinstance(value, dict):
        return all(k in ("en", "zh") and (v is None or answers(v)) for k, v in value.items())
    return value is None or answers(value)
