"""The small building blocks every step view uses (numbers are written by dlquiz.numfmt)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlquiz.numfmt import DIGITS as DIGITS  # re-exported: every view writes numbers
from dlquiz.numfmt import array as array
from dlquiz.numfmt import number as number


def equations(lines: Sequence[str], title: str | None = None) -> Panel:
    """The solver's equations, with subscripts shown as Unicode (h_{t−1} → hₜ₋₁)."""
    from dlquiz.latex import prose
    from dlquiz.render.lang import word

    title = word("solve.equations") if title is None else title
    text = Text(prose("\n".join(lines)), style="bold")
    return Panel(text, title=title, title_align="left", box=box.ROUNDED, expand=False)


def table(
    headers: Sequence[str], rows: Iterable[Sequence[str | Text]], title: str | None = None
) -> Table:
    """A plain table; string cells are literal text (brackets are not Rich markup)."""
    from dlquiz.latex import prose

    t = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
    for i, h in enumerate(headers):
        t.add_column(
            prose(h), justify="left" if i == 0 else "right", no_wrap=False, overflow="fold"
        )
    for row in rows:
        t.add_row(*(Text(prose(cell)) if isinstance(cell, str) else cell for cell in row))
    return t


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


def bullets(items: Sequence[RenderableType], marker: str = "• ", style: str = "") -> Table:
    """A list with a hanging indent: wrapped lines start under the text, not the marker."""

    grid = Table.grid()
    grid.add_column(width=len(marker), no_wrap=True, style=style)
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row(marker, item)
    return grid
