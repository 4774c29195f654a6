"""Layouts that fit the terminal's width, decided when the width is known (at print time).

- `Flow`: items (a command with its word, a short sentence) side by side, a line broken only
  between two items, never inside one that fits on a line.
- `Hanging`: a label, then text whose wrapped lines start under the text, not under the label
  (a reason after "can't read that:", a question's why after "Q1b").
- `TitledPanel`: a panel whose title is in its top border when it fits there, else inside,
  as its first lines, wrapped; a title is never cut.
- `ByWidth`: one layout (a table) where it fits, another (stacked lines) where it does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box as boxes
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.measure import Measurement
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text

if TYPE_CHECKING:
    from rich.box import Box
    from rich.console import Console, ConsoleOptions, RenderResult

ITEM_GAP = re.compile(r" {2,}")  # in a catalog line, two spaces or more separate its items
MARKERS = ("✓ ", "✗ ", "· ", "• ", "◐ ")


def split_items(line: str) -> list[str]:
    """A catalog line of items (`/hint  /steps  /skip`) as its items."""
    return [item for item in ITEM_GAP.split(line.strip()) if item]


def catalog_items(key: str, lang: str, **fields: object) -> list[str]:
    """The items of a catalog line in `lang`; in "both", the English items, then the Chinese."""
    from dlquiz.messages import msg

    text = msg(key, **fields)
    langs = ("en", "zh") if lang == "both" else (lang,)
    return [item for one in langs for item in split_items(text.get(one))]


def wrapped(text: Text, console: Console, width: int) -> list[Text]:
    return list(text.wrap(console, max(1, width)))


class Flow:
    """Items side by side, `gap` cells apart, broken into lines between items only; an item
    wider than the whole line is wrapped on lines of its own. A `lead` (a sentence before
    the items) shares their line only when all of them fit on it; else it has its own."""

    def __init__(
        self, items: Iterable[Text | str], gap: int = 2, style: str = "",
        lead: Text | str | None = None, lead_gap: int = 3, sep: str | None = None,
    ) -> None:  # fmt: skip
        self.items = [Text(i) if isinstance(i, str) else i for i in items]
        self.sep = " " * gap if sep is None else sep  # between two items on a line
        self.gap = cell_len(self.sep)
        self.style = style
        self.lead = Text(lead) if isinstance(lead, str) else lead
        self.lead_gap = lead_gap

    def _whole(self) -> int:
        return sum(i.cell_len for i in self.items) + self.gap * max(0, len(self.items) - 1)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        items = self.items
        if self.lead is not None:
            whole = self.lead.cell_len + self.lead_gap + self._whole()
            if whole <= width or not items:
                one = Text(style=self.style).append_text(self.lead)
                for n, item in enumerate(items):
                    one.append(" " * self.lead_gap if n == 0 else self.sep).append_text(item)
                yield from wrapped(one, console, width)
                return
            for part in wrapped(self.lead, console, width):
                part.stylize_before(self.style)
                yield part
        line, used = Text(style=self.style), 0
        for item in items:
            w = item.cell_len
            if used and used + self.gap + w <= width:
                line.append(self.sep)
                line.append_text(item)
                used += self.gap + w
                continue
            if used:
                yield line
                line, used = Text(style=self.style), 0
            if w <= width:
                line.append_text(item)
                used = w
            else:
                for part in wrapped(item, console, width):
                    part.stylize_before(self.style)
                    yield part
        if used:
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = [i.cell_len for i in self.items] or [0]
        whole = self._whole()
        if self.lead is not None:
            whole += self.lead.cell_len + self.lead_gap
        return Measurement(min(max(widths), options.max_width), min(whole, options.max_width))


class Hanging:
    """`label` then `body`, the body's wrapped lines starting under its first character; a
    label wider than a third of the line puts the body below it, indented two cells."""

    def __init__(self, label: Text | str, body: RenderableType) -> None:
        self.label = Text(label) if isinstance(label, str) else label
        self.body = Text(body) if isinstance(body, str) else body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lw = self.label.cell_len
        if lw <= width // 3:
            head, indent = list(self.label.render(console)), lw
        else:
            yield from wrapped(self.label, console, width)
            head, indent = [Segment("  ")], 2
        lines = console.render_lines(self.body, options.update_width(width - indent), pad=False)
        for n, line in enumerate(lines or [[]]):
            yield from head if n == 0 else [Segment(" " * indent)]
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lw = self.label.cell_len
        inner = Measurement.get(console, options, self.body)
        return Measurement(
            min(lw + min(inner.minimum, 8), options.max_width),
            min(lw + inner.maximum, options.max_width),
        )


def marked(text: Text | str) -> RenderableType:
    """A list line that starts with a mark (✓, ✗, ·, •): wrapped lines hang under the text."""
    text = Text(text) if isinstance(text, str) else text
    for mark in MARKERS:
        if text.plain.startswith(mark):
            body = text[len(mark) :]
            return Hanging(Text(mark, style=_style_at(text, 0)), body)
    return text


def _style_at(text: Text, offset: int) -> str:
    styles = [str(s.style) for s in text.spans if s.start <= offset < s.end]
    return " ".join([str(text.style), *styles]).strip()


class TitledPanel:
    """A panel titled in its top border when the title fits there, else inside, as its first
    lines: `inside`, or the title's parts (split at " · ") flowed, never cut."""

    def __init__(
        self, body: Sequence[RenderableType], title: Text | str, box: Box = boxes.ROUNDED,
        inside: Text | str | None = None,
    ) -> None:  # fmt: skip
        self.body = list(body)
        self.title = Text(title) if isinstance(title, str) else title
        self.box = box
        self.inside = Text(inside) if isinstance(inside, str) else inside

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title.cell_len + 7 <= options.max_width:
            yield Panel(Group(*self.body), title=self.title, title_align="left", box=self.box)
            return
        head: RenderableType
        if self.inside is not None:
            head = self.inside.copy()
            head.stylize_before("bold")
        else:
            head = Flow(self.title.split(" · "), sep=" · ", style="bold")
        yield Panel(Group(head, *self.body), box=self.box)


class ByWidth:
    """`wide` when the line has at least `need` cells, else `narrow`."""

    def __init__(self, need: int, wide: RenderableType, narrow: RenderableType) -> None:
        self.need = need
        self.wide = wide
        self.narrow = narrow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.need else self.narrow


def table_width(fixed: Sequence[int], flexible: int, each: int) -> int:
    """The width a SIMPLE_HEAD table needs: its fixed columns as wide as their widest cell,
    and `flexible` columns of at least `each` cells (each column has a cell of padding on
    both sides; the edges and the gaps between columns are a cell each)."""
    columns = len(fixed) + flexible
    return sum(w + 2 for w in fixed) + flexible * (each + 2) + columns + 1


class Sentence:
    """A sentence in "both": English · Chinese on one line where they fit, else each language
    on its own lines (a long pair is not broken inside the second language's words)."""

    def __init__(self, en: str, zh: str, style: str = "") -> None:
        self.en, self.zh, self.style = en, zh, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        one = Text(f"{self.en} · {self.zh}", style=self.style)
        if one.cell_len <= options.max_width:
            yield one
        else:
            yield Text(self.en, style=self.style)
            yield Text(self.zh, style=self.style)


def sentence(key: str, lang: str, style: str = "", **fields: object) -> RenderableType:
    """A catalog sentence in `lang`, laid out by `Sentence` in "both"."""
    from dlquiz.messages import msg

    text = msg(key, **fields)
    if lang != "both":
        return Text(text.get(lang), style=style)
    return Sentence(text.en, text.zh, style)
