"""Replay the golden vectors in tests/data/reference.json against the dlquiz solvers.

The expected values were computed independently with PyTorch, Keras 3 and SciPy by
tools/make_reference.py (see its docstring to regenerate); this test needs none of them.
"""

from __future__ import annotations

import importlib
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

REFERENCE = Path(__file__).parent / "data" / "reference.json"
DATA: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DATA["cases"]
# count_params has its own reference tests; mha and bptt have theirs in
# tests/data/transformer_reference.json (tests/test_mha.py, tests/test_bptt.py)
NOT_COVERED_HERE = {"params", "mha", "bptt"}


def solver(name: str) -> Callable[..., Any]:
    from dlquiz.solvers import SOLVERS

    module, function = SOLVERS[name].split(":")
    fn: Callable[..., Any] = getattr(importlib.import_module(module), function)
    return fn


def test_file_format() -> None:
    assert DATA["format_version"] == 1
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in CASES:
        assert case["id"] == case["id"].lower() and " " not in case["id"], case["id"]
        assert case["expected"], f"{case['id']} expects nothing"


def test_every_solver_has_reference_cases() -> None:
    from dlquiz.solvers import SOLVERS

    counts = Counter(case["solver"] for case in CASES)
    unknown = set(counts) - set(SOLVERS)
    assert not unknown, f"reference cases for unknown solvers: {sorted(unknown)}"
    thin = {
        name: counts[name] for name in SOLVERS if name not in NOT_COVERED_HERE and counts[name] < 2
    }
    assert not thin, f"solvers with fewer than 2 reference cases: {thin}"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_reference_case(case: dict[str, Any]) -> None:
    result = solver(case["solver"])(**case["inputs"])
    for key, expected in case["expected"].items():
        actual = getattr(result, key)
        np.testing.assert_allclose(
            np.asarray(actual, dtype=np.float64),
            np.asarray(expected, dtype=np.float64),
            rtol=case["rtol"],
            atol=case["atol"],
            err_msg=f"{case['id']}: {key} (reference: {case['reference']})",
        )
