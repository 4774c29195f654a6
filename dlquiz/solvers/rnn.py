"""Forward pass of a simple (Elman) RNN, the exam's Q4, in either of its two conventions.

Column convention (the default; the exam prints h_1 = f(U·x_1 + W·h_0)), column vectors:
    a_t = U·x_t + W·h_{t−1} + b_h
    h_t = f(a_t)
    o_t = V·h_t + b_y
    y_t = g(o_t)
with x_t ∈ ℝ^D, h_t ∈ ℝ^H, y_t ∈ ℝ^O; U is H×D, W is H×H, V is O×H.

Row convention (the widely taught forward-RNN code example whose matrices Q4 uses), row
vectors multiplied from the left:
    a_t = x_t·U + h_{t−1}·W + b_h
    h_t = f(a_t)
    o_t = h_t·V + b_y
    y_t = g(o_t)
with U D×H, W H×H, V H×O. The matrices are used as typed, so h·W is Wᵀ·h in column terms:
for Q4 the two conventions agree on y_1 = 1.4588 and differ on y_2 (2.7371 column, 2.6704
row). f is the hidden activation (tanh on the exam), g the output function (identity).

Q4 gives U = [0.5, 0.6] with a 2-unit hidden state and the input [2, 3]. The *sequence*
reading (the standard one, used by default) takes U as one weight per hidden unit (2×1 in the
column convention, 1×2 in the row one) and [2, 3] as two time steps with scalar inputs
x_1 = 2, x_2 = 3. The *vector* reading takes [2, 3] as one 2-d input and U as one weight per
input entry, so U·x is one number added to every hidden unit.

Concatenated form (the notes' h_t = tanh(W·[h_{t−1}; x_t])): one matrix acting on h_{t−1}
and x_t stacked, which is W and U side by side, so it is the same cell:
    column:  a_t = W_cat·[h_{t−1}; x_t] + b_h,  W_cat = [W  U], H×(H+D)
    row:     a_t = [h_{t−1}, x_t]·W_cat + b_h,  W_cat = [W; U], (H+D)×H
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import InputError, Words, input_error
from dlquiz.solvers._common import Array, Result, activation, matrix, vector
from dlquiz.solvers._stable import first_overflow

EQUATIONS = ("a_t = U·x_t + W·h_{t−1} + b_h", "h_t = f(a_t)", "o_t = V·h_t + b_y", "y_t = g(o_t)")
EQUATIONS_ROW = (
    "a_t = x_t·U + h_{t−1}·W + b_h",
    "h_t = f(a_t)",
    "o_t = h_t·V + b_y",
    "y_t = g(o_t)",
)
HIDDEN = ("tanh", "relu", "sigmoid")
OUTPUT = ("identity", "sigmoid", "softmax", "tanh")
READINGS = ("sequence", "vector")
CONVENTIONS = ("column", "row")
_OTHER = {"column": "row", "row": "column"}

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
    u: Array  # as used: H×D (column) or D×H (row); the vector reading repeats U per hidden unit
    w: Array  # H×H
    v: Array  # O×H (column) or H×O (row)
    bh: Array
    by: Array
    h0: Array
    ux: Array  # T×H, U·x_t (column) or x_t·U (row)
    wh: Array  # T×H, W·h_{t−1} (column) or h_{t−1}·W (row)
    a: Array  # T×H pre-activations
    h: Array  # T×H hidden states
    o: Array  # T×O pre-outputs
    y: Array  # T×O outputs
    act: str
    out: str
    reading: str  # "sequence" or "vector"
    ambiguous: bool  # the inputs also fit the other reading
    other_y: Array | None  # y under the other reading, when there is one
    convention: str  # "column" (W·h) or "row" (h·W)
    other_convention_y: Array | None  # y under the other convention, when the shapes fit it

    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "h", "y", "reading", "convention", "other_convention_y",
    )  # fmt: skip


def _shape_inputs(
    x: Array, u: Array, hidden: int, reading: str, row: bool
) -> tuple[Array, Array, bool]:
    """The raw x and U as a T×D sequence and U in the convention's shape (H×D column, D×H
    row) under one reading; also whether the raw values fit the other reading too."""

    def oriented(u_hd: Array) -> Array:  # H×D to the convention's shape
        return u_hd.T if row else u_hd

    def shape(d: int) -> tuple[int, int]:
        return (d, hidden) if row else (hidden, d)

    if x.ndim == 2:  # one row per time step: no ambiguity
        return x, matrix(u, "U", shape(x.shape[1]), param="u"), False
    if u.ndim == 1:
        ambiguous = u.shape[0] == hidden and x.shape[0] == hidden
        if reading == "sequence":
            if u.shape[0] != hidden:
                rows, cols = shape(1)
                raise input_error(
                    "solver_input.rnn.u_sequence", param="u", count=u.shape[0], hidden=hidden,
                    shape=f"{rows}×{cols}",
                )  # fmt: skip
            return x.reshape(-1, 1), oriented(u.reshape(-1, 1)), ambiguous
        if u.shape[0] != x.shape[0]:
            raise input_error(
                "solver_input.rnn.u_vector", param="u", size=x.shape[0], count=u.shape[0]
            )
        return x.reshape(1, -1), oriented(np.tile(u, (hidden, 1))), ambiguous
    if reading == "sequence":
        return x.reshape(-1, 1), matrix(u, "U", shape(1), param="u"), False
    return x.reshape(1, -1), matrix(u, "U", shape(x.shape[0]), param="u"), False


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
    row: bool,
) -> tuple[Array, Array, Array, Array, Array, Array]:
    """The recurrence itself, line by line as in the module docstring; an intermediate beyond
    the float range is ±∞ (tanh(∞) = 1 is still right), an output there an InputError."""
    ux, wh, a, h, o, y = [], [], [], [], [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for x_t in X:
            ux.append(x_t @ U if row else U @ x_t)  # x_t·U  or  U·x_t
            wh.append(h_prev @ W if row else W @ h_prev)  # h_{t−1}·W  or  W·h_{t−1}
            a.append(ux[-1] + wh[-1] + b_h)  # a_t
            h.append(f(a[-1]))  # h_t = f(a_t)
            o.append((h[-1] @ V if row else V @ h[-1]) + b_y)  # o_t = h_t·V + b_y or V·h_t + b_y
            y.append(g(o[-1]))  # y_t = g(o_t)
            h_prev = h[-1]
    out = tuple(np.array(s) for s in (ux, wh, a, h, o, y))
    products = ("x_t·U", "h_{t−1}·W") if row else ("U·x_t", "W·h_{t−1}")
    names = (*products, "a_t", "h_t", "o_t = h_t·V + b_y" if row else "o_t = V·h_t + b_y", "y_t")
    first_overflow(names, ("u", "w", "x", "act", "v", "out"), out, {3, 5})  # h_t and y_t
    return out  # type: ignore[return-value]


class _Pass(NamedTuple):
    """One forward pass under one reading and one convention: the inputs as used, each step."""

    x: Array
    u: Array
    v: Array
    bh: Array
    by: Array
    h0: Array
    ux: Array
    wh: Array
    a: Array
    h: Array
    o: Array
    y: Array
    ambiguous: bool


@dataclass(frozen=True)
class _Given:
    """The inputs as given; `run` checks and shapes them for one reading and convention."""

    x: Array  # 1-d (flat) or T×D
    u: Array
    w: Array  # H×H, already checked
    v: ArrayLike
    bh: ArrayLike
    by: ArrayLike
    h0: ArrayLike | None
    f: Callable[[Array], Array]
    g: Callable[[Array], Array]

    def run(self, reading: str, convention: str) -> _Pass:
        row = convention == "row"
        H = self.w.shape[0]
        X, U, ambiguous = _shape_inputs(self.x, self.u, H, reading, row)
        vector(X.reshape(-1), "x", param="x")
        V = matrix(self.v, "V", (H, None) if row else (None, H), param="v")
        b_h = vector(self.bh, "b_h", H, param="bh")
        b_y = vector(self.by, "b_y", V.shape[1] if row else V.shape[0], param="by")
        h_0 = vector(np.zeros(H) if self.h0 is None else self.h0, "h_0", H, param="h0")
        steps = _forward(X, U, self.w, V, b_h, b_y, h_0, self.f, self.g, row)
        return _Pass(X, U, V, b_h, b_y, h_0, *steps, ambiguous)


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
    convention: str = "column",
    *,
    wcat: ArrayLike | None = None,
) -> RNNResult:
    """Run the RNN over x and return every intermediate value.

    convention="column" (U H×D, W H×H, V O×H; column vectors):
        a_t = U·x_t + W·h_{t−1} + b_h
        o_t = V·h_t + b_y
    convention="row" (U D×H, W H×H, V H×O; row vectors, the matrices used as typed):
        a_t = x_t·U + h_{t−1}·W + b_h
        o_t = h_t·V + b_y
    both:
        h_t = f(a_t)
        y_t = g(o_t)

    wcat (instead of u and w) is the concatenated matrix on [h_{t−1}; x_t]: split into W (the
    first H columns, or rows in the row convention) and U (the rest):
        column:  a_t = W_cat·[h_{t−1}; x_t] + b_h,  W_cat = [W  U], H×(H+D)
        row:     a_t = [h_{t−1}, x_t]·W_cat + b_h,  W_cat = [W; U], (H+D)×H

    The result also holds y under the other reading (when the flat x fits both) and under
    the other convention (when the matrices' shapes fit it).
    """
    if reading not in READINGS:
        raise input_error("solver_input.rnn.reading", param="reading", reading=reading)
    if convention not in CONVENTIONS:
        raise input_error("solver_input.rnn.convention", param="convention", convention=convention)
    f = activation(act, HIDDEN, Words("solver_input.name.hidden_activation"), "act")
    g = activation(out, OUTPUT, Words("solver_input.name.output_function"), "out")
    if wcat is not None:
        from dlquiz.solvers.rnn_cat import split_cat

        u, w = split_cat(wcat, convention, given_u=u is not EXAM["u"], given_w=w is not EXAM["w"])
    W = matrix(w, "W", (None, None), param="w")
    H = W.shape[0]
    if W.shape[1] != H:
        raise input_error(
            "solver_input.rnn.w_square", param="w", shape=f"{W.shape[0]}×{W.shape[1]}"
        )
    X_raw = np.asarray(x, dtype=np.float64)
    if X_raw.ndim not in (1, 2) or X_raw.size == 0:
        raise input_error("solver_input.rnn.x", param="x")
    given = _Given(X_raw, np.asarray(u, dtype=np.float64), W, v, bh, by, h0, f, g)

    r = given.run(reading, convention)
    other_y = None
    if r.ambiguous:
        other_y = _other(given, "vector" if reading == "sequence" else "sequence", convention)
    # the same matrices, as typed, multiplied the other way (a concatenated W_cat as typed, or
    # a U or V that is not square, fits one convention only)
    other_convention_y = None if wcat is not None else _other(given, reading, _OTHER[convention])
    return RNNResult(
        x=r.x, u=r.u, w=W, v=r.v, bh=r.bh, by=r.by, h0=r.h0,
        ux=r.ux, wh=r.wh, a=r.a, h=r.h, o=r.o, y=r.y, act=act, out=out,
        reading=reading if X_raw.ndim == 1 else "sequence",
        ambiguous=r.ambiguous, other_y=other_y,
        convention=convention, other_convention_y=other_convention_y,
    )  # fmt: skip


def _other(given: _Given, reading: str, convention: str) -> Array | None:
    """y under another reading or convention; None where it does not fit (or overflows)."""
    try:
        return given.run(reading, convention).y
    except InputError:
        return None
