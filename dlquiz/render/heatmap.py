"""The attention-weight heat map: a weight matrix as a table of shaded numbers.

Every number is written out, so the colour (a cell's background) only adds emphasis. The
weights come in computed (from the solver, or `dlquiz.figures_data`); nothing is computed
or checked here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.color import Color
from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from dlquiz.messages import msg

if TYPE_CHECKING:
    from dlquiz.figures_data import AttentionExample

_LIGHT, _DARK = (239, 243, 255), (8, 48, 107)  # the ends of a light-to-dark blue scale


def _shade(x: float) -> Style:
    """The cell style for a value at x ∈ [0, 1] of the scale: darker blue for more."""
    rgb = tuple(round(a + (b - a) * x) for a, b in zip(_LIGHT, _DARK, strict=True))
    return Style(color="white" if x > 0.5 else "black", bgcolor=Color.from_rgb(*rgb))


def attention_heatmap(
    weights: Sequence[Sequence[float]], rows: Sequence[str], cols: Sequence[str]
) -> Table:
    """The weight matrix as a table: a row per label in `rows` (e.g. the output words), a
    column per label in `cols` (e.g. the input words); `weights` has one row per row label
    and one finite value per column label. Every cell shows its value to two decimals on a
    blue background that darkens as the value grows (0 → light, 1 → dark; a scale that also
    covers values outside [0, 1])."""
    matrix = [[float(v) for v in row] for row in weights]
    values = [v for row in matrix for v in row]
    lo, hi = min(0.0, *values), max(1.0, *values)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("")
    for label in cols:
        table.add_column(Text(label, style="bold"), justify="center")
    for label, row in zip(rows, matrix, strict=True):
        cells = [Text(f" {v:.2f} ", style=_shade((v - lo) / (hi - lo))) for v in row]
        table.add_row(Text(label, style="bold"), *cells)
    return table


def exam_heatmap(example: AttentionExample, lang: str = "en") -> RenderableType:
    """The exam's Q6 weights as a heat map: the query of the first word over the keys of
    all the words, under a caption with the scores and d_k they come from."""
    words = msg("figure.heatmap.words").get("en" if lang == "both" else lang).split()
    scores = ", ".join(f"{s:g}" for s in example.scores)
    caption = msg("figure.heatmap.caption", scores=scores, dk=f"{example.dk:g}", word=words[0])
    keys = [f"k{j + 1} {word}" for j, word in enumerate(words)]
    return Group(
        Text(caption.get(lang), style="dim"),
        attention_heatmap([example.weights], [f"q1 {words[0]}"], keys),
    )
