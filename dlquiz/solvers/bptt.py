"""Backpropagation through time (BPTT) in a tanh RNN, with one loss on the last output.

Forward, for t = 1 … T, column vectors as in rnn.py:

    a_t = U·x_t + W·h_{t−1} + b_h
    h_t = tanh(a_t)
    y_t = V·h_t + b_y
    L = ½‖y_T − target‖²

Backward, from t = T down to 1:

    δy = y_T − target,  ∂L/∂V = δy·h_Tᵀ,  ∂L/∂b_y = δy,  ∂L/∂h_T = Vᵀ·δy
    δa_t = (1 − h_t²) ⊙ ∂L/∂h_t
    ∂L/∂h_{t−1} = Wᵀ·δa_t
    ∂L/∂U = Σ_t δa_t·x_tᵀ,  ∂L/∂W = Σ_t δa_t·h_{t−1}ᵀ,  ∂L/∂b_h = Σ_t δa_t
    J_t = ∂h_t/∂h_{t−1} = diag(1 − h_t²)·W
    P_t = ∂h_T/∂h_t = J_T·J_{T−1} ··· J_{t+1}  (P_T = I),  so ∂L/∂h_t = P_tᵀ·∂L/∂h_T

‖P_t‖₂ is the spectral norm (largest singular value) of the product: far below 1 for early t,
the gradient vanishes; far above, it explodes. Clipping by norm treats the five gradients as
one vector g and rescales it once, never one parameter at a time:

    ‖g‖ = √(‖∂L/∂U‖² + ‖∂L/∂W‖² + ‖∂L/∂V‖² + ‖∂L/∂b_h‖² + ‖∂L/∂b_y‖²)
    if ‖g‖ > β:  g ← g·β/‖g‖

Shapes: x_t ∈ ℝ^D, h_t ∈ ℝ^H, y_t ∈ ℝ^O; U is H×D, W is H×H, V is O×H. The defaults are the
exam's Q4 network with a made-up target y_T = 1 (the exam asks for no BPTT numbers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import Words, input_error
from dlquiz.solvers._common import Array, Result, about, matrix, sequence, vector
from dlquiz.solvers._stable import clip_by_norm, finite, first_overflow, norm, row_norms
from dlquiz.solvers.rnn import EXAM

EQUATIONS = (
    "a_t = U·x_t + W·h_{t−1} + b_h",
    "h_t = tanh(a_t)",
    "y_t = V·h_t + b_y",
    "L = ½‖y_T − target‖²",
    "δa_t = (1 − h_t²) ⊙ ∂L/∂h_t",
    "∂L/∂h_{t−1} = Wᵀ·δa_t",
    "J_t = ∂h_t/∂h_{t−1} = diag(1 − h_t²)·W",
    "if ‖g‖ > β:  g ← g·β/‖g‖",
)
_EXPLODES = Words("solver_input.hint.explodes")  # use a smaller W, fewer steps or…
_NEARER = Words("solver_input.hint.nearer")  # use a target nearer y_T
# The exam's Q4 network (the same numbers as `dlquiz solve rnn`), with a made-up target.
EXAMPLE: dict[str, Any] = {**{k: v for k, v in EXAM.items() if k != "h0"}, "target": [1.0]}


@dataclass(frozen=True)
class Grads(Result):
    """∂L/∂ of each parameter, shaped like the parameter."""

    U: Array
    W: Array
    V: Array
    b_h: Array
    b_y: Array

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("U", "W", "V", "b_h", "b_y")

    def flat(self) -> Array:
        """All five as one vector g."""
        return np.concatenate([getattr(self, k).reshape(-1) for k in self.JSON_KEYS])

    def unflat(self, flat: Array) -> Grads:
        """The five shaped like these from one vector g (the inverse of `flat`)."""
        sizes = np.cumsum([getattr(self, k).size for k in self.JSON_KEYS])[:-1]
        parts = np.split(flat, sizes)
        return Grads(
            *(p.reshape(getattr(self, k).shape) for k, p in zip(self.JSON_KEYS, parts, strict=True))
        )


@dataclass(frozen=True)
class BPTTResult(Result):
    """Forward and backward pass; row t−1 of each T-row array is time step t."""

    x: Array  # T×D
    h0: Array
    target: Array
    a: Array  # T×H pre-activations
    h: Array  # T×H hidden states
    y: Array  # T×O outputs (only y_T enters the loss)
    loss: float
    dy: Array  # δy = y_T − target
    dh: Array  # T×H, ∂L/∂h_t
    dh_norm: Array  # T, ‖∂L/∂h_t‖
    da: Array  # T×H, δa_t
    jacobians: Array  # T×H×H, J_t
    products: Array  # T×H×H, P_t = ∂h_T/∂h_t
    jacobian_norm: Array  # T, ‖P_t‖₂ (spectral)
    grads: Grads
    grad_norm: float  # ‖g‖ over all five gradients
    clip: float | None  # β
    clipped: Grads | None  # g after clipping, when clip is given
    scale: float  # β/‖g‖ when clipping rescaled g, else 1

    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "h", "y", "loss", "dh", "dh_norm", "jacobian_norm", "grads", "grad_norm", "clipped",
        "scale",
    )  # fmt: skip


def _matrix(value: ArrayLike, symbol: str, want: str, rows: int | None, cols: int) -> Array:
    raw = np.asarray(value, dtype=np.float64)
    if raw.ndim == 1 and cols == 1:
        raw = raw.reshape(-1, 1)  # a list is a column when the matrix has one column
    M = matrix(raw, symbol, (None, None))
    if (rows is not None and M.shape[0] != rows) or M.shape[1] != cols:
        size = f"{'O' if rows is None else rows}×{cols}"
        raise input_error(
            "solver_input.matrix_shape", name=symbol, want=f"{want} = {size}",
            shape=f"{M.shape[0]}×{M.shape[1]}",
        )  # fmt: skip
    return M


def _vector(value: ArrayLike, symbol: str | Words, want: str, size: int) -> Array:
    b = vector(value, symbol)
    if b.shape[0] != size:
        raise input_error(
            "solver_input.vector_size", name=symbol, size=f"{want} = {size}", count=b.shape[0]
        )
    return b


def bptt(
    x: ArrayLike = EXAMPLE["x"],
    u: ArrayLike = EXAMPLE["u"],
    w: ArrayLike = EXAMPLE["w"],
    v: ArrayLike = EXAMPLE["v"],
    bh: ArrayLike = EXAMPLE["bh"],
    by: ArrayLike = EXAMPLE["by"],
    h0: ArrayLike | None = None,
    target: ArrayLike = EXAMPLE["target"],
    clip: float | None = None,
) -> BPTTResult:
    """Forward over x, the loss on y_T, and every gradient back through time.

    a_t = U·x_t + W·h_{t−1} + b_h
    h_t = tanh(a_t)
    y_t = V·h_t + b_y
    L = ½‖y_T − target‖²
    δa_t = (1 − h_t²) ⊙ ∂L/∂h_t
    ∂L/∂h_{t−1} = Wᵀ·δa_t
    J_t = ∂h_t/∂h_{t−1} = diag(1 − h_t²)·W
    if ‖g‖ > β:  g ← g·β/‖g‖
    """
    with about("x"):
        X = sequence(x, "x")
    T, D = X.shape
    with about("w"):
        W = matrix(w, "W", (None, None))
        H = W.shape[0]
        if W.shape[1] != H:
            raise input_error("solver_input.bptt.w_square", shape=f"{W.shape[0]}×{W.shape[1]}")
    with about("u"):
        U = _matrix(u, "U", "H×D", H, D)
    with about("v"):
        V = _matrix(v, "V", "O×H", None, H)
    n_out = V.shape[0]
    with about("bh"):
        b_h = _vector(bh, "b_h", "H", H)
    with about("by"):
        b_y = _vector(by, "b_y", "O", n_out)
    with about("h0"):
        h_prev = _vector(np.zeros(H) if h0 is None else h0, "h_0", "H", H)
    with about("target"):
        y_target = _vector(target, Words("solver_input.name.target"), "O", n_out)
    with about("clip"):
        if clip is not None and not (math.isfinite(clip) and clip > 0):
            raise input_error("solver_input.bptt.clip", clip=clip)

    h0_used = h_prev
    a, h, y = [], [], []
    with np.errstate(over="ignore", invalid="ignore"):  # a_t = ±∞ is fine: tanh(±∞) = ±1
        for x_t in X:
            a.append(U @ x_t + W @ h_prev + b_h)  # a_t = U·x_t + W·h_{t−1} + b_h
            h.append(np.tanh(a[-1]))  # h_t = tanh(a_t)
            y.append(V @ h[-1] + b_y)  # y_t = V·h_t + b_y
            h_prev = h[-1]
        A, Hs, Y = np.array(a), np.array(h), np.array(y)
        first_overflow(("a_t", "h_t", "y_t = V·h_t + b_y"), ("x", "x", "v"), (A, Hs, Y), {1, 2})
        h_before = np.vstack([h0_used, Hs[:-1]])  # h_{t−1} for t = 1 … T
        dy = Y[-1] - y_target
        finite(dy, Words("solver_input.name.delta_y"), "target")
        loss = 0.5 * float(dy @ dy)  # L = ½‖y_T − target‖²
        if not math.isfinite(loss):  # dy·dy overflowed: ½·‖dy‖·‖dy‖ with the scaled norm
            loss = 0.5 * norm(dy) * norm(dy)
        finite(np.array(loss), Words("solver_input.name.loss"), "target", _NEARER)

        dh, da = np.zeros((T, H)), np.zeros((T, H))
        jac, prod = np.zeros((T, H, H)), np.zeros((T, H, H))
        g_h = V.T @ dy  # ∂L/∂h_T = Vᵀ·δy
        P = np.eye(H)  # P_T = I
        for t in range(T - 1, -1, -1):
            dh[t], prod[t] = g_h, P
            da[t] = (1.0 - Hs[t] ** 2) * g_h  # δa_t = (1 − h_t²) ⊙ ∂L/∂h_t
            jac[t] = (1.0 - Hs[t] ** 2)[:, None] * W  # J_t = diag(1 − h_t²)·W
            g_h = W.T @ da[t]  # ∂L/∂h_{t−1} = Wᵀ·δa_t
            P = P @ jac[t]  # P_{t−1} = P_t·J_t
        finite(prod, Words("solver_input.name.jacobians"), "w", _EXPLODES)
        finite(np.vstack([dh, da]), Words("solver_input.name.gradient_h"), "w", _EXPLODES)
        grads = Grads(U=da.T @ X, W=da.T @ h_before, V=np.outer(dy, Hs[-1]),
                      b_h=da.sum(axis=0), b_y=dy)  # fmt: skip
    for key, param in (("U", "x"), ("W", "w"), ("V", "target"), ("b_h", "w")):
        finite(getattr(grads, key), f"∂L/∂{key}", param, _EXPLODES, entry=True)
    if clip is None:  # ‖g‖ scaled by a power of two: no square overflows
        grad_norm, clipped, scale = norm(grads.flat()), None, 1.0
        finite(np.array(grad_norm), "‖g‖", None, _EXPLODES)
    else:  # if ‖g‖ > β:  g ← g·β/‖g‖, computed as β·u/‖u‖ with u = g·2^−e
        grad_norm, flat, _, scale = clip_by_norm(grads.flat(), float(clip), "g", None)
        clipped = grads.unflat(flat)
    return BPTTResult(
        x=X, h0=h0_used, target=y_target, a=A, h=Hs, y=Y, loss=loss, dy=dy, dh=dh,
        dh_norm=row_norms(dh), da=da, jacobians=jac, products=prod,
        jacobian_norm=_spectral(prod), grads=grads, grad_norm=grad_norm,
        clip=None if clip is None else float(clip), clipped=clipped, scale=scale,
    )  # fmt: skip


def _spectral(products: Array) -> Array:
    """‖P_t‖₂, the largest singular value of each P_t, on P_t·2^−e (exact) so it cannot overflow."""
    e = np.frexp(np.abs(products).reshape(len(products), -1).max(axis=1))[1]
    top = np.linalg.svd(np.ldexp(products, -e[:, None, None]), compute_uv=False).max(axis=1)
    with np.errstate(over="ignore"):
        out: Array = np.ldexp(top, e)
    finite(out, Words("solver_input.name.jacobian_norm"), "w", _EXPLODES)
    return out
