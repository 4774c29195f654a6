"""The small building blocks every step view uses (numbers are written by dlquiz.numfmt).

Tables here are laid out from what their cells may not lose: a column is never narrower
than the widest piece of its cells that cannot be broken (a number, a bracketed vector's
entry, a matrix's row, a short formula; `linebreak.min_width`). When the columns do not fit
side by side they are stacked: each row's name on a line of its own, its values below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from dlquiz.numfmt import DIGITS as DIGITS  # re-exported: every view writes numbers
from dlquiz.numfmt import array as array
from dlquiz.numfmt import number as number
from dlquiz.render.linebreak import min_width

if TYPE_CHECKING:
    from dlquiz.text import Text as Bilingual

MARKERS = ("✓ ", "✗ ", "· ", "• ")  # a cell starting with one is a list item: it hangs
_IF = re.compile(r"^if (.+?):\s+(.+)$")


def equations(lines: Sequence[str], title: str | None = None) -> Panel:
    """The solver's equations, with subscripts shown as Unicode (h_{t−1} → hₜ₋₁); the words
    in them (if, minimax) in the view's language."""
    from dlquiz.latex import prose
    from dlquiz.render.lang import word

    title = word("solve.equations") if title is None else title
    text = Text(prose("\n".join(_worded(line) for line in lines)), style="bold")
    return Panel(text, title=title, title_align="left", box=box.ROUNDED, expand=False)


def _worded(line: str) -> str:
    from dlquiz.render.lang import word

    found = _IF.match(line)
    if found:
        return word("solve.eq.if", condition=found[1], then=found[2])
    for form in ("minimax", "non-saturating"):
        line = line.replace(f"L_G ({form})", word(f"solve.eq.loss_g.{form}"))
    return line


def listed(items: Sequence[Bilingual]) -> Bilingual:
    """Items joined by each language's list comma (", " and "、")."""
    from dlquiz.messages import msg
    from dlquiz.text import Text as Words

    comma = msg("list.comma")
    joined = items[0] if items else Words("", "")
    for item in items[1:]:
        joined = joined + comma + item
    return joined


def _plain(cell: str | Text | RenderableType) -> RenderableType:
    from dlquiz.latex import prose

    if isinstance(cell, str):
        cell = Text(prose(cell))
    if isinstance(cell, Text) and cell.plain.startswith(MARKERS):
        return Hanging(cell.plain[:2], cell[2:])
    return cell


def _span(console: Console, options: ConsoleOptions, cell: RenderableType) -> tuple[int, int, int]:
    """How narrow a cell can be without breaking inside what must stay whole, without breaking
    a formula or a vector at all, and how wide it is on one line."""
    if isinstance(cell, Text):
        hard, soft = min_width(cell.plain)
        return hard, soft, max(cell_len(line) for line in cell.plain.split("\n"))
    m = Measurement.get(console, options.update_width(10_000), cell)
    return m.minimum, m.minimum, m.maximum


class Hanging:
    """A list item: `marker` on its first line, the text's other lines under the text."""

    def __init__(self, marker: str, body: RenderableType, style: str = "") -> None:
        self.marker, self.body, self.style = marker, body, style

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lo, _, hi = _span(console, options, self.body)
        return Measurement(lo + cell_len(self.marker), hi + cell_len(self.marker))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        w = cell_len(self.marker)
        inner = options.update_width(max(1, options.max_width - w))
        for i, line in enumerate(console.render_lines(self.body, inner, pad=False)):
            yield Segment(self.marker if i == 0 else " " * w, console.get_style(self.style))
            yield from line
            yield Segment.line()


def bullets(items: Sequence[RenderableType], marker: str = "• ", style: str = "") -> Group:
    """A list with a hanging indent: wrapped lines start under the text, not the marker."""
    return Group(*(Hanging(marker, item, style) for item in items))


