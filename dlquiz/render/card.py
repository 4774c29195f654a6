"""A concept card as the terminal shows it, and the list of topics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from dlquiz.latex import to_unicode
from dlquiz.messages import say
from dlquiz.render.fmt import Titled, bullets, table
from dlquiz.render.linebreak import formula_lines, formula_width
from dlquiz.render.question import bilingual, figure

if TYPE_CHECKING:
    from dlquiz.bank.cards import Card, Formula

GAP = 3  # cells between a formula and its meaning
MEANING = 24  # the narrowest a meaning may be beside its formula (twelve Chinese characters)
ROOMY = 40  # a meaning at least this wide leaves the formula whole on one line


def _heading(key: str, lang: str) -> Text:
    return Text(f"\n{say(key, lang)}", style="bold")


class Formulas:
    """Formulas (or symbols) beside what they mean, broken only between equations and before
    top-level =, + and −; where the meaning would be too narrow beside them, each formula on
    its own line with its meaning indented below."""

    def __init__(self, rows: tuple[Formula, ...], lang: str, style: str) -> None:
        self.rows = [(to_unicode(f.latex), bilingual(f.text, lang)) for f in rows]
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = options.max_width - 1 - GAP  # a cell of margin on the left
        widest = max(cell_len(f) for f, _ in self.rows)
        narrowest = max(formula_width(f) for f, _ in self.rows)
        column = widest if widest <= room - ROOMY else max(narrowest, min(widest, room // 2))
        if room - column < MEANING:
            yield from self._stacked(options.max_width - 1)
            return
        grid = Table.grid(padding=(0, GAP, 0, 0))
        grid.add_column(width=column, style=self.style, no_wrap=True)
        grid.add_column(width=room - column)
        for f, meaning in self.rows:
            grid.add_row(Text("\n".join(formula_lines(f, column))), meaning)
        yield Padding(grid, (1, 0, 0, 1))

    def _stacked(self, width: int) -> RenderResult:
        yield Text("")
        for f, meaning in self.rows:
            text = Text("\n".join(formula_lines(f, width)), style=self.style)
            yield Padding(Group(text, Padding(meaning, (0, 0, 0, 4))), (0, 0, 0, 1))


def render_card(card: Card, lang: str) -> RenderableType:
    parts: list[RenderableType] = [bilingual(card.what, lang)]
    parts += [_heading("card.formulas", lang), Formulas(card.formulas, lang, "bold cyan")]
    if card.symbols:
        parts += [_heading("card.symbols", lang), Formulas(card.symbols, lang, "bold")]
    for name in card.diagrams:
        drawn = figure(name, {}, lang)
        if drawn is not None:
            parts += [Text(""), drawn]
    parts += [_heading("card.exam", lang), bilingual(card.exam, lang)]
    parts.append(_heading("card.mistakes", lang))
    parts.append(bullets([bilingual(m, lang) for m in card.mistakes], style="bold red"))
    if card.try_:
        parts.append(_heading("card.try", lang))
        parts += [Text(f"  $ {cmd}", style="green") for cmd in card.try_]
    return Titled(Group(*parts), card.title.get(lang, " · "), card.title.get(lang, "\n"))


def render_topics(cards: list[Card], lang: str) -> RenderableType:
    title = f"dlquiz explain {say('card.topics.argument', lang)}"
    heads = [say("card.topics.topic", lang), say("card.topics.covers", lang)]
    rows = [[Text(card.id, style="bold"), bilingual(card.summary, lang)] for card in cards]
    return table(heads, rows, title, justify=("left", "left"))
