"""Single-head scaled dot-product self-attention (the exam's Q6).

    Q = X·W^Q,  K = X·W^K,  V = X·W^V        (when X and the projections are given)
    S = Q·Kᵀ
    S' = S / √d_k
    A = softmax(S')                          (row by row)
    Z = A·V

Row i of Z is Σ_j A_ij·v_j: a weighted average of the value vectors, weighted by how well
query i matches each key. The exam's figure gives q1·k1 = 112, q1·k2 = 96 and d_k = 64, so
S' = [14, 12], A = [0.88, 0.12] and z1 = 0.88·v1 + 0.12·v2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import Words, input_error
from dlquiz.solvers._common import Array, Result, matrix, vector
from dlquiz.solvers._stable import finite, given_scores, weights
from dlquiz.solvers._stable import scores as dot_scores

EQUATIONS = (
    "Q = X·W^Q,  K = X·W^K,  V = X·W^V",
    "S = Q·Kᵀ",
    "S' = S / √d_k",
    "A = softmax(S')",
    "Z = A·V",
)
EXAM_SCORES: dict[str, Any] = {"scores": [112.0, 96.0], "dk": 64.0}


@dataclass(frozen=True)
class AttentionResult(Result):
    """Every step of one attention head; row i belongs to query i."""

    q: Array
    k: Array
    v: Array | None  # None when only scores were given
    scores: Array  # Q·Kᵀ
    scaled: Array  # Q·Kᵀ/√d_k (equal to scores when scale=False)
    weights: Array  # softmax of scaled, rows sum to 1
    z: Array | None  # weights·V, or None without V
    dk: float
    scale: bool
    projected: bool

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("scores", "scaled", "weights", "z")

    def to_json(self) -> dict[str, object]:
        data = super().to_json()
        if self.z is None:  # scores mode without V: z is a formula in v1, v2…, not numbers
            del data["z"]
        if self.projected:
            data.update(Result.to_json(_Projections(self.q, self.k, self.v)))
        return data


@dataclass(frozen=True)
class _Projections(Result):
    q: Array
    k: Array
    v: Array | None
    JSON_KEYS: ClassVar[tuple[str, ...]] = ("q", "k", "v")


def z_formula(weights: Array) -> str | list[str]:
    """'0.8808·v1 + 0.1192·v2' for each row of weights."""
    rows = [
        " + ".join(f"{w:.4f}·v{j + 1}" for j, w in enumerate(r)) for r in np.atleast_2d(weights)
    ]
    return rows[0] if weights.ndim == 1 else rows


def self_attention(
    q: ArrayLike | None = None,
    k: ArrayLike | None = None,
    v: ArrayLike | None = None,
    x: ArrayLike | None = None,
    wq: ArrayLike | None = None,
    wk: ArrayLike | None = None,
    wv: ArrayLike | None = None,
    scale: bool = True,
) -> AttentionResult:
    """Attention from Q, K, V, or from X and the projections W^Q, W^K, W^V.

    Q = X·W^Q,  K = X·W^K,  V = X·W^V
    S = Q·Kᵀ
    S' = S / √d_k
    A = softmax(S')
    Z = A·V
    """
    projected = x is not None
    if x is not None:
        if wq is None or wk is None or wv is None:
            raise input_error(
                "solver_input.attention.projections", param=_first_missing(wq=wq, wk=wk, wv=wv)
            )
        X = matrix(x, "X", (None, None), param="x")
        W_q = matrix(wq, "W^Q", (X.shape[1], None), param="wq", rule="d_model×d_k")
        W_k = matrix(wk, "W^K", (X.shape[1], W_q.shape[1]), param="wk", rule="d_model×d_k")
        W_v = matrix(wv, "W^V", (X.shape[1], None), param="wv", rule="d_model×d_v")
        with np.errstate(over="ignore", invalid="ignore"):
            Q, K, V = X @ W_q, X @ W_k, X @ W_v
        for name, value, param in (("Q", Q, "wq"), ("K", K, "wk"), ("V", V, "wv")):
            hint = Words("solver_input.hint.scale_x")
            finite(value, f"{name} = X·W^{name}", param, hint, entry=True)
    else:
        if q is None or k is None or v is None:
            missing = _first_missing(q=q, k=k, v=v)
            raise input_error(
                "solver_input.attention.missing", param=missing, missing=missing.upper()
            )
        Q = matrix(q, "Q", (None, None), param="q")
        K = matrix(k, "K", (None, Q.shape[1]), param="k", rule="n×d_k")
        V = matrix(v, "V", (K.shape[0], None), param="v")
    d_k = float(Q.shape[1])
    # S and S' as floats (±∞ beyond the range); A from their exact scaled form, so a score
    # that overflows still gets the right weight
    sc = dot_scores(Q, K, float(np.sqrt(d_k)) if scale else 1.0)
    S, S_scaled, A = sc.s, sc.scaled, weights(sc)
    Z = _values(A, V)
    return AttentionResult(
        q=Q, k=K, v=V, scores=S, scaled=S_scaled, weights=A, z=Z, dk=d_k, scale=scale,
        projected=projected,
    )  # fmt: skip


def _values(A: Array, V: Array) -> Array:
    """Z = A·V: each row a weighted average of the rows of V, so within their range."""
    with np.errstate(over="ignore", invalid="ignore"):
        Z: Array = A @ V
    finite(Z, "Z = A·V", "v", Words("solver_input.hint.scale_v"), entry=True)
    return Z


def _first_missing(**given: ArrayLike | None) -> str:
    return next(name for name, value in given.items() if value is None)


def attention_from_scores(
    scores: ArrayLike = EXAM_SCORES["scores"],
    dk: float = EXAM_SCORES["dk"],
    v: ArrayLike | None = None,
    scale: bool = True,
) -> AttentionResult:
    """The exam's shortcut: the dot products q·k_j are given, with d_k.

    S' = S / √d_k
    A = softmax(S')
    Z = A·V
    """
    S = np.asarray(scores, dtype=np.float64)
    if S.ndim < 2:
        S = vector(S, Words("solver_input.name.scores"), param="scores")
    else:
        S = matrix(S, Words("solver_input.name.scores_matrix"), (None, None), param="scores")
    if not (dk > 0 and math.isfinite(dk)):
        raise input_error("solver_input.attention.dk", param="dk", dk=f"{dk:g}")
    sc = given_scores(S, math.sqrt(dk) if scale else 1.0)  # S / √d_k may overflow: see above
    S_scaled, A = sc.scaled, weights(sc)
    V = None if v is None else matrix(v, "V", (S.shape[-1], None), param="v")
    Z = None if V is None else _values(A, V)
    empty = np.zeros((0, 0))
    return AttentionResult(
        q=empty, k=empty, v=V, scores=S, scaled=S_scaled, weights=A, z=Z, dk=float(dk),
        scale=scale, projected=False,
    )  # fmt: skip
