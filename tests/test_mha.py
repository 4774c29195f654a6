"""Multi-head attention: the PyTorch golden cases, the input checks and the mistake knobs.

The golden values in tests/data/transformer_reference.json come from
torch.nn.MultiheadAttention via tools/make_transformer_reference.py; this test needs no torch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dlquiz.errors import InputError
from dlquiz.solvers.attention import self_attention
from dlquiz.solvers.mha import _softmax, multi_head_attention
from dlquiz.solvers.posenc import positional_encoding

REFERENCE = Path(__file__).parent / "data" / "transformer_reference.json"
DATA: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
CASES = [case for case in DATA["cases"] if case["solver"] == "mha"]
PER_HEAD = {"weights", "z"}  # stacked over heads: H×n×m and H×n×d_k


def test_file_format() -> None:
    assert DATA["format_version"] == 1
    ids = [case["id"] for case in DATA["cases"]]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    assert {case["solver"] for case in DATA["cases"]} == {"mha", "bptt"}
    assert {case["inputs"]["heads"] for case in CASES} >= {1, 2, 4}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_reference_case(case: dict[str, Any]) -> None:
    result = multi_head_attention(**case["inputs"])
    for key, expected in case["expected"].items():
        if key in PER_HEAD:
            actual = np.stack([getattr(head, key) for head in result.heads])
        else:
            actual = getattr(result, key)
        np.testing.assert_allclose(
            actual,
            np.asarray(expected, dtype=np.float64),
            rtol=case["rtol"],
            atol=case["atol"],
            err_msg=f"{case['id']}: {key} (reference: {case['reference']})",
        )


def inputs(n: int = 3, d: int = 4, seed: int = 0, m: int | None = None) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    out: dict[str, Any] = {"x": rng.normal(size=(n, d))}
    out.update({k: rng.normal(size=(d, d)) for k in ("wq", "wk", "wv", "wo")})
    if m is not None:
        out["memory"] = rng.normal(size=(m, d))
    return out


@pytest.mark.parametrize(
    ("change", "param", "words"),
    [
        ({"wq": np.ones((4, 3))}, "wq", "W_Q must be d_model×d_model = 4×4, but is 4×3"),
        ({"wk": np.ones((3, 4))}, "wk", "W_K must be d_model×d_model = 4×4, but is 3×4"),
        ({"wv": np.ones((4, 5))}, "wv", "W_V must be"),
        ({"wo": np.ones((2, 2))}, "wo", "W_O must be"),
        ({"x": np.ones((2, 3, 4))}, "x", "X must be a matrix"),
        ({"memory": np.ones((5, 3))}, "memory", "M (the encoder states) must be m×d_model"),
        ({"heads": 3}, "heads", "d_model = 4 is not divisible by H = 3"),
        ({"heads": 0}, "heads", "whole number ≥ 1"),
        ({"mask": "future"}, "mask", "mask must be causal or none"),
        ({"mask": "causal", "memory": np.ones((5, 4))}, "mask", "n = 3 tokens but M has m = 5"),
        ({"scale": "sqrt"}, "scale", "scale must be one of"),
        ({"softmax_axis": 1}, "softmax_axis", "softmax_axis must be -1"),
        ({"transpose_q": True}, "transpose_q", "n = 3, m = 3 and d_k = 4"),
        ({"x": [[1.0, float("nan"), 0, 0]] * 3}, "x", "X has a non-finite entry"),
    ],
)
def test_bad_inputs_name_the_symbol_and_the_parameter(
    change: dict[str, Any], param: str, words: str
) -> None:
    with pytest.raises(InputError) as info:
        multi_head_attention(**{**inputs(), **change})
    assert words in str(info.value)
    assert info.value.param == param


def test_causal_weights_are_zero_above_the_diagonal_and_rows_sum_to_one() -> None:
    r = multi_head_attention(**inputs(n=5, d=4), heads=2, mask="causal")
    for head in r.heads:
        assert np.all(head.weights[np.triu_indices(5, k=1)] == 0.0)
        assert head.weights[0, 0] == 1.0
        np.testing.assert_allclose(head.weights.sum(axis=1), 1.0, rtol=0, atol=1e-15)
        assert head.masked is not None and np.all(np.isneginf(head.masked[np.triu_indices(5, 1)]))
    data = r.to_json()
    assert data["heads"][0]["masked"][0][1] == "-inf"
    json.dumps(data, allow_nan=False)


def test_one_head_is_single_head_attention_followed_by_w_o() -> None:
    kw = inputs(n=4, d=3)
    single = self_attention(x=kw["x"], wq=kw["wq"], wk=kw["wk"], wv=kw["wv"])
    r = multi_head_attention(**kw)
    assert single.z is not None
    np.testing.assert_allclose(r.heads[0].weights, single.weights, rtol=1e-13)
    np.testing.assert_allclose(r.out, single.z @ kw["wo"], rtol=1e-12)


def test_heads_take_consecutive_column_blocks() -> None:
    kw = inputs(n=3, d=6)
    r = multi_head_attention(**kw, heads=3)
    assert r.d_k == 2 and len(r.heads) == 3
    np.testing.assert_array_equal(r.heads[1].q, (kw["x"] @ kw["wq"])[:, 2:4])
    np.testing.assert_array_equal(r.concat, np.hstack([h.z for h in r.heads]))


def test_json_keys() -> None:
    data = multi_head_attention(**inputs(), heads=2).to_json()
    assert set(data) == {"heads", "concat", "out", "d_k"}
    assert set(data["heads"][0]) == {"q", "k", "v", "scores", "scaled", "weights", "z"}
    assert data["d_k"] == 2 and len(data["heads"]) == 2
    assert "x_pe" in multi_head_attention(**inputs(), posenc=True).to_json()


@pytest.mark.parametrize(("n", "divisor"), [(3, 3), (4, 4), (2, 2)])
def test_scale_tokens_divides_by_root_n(n: int, divisor: int) -> None:
    kw = inputs(n=n, d=8)
    right = multi_head_attention(**kw, heads=2)  # d_k = 4
    wrong = multi_head_attention(**kw, heads=2, scale="tokens")
    for a, b in zip(right.heads, wrong.heads, strict=True):
        np.testing.assert_allclose(b.scaled, a.scores / np.sqrt(divisor), rtol=1e-15)
    assert np.allclose(right.out, wrong.out) == (n == 4)  # equal exactly when n = d_k


def test_scale_dmodel_and_none() -> None:
    kw = inputs(n=3, d=4)
    right = multi_head_attention(**kw, heads=2)
    dmodel = multi_head_attention(**kw, heads=2, scale="dmodel")
    none = multi_head_attention(**kw, heads=2, scale="none")
    np.testing.assert_allclose(dmodel.heads[0].scaled, right.heads[0].scores / 2.0, rtol=1e-15)
    np.testing.assert_array_equal(none.heads[0].scaled, none.heads[0].scores)
    assert not np.allclose(dmodel.out, right.out) and not np.allclose(none.out, right.out)
    one_head = multi_head_attention(**kw, scale="dmodel")  # H = 1: d_model = d_k
    np.testing.assert_array_equal(one_head.out, multi_head_attention(**kw).out)


def test_transpose_q_computes_q_transpose_k() -> None:
    kw = inputs(n=2, d=4)
    r = multi_head_attention(**kw, heads=2, transpose_q=True)  # n = m = d_k = 2
    q, k = r.heads[1].q, r.heads[1].k
    np.testing.assert_allclose(r.heads[1].scores, q.T @ k, rtol=1e-15)
    assert not np.allclose(r.out, multi_head_attention(**kw, heads=2).out)


def test_softmax_axis_zero_normalises_columns() -> None:
    kw = inputs(n=4, d=4)
    r = multi_head_attention(**kw, softmax_axis=0)
    np.testing.assert_allclose(r.heads[0].weights.sum(axis=0), 1.0, rtol=1e-14)
    assert not np.allclose(r.heads[0].weights.sum(axis=1), 1.0)
    causal = multi_head_attention(**kw, mask="causal", softmax_axis=0)
    assert causal.heads[0].weights[-1, -1] == 1.0  # the last column has one unmasked entry


def test_skip_wo_returns_the_concatenation() -> None:
    kw = inputs()
    r = multi_head_attention(**kw, heads=2, skip_wo=True)
    np.testing.assert_array_equal(r.out, r.concat)
    np.testing.assert_allclose(multi_head_attention(**kw, heads=2).out, r.concat @ kw["wo"])


def test_posenc_is_added_to_x_first() -> None:
    kw = inputs(n=4, d=4)
    pe = positional_encoding(4, np.arange(4)).pe
    r = multi_head_attention(**kw, heads=2, posenc=True)
    assert r.x_pe is not None
    np.testing.assert_array_equal(r.x_pe, kw["x"] + pe)
    by_hand = multi_head_attention(**{**kw, "x": kw["x"] + pe}, heads=2)
    np.testing.assert_array_equal(r.out, by_hand.out)
    assert multi_head_attention(**kw).x_pe is None


def test_cross_attention_encodes_only_the_decoder_side() -> None:
    kw = inputs(n=3, d=4, m=5)
    r = multi_head_attention(**kw, heads=2, posenc=True)
    np.testing.assert_allclose(r.k, kw["memory"] @ kw["wk"], rtol=1e-15)
    assert r.x_pe is not None
    np.testing.assert_allclose(r.q, r.x_pe @ kw["wq"], rtol=1e-15)
    assert r.heads[0].weights.shape == (3, 5) and r.out.shape == (3, 4)


def test_fully_masked_rows_get_zero_weights() -> None:
    a = np.array([[0.0, -np.inf], [-np.inf, -np.inf]])
    np.testing.assert_array_equal(_softmax(a, -1), [[1.0, 0.0], [0.0, 0.0]])
    big = _softmax(np.array([[1000.0, 999.0]]), -1)
    assert np.all(np.isfinite(big)) and big[0, 0] > big[0, 1]