class StepTable:
    """A table whose columns fit their cells' unbreakable pieces, or its rows stacked."""

    def __init__(
        self, headers: Sequence[str], rows: Iterable[Sequence[str | RenderableType]],
        title: str | None, justify: Sequence[str] = (),
    ) -> None:  # fmt: skip
        from dlquiz.latex import prose

        self.headers = [prose(h) for h in headers]
        self.rows = [[_plain(c) for c in row] for row in rows]
        self.title = None if title is None else prose(title)
        n = len(self.headers)
        self.justify = list(justify) or ["left", *["right"] * (n - 1)]

    def _spans(self, console: Console, options: ConsoleOptions) -> list[list[int]]:
        spans = [[min_width(h)[0]] * 2 + [cell_len(h)] for h in self.headers]
        for row in self.rows:
            for k, cell in enumerate(row):
                spans[k] = [
                    max(a, b) for a, b in zip(spans[k], _span(console, options, cell), strict=True)
                ]
        return spans

    def widths(self, console: Console, options: ConsoleOptions) -> list[int] | None:
        """Each column's width, or None when the columns cannot fit side by side. Where every
        formula and vector can be whole, the widest columns give way to a common level; else
        as many columns as the room allows are made wide enough to keep theirs whole."""
        spans = self._spans(console, options)
        room = options.max_width - 3 * len(spans) + 1  # padding, edges and dividers
        if sum(hard for hard, _, _ in spans) > room:
            return None
        if sum(soft for _, soft, _ in spans) <= room:
            level = max(hi for _, _, hi in spans)
            while sum(max(soft, min(hi, level)) for _, soft, hi in spans) > room:
                level -= 1
            return [max(soft, min(hi, level)) for _, soft, hi in spans]
        out = [hard for hard, _, _ in spans]
        extra = room - sum(out)
        for k in sorted(range(len(spans)), key=lambda k: spans[k][1] - spans[k][0]):
            grow = min(extra, spans[k][1] - out[k])
            out[k] += grow
            extra -= grow
        return out

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        spans = self._spans(console, options)
        extra = 3 * len(spans) - 1
        return Measurement(
            min(sum(hard for hard, _, _ in spans) + extra, options.max_width),
            sum(hi for _, _, hi in spans) + extra,
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.widths(console, options)
        if widths is None:
            yield from self._stacked(console, options)
            return
        if self.title:  # above the table, as wide as the terminal allows
            yield Text(self.title, style="bold")
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for h, w, j in zip(self.headers, widths, self.justify, strict=False):
            t.add_column(h, width=w, justify=j, overflow="fold")  # type: ignore[arg-type]
        for row in self.rows:
            t.add_row(*row)
        yield t

    def _stacked(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Each row: its first cell on a line, then each other column's header and value."""
        from dlquiz.render.summary import ROW_GAP

        if self.title:
            yield Text(self.title, style="bold")
        name = max((cell_len(h) for h in self.headers[1:]), default=0)
        for row in self.rows:
            first = row[0]
            if isinstance(first, Text) and first.plain == ROW_GAP:
                yield Text(ROW_GAP)
                continue
            if isinstance(first, Text) and re.fullmatch(r"[\d.,]+", first.plain):
                first = Text(f"{self.headers[0]} = {first.plain}")
            yield Text.assemble(first, style="bold") if isinstance(first, Text) else first
            grid = Table.grid(padding=(0, 2), pad_edge=False)
            grid.add_column(width=name, style="dim")
            grid.add_column(overflow="fold")
            for head, cell in zip(self.headers[1:], row[1:], strict=False):
                grid.add_row(head, cell)
            yield Hanging("  ", grid)


def table(
    headers: Sequence[str], rows: Iterable[Sequence[str | RenderableType]],
    title: str | None = None, justify: Sequence[str] = (),
) -> StepTable:  # fmt: skip
    """A step table; string cells are literal text (brackets are not Rich markup). The first
    column is left-justified and the others right-justified, unless `justify` says."""
    return StepTable(headers, rows, title, justify)


class Titled:
    """A rounded panel with its title on the border while it fits there, else inside it
    (as `inside`, when given: the two languages of a title on lines of their own)."""

    def __init__(self, body: RenderableType, title: str, inside: str | None = None) -> None:
        self.body, self.title, self.inside = body, title, inside

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if cell_len(self.title) + 2 <= options.max_width - 4:
            title = Text(self.title, style="bold")
            yield Panel(self.body, title=title, title_align="left", box=box.ROUNDED)
        else:
            title = Text(self.title if self.inside is None else self.inside, style="bold")
            yield Panel(Group(title, self.body), box=box.ROUNDED)


class AnswerLine(Text):
    """The closing `answer:` line of a step view (left out where a question asks for another)."""


def answer(label: str | None, value: str, note: str | None = None) -> Text:
    """The answer line: `answer: label = value`, with an optional dim note below."""
    from dlquiz.latex import prose
    from dlquiz.render.lang import word

    text = AnswerLine(word("solve.answer"), style="bold")
    if label:
        text.append(prose(label), style="bold").append(" = ")
    text.append(prose(value), style="bold green")
    if note:
        text.append(f"\n{prose(note)}", style="dim")
    return text


def stack(*parts: RenderableType | None) -> Group:
    return Group(*(p for p in parts if p is not None))
