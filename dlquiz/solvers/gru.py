"""Forward pass of a GRU over a sequence.

    z_t = σ(W_z·[h_{t−1}; x_t] + b_z)
    r_t = σ(W_r·[h_{t−1}; x_t] + b_r)
    n_t = tanh(W_n·[r_t ⊙ h_{t−1}; x_t] + b_n)                      (reset before, default)
    n_t = tanh(W_n^x·x_t + b_n + r_t ⊙ (W_n^h·h_{t−1} + b_hn))      (reset after)
    h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}

Every W is H×(H+D) acting on [h_{t−1}; x_t]; W_n^h is the first H columns of W_n, W_n^x the
rest. "Reset before" applies the reset gate to h_{t−1} before the matrix product (Cho et al.,
2014; Keras with reset_after=False); "reset after" applies it to the product (PyTorch, and
Keras 3's default reset_after=True), with its own recurrent bias b_hn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import Words, input_error
from dlquiz.solvers._common import Array, Result, matrix, sequence, sigmoid, vector
from dlquiz.solvers._stable import first_overflow

EQUATIONS = (
    "z_t = σ(W_z·[h_{t−1}; x_t] + b_z)",
    "r_t = σ(W_r·[h_{t−1}; x_t] + b_r)",
    "n_t = tanh(W_n·[r_t ⊙ h_{t−1}; x_t] + b_n)",
    "h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}",
)
EQUATIONS_RESET_AFTER = (
    *EQUATIONS[:2],
    "n_t = tanh(W_n^x·x_t + b_n + r_t ⊙ (W_n^h·h_{t−1} + b_hn))",
    EQUATIONS[3],
)
RESETS = ("before", "after")

EXAMPLE: dict[str, Any] = {
    "x": [1.0, 2.0],
    "wz": [[0.1, 0.2, 0.5], [0.3, 0.4, -0.5]],
    "wr": [[0.5, -0.1, 0.2], [0.2, 0.3, 0.4]],
    "wn": [[0.3, 0.1, 0.6], [-0.2, 0.5, 0.1]],
    "bz": [0.5, -0.5],
    "br": [0.1, 0.1],
    "bn": [0.0, 0.2],
}


@dataclass(frozen=True)
class GRUResult(Result):
    """Every gate and state; row t of each array is time step t+1."""

    x: Array
    z: Array  # update gate
    r: Array  # reset gate
    n: Array  # candidate state
    h: Array
    h0: Array
    reset: str

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("z", "r", "n", "h")


def gru_forward(
    x: ArrayLike = EXAMPLE["x"],
    wz: ArrayLike = EXAMPLE["wz"],
    wr: ArrayLike = EXAMPLE["wr"],
    wn: ArrayLike = EXAMPLE["wn"],
    bz: ArrayLike = EXAMPLE["bz"],
    br: ArrayLike = EXAMPLE["br"],
    bn: ArrayLike = EXAMPLE["bn"],
    h0: ArrayLike | None = None,
    reset: str = "before",
    bhn: ArrayLike | None = None,
) -> GRUResult:
    """Run the GRU over x and return every gate and state.

    z_t = σ(W_z·[h_{t−1}; x_t] + b_z)
    r_t = σ(W_r·[h_{t−1}; x_t] + b_r)
    n_t = tanh(W_n·[r_t ⊙ h_{t−1}; x_t] + b_n)
    n_t = tanh(W_n^x·x_t + b_n + r_t ⊙ (W_n^h·h_{t−1} + b_hn))
    h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
    """
    if reset not in RESETS:
        raise input_error("solver_input.gru.reset", param="reset", reset=reset)
    X = sequence(x, "x", param="x")
    H = matrix(wz, "W_z", (None, None), param="wz").shape[0]
    D = X.shape[1]
    shape, rule = (H, H + D), f"H×(H+D) = {H}×({H}+{D})"
    acting = Words("solver_input.name.acting_on", {"symbol": "W_z"})
    W_z = matrix(wz, acting, shape, param="wz", rule=rule)
    W_r = matrix(wr, "W_r", shape, param="wr", rule=rule)
    W_n = matrix(wn, "W_n", shape, param="wn", rule=rule)
    b_z, b_r = vector(bz, "b_z", H, param="bz"), vector(br, "b_r", H, param="br")
    b_n = vector(bn, "b_n", H, param="bn")
    b_hn = vector(np.zeros(H) if bhn is None else bhn, "b_hn", H, param="bhn")
    if bhn is not None and reset == "before" and np.any(b_hn):
        raise input_error("solver_input.gru.bhn", param="bhn")
    h_prev = vector(np.zeros(H) if h0 is None else h0, "h_0", H, param="h0")
    h_init = h_prev

    zs, rs, ns, hs = [], [], [], []
    with np.errstate(over="ignore", invalid="ignore"):  # σ(±∞) is 0 or 1; NaN is checked below
        for x_t in X:
            hx = np.concatenate([h_prev, x_t])
            z_t = sigmoid(W_z @ hx + b_z)
            r_t = sigmoid(W_r @ hx + b_r)
            if reset == "before":
                n_t = np.tanh(W_n @ np.concatenate([r_t * h_prev, x_t]) + b_n)
            else:
                n_t = np.tanh(W_n[:, H:] @ x_t + b_n + r_t * (W_n[:, :H] @ h_prev + b_hn))
            h_t = (1.0 - z_t) * n_t + z_t * h_prev
            zs.append(z_t)
            rs.append(r_t)
            ns.append(n_t)
            hs.append(h_t)
            h_prev = h_t
    Z, R, N, Hs = (np.array(v) for v in (zs, rs, ns, hs))
    names = [f"W_{k}·[h_{{t−1}}; x_t] + b_{k}" for k in "zrn"]  # a gate is NaN when ∞ − ∞
    first_overflow([*names, "h_t"], ["wz", "wr", "wn", "h0"], [Z, R, N, Hs], {0, 1, 2, 3})
    return GRUResult(x=X, z=Z, r=R, n=N, h=Hs, h0=h_init, reset=reset)
