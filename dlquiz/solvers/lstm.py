"""Forward pass of an LSTM cell over a sequence (the exam's Q1, Figure 1).

    f_t = σ(W_f·[h_{t−1}; x_t] + b_f)
    i_t = σ(W_i·[h_{t−1}; x_t] + b_i)
    g_t = tanh(W_c·[h_{t−1}; x_t] + b_c)
    o_t = σ(W_o·[h_{t−1}; x_t] + b_o)
    c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t
    h_t = o_t ⊙ tanh(c_t)

Every W is H×(H+D) and acts on the concatenation [h_{t−1}; x_t], h first, as in the standard
cell figure. g_t is the candidate C̃_t; f_t, i_t, o_t are the forget, input and output gates.

Stacked form (the notes' [i; f; o; g] = [σ; σ; σ; tanh](W·[h_{t−1}; x_t])): one 4H×(H+D)
matrix W holds the four gate matrices one above the other, and one 4H bias b the biases, in
the order `order` names:

    ifog  [W_i; W_f; W_o; W_c]   the notes' order
    ifco  [W_i; W_f; W_c; W_o]   Keras (i, f, c, o)
    ifgo  [W_i; W_f; W_c; W_o]   PyTorch (i, f, g, o): g is the candidate, so the same blocks

Block k is rows k·H … (k+1)·H − 1. Splitting W (and b) into the blocks gives the per-gate
matrices, so both forms are the same cell with the same results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import Words, input_error
from dlquiz.solvers._common import Array, Result, listed, matrix, sequence, sigmoid, vector
from dlquiz.solvers._stable import first_overflow

EQUATIONS = (
    "f_t = σ(W_f·[h_{t−1}; x_t] + b_f)",
    "i_t = σ(W_i·[h_{t−1}; x_t] + b_i)",
    "g_t = tanh(W_c·[h_{t−1}; x_t] + b_c)",
    "o_t = σ(W_o·[h_{t−1}; x_t] + b_o)",
    "c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t",
    "h_t = o_t ⊙ tanh(c_t)",
)

# A small worked example (the exam has no LSTM numbers): H = 2, one scalar input per step.
EXAMPLE: dict[str, Any] = {
    "x": [1.0, 2.0],
    "wf": [[0.1, 0.2, 0.5], [0.3, 0.4, -0.5]],
    "wi": [[0.5, -0.1, 0.2], [0.2, 0.3, 0.4]],
    "wc": [[0.3, 0.1, 0.6], [-0.2, 0.5, 0.1]],
    "wo": [[0.4, 0.2, -0.3], [0.1, -0.3, 0.7]],
    "bf": [1.0, 1.0],
    "bi": [0.0, -0.5],
    "bc": [0.1, -0.1],
    "bo": [0.0, 0.2],
}


# The gate of each block of the stacked W, top to bottom, per order ("c" is the candidate).
ORDERS = {"ifog": "ifoc", "ifco": "ifco", "ifgo": "ifco"}
_GATE_ARGS = {"f": ("wf", "bf"), "i": ("wi", "bi"), "c": ("wc", "bc"), "o": ("wo", "bo")}


@dataclass(frozen=True)
class LSTMResult(Result):
    """Every gate and state; row t of each array is time step t+1."""

    x: Array  # T×D
    z: Array  # T×(H+D), the concatenations [h_{t−1}; x_t]
    f: Array
    i: Array
    g: Array  # candidate C̃_t
    o: Array
    c: Array
    h: Array
    h0: Array
    c0: Array

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("f", "i", "g", "o", "c", "h")


def lstm_forward(
    x: ArrayLike = EXAMPLE["x"],
    wf: ArrayLike = EXAMPLE["wf"],
    wi: ArrayLike = EXAMPLE["wi"],
    wc: ArrayLike = EXAMPLE["wc"],
    wo: ArrayLike = EXAMPLE["wo"],
    bf: ArrayLike = EXAMPLE["bf"],
    bi: ArrayLike = EXAMPLE["bi"],
    bc: ArrayLike = EXAMPLE["bc"],
    bo: ArrayLike = EXAMPLE["bo"],
    h0: ArrayLike | None = None,
    c0: ArrayLike | None = None,
    *,
    w: ArrayLike | None = None,
    b: ArrayLike | None = None,
    order: str = "ifog",
    candidate: str = "tanh",
) -> LSTMResult:
    """Run the LSTM over x and return every gate and state.

    With `w` (the stacked 4H×(H+D) matrix, blocks in `order`: ifog, ifco or ifgo) the gate
    matrices are its blocks instead of wf, wi, wc, wo, and the biases the blocks of the
    stacked `b` (4H; zeros when not given) or bf, bi, bc, bo given one by one.

    f_t = σ(W_f·[h_{t−1}; x_t] + b_f)
    i_t = σ(W_i·[h_{t−1}; x_t] + b_i)
    g_t = tanh(W_c·[h_{t−1}; x_t] + b_c)
    o_t = σ(W_o·[h_{t−1}; x_t] + b_o)
    c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t
    h_t = o_t ⊙ tanh(c_t)

    `candidate="sigmoid"` computes g_t with σ instead of tanh (a common mistake, graded).
    """
    _check_order(order)
    if candidate not in ("tanh", "sigmoid"):
        raise input_error("solver_input.lstm.candidate", param="candidate", candidate=candidate)
    squash = sigmoid if candidate == "sigmoid" else np.tanh
    if w is not None:
        given = {"wf": wf, "wi": wi, "wc": wc, "wo": wo, "bf": bf, "bi": bi, "bc": bc, "bo": bo}
        gates = _split(w, b, order, given)
        wf, wi, wc, wo = gates["wf"], gates["wi"], gates["wc"], gates["wo"]
        bf, bi, bc, bo = gates["bf"], gates["bi"], gates["bc"], gates["bo"]
    X = sequence(x, "x", param="x")
    H = matrix(wf, "W_f", (None, None), param="wf").shape[0]
    D = X.shape[1]
    if w is not None and np.shape(wf)[1] != H + D:
        raise input_error(
            "solver_input.lstm.stacked_width", param="w",
            want=f"4H×(H+D) = {4 * H}×({H}+{D}) = {4 * H}×{H + D}",
            shape=f"{4 * H}×{np.shape(wf)[1]}",
        )  # fmt: skip
    shape = (H, H + D)
    rule = f"H×(H+D) = {H}×({H}+{D})"  # each gate's weights act on [h_{t−1}; x_t]
    acting = Words("solver_input.name.acting_on", {"symbol": "W_f"})
    W_f = matrix(wf, acting, shape, param="wf", rule=rule)
    W_i = matrix(wi, "W_i", shape, param="wi", rule=rule)
    W_c = matrix(wc, "W_c", shape, param="wc", rule=rule)
    W_o = matrix(wo, "W_o", shape, param="wo", rule=rule)
    b_f, b_i = vector(bf, "b_f", H, param="bf"), vector(bi, "b_i", H, param="bi")
    b_c, b_o = vector(bc, "b_c", H, param="bc"), vector(bo, "b_o", H, param="bo")
    h_prev = vector(np.zeros(H) if h0 is None else h0, "h_0", H, param="h0")
    c_prev = vector(np.zeros(H) if c0 is None else c0, "c_0", H, param="c0")
    h_init, c_init = h_prev, c_prev

    steps: dict[str, list[Array]] = {k: [] for k in ("z", "f", "i", "g", "o", "c", "h")}
    with np.errstate(over="ignore", invalid="ignore"):  # σ(±∞) is 0 or 1; NaN is checked below
        for x_t in X:
            z_t = np.concatenate([h_prev, x_t])  # [h_{t−1}; x_t]
            f_t = sigmoid(W_f @ z_t + b_f)
            i_t = sigmoid(W_i @ z_t + b_i)
            g_t = squash(W_c @ z_t + b_c)
            o_t = sigmoid(W_o @ z_t + b_o)
            c_t = f_t * c_prev + i_t * g_t
            h_t = o_t * np.tanh(c_t)
            for name, value in zip("zfigoch", (z_t, f_t, i_t, g_t, o_t, c_t, h_t), strict=True):
                steps[name].append(value)
            h_prev, c_prev = h_t, c_t

    arrays = {k: np.array(v) for k, v in steps.items()}
    products = [f"W_{k}·[h_{{t−1}}; x_t] + b_{k}" for k in "fico"]  # a gate is NaN when ∞ − ∞
    first_overflow(
        [*products, "c_t", "h_t"], ["wf", "wi", "wc", "wo", "c0", "h0"],
        [arrays[k] for k in "figoch"], set(range(6)),
    )  # fmt: skip
    return LSTMResult(x=X, h0=h_init, c0=c_init, **arrays)


def _split(w: ArrayLike, b: ArrayLike | None, order: str, given: dict[str, Any]) -> dict[str, Any]:
    """The per-gate matrices and biases as blocks of the stacked W and b (in `order`).

    `given` holds the per-gate arguments as called: a weight matrix given as well as W is a
    contradiction; biases come from b, or else from bf, bi, bc, bo (zeros when neither)."""
    explicit = {k for k, v in given.items() if v is not EXAMPLE[k]}
    both = sorted(f"W_{k[1]}" for k in explicit if k.startswith("w"))
    if both:
        raise input_error("solver_input.lstm.stacked_and_gates", param="w", names=listed(both))
    stacked = Words("solver_input.name.stacked", {"symbol": "W"})
    W = matrix(w, stacked, (None, None), param="w")
    rows, cols = W.shape
    if rows % 4 or rows == 0 or cols <= rows // 4:
        raise input_error("solver_input.lstm.stacked_shape", param="w", shape=f"{rows}×{cols}")
    H = rows // 4
    biases = sorted(k for k in explicit if k.startswith("b"))
    if b is not None and biases:
        named = listed([f"b_{k[1]}" for k in biases])
        raise input_error("solver_input.lstm.biases_twice", param="b", names=named)
    stacked = Words("solver_input.name.stacked", {"symbol": "b"})
    B = None if b is None else vector(b, stacked, rows, param="b")
    out: dict[str, Any] = {}
    for k, gate in enumerate(ORDERS[order]):
        w_arg, b_arg = _GATE_ARGS[gate]
        block = slice(k * H, (k + 1) * H)  # block k: rows k·H … (k+1)·H − 1
        out[w_arg] = W[block]
        if B is not None:
            out[b_arg] = B[block]
        else:
            out[b_arg] = given[b_arg] if b_arg in explicit else np.zeros(H)
    return out


def _check_order(order: str) -> None:
    if order not in ORDERS:
        raise input_error("solver_input.lstm.order", param="order", order=order)
