"""A long list as aligned columns, laid out by arithmetic: fast for thousands of rows.

Rich's `Table` measures and wraps every cell, which costs seconds for a 5,000-question bank.
A listing's cells are short and never wrap: the columns are as wide as their widest cell (in
terminal cells, so CJK counts two), two spaces apart, or one where two would not fit. When
even that is wider than the terminal, each row takes two lines instead: its first cell, then
the others joined with " · ".
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style

GAPS = (2, 1)  # spaces between columns: the first that fits
BOLD = Style(bold=True)
DIM = Style(dim=True)


class Listing:
    """`header` and `rows` of plain strings; columns in `right` are right-aligned."""

    def __init__(
        self, title: str, header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]
    ) -> None:
        self.title = title
        self.header = list(header)
        self.rows = [list(r) for r in rows]
        self.right = right

    def widths(self) -> list[int]:
        widths = [cell_len(h) for h in self.header]
        for row in self.rows:
            for i, cell in enumerate(row):
                widths[i] = max(widths[i], cell_len(cell))
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.widths()
        yield Segment(self.title, Style(italic=True))
        yield Segment.line()
        for gap in GAPS:
            total = sum(widths) + gap * (len(widths) - 1)
            if total <= options.max_width:
                yield from self._line(self.header, widths, gap, BOLD, BOLD)
                yield Segment("─" * total, DIM)
                yield Segment.line()
                for row in self.rows:
                    yield from self._line(row, widths, gap, BOLD, None)
                return
        yield Segment.line()
        for row in self.rows:  # two lines a row; each still whole (folded past the width)
            for text, style in ((row[0], BOLD), ("  " + " · ".join(row[1:]), DIM)):
                for piece in _fold(text, options.max_width):
                    yield Segment(piece, style)
                    yield Segment.line()

    def _line(
        self,
        cells: Sequence[str],
        widths: Sequence[int],
        gap: int,
        first: Style,
        rest: Style | None,
    ) -> RenderResult:
        """One row as two segments (its first cell, then the rest): thousands of rows print
        fast when Rich has few segments to style."""
        padded = []
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            pad = " " * (width - cell_len(cell))
            padded.append(pad + cell if i in self.right else cell + pad)
        yield Segment(padded[0], first)
        yield Segment((" " * gap + (" " * gap).join(padded[1:])).rstrip(), rest)
        yield Segment.line()


def _fold(text: str, width: int) -> list[str]:
    """`text` in pieces of at most `width` cells (a line never overflows the terminal)."""
    if cell_len(text) <= width:
        return [text]
    pieces, current = [], ""
    for ch in text:
        if cell_len(current + ch) > width:
            pieces.append(current)
            current = ""
        current += ch
    return [*pieces, current]
