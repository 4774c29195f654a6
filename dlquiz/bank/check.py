"""The bank checks itself: every computed number is recomputed through its solver.

Beyond the structure the loader checks, each question must run: its solver exists and accepts
the inputs (for templates, across many draws), the answer, step and mistake paths lead to
finite numbers, every number the text states matches the solver, each mistake changes the
answer for at least one draw (or it could never be diagnosed), figures exist, and every
{{placeholder}} names an input. Bank content is untrusted: nothing in it may stop the check
with an exception (a question that cannot be checked is a problem like any other).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlquiz.bank import claims_yaml as _claims
from dlquiz.bank.load import Problem
from dlquiz.bank.model import Question
from dlquiz.bank.variant import (
    PLACEHOLDER,
    SOLVER_FAILS,
    BankFault,
    Variant,
    make_variant,
    resolve,
    solver,
    spec_problem,
)
from dlquiz.errors import InputError
from dlquiz.safe_text import visible

DRAWS = 12  # seeds tried for each template


def check_bank(questions: list[Question]) -> list[Problem]:
    problems: list[Problem] = []
    for q in questions:
        problems.extend(
            Problem(q.file, line, f"{q.id}: {field}", message)
            for line, field, message in q.control_text
        )
        for check in (check_question, _claims.check_claims):
            try:
                found = check(q)
            except Exception as exc:  # a bank's content never stops validate
                found = [f"cannot be checked: {type(exc).__name__}: {visible(str(exc))}"]
            problems.extend(Problem(q.file, q.line, q.id, msg) for msg in found)
    return problems


def check_question(q: Question) -> list[str]:
    from dlquiz.figures import FIGURES

    out = [
        f"figure '{name}' does not exist (known: {', '.join(sorted(FIGURES))})"
        for name in (q.figure, q.answer_figure)
        if name is not None and name not in FIGURES
    ]
    if q.type != "numeric":
        return out
    if q.solver is None or q.answer is None:
        return [*out, "a numeric question needs solver and answer"]
    try:
        solver(q.solver)
    except KeyError:
        return [*out, f"solver '{q.solver}' does not exist"]
    known = set(q.inputs) | set(q.vary) | {k for c in q.cases for k in c}
    for lang in ("en", "zh"):
        for name in PLACEHOLDER.findall(getattr(q.prompt, lang)):
            if name not in known:
                out.append(f"prompt.{lang} uses {{{{{name}}}}}, which is not an input")
    for name, spec in q.vary.items():
        problem = spec_problem(spec)
        if problem is not None:
            out.append(f"vary.{name}: {problem}")
    if out:
        return out
    seeds = [0, *range(1, DRAWS + 1)] if q.is_template else [0]
    differs = [False] * len(q.mistakes)
    alt_differs = [False] * len(q.accept)
    for seed in seeds:
        try:
            v = make_variant(q, seed)
        except BankFault as exc:
            return [f"{exc.reason} (seed {seed})"]
        problem = _check_variant(v, differs) or _check_accepted(v, alt_differs)
        if problem:
            return [f"{problem} (seed {seed})"]
    if not q.is_template:
        out.extend(_check_stated(make_variant(q, 0)))
    out.extend(
        f"mistake '{m.id}' gives the right answer for every draw, so it can never be diagnosed"
        for m, d in zip(q.mistakes, differs, strict=True)
        if not d
    )
    out.extend(
        f"accepted answer '{a.id}' is the main answer for every draw; it must differ"
        for a, d in zip(q.accept, alt_differs, strict=True)
        if not d
    )
    return out


def _check_accepted(v: Variant, differs: list[bool]) -> str | None:
    """Each accepted alternative runs, and differs from the main answer (for some draw); no
    mistake gives an accepted answer for the numbers as written (it would be graded right)."""
    q = v.question
    expected = _numbers(v.expected)
    if expected is None:
        return None
    for i, alt in enumerate(q.accept):
        try:
            value = _numbers(v.accepted_value(i))
        except InputError as exc:
            return f"accepted answer '{alt.id}': the solver rejects its inputs: {exc}"
        except SOLVER_FAILS as exc:
            return f"accepted answer '{alt.id}' cannot be computed: {exc}"
        if value is None:
            return f"accepted answer '{alt.id}' is not finite numbers"
        if not q.tolerance.agrees(value, expected):
            differs[i] = True
            # the numbers as written: a mistake there must not be an accepted answer (other
            # draws may make the two coincide by chance; the accepted answer wins then)
            for j, m in enumerate(q.mistakes if v.seed == 0 else ()):
                try:
                    wrong = _numbers(v.mistake_value(j))
                except SOLVER_FAILS:
                    continue
                if wrong is not None and q.tolerance.agrees(wrong, value):
                    return f"mistake '{m.id}' gives the accepted answer '{alt.id}'"
    return None


def _numbers(value: Any) -> np.ndarray | None:
    try:
        arr = np.ravel(np.asarray(value, dtype=np.float64))
    except (TypeError, ValueError):
        return None
    return arr if arr.size and np.all(np.isfinite(arr)) else None


def _check_variant(v: Variant, differs: list[bool]) -> str | None:
    q = v.question
    try:
        expected = _numbers(v.expected)
    except (KeyError, AttributeError, IndexError):
        return f"answer path '{q.answer}' is not in the {q.solver} result"
    if expected is None:
        return f"answer '{q.answer}' is not finite numbers"
    for path in q.steps:
        try:
            if _numbers(resolve(v.result, path)) is None:
                return f"step '{path}' is not finite numbers"
        except (KeyError, AttributeError, IndexError):
            return f"step path '{path}' is not in the {q.solver} result"
    for i, m in enumerate(q.mistakes):
        try:
            value = _numbers(v.mistake_value(i))
        except InputError as exc:
            return f"mistake '{m.id}': the solver rejects its inputs: {exc}"
        except SOLVER_FAILS as exc:
            return f"mistake '{m.id}' cannot be computed: {exc}"
        if value is None:
            continue  # e.g. an infinite loss: it can still never match, which is fine
        if not q.tolerance.agrees(value, expected):
            differs[i] = True
    return None


def _check_stated(v: Variant) -> list[str]:
    q = v.question
    out = []
    for path, stated in q.stated.items():
        try:
            actual = _numbers(resolve(v.result, path))
        except (KeyError, AttributeError, IndexError):
            out.append(f"stated '{path}' is not in the {q.solver} result")
            continue
        claim = _numbers(stated)
        if actual is None or claim is None or actual.size != claim.size:
            out.append(f"stated '{path}' = {stated} does not have the solver's shape")
            continue
        if not q.tolerance.agrees(claim, actual):
            out.append(
                f"stated '{path}' = {stated}, but the solver gives {actual.round(4).tolist()}"
            )
    return out
