"""Forward pass of a simple (Elman) RNN, the exam's Q4.

    a_t = U·x_t + W·h_{t−1} + b_h
    h_t = f(a_t)
    o_t = V·h_t + b_y
    y_t = g(o_t)

Shapes: x_t ∈ ℝ^D, h_t ∈ ℝ^H, y_t ∈ ℝ^O; U is H×D, W is H×H, V is O×H. f is the hidden
activation (tanh on the exam), g the output function (identity on the exam).

Q4 gives U = [0.5, 0.6] with a 2-unit hidden state and the input [2, 3]. The *sequence*
reading (the standard one, used by default) takes U as a 2×1 column and [2, 3] as two time
steps with scalar inputs x_1 = 2, x_2 = 3. The *vector* reading takes [2, 3] as one 2-d input
and U as a 1×2 row, so U·x is one number added to every hidden unit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import InputError
from dlquiz.solvers._common import Array, Result, activation, matrix, vector

EQUATIONS = (
    "a_t = U·x_t + W·h_{t−1} + b_h",
    "h_t = f(a_t)",
    "o_t = V·h_t + b_y",
    "y_t = g(o_t)",
)
HIDDEN = ("tanh", "relu", "sigmoid")
OUTPUT = ("identity", "sigmoid", "softmax", "tanh")
READINGS = ("sequence", "vector")

# The exam's Q4.
EXAM: dict[str, Any] = {
    "x": [2.0, 3.0],
    "u": [0.5, 0.6],
    "w": [[0.1, 0.2], [0.3, 0.4]],
    "v": [1.0, 2.0],
    "bh": [1.0, -1.0],
    "by": [0.1],
    "h0": [0.0, 0.0],
}


@dataclass(frozen=True)
class RNNResult(Result):
    """Every step of the forward pass; row t of each array is time step t+1."""

    x: Array  # T×D inputs as used
    u: Array  # H×D, as used (the vector reading repeats the row for every hidden unit)
    w: Array
    v: Array
    bh: Array
    by: Array
    h0: Array
    ux: Array  # T×H, U·x_t
    wh: Array  # T×H, W·h_{t−1}
    a: Array  # T×H pre-activations
    h: Array  # T×H hidden states
    o: Array  # T×O pre-outputs
    y: Array  # T×O outputs
    act: str
    out: str
    reading: str  # "sequence" or "vector"
    ambiguous: bool  # the inputs also fit the other reading
    other_y: Array | None  # y under the other reading, when there is one

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("h", "y", "reading")


def _shape_inputs(x: Array, u: Array, hidden: int, reading: str) -> tuple[Array, Array, bool]:
    """Turn the raw x and U into a T×D sequence and an H×D matrix under one reading."""
    if x.ndim == 2:  # one row per time step: no ambiguity
        return x, matrix(u, "--u", (hidden, x.shape[1])), False
    if u.ndim == 1:
        ambiguous = u.shape[0] == hidden and x.shape[0] == hidden
        if reading == "sequence":
            if u.shape[0] != hidden:
                raise InputError(
                    f"--u has {u.shape[0]} entries but the hidden state has {hidden}; under the "
                    f"sequence reading U is {hidden}×1 (or try --reading vector)"
                )
            return x.reshape(-1, 1), u.reshape(-1, 1), ambiguous
        if u.shape[0] != x.shape[0]:
            raise InputError(
                f"under the vector reading --u is a 1×{x.shape[0]} row like x, "
                f"but has {u.shape[0]} entries"
            )
        return x.reshape(1, -1), np.tile(u, (hidden, 1)), ambiguous
    if reading == "sequence":
        return x.reshape(-1, 1), matrix(u, "--u", (hidden, 1)), False
    return x.reshape(1, -1), matrix(u, "--u", (hidden, x.shape[0])), False


def _forward(
    X: Array,
    U: Array,
    W: Array,
    V: Array,
    b_h: Array,
    b_y: Array,
    h_prev: Array,
    f: Callable[[Array], Array],
    g: Callable[[Array], Array],
) -> tuple[Array, Array, Array, Array, Array, Array]:
    """The recurrence itself, line by line as in the module docstring."""
    ux, wh, a, h, o, y = [], [], [], [], [], []
    for x_t in X:
        ux.append(U @ x_t)
        wh.append(W @ h_prev)
        a.append(ux[-1] + wh[-1] + b_h)  # a_t = U·x_t + W·h_{t−1} + b_h
        h.append(f(a[-1]))  # h_t = f(a_t)
        o.append(V @ h[-1] + b_y)  # o_t = V·h_t + b_y
        y.append(g(o[-1]))  # y_t = g(o_t)
        h_prev = h[-1]
    return tuple(np.array(s) for s in (ux, wh, a, h, o, y))  # type: ignore[return-value]


def rnn_forward(
    x: ArrayLike = EXAM["x"],
    u: ArrayLike = EXAM["u"],
    w: ArrayLike = EXAM["w"],
    v: ArrayLike = EXAM["v"],
    bh: ArrayLike = EXAM["bh"],
    by: ArrayLike = EXAM["by"],
    h0: ArrayLike | None = None,
    act: str = "tanh",
    out: str = "identity",
    reading: str = "sequence",
) -> RNNResult:
    """Run the RNN over x and return every intermediate value.

    a_t = U·x_t + W·h_{t−1} + b_h
    h_t = f(a_t)
    o_t = V·h_t + b_y
    y_t = g(o_t)
    """
    if reading not in READINGS:
        raise InputError(f"--reading must be sequence or vector, not '{reading}'")
    f = activation(act, HIDDEN, "--act")
    g = activation(out, OUTPUT, "--out")
    W = matrix(w, "--w", (None, None))
    H = W.shape[0]
    if W.shape[1] != H:
        raise InputError(f"--w must be square (H×H), but is {W.shape[0]}×{W.shape[1]}")
    X_raw = np.asarray(x, dtype=np.float64)
    U_raw = np.asarray(u, dtype=np.float64)
    if X_raw.ndim not in (1, 2) or X_raw.size == 0:
        raise InputError("--x must be numbers: one per time step, or one row per time step")
    X, U, ambiguous = _shape_inputs(X_raw, U_raw, H, reading)
    vector(X.reshape(-1), "--x")
    V = matrix(v, "--v", (None, H))
    b_h = vector(bh, "--bh", H)
    b_y = vector(by, "--by", V.shape[0])
    h_prev = vector(np.zeros(H) if h0 is None else h0, "--h0", H)

    ux, wh, a, h, o, y = _forward(X, U, W, V, b_h, b_y, h_prev, f, g)
    other_y = None
    if ambiguous:
        other = "vector" if reading == "sequence" else "sequence"
        X2, U2, _ = _shape_inputs(X_raw, U_raw, H, other)
        other_y = _forward(X2, U2, W, V, b_h, b_y, h_prev, f, g)[-1]
    return RNNResult(
        x=X, u=U, w=W, v=V, bh=b_h, by=b_y, h0=h_prev,
        ux=ux, wh=wh, a=a, h=h, o=o, y=y, act=act, out=out,
        reading=reading if X_raw.ndim == 1 else "sequence",
        ambiguous=ambiguous, other_y=other_y,
    )  # fmt: skip
