"""Multi-head scaled dot-product attention of the Transformer: self-, causal and cross-attention.

    X_pe = X + PE                              (posenc=True; PE as in posenc.py)
    M = X for self-attention, M = the encoder states for cross-attention
    Q = X·W_Q,  K = M·W_K,  V = M·W_V
    d_k = d_model / H;  Q_h, K_h, V_h = columns h·d_k … (h+1)·d_k − 1 of Q, K, V
    S_h = Q_h·K_hᵀ
    S'_h = S_h / √d_k
    S'_h[i, j] = −∞ for j > i                  (mask="causal")
    A_h = softmax(S'_h)                        (row by row)
    Z_h = A_h·V_h
    C = [Z_1 … Z_H]
    out = C·W_O

Rows are tokens: X is n×d_model, M is m×d_model, every W is d_model×d_model, C and out are
n×d_model. With posenc=True the encoding is added to X first (X_pe stands in for X in every
later line); in cross-attention only the decoder side X gets it, never the encoder states M,
which carry their own positions already. A causal mask needs self-attention (or m = n).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import Words, input_error
from dlquiz.solvers._common import Array, Result, about, jsonable, listed, matrix
from dlquiz.solvers._stable import finite, scores, softmax_scaled, weights
from dlquiz.solvers.posenc import positional_encoding

EQUATIONS = (
    "Q = X·W_Q,  K = M·W_K,  V = M·W_V",
    "S_h = Q_h·K_hᵀ",
    "S'_h = S_h / √d_k",
    "A_h = softmax(S'_h)",
    "Z_h = A_h·V_h",
    "C = [Z_1 … Z_H]",
    "out = C·W_O",
)
MASKS = (None, "causal")
SCALES = ("dk", "tokens", "dmodel", "none")
_SMALLER = Words("solver_input.hint.scale_inputs")  # scale the inputs or the weights down


@dataclass(frozen=True)
class HeadResult(Result):
    """One head h; row i belongs to query token i."""

    q: Array  # Q_h, n×d_k
    k: Array  # K_h, m×d_k
    v: Array  # V_h, m×d_k
    scores: Array  # S_h = Q_h·K_hᵀ
    scaled: Array  # S'_h before the mask
    masked: Array | None  # S'_h with −∞ above the diagonal (mask="causal"), else None
    weights: Array  # A_h
    z: Array  # Z_h = A_h·V_h

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("q", "k", "v", "scores", "scaled", "weights", "z")

    def to_json(self) -> dict[str, Any]:
        data = super().to_json()
        if self.masked is not None:
            data["masked"] = jsonable(self.masked)  # −∞ above the diagonal becomes "-inf"
        return data


@dataclass(frozen=True)
class MHAResult(Result):
    """Every step of multi-head attention."""

    x: Array  # X as given
    pe: Array | None  # PE, n×d_model, when posenc
    x_pe: Array | None  # X + PE, when posenc
    memory: Array | None  # M for cross-attention, else None (M = X)
    q: Array  # Q, n×d_model (all heads side by side)
    k: Array  # K, m×d_model
    v: Array  # V, m×d_model
    heads: tuple[HeadResult, ...]
    concat: Array  # C = [Z_1 … Z_H]
    out: Array  # C·W_O (or C with skip_wo)
    d_k: int
    n_heads: int
    mask: str | None
    scale: str  # which divisor the scores were scaled by
    divisor: float  # the √… actually used
    transpose_q: bool
    softmax_axis: int
    skip_wo: bool

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("heads", "concat", "out", "d_k")

    def to_json(self) -> dict[str, Any]:
        data = super().to_json()
        if self.x_pe is not None:
            data["x_pe"] = jsonable(self.x_pe)
        return data


def _square(value: ArrayLike, symbol: str, d_model: int) -> Array:
    W = matrix(value, symbol, (None, None))
    if W.shape != (d_model, d_model):
        raise input_error(
            "solver_input.matrix_shape", name=symbol, want=f"d_model×d_model = {d_model}×{d_model}",
            shape=f"{W.shape[0]}×{W.shape[1]}",
        )  # fmt: skip
    return W


def _softmax(a: Array, axis: int) -> Array:
    """Stable softmax along `axis`; −∞ gets weight 0, and a slice that is −∞ throughout (fully
    masked) gets all zeros instead of 0/0."""
    return softmax_scaled(a, 0, axis)


def multi_head_attention(
    x: ArrayLike,
    wq: ArrayLike,
    wk: ArrayLike,
    wv: ArrayLike,
    wo: ArrayLike,
    heads: int = 1,
    mask: str | None = None,
    posenc: bool = False,
    memory: ArrayLike | None = None,
    *,
    scale: str = "dk",
    transpose_q: bool = False,
    softmax_axis: int = -1,
    skip_wo: bool = False,
) -> MHAResult:
    """Multi-head attention of the rows of X over the rows of M (M = X, or `memory`).

    Q = X·W_Q,  K = M·W_K,  V = M·W_V
    S_h = Q_h·K_hᵀ
    S'_h = S_h / √d_k
    A_h = softmax(S'_h)
    Z_h = A_h·V_h
    C = [Z_1 … Z_H]
    out = C·W_O

    Mistakes on purpose (for wrong-answer options), all off by default:
    scale: "dk" divides by √d_k (right), "tokens" by √n, "dmodel" by √d_model, "none" not at all.
    transpose_q: S_h = Q_hᵀ·K_h instead of Q_h·K_hᵀ (only defined when n = m = d_k).
    softmax_axis: -1 normalises each row of S'_h (right), 0 each column.
    skip_wo: out = C, forgetting the output projection W_O.
    """
    with about("x"):
        X = matrix(x, "X", (None, None))
    n, d_model = X.shape
    with about("heads"):
        if isinstance(heads, bool) or int(heads) != heads or heads < 1:
            raise input_error("solver_input.mha.heads", heads=heads)
        H = int(heads)
        if d_model % H:
            raise input_error("solver_input.mha.divisible", d_model=d_model, heads=H)
    d_k = d_model // H
    with about("wq"):
        W_Q = _square(wq, "W_Q", d_model)
    with about("wk"):
        W_K = _square(wk, "W_K", d_model)
    with about("wv"):
        W_V = _square(wv, "W_V", d_model)
    with about("wo"):
        W_O = _square(wo, "W_O", d_model)
    M_given = None
    if memory is not None:
        with about("memory"):
            M_given = matrix(memory, "M", (None, None))
            if M_given.shape[1] != d_model:
                raise input_error(
                    "solver_input.matrix_shape", name=Words("solver_input.name.memory"),
                    want=f"m×d_model = m×{d_model}",
                    shape=f"{M_given.shape[0]}×{M_given.shape[1]}",
                )  # fmt: skip
    m = n if M_given is None else M_given.shape[0]
    with about("mask"):
        if mask not in MASKS:
            raise input_error("solver_input.mha.mask", mask=mask)
        if mask == "causal" and m != n:
            raise input_error("solver_input.mha.causal", n=n, m=m)
    with about("scale"):
        if scale not in SCALES:
            what = Words("solver_input.name.scale_mode")
            raise input_error("solver_input.one_of", what=what, allowed=listed(SCALES), name=scale)
    with about("softmax_axis"):
        if softmax_axis not in (-1, 0):
            raise input_error("solver_input.mha.softmax_axis", axis=softmax_axis)
    with about("transpose_q"):
        if transpose_q and not (n == m == d_k):
            raise input_error("solver_input.mha.transpose_q", n=n, m=m, d_k=d_k)

    pe = positional_encoding(d_model, np.arange(n)).pe if posenc else None
    X_pe = None if pe is None else X + pe
    X_in = X if X_pe is None else X_pe
    M = X_in if M_given is None else M_given
    with np.errstate(over="ignore", invalid="ignore"):
        Q, K, V = X_in @ W_Q, M @ W_K, M @ W_V
    keys = "X" if M_given is None else "M"
    for name, value, source in (("Q", Q, "X"), ("K", K, keys), ("V", V, keys)):
        finite(value, f"{name} = {source}·W_{name}", f"w{name.lower()}", _SMALLER, entry=True)
    divisor = math.sqrt({"dk": d_k, "tokens": n, "dmodel": d_model, "none": 1}[scale])
    results = []
    for h in range(H):
        cols = slice(h * d_k, (h + 1) * d_k)
        Q_h, K_h, V_h = Q[:, cols], K[:, cols], V[:, cols]
        # S_h = Q_h·K_hᵀ and S'_h = S_h / √d_k, ±∞ where beyond the float range; A_h from
        # their exact scaled form then, so an overflowing score still gets the right weight
        sc = scores(Q_h.T, K_h.T, divisor) if transpose_q else scores(Q_h, K_h, divisor)
        S, S_scaled, S_masked, hide = sc.s, sc.scaled, None, None
        if mask == "causal":  # S'_h[i, j] = −∞ for j > i
            hide = np.triu(np.ones(S.shape, dtype=bool), k=1)
            S_masked = np.where(hide, -np.inf, S_scaled)
        A = weights(sc, softmax_axis, hide)  # A_h = softmax(S'_h)
        with np.errstate(over="ignore", invalid="ignore"):
            Z = A @ V_h  # Z_h = A_h·V_h
        finite(Z, f"Z_{h + 1} = A_{h + 1}·V_{h + 1}", "x", _SMALLER, entry=True)
        results.append(HeadResult(Q_h, K_h, V_h, S, S_scaled, S_masked, A, Z))
    C = np.concatenate([r.z for r in results], axis=1)  # C = [Z_1 … Z_H]
    with np.errstate(over="ignore", invalid="ignore"):
        out = C if skip_wo else C @ W_O  # out = C·W_O
    finite(out, "out = C·W_O", "wo", _SMALLER, entry=True)
    return MHAResult(
        x=X, pe=pe, x_pe=X_pe, memory=M_given, q=Q, k=K, v=V, heads=tuple(results), concat=C,
        out=out, d_k=d_k, n_heads=H, mask=mask, scale=scale, divisor=divisor,
        transpose_q=transpose_q, softmax_axis=softmax_axis, skip_wo=skip_wo,
    )  # fmt: skip
