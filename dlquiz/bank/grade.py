"""Grading an answer against a variant, and saying *why* a wrong answer is wrong.

Numbers are read by `dlquiz.numparse` (arithmetic allowed, nothing evaluated), compared
entry by entry within the question's tolerance, and a wrong answer is compared with every
mistake variant (the same solver with one thing changed) to name the mistake it matches.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from dlquiz.bank.answer_words import answer_numbers, figure_choice, item_separator, strip_end
from dlquiz.bank.model import Alternative, Choice, Question, Text
from dlquiz.bank.outcome import Grade as Grade  # re-exported: where callers find it
from dlquiz.bank.outcome import as_shown as as_shown
from dlquiz.bank.variant import Variant
from dlquiz.errors import InputError, input_error
from dlquiz.messages import msg
from dlquiz.numparse import parse_array


def grade(variant: Variant, answers: Sequence[str]) -> Grade:
    """Grade the answer lines (one per part for symbols / diagram questions)."""
    q = variant.question
    if q.type == "numeric":
        return grade_numeric(variant, " ".join(answers))
    if q.type == "choice":
        return grade_choice(q, " ".join(answers))
    if q.type in ("symbols", "diagram"):
        return grade_parts(q, answers)
    return grade_explain(q, " ".join(answers))


def _close(given: np.ndarray, expected: np.ndarray, q: Question) -> np.ndarray:
    close: np.ndarray = q.tolerance.close(given, expected)
    return close


def _decimals(x: float) -> int:
    text = f"{x:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def grade_numeric(variant: Variant, answer: str) -> Grade:
    graded = _grade_numeric(variant, answer)
    if variant.question.accept and not graded.alternatives:
        graded = replace(graded, alternatives=True)
    return graded


def _grade_numeric(variant: Variant, answer: str) -> Grade:
    q = variant.question
    expected = np.ravel(np.asarray(variant.expected, dtype=np.float64))
    shown = as_shown(variant.expected)
    given = np.ravel(np.asarray(parse_array(answer_numbers(answer)), dtype=np.float64))
    alts = bool(q.accept)
    if given.size == expected.size:
        close = _close(given, expected, q)
        if close.all():
            return Grade(True, 1.0, shown, parts=tuple(close), given=given.tolist(),
                         accepted="main" if alts else None, convention=_convention(variant.inputs),
                         alternatives=alts, note=q.answer_note if alts else None)  # fmt: skip
    else:
        close = np.zeros(expected.size, dtype=bool)
    alternative = _matching_alternative(variant, given, expected)
    if alternative is not None:
        alt, convention = alternative
        return Grade(True, 1.0, shown, parts=(True,) * given.size, given=given.tolist(),
                     accepted=alt.id, convention=convention, alternatives=True,
                     note=alt.text)  # fmt: skip
    mistake = _matching_mistake(variant, given, expected)
    if mistake is not None:
        return Grade(False, 0.0, shown, mistake[1], mistake[0], tuple(close), given.tolist(),
                     convention=mistake[2] if alts else None, alternatives=alts)  # fmt: skip
    if given.size != expected.size:
        n = expected.size
        count = msg("grade.count_one" if n == 1 else "grade.count", n=n, given=given.size)
        return Grade(False, 0.0, shown, count, given=given.tolist())
    wrong = ~close
    if all(
        (_decimals(g) >= 1 or abs(e) >= 100)
        and math.isclose(round(e, _decimals(g)), g, abs_tol=1e-9)
        for g, e in zip(given[wrong], expected[wrong], strict=True)
    ):
        coarse = msg("grade.rounded")
        return Grade(False, 0.5, shown, coarse, "rounded", tuple(close), given.tolist())
    score = float(close.mean())
    text: Text | None = None
    if 0 < score < 1:
        right = [str(i + 1) for i in np.flatnonzero(close)]
        key = "grade.entry_right" if len(right) == 1 else "grade.entries_right"
        text = msg(key, which=joined(right))
    return Grade(False, score, shown, text, parts=tuple(close), given=given.tolist())


def _convention(inputs: dict[str, Any]) -> str | None:
    """The `convention` solver input, when the question has one (e.g. an RNN's column / row)."""
    convention = inputs.get("convention")
    return None if convention is None else str(convention)


def _numbers(compute: Any, *args: Any) -> np.ndarray | None:
    """The finite numbers `compute(*args)` gives, or None when it fails or gives none."""
    try:
        value = np.ravel(np.asarray(compute(*args), dtype=np.float64))
    except (InputError, KeyError, IndexError, TypeError, ValueError):
        return None
    return value if value.size and np.all(np.isfinite(value)) else None


def _matching_alternative(
    variant: Variant, given: np.ndarray, expected: np.ndarray
) -> tuple[Alternative, str | None] | None:
    """The accepted alternative (another right answer) the given numbers match, if any."""
    q = variant.question
    for i, alt in enumerate(q.accept):
        value = _numbers(variant.accepted_value, i)
        if value is None or value.size != given.size:
            continue
        if value.size == expected.size and _close(value, expected, q).all():
            continue  # the same numbers as the main answer for this draw
        if _close(given, value, q).all():
            return alt, _convention({**variant.inputs, **alt.changes})
    return None


def _matching_mistake(
    variant: Variant, given: np.ndarray, expected: np.ndarray
) -> tuple[str, Text, str | None] | None:
    """The mistake the given numbers match: made on the main answer or on any accepted
    alternative (e.g. a forgotten bias under the row convention)."""
    q = variant.question
    bases: list[dict[str, Any]] = [{}, *(alt.changes for alt in q.accept)]
    for base in bases:
        right = expected if not base else _numbers(variant.value_with, base)
        for i, m in enumerate(q.mistakes):
            value = _numbers(variant.mistake_value, i, base)
            if value is None or value.size != given.size:
                continue
            if right is not None and value.size == right.size and _close(value, right, q).all():
                continue  # this mistake makes no difference for these numbers
            if value.size == expected.size and _close(value, expected, q).all():
                continue
            if _close(given, value, q).all():
                return m.id, m.text, _convention({**variant.inputs, **base, **m.changes})
    return None


def joined(items: Sequence[str]) -> Text:
    """Items joined as each language lists them (the catalog's list.comma)."""
    sep = msg("list.comma")
    return Text(sep.en.join(items), sep.zh.join(items))


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().strip()
    return re.sub(r"[\s_{}()\\$]", "", text)


def _choice_texts(c: Choice) -> set[str]:
    """A choice's own words, normalised, as a student may type them instead of its key."""
    return {strip_end(_norm(c.text.en)), strip_end(_norm(c.text.zh))}


def grade_choice(q: Question, answer: str) -> Grade:
    keys = {c.key.lower(): c for c in q.choices}
    a = strip_end(_norm(answer))
    found = keys.get(a)
    if found is None:
        m = figure_choice().fullmatch(a)  # "Fig. 2(b)" → b
        found = keys.get(m.group(1)) if m else None
    if found is None:
        found = next((c for c in q.choices if a in _choice_texts(c)), None)
    if found is None:
        raise input_error("command_input.answer_one_of", choices=joined([c.key for c in q.choices]))
    right = found.key == q.answer
    why = None if right else found.why
    return Grade(right, float(right), q.answer, why, None if right else f"chose-{found.key}")


def part_ok(q: Question, index: int, answer: str) -> bool:
    part = q.parts[index]
    return _norm(answer) in {_norm(a) for a in (part.answer, *part.accept)}


def grade_parts(q: Question, answers: Sequence[str]) -> Grade:
    if len(answers) == 1 and len(q.parts) > 1:
        answers = [a for a in item_separator().split(_nfkc(answers[0])) if a.strip()]
        if len(answers) == 1:
            answers = answers[0].split()
    from dlquiz.bank.parts import in_part_order

    answers = in_part_order(q, answers)
    oks = tuple(i < len(answers) and part_ok(q, i, answers[i]) for i in range(len(q.parts)))
    score = sum(oks) / len(oks)
    missed = [p for p, ok in zip(q.parts, oks, strict=True) if not ok]
    text = None
    if missed:
        sep = msg("list.semicolon")
        listed = Text(
            sep.en.join(f"{p.text.en} → {p.said().en}" for p in missed),
            sep.zh.join(f"{p.text.zh} → {p.said().zh}" for p in missed),
        )
        text = msg("grade.parts_wrong", parts=listed)
    return Grade(score == 1.0, score, [p.answer for p in q.parts], text, parts=oks)


def rubric_hits(q: Question, answer: str) -> tuple[bool, ...]:
    """Per rubric point, whether the answer earns it (dlquiz.bank.claims reads the claims)."""
    from dlquiz.bank.claims import analyse

    return tuple(analyse(q, answer))


def grade_explain(q: Question, answer: str, self_score: float | None = None) -> Grade:
    """An explanation, graded by its claims (dlquiz.bank.claims), or by the student's score."""
    from dlquiz.bank.claims import grade_claims

    return grade_claims(q, answer, self_score)


def skipped(variant: Variant) -> Grade:
    """A skipped question: no points, the mistake `skipped`, and the right answer to show."""
    q = variant.question
    expected: Any = None
    if q.type == "numeric" and variant.expected is not None:
        expected = as_shown(variant.expected)
    elif q.type == "choice":
        expected = q.answer
    elif q.type in ("symbols", "diagram"):
        expected = [p.answer for p in q.parts]
    return Grade(False, 0.0, expected, mistake="skipped")


def steps_grade(variant: Variant, path: str, answer: str) -> tuple[bool, str]:
    """Is `answer` right for the intermediate at `path`? Also the right value, written out."""
    from dlquiz.bank.variant import resolve
    from dlquiz.numfmt import array

    expected = np.ravel(np.asarray(resolve(variant.result, path), dtype=np.float64))
    shown = array(expected if expected.size > 1 else expected[0])
    if not answer:
        return False, shown
    given = np.ravel(np.asarray(parse_array(answer_numbers(answer)), dtype=np.float64))
    ok = given.size == expected.size and bool(_close(given, expected, variant.question).all())
    return ok, shown


def grade_steps(variant: Variant, answers: Sequence[str]) -> Grade:
    """A step-by-step attempt: the share of steps right, and the first step that went wrong."""
    from dlquiz.bank.step_names import step_name

    q = variant.question
    oks = tuple(steps_grade(variant, p, a)[0] for p, a in zip(q.steps, answers, strict=True))
    first = next((i for i, ok in enumerate(oks) if not ok), None)
    text = None
    mistake = None
    if first is not None:
        name = step_name(q.steps[first], q.solver or "")
        text = msg("grade.first_wrong_step", step=name)
        mistake = f"step:{q.steps[first]}"
        from dlquiz.bank.steps import step_mistake

        named = step_mistake(variant, q.steps[first], answers[first])
        if named is not None:
            text = msg("grade.step_mistake", step=name, why=named.text)
            mistake = named.id
    expected = as_shown(variant.expected)
    score = sum(oks) / len(oks)
    typed = " | ".join(a or "—" for a in answers)
    return Grade(first is None, score, expected, text, mistake, oks, given=typed)
