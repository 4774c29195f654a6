"""Backpropagation through time: the PyTorch golden cases, clipping, and the input checks.

The golden values in tests/data/transformer_reference.json come from torch.nn.RNNCell and
loss.backward() via tools/make_transformer_reference.py; this test needs no torch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dlquiz.errors import InputError
from dlquiz.solvers.bptt import bptt
from dlquiz.solvers.rnn import rnn_forward

REFERENCE = Path(__file__).parent / "data" / "transformer_reference.json"
DATA: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
CASES = [case for case in DATA["cases"] if case["solver"] == "bptt"]
BY_ID = {case["id"]: case for case in CASES}
PARAMS = ("U", "W", "V", "b_h", "b_y")


def check(actual: Any, expected: Any, case: dict[str, Any], key: str) -> None:
    np.testing.assert_allclose(
        np.asarray(actual, dtype=np.float64),
        np.asarray(expected, dtype=np.float64),
        rtol=case["rtol"],
        atol=case["atol"],
        err_msg=f"{case['id']}: {key} (reference: {case['reference']})",
    )


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_reference_case(case: dict[str, Any]) -> None:
    result = bptt(**case["inputs"])
    for key, expected in case["expected"].items():
        actual = getattr(result, key)
        if isinstance(expected, dict):  # grads, clipped: one entry per parameter
            assert set(expected) == set(PARAMS)
            for name in PARAMS:
                check(getattr(actual, name), expected[name], case, f"{key}.{name}")
        else:
            check(actual, expected, case, key)


def test_the_cases_cover_vanishing_exploding_and_clipping() -> None:
    assert {"bptt-vanishing-t8", "bptt-exploding-t8", "bptt-clip-exploding-t8"} <= set(BY_ID)
    assert any(len(case["inputs"]["x"]) == 3 for case in CASES)


def test_vanishing_gradient_shrinks_going_back_in_time() -> None:
    r = bptt(**BY_ID["bptt-vanishing-t8"]["inputs"])
    assert np.all(np.diff(r.dh_norm) > 0)  # ‖∂L/∂h_1‖ < ‖∂L/∂h_2‖ < … < ‖∂L/∂h_T‖
    assert np.all(np.diff(r.jacobian_norm) > 0) and r.jacobian_norm[0] < 1e-2


def test_exploding_gradient_grows_going_back_in_time() -> None:
    r = bptt(**BY_ID["bptt-exploding-t8"]["inputs"])
    assert np.all(np.diff(r.dh_norm) < 0)
    assert np.all(np.diff(r.jacobian_norm) < 0) and r.jacobian_norm[0] > 100


def test_clipping_rescales_a_large_gradient_to_norm_beta() -> None:
    inputs = BY_ID["bptt-exploding-t8"]["inputs"]
    plain, clipped = bptt(**inputs), bptt(**inputs, clip=0.5)
    assert plain.grad_norm > 0.5 and plain.clipped is None and plain.scale == 1.0
    assert clipped.clipped is not None
    np.testing.assert_allclose(np.linalg.norm(clipped.clipped.flat()), 0.5, rtol=1e-14)
    np.testing.assert_allclose(clipped.scale, 0.5 / plain.grad_norm, rtol=1e-15)
    for name in PARAMS:  # one factor for all parameters: the direction of g is kept
        np.testing.assert_allclose(
            getattr(clipped.clipped, name), getattr(plain.grads, name) * clipped.scale, rtol=1e-15
        )


def test_clipping_leaves_a_small_gradient_unchanged() -> None:
    r = bptt(clip=1e6)
    assert r.scale == 1.0 and r.clipped is not None
    for name in PARAMS:
        np.testing.assert_array_equal(getattr(r.clipped, name), getattr(r.grads, name))


def test_forward_matches_rnn_forward() -> None:
    r, fwd = bptt(), rnn_forward()  # both default to the exam's Q4 network
    np.testing.assert_allclose(r.h, fwd.h, rtol=1e-15)
    np.testing.assert_allclose(r.y, fwd.y, rtol=1e-15)


def test_gradients_match_finite_differences() -> None:
    rng = np.random.default_rng(3)
    kw: dict[str, Any] = {"x": rng.normal(size=(4, 2)), "u": rng.normal(size=(3, 2))}
    kw.update(w=rng.normal(size=(3, 3)), v=rng.normal(size=(2, 3)), bh=rng.normal(size=3))
    kw.update(by=rng.normal(size=2), h0=rng.normal(size=3), target=rng.normal(size=2))
    r = bptt(**kw)
    for arg, name in zip(("u", "w", "v", "bh", "by"), PARAMS, strict=True):
        numeric = np.zeros_like(kw[arg])
        for idx in np.ndindex(kw[arg].shape):
            step = np.zeros_like(kw[arg])
            step[idx] = 1e-6
            up = bptt(**{**kw, arg: kw[arg] + step}).loss
            down = bptt(**{**kw, arg: kw[arg] - step}).loss
            numeric[idx] = (up - down) / 2e-6
        np.testing.assert_allclose(getattr(r.grads, name), numeric, rtol=1e-6, atol=1e-8)


def test_jacobian_products() -> None:
    r = bptt(**BY_ID["bptt-random-t3-d2-h3-o2"]["inputs"])
    np.testing.assert_array_equal(r.products[-1], np.eye(3))
    assert r.jacobian_norm[-1] == pytest.approx(1.0)
    np.testing.assert_allclose(r.products[0], r.jacobians[2] @ r.jacobians[1], rtol=1e-14)
    for t in range(3):
        np.testing.assert_allclose(r.dh[t], r.products[t].T @ r.dh[-1], rtol=1e-13)


def test_json_keys() -> None:
    data = bptt(clip=1.0).to_json()
    keys = {"h", "y", "loss", "dh", "dh_norm", "jacobian_norm", "grads", "grad_norm"}
    assert set(data) == keys | {"clipped", "scale"}
    assert set(data["grads"]) == set(PARAMS) == set(data["clipped"])
    assert bptt().to_json()["clipped"] is None
    json.dumps(data, allow_nan=False)


@pytest.mark.parametrize(
    ("change", "param", "words"),
    [
        ({"w": [[0.1, 0.2, 0.3], [0.3, 0.4, 0.5]]}, "w", "W must be H×H (square), but is 2×3"),
        ({"u": [[0.5, 0.1], [0.6, 0.2]]}, "u", "U must be H×D = 2×1, but is 2×2"),
        ({"u": [0.5, 0.6, 0.7]}, "u", "U must be H×D = 2×1, but is 3×1"),
        ({"v": [[1.0, 2.0, 3.0]]}, "v", "V must be O×H = O×2, but is 1×3"),
        ({"bh": [1.0]}, "bh", "b_h must have H = 2 entries, but has 1"),
        ({"by": [0.1, 0.2]}, "by", "b_y must have O = 1 entries, but has 2"),
        ({"h0": [0.0, 0.0, 0.0]}, "h0", "h_0 must have H = 2 entries"),
        ({"target": [1.0, 2.0]}, "target", "target must have O = 1 entries"),
        ({"x": [1.0, float("inf")]}, "x", "x has a non-finite entry"),
        ({"clip": 0.0}, "clip", "threshold β must be a positive number"),
        ({"clip": float("nan")}, "clip", "threshold β must be a positive number"),
    ],
)
def test_bad_inputs_name_the_symbol_and_the_parameter(
    change: dict[str, Any], param: str, words: str
) -> None:
    with pytest.raises(InputError) as info:
        bptt(**change)
    assert words in str(info.value)
    assert info.value.param == param
