"""The context vector of seq2seq attention (the exam's Q3, Fig. 2(b)).

    e_ij = s_i · h_j                 (dot-product score of decoder query i and encoder state j)
    α_ij = softmax_j(e_ij)
    c_i = Σ_j α_ij·h_j

Without attention the decoder sees one fixed vector (the last encoder state) for every output
word; with attention each output word i gets its own c_i, a weighted sum of all encoder states.
The weights may also be given directly (the notes' "Tom chase Jerry" example).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import Words, input_error
from dlquiz.solvers import _stable
from dlquiz.solvers._common import Array, Result, matrix, probabilities

EQUATIONS = (
    "e_{ij} = s_i · h_j",
    "α_ij = softmax_j(e_{ij})",
    "c_i = Σ_j α_ij·h_j",
)

# Three encoder states (Tom, chase, Jerry) and the notes' weights for three output words.
EXAMPLE: dict[str, Any] = {
    "states": [[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]],
    "weights": [[0.6, 0.2, 0.2], [0.2, 0.7, 0.1], [0.3, 0.2, 0.5]],
}


@dataclass(frozen=True)
class ContextResult(Result):
    """Attention weights α (one row per output word) and the context vectors c_i."""

    states: Array  # n×d encoder hidden states h_j
    query: Array | None  # m×d decoder states s_i, when scores were computed
    scores: Array | None  # m×n dot products, when a query was given
    weights: Array  # m×n
    context: Array  # m×d

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("weights", "context")


def context_vector(
    states: ArrayLike = EXAMPLE["states"],
    weights: ArrayLike | None = None,
    query: ArrayLike | None = None,
) -> ContextResult:
    """Context vectors from encoder states and either weights or decoder queries.

    e_ij = s_i · h_j
    α_ij = softmax_j(e_ij)
    c_i = Σ_j α_ij·h_j
    """
    H = matrix(states, Words("solver_input.name.encoder_states"), (None, None), param="states")
    if weights is not None and query is not None:
        raise input_error("solver_input.context.both", param="query")
    if weights is None and query is None:
        if states is not EXAMPLE["states"]:
            raise input_error("solver_input.context.neither", param="weights")
        weights = EXAMPLE["weights"]
    S: Array | None = None
    E: Array | None = None
    given: ArrayLike = query if query is not None else weights  # type: ignore[assignment]
    if query is not None:
        S = matrix(query, Words("solver_input.name.query"), (None, H.shape[1]), param="query")
        sc = _stable.scores(S, H)  # e_ij beyond the float range is ±∞, α_ij still right
        E, A = sc.s, _stable.weights(sc)
    else:
        alpha = probabilities(given, "α", param="weights")
        A = matrix(alpha, Words("solver_input.name.weights"), (None, H.shape[0]), param="weights")
    with np.errstate(over="ignore", invalid="ignore"):
        C = A @ H
    hint = Words("solver_input.hint.scale_states")
    _stable.finite(C, "c_i = Σ_j α_ij·h_j", "states", hint, entry=True)
    if np.ndim(given) == 1:
        A, C = A[0], C[0]
        E = None if E is None else E[0]
    return ContextResult(states=H, query=S, scores=E, weights=A, context=C)
