"""Sinusoidal positional encoding of the Transformer (Vaswani et al., 2017).

    PE(pos, 2i) = sin(pos / 10000^(2i/d))
    PE(pos, 2i+1) = cos(pos / 10000^(2i/d))

Each pair of columns is a sine and a cosine of one frequency; frequencies fall geometrically
from 1 to 1/10000 across the d dimensions, so every position gets a distinct pattern.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import Words, input_error
from dlquiz.solvers._common import Array, Result, vector

EQUATIONS = ("PE(pos, 2i) = sin(pos / 10000^(2i/d))", "PE(pos, 2i+1) = cos(pos / 10000^(2i/d))")
MAX_D = 4096
MAX_NUMBERS = 2**21  # positions × d: 512 positions of d = 4096 (a 2,097,152-number table)


@dataclass(frozen=True)
class PosEncResult(Result):
    positions: Array
    d: int
    angles: Array  # pos / 10000^(2i/d), one column per dimension
    pe: Array  # len(positions) × d

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("pe",)


def positional_encoding(d: int = 4, positions: ArrayLike = (0, 1, 2, 3)) -> PosEncResult:
    """The encoding of each position, one row per position.

    PE(pos, 2i) = sin(pos / 10000^(2i/d))
    PE(pos, 2i+1) = cos(pos / 10000^(2i/d))
    """
    if int(d) != d or not 1 <= d <= MAX_D:
        raise input_error("solver_input.posenc.d", param="d", most=MAX_D, d=d)
    d = int(d)
    pos = vector(positions, Words("solver_input.name.positions"), param="positions")
    if np.any(pos < 0):
        raise input_error("solver_input.posenc.negative", param="positions")
    if pos.size * d > MAX_NUMBERS:
        raise input_error(
            "solver_input.posenc.too_many", param="positions", count=pos.size, d=d,
            total=f"{pos.size * d:,}", most=f"{MAX_NUMBERS:,}", max_d=MAX_D,
        )  # fmt: skip
    two_i = (np.arange(d) // 2) * 2  # 2i for both columns of each pair
    angles = pos[:, None] / np.power(10000.0, two_i / d)[None, :]
    pe = np.where(np.arange(d) % 2 == 0, np.sin(angles), np.cos(angles))
    return PosEncResult(positions=pos, d=d, angles=angles, pe=pe)
