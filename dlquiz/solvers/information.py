"""Entropy, cross-entropy and KL divergence, in bits by default (as the exam's notes use).

    H(P) = −Σ_x P(x)·log_b P(x)
    H(P, Q) = −Σ_x P(x)·log_b Q(x)
    D_KL(P‖Q) = H(P, Q) − H(P) = Σ_x P(x)·log_b(P(x) / Q(x))

Terms with P(x) = 0 count as 0 (the limit of p·log p). Where Q(x) = 0 but P(x) > 0 the
cross-entropy and the KL divergence are infinite. For a table of predictions the cross-entropy
of sample n is −Σ_c y_nc·log_b ŷ_nc, and the notes' "overall cross entropy" is the SUM over samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import Words, input_error
from dlquiz.solvers._common import Array, Result, probabilities, vector

EQUATIONS = (
    "H(P) = −Σ_x P(x)·log_b P(x)",
    "H(P, Q) = −Σ_x P(x)·log_b Q(x)",
    "D_KL(P‖Q) = H(P, Q) − H(P) = Σ_x P(x)·log_b(P(x) / Q(x))",
)
BASES = {"2": 2.0, "e": math.e, "10": 10.0}

# The notes' examples: two bags of balls, and Model 1 of the cross-entropy tables.
BAG_A, BAG_B = [0.7, 0.3], [0.5, 0.5]
MODEL_1: dict[str, Any] = {
    "pred": [[0.4, 0.3, 0.3], [0.3, 0.4, 0.3], [0.5, 0.2, 0.3], [0.8, 0.1, 0.1]],
    "labels": [0, 1, 0, 2],
}


def log_base(base: str | float) -> float:
    """ln(b) for a base given as "2", "e", "10" or a number > 1."""
    key = str(base).strip().lower()
    if key in BASES:
        return math.log(BASES[key])
    if key in ("2.0", "10.0", str(math.e)):
        return math.log(float(key))
    raise input_error("solver_input.information.base", param="base", base=base)


def _minus_p_log_q(p: Array, q: Array, ln_b: float) -> Array:
    """Elementwise −p·log_b q with 0·log 0 = 0 and +inf where q = 0 < p."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, -p * np.log(np.where(q > 0, q, 1.0)) / ln_b, 0.0)
    out: Array = np.where((p > 0) & (q <= 0), np.inf, terms)
    return out


@dataclass(frozen=True)
class EntropyResult(Result):
    p: Array
    terms: Array  # −p(x)·log_b p(x)
    entropy: float
    base: str

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("entropy",)


def entropy(p: ArrayLike = BAG_A, base: str = "2") -> EntropyResult:
    """H(P) = −Σ_x P(x)·log_b P(x)"""
    ln_b = log_base(base)
    P = probabilities(vector(p, "P", param="p"), "P", param="p")
    terms = _minus_p_log_q(P, P, ln_b)
    return EntropyResult(p=P, terms=terms, entropy=float(terms.sum()), base=str(base))


@dataclass(frozen=True)
class CrossEntropyResult(Result):
    pred: Array  # N×C predicted probabilities
    actual: Array  # N×C true distributions (one-hot for class labels)
    terms: Array  # N×C, −y_nc·log_b ŷ_nc
    per_sample: Array  # N
    per_class: Array  # C, summed over the samples
    total: float  # Σ per_sample
    mean: float
    base: str

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("per_sample", "per_class", "total")


def cross_entropy_table(
    pred: ArrayLike | None = None,
    labels: ArrayLike | None = None,
    actual: ArrayLike | None = None,
    p: ArrayLike | None = None,
    q: ArrayLike | None = None,
    base: str = "2",
) -> CrossEntropyResult:
    """H(P, Q) = −Σ_x P(x)·log_b Q(x), per sample, per true class and in total.

    Give predicted rows with integer `labels` (0-based) or one-hot `actual` rows; or one pair
    `p` (true) and `q` (predicted), which is a table of one sample.
    """
    ln_b = log_base(base)
    if p is not None or q is not None:
        if pred is not None:
            raise input_error("solver_input.information.pair_and_table", param="pred")
        if p is None:
            raise input_error("solver_input.information.needs_p", param="p")
        if q is None:
            raise input_error("solver_input.information.needs_q", param="q")
        actual, pred = [vector(p, "P", param="p")], [vector(q, "Q", param="q")]
    if pred is None:
        pred = MODEL_1["pred"]
        if labels is None and actual is None:
            labels = MODEL_1["labels"]
    Y_hat = probabilities(
        np.atleast_2d(np.asarray(pred, dtype=np.float64)),
        Words("solver_input.name.predictions"),
        param="pred",
    )
    N, C = Y_hat.shape
    if labels is not None and actual is not None:
        raise input_error("solver_input.information.labels_and_rows", param="actual")
    if labels is not None:
        Y = np.zeros((N, C))
        lab = vector(labels, Words("solver_input.name.labels"), N, param="labels")
        if np.any(lab != np.round(lab)) or np.any((lab < 0) | (lab >= C)):
            raise input_error("solver_input.information.labels", param="labels", last=C - 1)
        Y[np.arange(N), lab.astype(int)] = 1.0
    elif actual is not None:
        Y = probabilities(
            np.atleast_2d(np.asarray(actual, dtype=np.float64)),
            Words("solver_input.name.true_rows"),
            param="actual",
        )
        if Y.shape != Y_hat.shape:
            raise input_error(
                "solver_input.information.rows_shape", param="actual", size=f"{N}×{C}",
                shape=f"{Y.shape[0]}×{Y.shape[1]}",
            )  # fmt: skip
    else:
        raise input_error("solver_input.information.no_classes", param="labels")
    terms = _minus_p_log_q(Y, Y_hat, ln_b)
    per_sample = terms.sum(axis=1)
    return CrossEntropyResult(
        pred=Y_hat, actual=Y, terms=terms, per_sample=per_sample, per_class=terms.sum(axis=0),
        total=float(per_sample.sum()), mean=float(per_sample.mean()), base=str(base),
    )  # fmt: skip


@dataclass(frozen=True)
class KLResult(Result):
    p: Array
    q: Array
    entropy_p: float  # H(P)
    cross_entropy: float  # H(P, Q)
    kl: float  # D_KL(P‖Q)
    base: str

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("entropy_p", "cross_entropy", "kl")


def kl_divergence(p: ArrayLike = BAG_A, q: ArrayLike = BAG_B, base: str = "2") -> KLResult:
    """D_KL(P‖Q) = H(P, Q) − H(P) = Σ_x P(x)·log_b(P(x) / Q(x))"""
    ln_b = log_base(base)
    P = probabilities(vector(p, "P", param="p"), "P", param="p")
    Q = probabilities(vector(q, "Q", P.shape[0], param="q"), "Q", param="q")
    h_p = float(_minus_p_log_q(P, P, ln_b).sum())
    h_pq = float(_minus_p_log_q(P, Q, ln_b).sum())
    # Σ p·log(p/q) directly, rather than the difference, to keep tiny divergences exact.
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log(np.where(P > 0, P, 1.0)) - np.log(np.where(Q > 0, Q, 1.0))
        ratio = np.where(P > 0, P * log_ratio, 0.0)
    kl = math.inf if math.isinf(h_pq) else max(float(ratio.sum()) / ln_b, 0.0)
    return KLResult(p=P, q=Q, entropy_p=h_p, cross_entropy=h_pq, kl=kl, base=str(base))
