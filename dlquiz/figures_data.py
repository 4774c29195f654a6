"""The numbers the figures show, computed before anything is drawn.

The renderers draw what they are given and compute nothing; the numbers come from here, and
here from the solver engine (imported only when a figure that needs it is drawn). The
seq2seq attention weights are the example weights of the students' notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# SEQ2SEQ_ALPHA[i][j]: how much decoder step i+1 attends to encoder state h_{j+1}; each row
# sums to 1. The notes' weights for translating "Tom chase Jerry".
SEQ2SEQ_ALPHA = ((0.6, 0.2, 0.2), (0.2, 0.7, 0.1), (0.3, 0.2, 0.5))


@dataclass(frozen=True)
class FlowRow:
    """One row of the gradient-flow chart: ‖g_k‖ for k = 0..steps at one weight scale."""

    scale: float  # s in W = s·Q
    norms: tuple[float, ...]
    trend: str  # "vanishing" (s < 1), "steady" (s = 1) or "exploding" (s > 1)


@dataclass(frozen=True)
class GradientFlow:
    steps: int
    clip: float | None  # the clipping threshold β, or None
    rows: tuple[FlowRow, ...]
    # Clipping acts once per update on the whole gradient, not inside backpropagation: for the
    # largest gradient here, its norm and the one factor β/‖g‖ that every entry is scaled by.
    clip_norm: float | None = None
    clip_factor: float | None = None


def gradient_flow(scales: Sequence[float], steps: int, clip: float | None) -> GradientFlow:
    """The gradient norms k steps back through time for each recurrent-weight scale, and,
    with a threshold β, what clipping does to the largest of them: one rescaling of the whole
    gradient by β/‖g‖ (the bars keep their shape: clipping bounds the step, it does not
    change how the gradient flows back)."""
    from dlquiz.solvers.gradflow import gradient_norms

    rows: list[FlowRow] = []
    for s in map(float, scales):
        norms = tuple(float(n) for n in gradient_norms(s, steps).norms)
        trend = "vanishing" if s < 1 else "steady" if s == 1 else "exploding"
        rows.append(FlowRow(s, norms, trend))
    largest = max((n for row in rows for n in row.norms), default=0.0)
    if clip is None or largest <= clip:
        return GradientFlow(steps, clip, tuple(rows))
    return GradientFlow(steps, clip, tuple(rows), largest, clip / largest)


@dataclass(frozen=True)
class AttentionExample:
    """Attention weights of one query over its keys, with the scores and d_k they come from."""

    weights: tuple[float, ...]
    scores: tuple[float, ...]
    dk: float


def exam_attention() -> AttentionExample:
    """The exam's Q6: softmax([112, 96] / √64), the first row of the weight matrix A."""
    from dlquiz.solvers.attention import EXAM_SCORES, attention_from_scores

    result = attention_from_scores()
    return AttentionExample(
        weights=tuple(float(w) for w in result.weights.reshape(-1)),
        scores=tuple(float(s) for s in EXAM_SCORES["scores"]),
        dk=float(EXAM_SCORES["dk"]),
    )
