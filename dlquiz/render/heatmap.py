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
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.table import Table
from rich.text import Text

from dlquiz.messages import msg
from dlquiz.render.canvas import caption, natural_width
from dlquiz.render.summary import GAP, ROW_GAP

if TYPE_CHECKING:
    from dlquiz.figures_data import AttentionExample

_LIGHT, _DARK = (239, 243, 255), (8, 48, 107)  # the ends of a light-to-dark blue scale


def _shade(x: float) -> Style:
    """The cell style for a value at x ∈ [0, 1] of the scale: darker blue for more."""
    rgb = tuple(round(a + (b - a) * x) for a, b in zip(_LIGHT, _DARK, strict=True))
    return Style(color="white" if x > 0.5 else "black", bgcolor=Color.from_rgb(*rgb))


def attention_heatmap(
    weights: Sequence[Sequence[float]],
    rows: Sequence[str | None],
    cols: Sequence[str | None],
) -> Heatmap:
    """The weight matrix as a table: a row per label in `rows` (e.g. the output words), a
    column per label in `cols` (e.g. the input words); `weights` has one row per row label
    and one finite value per column label. Every cell shows its value to two decimals on a
    blue background that darkens as the value grows (0 → light, 1 → dark; a scale that also
    covers values outside [0, 1]).

    A shortened matrix marks what it leaves out: a label None stands for the rows (or
    columns) left out there, drawn as a row of ⋮ (a column of …); its weights are not read
    and may be anything. Too wide for the width given, the columns are drawn in blocks, one
    under the other, each with the row labels."""
    return Heatmap(weights, rows, cols)


class Heatmap:
    """A weight matrix drawn as shaded numbers, in as many column blocks as the width needs."""

    def __init__(
        self,
        weights: Sequence[Sequence[float]],
        rows: Sequence[str | None],
        cols: Sequence[str | None],
    ) -> None:
        self.rows, self.cols = list(rows), list(cols)
        self.matrix = [
            [float(v) if label is not None and col is not None else 0.0
             for v, col in zip(row, cols, strict=False)]
            for row, label in zip(weights, rows, strict=True)
        ]  # fmt: skip
        values = [
            v
            for row, label in zip(self.matrix, self.rows, strict=True) if label is not None
            for v, col in zip(row, self.cols, strict=False) if col is not None
        ]  # fmt: skip
        self.lo, self.hi = min(0.0, *values), max(1.0, *values)

    def table(self, shown: Sequence[int]) -> Table:
        """The table of the columns `shown` (indices into the column labels)."""
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("")
        for j in shown:
            table.add_column(Text(self.cols[j] or GAP, style="bold"), justify="center")
        for label, row in zip(self.rows, self.matrix, strict=True):
            if label is None:
                table.add_row(ROW_GAP, *(ROW_GAP for _ in shown))
                continue
            cells = [
                Text(GAP) if self.cols[j] is None
                else Text(f" {row[j]:.2f} ", style=_shade((row[j] - self.lo) / (self.hi - self.lo)))
                for j in shown
            ]  # fmt: skip
            table.add_row(Text(label, style="bold"), *cells)
        return table

    def blocks(self, console: Console, options: ConsoleOptions) -> list[list[int]]:
        """The columns, cut into blocks that each fit the width given."""
        out: list[list[int]] = [[]]
        for j in range(len(self.cols)):
            trial = [*out[-1], j]
            if out[-1] and natural_width(console, options, self.table(trial)) > options.max_width:
                out.append([j])
            else:
                out[-1] = trial
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for n, block in enumerate(self.blocks(console, options)):
            if n:
                yield Text("")
            yield self.table(block)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        every = natural_width(console, options, self.table(range(len(self.cols))))
        one = min(natural_width(console, options, self.table([j])) for j in range(len(self.cols)))
        return Measurement(min(one, every), every)


def exam_heatmap(example: AttentionExample, lang: str = "en") -> RenderableType:
    """The exam's Q6 weights as a heat map: the query of the first word over the keys of
    all the words, under a caption with the scores and d_k they come from."""
    words = msg("figure.heatmap.words").get("en" if lang == "both" else lang).split()
    scores = ", ".join(f"{s:g}" for s in example.scores)
    said = msg("figure.heatmap.caption", scores=scores, dk=f"{example.dk:g}", word=words[0])
    keys = [f"k{j + 1} {word}" for j, word in enumerate(words)]
    return Group(
        caption(said.get(lang), "dim"),
        attention_heatmap([example.weights], [f"q1 {words[0]}"], keys),
    )
