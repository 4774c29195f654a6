"""Forward pass of an LSTM cell over a sequence (the exam's Q1, Figure 1).

    f_t = σ(W_f·[h_{t−1}; x_t] + b_f)
    i_t = σ(W_i·[h_{t−1}; x_t] + b_i)
    g_t = tanh(W_c·[h_{t−1}; x_t] + b_c)
    o_t = σ(W_o·[h_{t−1}; x_t] + b_o)
    c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t
    h_t = o_t ⊙ tanh(c_t)

Every W is H×(H+D) and acts on the concatenation [h_{t−1}; x_t], h first, as in the standard
cell figure. g_t is the candidate C̃_t; f_t, i_t, o_t are the forget, input and output gates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.solvers._common import Array, Result, matrix, sequence, sigmoid, vector

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
) -> LSTMResult:
    """Run the LSTM over x and return every gate and state.

    f_t = σ(W_f·[h_{t−1}; x_t] + b_f)
    i_t = σ(W_i·[h_{t−1}; x_t] + b_i)
    g_t = tanh(W_c·[h_{t−1}; x_t] + b_c)
    o_t = σ(W_o·[h_{t−1}; x_t] + b_o)
    c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t
    h_t = o_t ⊙ tanh(c_t)
    """
    X = sequence(x, "x", param="x")
    H = matrix(wf, "W_f", (None, None), param="wf").shape[0]
    D = X.shape[1]
    shape = (H, H + D)
    rule = f"H×(H+D) = {H}×({H}+{D})"  # each gate's weights act on [h_{t−1}; x_t]
    W_f = matrix(wf, "W_f (acting on [h; x])", shape, param="wf", rule=rule)
    W_i = matrix(wi, "W_i", shape, param="wi", rule=rule)
    W_c = matrix(wc, "W_c", shape, param="wc", rule=rule)
    W_o = matrix(wo, "W_o", shape, param="wo", rule=rule)
    b_f, b_i = vector(bf, "b_f", H, param="bf"), vector(bi, "b_i", H, param="bi")
    b_c, b_o = vector(bc, "b_c", H, param="bc"), vector(bo, "b_o", H, param="bo")
    h_prev = vector(np.zeros(H) if h0 is None else h0, "h_0", H, param="h0")
    c_prev = vector(np.zeros(H) if c0 is None else c0, "c_0", H, param="c0")
    h_init, c_init = h_prev, c_prev

    steps: dict[str, list[Array]] = {k: [] for k in ("z", "f", "i", "g", "o", "c", "h")}
    for x_t in X:
        z_t = np.concatenate([h_prev, x_t])  # [h_{t−1}; x_t]
        f_t = sigmoid(W_f @ z_t + b_f)
        i_t = sigmoid(W_i @ z_t + b_i)
        g_t = np.tanh(W_c @ z_t + b_c)
        o_t = sigmoid(W_o @ z_t + b_o)
        c_t = f_t * c_prev + i_t * g_t
        h_t = o_t * np.tanh(c_t)
        for name, value in zip("zfigoch", (z_t, f_t, i_t, g_t, o_t, c_t, h_t), strict=True):
            steps[name].append(value)
        h_prev, c_prev = h_t, c_t

    arrays = {k: np.array(v) for k, v in steps.items()}
    return LSTMResult(x=X, h0=h_init, c0=c_init, **arrays)
