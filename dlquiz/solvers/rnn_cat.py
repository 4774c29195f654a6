"""The notes' concatenated RNN weight W_cat on [h_{t−1}; x_t], split into W and U.

column:  a_t = W_cat·[h_{t−1}; x_t] + b_h,  W_cat = [W  U], H×(H+D)
row:     a_t = [h_{t−1}, x_t]·W_cat + b_h,  W_cat = [W; U], (H+D)×H
"""

from __future__ import annotations

from numpy.typing import ArrayLike

from dlquiz.errors import input_error
from dlquiz.solvers._common import Array, matrix


def split_cat(
    wcat: ArrayLike, convention: str, given_u: bool, given_w: bool
) -> tuple[Array, Array]:
    """U and W from the concatenated W_cat: [W  U] (column) or [W; U] (row)."""
    if given_u or given_w:
        raise input_error("solver_input.rnn.cat_and_split", param="wcat")
    row = convention == "row"
    cat = matrix(wcat, "W_cat", (None, None), param="wcat")
    H = cat.shape[1] if row else cat.shape[0]
    width = cat.shape[0] if row else cat.shape[1]
    if width <= H:
        want = "(H+D)×H" if row else "H×(H+D)"
        raise input_error(
            "solver_input.rnn.cat_shape", param="wcat", want=want,
            shape=f"{cat.shape[0]}×{cat.shape[1]}",
        )  # fmt: skip
    if row:  # [h_{t−1}, x_t]·[W; U] = h_{t−1}·W + x_t·U
        return cat[H:], cat[:H]
    return cat[:, H:], cat[:, :H]  # [W  U]·[h_{t−1}; x_t] = W·h_{t−1} + U·x_t
