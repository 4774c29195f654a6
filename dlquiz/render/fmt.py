"""Number formatting and the small building blocks every step view uses."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

DIGITS = 4


def number(value: Any, digits: int = DIGITS) -> str:
    """One number to at most `digits` decimals, trailing zeros dropped; inf as ∞."""
    f = float(value)
    if math.isinf(f):
        return "∞" if f > 0 else "−∞"
    if math.isnan(f):
        return "nan"
    text = f"{f:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def array(value: Any, digits: int = DIGITS) -> str:
    """A number, [vector] or [[matrix]] in the bracket notation the exam uses."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(array(v, digits) for v in value) + "]"
    return number(value, digits)


def equations(lines: Sequence[str], title: str = "equations") -> Panel:
    """The solver's equations, with subscripts shown as Unicode (h_{t−1} → hₜ₋₁)."""
    from dlquiz.latex import prose

    text = Text(prose("\n".join(lines)), style="bold")
    return Panel(text, title=title, title_align="left", box=box.ROUNDED, expand=False)


def table(
    headers: Sequence[str], rows: Iterable[Sequence[str | Text]], title: str | None = None
) -> Table:
    """A plain table; string cells are literal text (brackets are not Rich markup)."""
    from dlquiz.latex import prose

    t = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
    for i, h in enumerate(headers):
        t.add_column(prose(h), justify="left" if i == 0 else "right", no_wrap=False)
    for row in rows:
        t.add_row(*(Text(prose(cell)) if isinstance(cell, str) else cell for cell in row))
    return t


class AnswerLine(Text):
    """The closing `answer:` line of a step view (left out where a question asks for another)."""


def answer(label: str | None, value: str, note: str | None = None) -> Text:
    """The answer line: `answer: label = value`, with an optional dim note below."""
    from dlquiz.latex import prose

    text = AnswerLine("answer: ", style="bold")
    if label:
        text.append(prose(label), style="bold").append(" = ")
    text.append(prose(value), style="bold green")
    if note:
        text.append(f"\n{prose(note)}", style="dim")
    return text


def stack(*parts: RenderableType | None) -> Group:
    return Group(*(p for p in parts if p is not None))
