"""Gradient clipping by norm, the usual fix for exploding gradients.

    ‖g‖ = √(Σ_i g_i²)
    if ‖g‖ > β:  g ← β·g / ‖g‖

The direction of g is kept; only its length is capped at the threshold β.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import InputError
from dlquiz.solvers._common import Array, Result, vector

EQUATIONS = ("‖g‖ = √(Σ_i g_i²)", "if ‖g‖ > β:  g ← β·g / ‖g‖")
EXAMPLE: dict[str, Any] = {"g": [3.0, 4.0], "threshold": 1.0}


@dataclass(frozen=True)
class ClipResult(Result):
    g: Array
    threshold: float
    norm: float
    clipped: Array
    scaled: bool  # True when the gradient was rescaled
    factor: float  # β/‖g‖ when scaled, else 1

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("norm", "clipped", "scaled")


def clip_gradient(
    g: ArrayLike = EXAMPLE["g"], threshold: float = EXAMPLE["threshold"]
) -> ClipResult:
    """Rescale g to length β when it is longer.

    ‖g‖ = √(Σ_i g_i²)
    if ‖g‖ > β:  g ← β·g / ‖g‖
    """
    G = vector(g, "the gradient g", param="g")
    if not (math.isfinite(threshold) and threshold > 0):
        raise InputError(
            f"the threshold β must be a positive number, not {threshold:g}", param="threshold"
        )
    norm = float(np.sqrt(np.sum(G**2)))
    scaled = norm > threshold
    factor = threshold / norm if scaled else 1.0
    return ClipResult(
        g=G, threshold=float(threshold), norm=norm, clipped=G * factor, scaled=scaled,
        factor=factor,
    )  # fmt: skip
