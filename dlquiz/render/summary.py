"""Large results in a step view: the ends of every long axis, and a line saying what is left out.

A vector, matrix or table with more than LONG entries along an axis shows its first and last
EDGE entries, with … (or a row of ⋮) where the others would be. Each view keeps one `Cut`,
which counts the numbers so left out; its `note` is the closing line that says how many and
that --json gives every number. Only the entries shown are read from the arrays, so a
500×4096 result is drawn as fast as a small one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text

from dlquiz.latex import prose
from dlquiz.numfmt import number
from dlquiz.render.lang import sentence

LONG = 12  # an axis with more entries than this is shortened ...
EDGE = 4  # ... to its first and last EDGE entries
ACROSS = (8, 3)  # LONG and EDGE of the columns of a table: they take the width
GAP = "…"  # in a vector, and the column that stands for the columns left out
ROW_GAP = "⋮"  # the row that stands for the rows left out


def picks(n: int, long: int = LONG, edge: int = EDGE) -> list[int | None]:
    """The indices shown of an axis of n entries: all of them (up to `long`), or the first and
    last `edge` with None where the others would be."""
    if n <= long:
        return list(range(n))
    return [*range(edge), None, *range(n - edge, n)]


def scalar(value: Any) -> str:
    """A number as `number` writes it; beyond 10¹⁵ with its exponent (1e+308), not 309 digits."""
    f = float(value)
    return f"{f:.4g}" if math.isfinite(f) and abs(f) >= 1e15 else number(f)


def _size(value: Any) -> int:
    if hasattr(value, "size"):  # an array: no walk through its entries
        return int(value.size)
    if isinstance(value, (list, tuple)):
        return sum(_size(v) for v in value)
    return 1


def _brackets(value: Any, fmt: Callable[[Any], str]) -> tuple[str, int]:
    """The bracket notation of `value`, shortened, and how many numbers it shows."""
    if getattr(value, "ndim", 1) == 0 or not hasattr(value, "__len__"):
        return fmt(value), 1
    parts, shown = [], 0
    for i in picks(len(value)):
        text, n = (GAP, 0) if i is None else _brackets(value[i], fmt)
        parts.append(text)
        shown += n
    return "[" + ", ".join(parts) + "]", shown


class Cut:
    """What one step view leaves out of its result."""

    def __init__(self) -> None:
        self.left = 0

    def array(self, value: Any, fmt: Callable[[Any], str] = scalar, count: bool = True) -> str:
        """`value` in the exam's bracket notation ([[1, 2], [3, 4]]), every long axis shortened
        to its ends (`[1, 2, 3, 4, …, 97, 98, 99, 100]`). `count=False` for a part of a value
        already shown (and counted) elsewhere in the view."""
        text, shown = _brackets(value, fmt)
        if count:
            self.left += _size(value) - shown
        return text

    def axis(self, n: int, per: int = 1, across: bool = False) -> list[int | None]:
        """The rows (or, `across`, the columns) of a table of n that are shown; each one left
        out holds `per` numbers."""
        kept = picks(n, *ACROSS) if across else picks(n)
        self.left += (n - _count(kept)) * per
        return kept

    def grid(self, rows: int, cols: int) -> tuple[list[int | None], list[int | None]]:
        """The rows and the columns shown of a rows×cols matrix."""
        r, c = picks(rows), picks(cols, *ACROSS)
        self.left += rows * cols - _count(r) * _count(c)
        return r, c

    def note(self) -> Text | None:
        """The closing line, when anything was left out."""
        if not self.left:
            return None
        return Text(prose(sentence("summary.left_out", count=f"{self.left:,}")), style="dim")


def _count(kept: Sequence[int | None]) -> int:
    return len(kept) - (None in kept)


def gap_row(width: int) -> list[str]:
    """The row of a table that stands for the rows left out."""
    return [ROW_GAP] * width


def labelled(kept: Sequence[int | None], label: Callable[[int], str]) -> list[str]:
    """Headers or row labels for the kept indices, … for the gap."""
    return [GAP if i is None else label(i) for i in kept]
