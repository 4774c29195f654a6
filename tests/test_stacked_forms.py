"""The concatenated forms the notes use are the same cells as the split ones.

`solve lstm --w` takes one stacked 4H×(H+D) matrix (gate blocks in the notes' order [i; f; o; g],
or Keras's i, f, c, o and PyTorch's i, f, g, o), and `solve rnn --wcat` one matrix on
[h_{t−1}; x_t]. Split into blocks they are the per-gate matrices, so every result must be
exactly (bit for bit) the split form's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlquiz.errors import InputError
from dlquiz.solvers.lstm import EXAMPLE, lstm_forward
from dlquiz.solvers.rnn import rnn_forward

GATES = ("f", "i", "g", "o", "c", "h")
# The gate of each block of the stacked W, top to bottom ("c" is the candidate g / C̃).
BLOCKS = {"ifog": "ifoc", "ifco": "ifco", "ifgo": "ifco"}


def same(a: Any, b: Any) -> None:
    for name in GATES:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


def stacked(split: dict[str, Any], order: str) -> tuple[np.ndarray, np.ndarray]:
    w = np.vstack([np.asarray(split[f"w{g}"], dtype=np.float64) for g in BLOCKS[order]])
    b = np.concatenate([np.asarray(split[f"b{g}"], dtype=np.float64) for g in BLOCKS[order]])
    return w, b


def lstm_inputs(sizes: tuple[int, int, int]) -> st.SearchStrategy[dict[str, Any]]:
    T, D, H = sizes
    el = st.floats(-2, 2, allow_nan=False)
    parts = {"x": arrays(np.float64, (T, D), elements=el)}
    parts.update({f"w{g}": arrays(np.float64, (H, H + D), elements=el) for g in "fico"})
    parts.update({f"b{g}": arrays(np.float64, (H,), elements=el) for g in "fico"})
    return st.fixed_dictionaries(parts)


@settings(max_examples=30, deadline=None)
@given(
    st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(1, 3)).flatmap(lstm_inputs),
    st.sampled_from(sorted(BLOCKS)),
)
def test_the_stacked_lstm_is_the_split_lstm(split: dict[str, Any], order: str) -> None:
    w, b = stacked(split, order)
    same(lstm_forward(**split), lstm_forward(x=split["x"], w=w, b=b, order=order))


def test_the_notes_order_and_the_frameworks_order() -> None:
    """[i; f; o; g] (the notes) and i, f, c, o (Keras) = i, f, g, o (PyTorch) on one cell."""
    split = {k: v for k, v in EXAMPLE.items() if k != "x"}
    reference = lstm_forward()
    for order in BLOCKS:
        w, b = stacked(split, order)
        same(reference, lstm_forward(w=w, b=b, order=order))
    w, b = stacked(split, "ifog")
    assert not np.array_equal(lstm_forward(w=w, b=b, order="ifco").h, reference.h)


def test_stacked_weights_with_per_gate_or_no_biases() -> None:
    split = {k: v for k, v in EXAMPLE.items() if k != "x"}
    w, _ = stacked(split, "ifog")
    biases = {k: list(split[k]) for k in ("bf", "bi", "bc", "bo")}
    same(lstm_forward(), lstm_forward(w=w, **biases))
    zeros = {k: [0.0, 0.0] for k in ("bf", "bi", "bc", "bo")}
    same(lstm_forward(**{**split, **zeros}), lstm_forward(w=w))  # the notes' W·[h; x], no b


@pytest.mark.parametrize(
    ("kwargs", "param", "words"),
    [
        ({"wf": [[1.0, 2.0, 3.0]] * 2}, "w", "W_f cannot be given too"),
        ({"b": np.zeros(8), "bi": [1.0, 1.0]}, "b", "the stacked b or b_i, not both"),
        ({"b": np.zeros(5)}, "b", "b (stacked) must have 8 entries"),
        ({"order": "iofg"}, "order", "ifog (the notes), ifco (Keras) or ifgo (PyTorch)"),
        ({"w": np.ones((6, 3))}, "w", "4H×(H+D)"),
        ({"x": [[1.0, 2.0]]}, "w", "4H×(H+D) = 8×(2+2) = 8×4, but is 8×3"),
    ],
)
def test_stacked_lstm_errors_name_the_argument(
    kwargs: dict[str, Any], param: str, words: str
) -> None:
    w, _ = stacked({k: v for k, v in EXAMPLE.items() if k != "x"}, "ifog")
    with pytest.raises(InputError) as err:
        lstm_forward(**{"w": w, **kwargs})
    assert err.value.param == param and words in str(err.value)


def rnn_inputs(sizes: tuple[int, int, int]) -> st.SearchStrategy[tuple[np.ndarray, ...]]:
    T, D, H = sizes
    el = st.floats(-2, 2, allow_nan=False)
    shapes = ((T, D), (H, D), (H, H), (1, H), (H,), (1,), (H,))
    return st.tuples(*(arrays(np.float64, s, elements=el) for s in shapes))


@settings(max_examples=30, deadline=None)
@given(st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(1, 3)).flatmap(rnn_inputs))
def test_one_w_on_h_and_x_is_w_and_u(arrs: tuple[np.ndarray, ...]) -> None:
    """[W U]·[h; x] = W·h + U·x (column); [h, x]·[W; U] = h·W + x·U (row)."""
    x, u, w, v, bh, by, h0 = arrs
    column = rnn_forward(x=x, u=u, w=w, v=v, bh=bh, by=by, h0=h0)
    cat = rnn_forward(x=x, wcat=np.hstack([w, u]), v=v, bh=bh, by=by, h0=h0)
    np.testing.assert_array_equal(cat.h, column.h)
    np.testing.assert_array_equal(cat.y, column.y)
    row = rnn_forward(x=x, u=u.T, w=w.T, v=v.T, bh=bh, by=by, h0=h0, convention="row")
    row_cat = rnn_forward(
        x=x, wcat=np.vstack([w.T, u.T]), v=v.T, bh=bh, by=by, h0=h0, convention="row"
    )
    np.testing.assert_array_equal(row_cat.h, row.h)
    np.testing.assert_array_equal(row_cat.y, row.y)


def test_the_exam_q4_with_one_w() -> None:
    split = rnn_forward()
    cat = rnn_forward(wcat=[[0.1, 0.2, 0.5], [0.3, 0.4, 0.6]])  # [W U], U = [0.5, 0.6]ᵀ
    np.testing.assert_array_equal(cat.y, split.y)
    assert cat.other_convention_y is None  # a 2×3 W_cat fits the column convention only


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"wcat": [[1.0, 2.0], [3.0, 4.0]]}, "W_cat must be H×(H+D) with D ≥ 1"),
        ({"wcat": [[1.0, 2.0, 3.0]], "convention": "row"}, "W_cat must be (H+D)×H"),
        ({"wcat": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "u": [1.0, 2.0]}, "either W_cat or W and U"),
        ({"wcat": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "w": np.eye(2)}, "either W_cat or W and U"),
    ],
)
def test_wcat_errors_name_the_argument(kwargs: dict[str, Any], words: str) -> None:
    with pytest.raises(InputError) as err:
        rnn_forward(**kwargs)
    assert err.value.param == "wcat" and words in str(err.value)


def test_the_cli_takes_the_stacked_forms(run_json: Callable[..., Any], bad: Callable) -> None:
    split = {k: v for k, v in EXAMPLE.items() if k != "x"}
    for order in BLOCKS:
        w, b = stacked(split, order)
        rows = "; ".join(" ".join(repr(float(v)) for v in row) for row in w)
        got = run_json("solve", "lstm", "--w", rows, "--b", *map(repr, b.tolist()),
                       "--order", order)  # fmt: skip
        assert got == run_json("solve", "lstm")
    cat = run_json("solve", "rnn", "--wcat", "0.1 0.2 0.5; 0.3 0.4 0.6")
    plain = run_json("solve", "rnn")
    assert cat["h"] == plain["h"] and cat["y"] == plain["y"]
    assert "(option --w)" in bad("solve", "lstm", "--w", "1 2; 3 4")
    assert "(option --order)" in bad("solve", "lstm", "--w", "1 2 3; 1 2 3; 1 2 3; 1 2 3",
                                     "--order", "fico")  # fmt: skip
    assert "(option --wcat)" in bad("solve", "rnn", "--wcat", "1 2; 3 4")
    json.dumps(cat)
