"""A small character canvas for the figures, and the styles they share.

Lines are stored as the directions they run in, so crossings and junctions get the right
box-drawing character; wide (CJK) characters take two cells, so the columns stay aligned.
The drawing is plain text first: it reads the same under NO_COLOR or in a pipe, and colour
only adds emphasis.

A figure comes in several forms, widest first (`Forms`): Rich hands a renderable the width it
may take (`options.max_width`: the terminal, less a panel's border), and the figure is drawn
in the first form that fits it, down to a textual form that wraps. Captions are wrapped text
below the drawing, never part of it, so nothing is cut at any width.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text

_N, _E, _S, _W = 1, 2, 4, 8
_GLYPHS = {
    _N: "│", _S: "│", _N | _S: "│", _E: "─", _W: "─", _E | _W: "─",
    _S | _E: "┌", _S | _W: "┐", _N | _E: "└", _N | _W: "┘",
    _N | _S | _E: "├", _N | _S | _W: "┤", _E | _W | _S: "┬", _E | _W | _N: "┴",
    _N | _E | _S | _W: "┼",
}  # fmt: skip

# Styles: colour is emphasis only.
CELL_STATE = "bold cyan"
LAYER = "bold yellow"
POINTWISE = "bold magenta"
LABEL = "bold"
INPUT = "green"
OUTPUT = "bold red"
FRAME = "dim"


class Canvas:
    """A grid of character cells: text on top, then lines, then `under` text (frames)."""

    def __init__(self) -> None:
        self.text: dict[tuple[int, int], tuple[str, str]] = {}
        self.under: dict[tuple[int, int], tuple[str, str]] = {}
        self.lines: dict[tuple[int, int], tuple[int, str]] = {}

    def put(self, row: int, col: int, s: str, style: str = "", under: bool = False) -> int:
        """Write s from (row, col); returns the column after it. CJK takes two cells."""
        layer = self.under if under else self.text
        for ch in s:
            width = cell_len(ch)
            if width == 0 and (row, col - 1) in layer:  # a combining mark, as in C̃
                prev, prev_style = layer[row, col - 1]
                layer[row, col - 1] = (prev + ch, prev_style)
                continue
            layer[row, col] = (ch, style)
            if width == 2:
                layer[row, col + 1] = ("", style)
            col += width
        return col

    def centre(self, row: int, col: int, s: str, style: str = "") -> None:
        """Write s centred on column col."""
        self.put(row, col - (cell_len(s) - 1) // 2, s, style)

    def _link(self, row: int, col: int, bits: int, style: str) -> None:
        old, old_style = self.lines.get((row, col), (0, ""))
        self.lines[row, col] = (old | bits, style or old_style)

    def hline(self, row: int, c0: int, c1: int, style: str = "") -> None:
        for c in range(c0, c1 + 1):
            bits = (_E if c < c1 else 0) | (_W if c > c0 else 0)
            self._link(row, c, bits or _E | _W, style)

    def vline(self, col: int, r0: int, r1: int, style: str = "") -> None:
        for r in range(r0, r1 + 1):
            bits = (_S if r < r1 else 0) | (_N if r > r0 else 0)
            self._link(r, col, bits or _N | _S, style)

    def box(self, top: int, left: int, height: int, width: int, style: str = "") -> None:
        right, bottom = left + width - 1, top + height - 1
        self.hline(top, left, right, style)
        self.hline(bottom, left, right, style)
        self.vline(left, top, bottom, style)
        self.vline(right, top, bottom, style)

    def frame(self, top: int, left: int, bottom: int, right: int, style: str = FRAME) -> None:
        """A dashed, rounded outline; lines crossing it stay solid."""
        for c in range(left + 1, right):
            self.put(top, c, "┄", style, under=True)
            self.put(bottom, c, "┄", style, under=True)
        for r in range(top + 1, bottom):
            self.put(r, left, "┆", style, under=True)
            self.put(r, right, "┆", style, under=True)
        for (r, c), ch in {(top, left): "╭", (top, right): "╮", (bottom, left): "╰"}.items():
            self.put(r, c, ch, style, under=True)
        self.put(bottom, right, "╯", style, under=True)

    def render(self) -> Text:
        cells = self.text.keys() | self.under.keys() | self.lines.keys()
        rows = max(r for r, _ in cells) + 1
        cols = max(c for _, c in cells) + 1
        out = Text(no_wrap=True, overflow="ignore")
        for r in range(rows):
            line = Text()
            run, run_style = "", ""
            for c in range(cols):
                ch, style = self._cell(r, c)
                if style != run_style:
                    line.append(run, run_style)
                    run, run_style = "", style
                run += ch
            line.append(run, run_style)
            line.rstrip()
            out.append_text(line)
            if r < rows - 1:
                out.append("\n")
        return out

    def _cell(self, r: int, c: int) -> tuple[str, str]:
        if (r, c) in self.text:
            return self.text[r, c]
        if (r, c) in self.lines:
            bits, style = self.lines[r, c]
            return _GLYPHS[bits], style
        return self.under.get((r, c), (" ", ""))


def sub(index: object) -> str:
    """An index as Unicode subscripts, as the cards show them: 12 → ₁₂, "t-1" → ₜ₋₁."""
    from dlquiz.latex import SUB

    return "".join(SUB["-" if c == "−" else c] for c in str(index))


def caption(text: str, style: str = FRAME) -> Text:
    """Words under a figure: wrapped to the width given, subscripts as Unicode (h_1 → h₁)."""
    from dlquiz.latex import prose

    return Text(prose(text), style=style)


def natural_width(console: Console, options: ConsoleOptions, renderable: RenderableType) -> int:
    """The cells `renderable` takes when it may take as many as it likes."""
    return Measurement.get(console, options.update_width(10_000), renderable).maximum


class Forms:
    """One figure in several forms, widest first, each with the same labels and numbers. It
    is drawn in the first form whose natural width fits the width Rich gives it; the last
    form (text that wraps) is drawn when none does."""

    def __init__(self, *forms: RenderableType) -> None:
        self.forms = forms

    def pick(self, console: Console, options: ConsoleOptions) -> RenderableType:
        for form in self.forms[:-1]:
            if natural_width(console, options, form) <= options.max_width:
                return form
        return self.forms[-1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.pick(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """At most the widest form; at least what the last, wrapping form needs."""
        widest = natural_width(console, options, self.forms[0])
        least = Measurement.get(console, options, self.forms[-1]).minimum
        return Measurement(min(least, widest), widest)
