"""Short, correct concept cards: formulas, a terminal diagram, the usual mistakes."""

from __future__ import annotations

from typing import Annotated

import typer

from dlquiz.cli import _complete as complete
from dlquiz.cli._core import Lang, Svg, show

RECURRENT = ("lstm", "rnn", "gru")


def explain(
    topic: Annotated[
        str | None,
        typer.Argument(help="A topic or alias (none: list them).", autocompletion=complete.topics),
    ] = None,
    lang: Lang = "both",
    unfold: Annotated[
        int | None, typer.Option(help="Draw lstm / rnn / gru unrolled over N time steps.")
    ] = None,
    many_to_many: Annotated[
        bool, typer.Option("--many-to-many", help="With --unfold: an output at every step.")
    ] = False,
    svg: Svg = None,
) -> None:
    """Explain a topic (lstm, gru, rnn, clipping, attention, self-attention, transformer,
    params, gan, entropy, cross-entropy, kl): formulas, diagram, exam questions, mistakes.

    Example: dlquiz explain lstm --unfold 3
    """
    from dlquiz.bank.cards import find_card, load_cards
    from dlquiz.cli._session import check_lang
    from dlquiz.errors import input_error
    from dlquiz.render.card import render_card, render_topics

    check_lang(lang)
    if topic is None:
        if unfold is not None:
            raise input_error("errors.unfold_needs_topic")
        show(render_topics(load_cards(), lang), svg)
        return
    card = find_card(topic)
    if unfold is None:
        if many_to_many:
            raise input_error("errors.many_to_many")
        show(render_card(card, lang), svg)
        return
    if card.id not in RECURRENT:
        raise input_error("errors.unfold_topic", topic=card.id)
    from dlquiz.render.figures import draw

    show(draw(f"{card.id}-unfold", lang, steps=unfold, many_to_many=many_to_many), svg)
