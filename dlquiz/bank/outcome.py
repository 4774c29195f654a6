"""A grade: what the graders return, and an expected value as a student writes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dlquiz.solvers._common import jsonable
from dlquiz.text import Text


@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float  # 0..1
    expected: Any  # JSON-ready
    diagnosis: Text | None = None
    mistake: str | None = None  # id of the matched mistake
    parts: tuple[bool, ...] = ()  # per part / per rubric point / per entry
    given: Any = None
    # questions with other right answers (`accept:`): which one the answer matched
    # ("main" or an alternative's id), and the `convention` input it was computed with
    accepted: str | None = None
    convention: str | None = None
    alternatives: bool = False  # the question has `accept:`: to_json gives the two keys above
    note: Text | None = None  # a right answer's note: which accepted answer it matched, and why
    explain: Any = None  # an explanation's claims.ExplainResult: points and misconceptions

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        out = {
            "correct": self.correct,
            "score": round(self.score, 4),
            "expected": self.expected,
            "diagnosis": None if self.diagnosis is None else self.diagnosis.get(lang),
        }
        if self.alternatives:
            out["accepted"] = self.accepted
            out["convention"] = self.convention
            out["note"] = None if self.note is None else self.note.get(lang)
        if self.explain is not None:
            out.update(self.explain.to_json(lang))
        return out


def as_shown(value: Any) -> Any:
    """An expected value as a student writes it: a column of single outputs ([[y1], [y2]])
    becomes a plain list [y1, y2]; JSON-ready."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    return jsonable(arr.tolist())
