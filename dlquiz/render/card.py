"""A concept card as the terminal shows it, and the list of topics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlquiz.latex import to_unicode
from dlquiz.messages import say
from dlquiz.render.fmt import bullets
from dlquiz.render.question import bilingual, figure

if TYPE_CHECKING:
    from dlquiz.bank.cards import Card, Formula


def _heading(key: str, lang: str) -> Text:
    return Text(f"\n{say(key, lang)}", style="bold")


def _formulas(rows: tuple[Formula, ...], lang: str, style: str, ratio: int | None) -> Table:
    """Formulas (or symbols) beside what they mean, as a table without a header."""
    table = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
    table.add_column(style=style, ratio=ratio, overflow="fold")
    table.add_column(ratio=ratio, overflow="fold")
    for f in rows:
        table.add_row(Text(to_unicode(f.latex)), bilingual(f.text, lang))
    return table


def render_card(card: Card, lang: str) -> RenderableType:
    parts: list[RenderableType] = [bilingual(card.what, lang)]
    parts += [_heading("card.formulas", lang), _formulas(card.formulas, lang, "bold cyan", 1)]
    if card.symbols:
        parts += [_heading("card.symbols", lang), _formulas(card.symbols, lang, "bold", None)]
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
    return Panel(
        Group(*parts),
        title=Text(card.title.get(lang, " · "), style="bold"),
        title_align="left",
        box=box.ROUNDED,
    )


def render_topics(cards: list[Card], lang: str) -> RenderableType:
    title = f"dlquiz explain {say('card.topics.argument', lang)}"
    t = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column(say("card.topics.topic", lang), style="bold")
    t.add_column(say("card.topics.covers", lang), overflow="fold")
    for card in cards:
        t.add_row(Text(card.id), bilingual(card.summary, lang))
    return t
