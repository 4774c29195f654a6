"""Naming the mistake at a wrong step: the mistake variant whose value at that step is the
number the student typed (e.g. a candidate squashed with σ, or scores divided by d_k)."""

from __future__ import annotations

import numpy as np

from dlquiz.bank.answer_words import answer_numbers
from dlquiz.bank.model import Mistake, Question
from dlquiz.bank.variant import Variant, resolve, run_solver
from dlquiz.errors import InputError
from dlquiz.numparse import parse_array


def _close(a: np.ndarray, b: np.ndarray, q: Question) -> bool:
    """Equal within the question's tolerance (as `dlquiz.bank.grade` compares answers)."""
    return q.tolerance.agrees(a, b)


def _at(q: Question, inputs: dict[str, object], path: str) -> np.ndarray | None:
    """The finite value at `path` of the solver run on `inputs`, or None when it fails."""
    try:
        value = np.ravel(np.asarray(resolve(run_solver(q, inputs), path), dtype=np.float64))
    except (InputError, KeyError, IndexError, TypeError, ValueError):
        return None
    return value if value.size and np.all(np.isfinite(value)) else None


def step_mistake(variant: Variant, path: str, answer: str) -> Mistake | None:
    """The mistake variant whose value at the step `path` is the typed answer, if any."""
    q = variant.question
    if not answer:
        return None
    given = np.ravel(np.asarray(parse_array(answer_numbers(answer)), dtype=np.float64))
    right = np.ravel(np.asarray(resolve(variant.result, path), dtype=np.float64))
    for m in q.mistakes:
        if not m.changes:
            continue  # answered another thing: the steps themselves are the same
        value = _at(q, {**variant.inputs, **m.changes}, path)
        if value is None or _close(value, right, q):
            continue  # this mistake fails here, or does not change this step
        if _close(given, value, q):
            return m
    return None
