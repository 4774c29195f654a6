"""Gradient flow back through time in a linear(ised) RNN: the exam's Q2, shown with numbers.

Backpropagation through time multiplies the gradient by the recurrent Jacobian once per step:

    ∂h_T/∂h_{T−k} = (Wᵀ·diag(f′))^k        g_k = (Wᵀ·diag(f′))^k · g_0

Take f′ = 1 (a linear RNN, or tanh near 0) and W = s·Q with Q orthogonal (QᵀQ = I). Then

    ‖g_k‖ = ‖(s·Qᵀ)^k · g_0‖ = s^k · ‖g_0‖

and with ‖g_0‖ = 1 the norm k steps back is exactly s^k: it vanishes for s < 1, stays at 1 for
s = 1 and explodes for s > 1. (Clipping by norm is not part of this flow: it rescales the whole
gradient once per update, g ← β·g/‖g‖ when ‖g‖ > β; see `dlquiz.solvers.clip`.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from dlquiz.errors import Words, input_error
from dlquiz.solvers._common import Array, Result
from dlquiz.solvers._stable import finite, norm

EQUATIONS = (
    "∂h_T/∂h_{T−k} = (Wᵀ·diag(f′))^k",
    "W = s·Q, Q orthogonal, f′ = 1  ⇒  ‖g_k‖ = s^k·‖g_0‖",
)
MAX_STEPS = 1000


@dataclass(frozen=True)
class GradFlowResult(Result):
    """Gradient norms k = 0..steps steps back through time; norms[k] = scale**k."""

    scale: float  # s in W = s·Q
    steps: int
    w: Array  # the hidden×hidden recurrent matrix s·Q
    g0: Array  # the unit gradient at the last step, ∂L/∂h_T
    norms: Array  # ‖g_k‖ for k = 0..steps (steps+1 values)

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("norms",)


def gradient_norms(scale: float, steps: int, hidden: int = 4, seed: int = 0) -> GradFlowResult:
    """‖g_k‖ = ‖(Wᵀ·diag(f′))^k · g_0‖ for k = 0..steps, with W = scale·Q, Q a seeded random
    orthogonal matrix, f′ = 1 and ‖g_0‖ = 1, so that ‖g_k‖ = scale^k exactly (up to rounding).

    The product is computed step by step, as backpropagation does, not from the closed form.
    """
    if not math.isfinite(scale) or scale < 0:
        raise input_error("solver_input.gradflow.scale", scale=scale)
    if not 0 <= steps <= MAX_STEPS:
        raise input_error("solver_input.gradflow.steps", most=MAX_STEPS, steps=steps)
    if hidden < 1:
        raise input_error("solver_input.gradflow.hidden", hidden=hidden)
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.standard_normal((hidden, hidden)))
    q = q * np.where(np.diag(r) < 0, -1.0, 1.0)  # a uniformly random orthogonal matrix
    w = scale * q
    fprime = np.ones(hidden)  # f′ = 1: the linearised RNN
    jacobian_t = w.T * fprime  # Wᵀ·diag(f′)
    g0 = rng.standard_normal(hidden)
    g0 = g0 / np.linalg.norm(g0)
    g = g0
    norms = [float(np.linalg.norm(g))]
    with np.errstate(over="ignore", invalid="ignore"):  # s^k beyond the range: said below
        for _ in range(steps):
            g = jacobian_t @ g
            norms.append(norm(g))
    said = f"‖g_k‖ = s^k = {scale:g}^{steps}"
    finite(np.array(norms), said, "scale", Words("solver_input.hint.smaller_s"))
    return GradFlowResult(scale=float(scale), steps=steps, w=w, g0=g0, norms=np.array(norms))
