"""Gradient clipping by norm, the usual fix for exploding gradients.

    ‖g‖ = √(Σ_i g_i²)
    if ‖g‖ > β:  g ← β·g / ‖g‖

The direction of g is kept; only its length is capped at the threshold β.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

from numpy.typing import ArrayLike

from dlquiz.errors import Words, input_error
from dlquiz.solvers._common import Array, Result, vector
from dlquiz.solvers._stable import clip_by_norm

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
    G = vector(g, Words("solver_input.name.gradient"), param="g")
    if not (math.isfinite(threshold) and threshold > 0):
        raise input_error(
            "solver_input.clip.threshold", param="threshold", threshold=f"{threshold:g}"
        )
    # ‖g‖ and β·g/‖g‖ on g·2^−e (exact), so 1e200 or 1e-200 entries neither overflow nor vanish
    c = clip_by_norm(G, float(threshold), "g", "g")
    return ClipResult(
        g=G, threshold=float(threshold), norm=c.norm, clipped=c.clipped, scaled=c.scaled,
        factor=c.factor,
    )  # fmt: skip
