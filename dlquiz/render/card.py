"""A concept card as the terminal shows it, and the list of topics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlquiz.latex import to_unicode
from dlquiz.render.question import bilingual, figure

if TYPE_CHECKING:
    from dlquiz.bank.cards import Card


def _heading(en: str, zh: str, lang: str) -> Text:
    words = {"en": en, "zh": zh}.get(lang, f"{en} · {zh}")
    return Text(f"\n{words}", style="bold")


def render_card(card: Card, lang: str) -> RenderableType:
    parts: list[RenderableType] = [bilingual(card.what, lang)]

    formulas = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
    formulas.add_column("formula", style="bold cyan", no_wrap=False, ratio=1)
    formulas.add_column("meaning", ratio=1)
    for f in card.formulas:
        formulas.add_row(Text(to_unicode(f.latex)), bilingual(f.text, lang))
    parts += [_heading("Formulas", "公式", lang), formulas]

    if card.symbols:
        symbols = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
        symbols.add_column("symbol", style="bold")
        symbols.add_column("meaning")
        for s in card.symbols:
            symbols.add_row(Text(to_unicode(s.latex)), bilingual(s.text, lang))
        parts += [_heading("Symbols", "符號", lang), symbols]

    for name in card.diagrams:
        drawn = heatmap_example() if name == "attention-heatmap" else figure(name, {}, lang)
        if drawn is not None:
            parts += [Text(""), drawn]

    parts += [_heading("On the exam", "考試怎麼考", lang), bilingual(card.exam, lang)]
    parts.append(_heading("Usual mistakes", "常見錯誤", lang))
    parts += [
        Text.assemble(("• ", "bold red"), bilingual(m, lang, indent="  ")) for m in card.mistakes
    ]
    if card.try_:
        parts.append(_heading("Try it", "動手試試", lang))
        parts += [Text(f"  $ {cmd}", style="green") for cmd in card.try_]
    title = {"en": card.title.en, "zh": card.title.zh}.get(
        lang, f"{card.title.en} · {card.title.zh}"
    )
    return Panel(
        Group(*parts), title=Text(title, style="bold"), title_align="left", box=box.ROUNDED
    )


def heatmap_example() -> RenderableType:
    """The exam's Q6 weights (row 1 of A) as a heat map, computed by the solver."""
    from dlquiz.render.diagrams import attention_heatmap
    from dlquiz.solvers.attention import attention_from_scores

    weights = attention_from_scores().weights.reshape(1, -1).tolist()
    return Group(
        Text("Q6: softmax([112, 96] / √64) for the query of 'Thinking'", style="dim"),
        attention_heatmap(weights, ["q1 Thinking"], ["k1 Thinking", "k2 Machines"]),
    )


def render_topics(cards: list[Card], lang: str) -> RenderableType:
    t = Table(title="dlquiz explain TOPIC", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("topic", style="bold")
    t.add_column("what it covers")
    for card in cards:
        t.add_row(Text(card.id), bilingual(card.summary, lang))
    return t
