"""Softmax, with the steps a student writes by hand.

    m = max_j z_j
    e_j = exp(z_j − m)
    softmax(z)_j = e_j / Σ_k e_k

Subtracting the maximum changes nothing in the result (it cancels in the ratio) but keeps
exp from overflowing; a matrix is taken row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import input_error
from dlquiz.solvers._common import Array, Result

EQUATIONS = ("m = max_j z_j", "e_j = exp(z_j − m)", "softmax(z)_j = e_j / Σ_k e_k")
EXAMPLE = [14.0, 12.0]  # the exam's scaled attention scores


@dataclass(frozen=True)
class SoftmaxResult(Result):
    z: Array
    shifted: Array  # z − max
    exp: Array  # exp(z − max)
    total: Array  # Σ exp, per row
    softmax: Array

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("softmax",)


def softmax_steps(z: ArrayLike = EXAMPLE) -> SoftmaxResult:
    """softmax(z)_j = e_j / Σ_k e_k with e_j = exp(z_j − max z), row by row.

    m = max_j z_j
    e_j = exp(z_j − m)
    softmax(z)_j = e_j / Σ_k e_k
    """
    Z = np.asarray(z, dtype=np.float64)
    if Z.ndim not in (1, 2) or Z.size == 0 or not np.all(np.isfinite(Z)):
        raise input_error("solver_input.softmax.z", param="z")
    m = Z.max(axis=-1, keepdims=True)
    with np.errstate(over="ignore"):  # 1e308 − (−1e308) is −∞ here: exp gives 0, as it should
        shifted = Z - m
    e = np.exp(shifted)
    total = e.sum(axis=-1, keepdims=True)
    return SoftmaxResult(z=Z, shifted=shifted, exp=e, total=total.squeeze(-1), softmax=e / total)
