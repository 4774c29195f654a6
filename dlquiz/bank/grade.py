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
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlquiz.bank.model import Choice, Question, Text
from dlquiz.bank.variant import Variant
from dlquiz.errors import InputError
from dlquiz.messages import msg
from dlquiz.numparse import parse_array
from dlquiz.solvers._common import jsonable


@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float  # 0..1
    expected: Any  # JSON-ready
    diagnosis: Text | None = None
    mistake: str | None = None  # id of the matched mistake
    parts: tuple[bool, ...] = ()  # per part / per rubric point / per entry
    given: Any = None

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "correct": self.correct,
            "score": round(self.score, 4),
            "expected": self.expected,
            "diagnosis": None if self.diagnosis is None else self.diagnosis.get(lang),
        }


def as_shown(value: Any) -> Any:
    """An expected value as a student writes it: a column of single outputs ([[y1], [y2]])
    becomes a plain list [y1, y2]; JSON-ready."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    return jsonable(arr.tolist())


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
    tol = np.maximum(q.tolerance.abs, q.tolerance.rel * np.abs(expected))
    close: np.ndarray = np.abs(given - expected) <= tol
    return close


def _decimals(x: float) -> int:
    text = f"{x:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def grade_numeric(variant: Variant, answer: str) -> Grade:
    q = variant.question
    expected = np.ravel(np.asarray(variant.expected, dtype=np.float64))
    shown = as_shown(variant.expected)
    given = np.ravel(np.asarray(parse_array(answer), dtype=np.float64))
    if given.size == expected.size:
        close = _close(given, expected, q)
        if close.all():
            return Grade(True, 1.0, shown, parts=tuple(close), given=given.tolist())
    else:
        close = np.zeros(expected.size, dtype=bool)
    mistake = _matching_mistake(variant, given, expected)
    if mistake is not None:
        return Grade(False, 0.0, shown, mistake[1], mistake[0], tuple(close), given.tolist())
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
        text = msg(key, which=Text(", ".join(right), "、".join(right)))
    return Grade(False, score, shown, text, parts=tuple(close), given=given.tolist())


def _matching_mistake(
    variant: Variant, given: np.ndarray, expected: np.ndarray
) -> tuple[str, Text] | None:
    q = variant.question
    for i, m in enumerate(q.mistakes):
        try:
            value = np.ravel(np.asarray(variant.mistake_value(i), dtype=np.float64))
        except (InputError, KeyError, IndexError, TypeError, ValueError):
            continue
        if value.size != given.size or not np.all(np.isfinite(value)):
            continue
        if value.size == expected.size and _close(value, expected, q).all():
            continue  # this mistake makes no difference for these numbers
        if _close(given, value, q).all():
            return m.id, m.text
    return None


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().strip()
    return re.sub(r"[\s_{}()\\$]", "", text)


def _choice_texts(c: Choice) -> set[str]:
    """A choice's own words, normalised, as a student may type them instead of its key."""
    return {_norm(c.text.en).rstrip("."), _norm(c.text.zh).rstrip("。.")}


def grade_choice(q: Question, answer: str) -> Grade:
    keys = {c.key.lower(): c for c in q.choices}
    a = _norm(answer).rstrip(".")
    found = keys.get(a)
    if found is None:
        m = re.fullmatch(r"(?:fig(?:ure)?\.?|圖)?\d*([a-z])", a)  # "Fig. 2(b)", "圖2(b)" → b
        found = keys.get(m.group(1)) if m else None
    if found is None:
        found = next((c for c in q.choices if a.rstrip("。") in _choice_texts(c)), None)
    if found is None:
        raise InputError(f"answer with one of: {', '.join(c.key for c in q.choices)}")
    right = found.key == q.answer
    why = None if right else found.why
    return Grade(right, float(right), q.answer, why, None if right else f"chose-{found.key}")


def part_ok(q: Question, index: int, answer: str) -> bool:
    part = q.parts[index]
    return _norm(answer) in {_norm(a) for a in (part.answer, *part.accept)}


def grade_parts(q: Question, answers: Sequence[str]) -> Grade:
    if len(answers) == 1 and len(q.parts) > 1:
        answers = [a for a in re.split(r"[,;，；、]", answers[0]) if a.strip()]
        if len(answers) == 1:
            answers = answers[0].split()
    oks = tuple(i < len(answers) and part_ok(q, i, answers[i]) for i in range(len(q.parts)))
    score = sum(oks) / len(oks)
    missed = [p for p, ok in zip(q.parts, oks, strict=True) if not ok]
    text = None
    if missed:
        listed = Text(
            "; ".join(f"{p.text.en} → {p.answer}" for p in missed),
            "；".join(f"{p.text.zh} → {p.answer}" for p in missed),
        )
        text = msg("grade.parts_wrong", parts=listed)
    return Grade(score == 1.0, score, [p.answer for p in q.parts], text, parts=oks)


def rubric_hits(q: Question, answer: str) -> tuple[bool, ...]:
    text = unicodedata.normalize("NFKC", answer).lower()
    return tuple(any(k.lower() in text for k in point.keywords) for point in q.rubric)


def grade_explain(q: Question, answer: str, self_score: float | None = None) -> Grade:
    hits = rubric_hits(q, answer)
    score = sum(hits) / len(hits) if self_score is None else self_score
    missed = [p for p, hit in zip(q.rubric, hits, strict=True) if not hit]
    text = None
    if missed:
        keys = Text(", ".join(p.key for p in missed), "、".join(p.key for p in missed))
        text = msg("grade.not_mentioned", keys=keys)
    expected = [p.text.en for p in q.rubric]
    return Grade(score >= 0.75, score, expected, text, parts=hits)


def steps_grade(variant: Variant, path: str, answer: str) -> tuple[bool, str]:
    """Is `answer` right for the intermediate at `path`? Also the right value, written out."""
    from dlquiz.bank.variant import resolve
    from dlquiz.numfmt import array

    expected = np.ravel(np.asarray(resolve(variant.result, path), dtype=np.float64))
    shown = array(expected if expected.size > 1 else expected[0])
    if not answer:
        return False, shown
    given = np.ravel(np.asarray(parse_array(answer), dtype=np.float64))
    ok = given.size == expected.size and bool(_close(given, expected, variant.question).all())
    return ok, shown


def grade_steps(variant: Variant, answers: Sequence[str]) -> Grade:
    """A step-by-step attempt: the share of steps right, and the first step that went wrong."""
    from dlquiz.bank.variant import label

    q = variant.question
    oks = tuple(steps_grade(variant, p, a)[0] for p, a in zip(q.steps, answers, strict=True))
    first = next((i for i, ok in enumerate(oks) if not ok), None)
    text = None
    if first is not None:
        name = label(q.steps[first])
        text = msg("grade.first_wrong_step", step=name)
    expected = as_shown(variant.expected)
    score = sum(oks) / len(oks)
    return Grade(
        first is None,
        score,
        expected,
        text,
        f"step:{q.steps[first]}" if first is not None else None,
        oks,
    )
