"""The concept card view and the list of topics: headings, figures, and their language."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console, RenderableType

from dlquiz.bank.cards import find_card, load_cards
from dlquiz.messages import msg
from dlquiz.render.card import render_card, render_topics

HEADINGS = ("card.formulas", "card.symbols", "card.exam", "card.mistakes", "card.try")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def show(renderable: RenderableType, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def lines_of(text: str) -> list[str]:
    return [line.strip(" │╭╮╰╯─") for line in text.splitlines()]


@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_card_has_every_heading_in_its_language(lang: str) -> None:
    text = show(render_card(find_card("lstm"), lang))
    lines = lines_of(text)
    for key in HEADINGS:
        assert msg(key).get(lang, " · ") in lines, key
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    title = text.splitlines()[0]
    assert {"en": "LSTM)", "zh": "（LSTM）", "both": ") · 長短期記憶"}[lang] in title


def test_headings_are_in_one_language() -> None:
    for key in HEADINGS:
        assert not CJK.search(msg(key).en)
        assert not re.search(r"[A-Za-z]", msg(key).zh)


def test_card_draws_its_figures() -> None:
    lstm = show(render_card(find_card("lstm"), "zh"))
    assert "遺忘閘" in lstm and "│tanh│" in lstm and "x₃" in lstm  # the cell and the unfold
    attention = show(render_card(find_card("self-attention"), "en"))
    assert "0.88" in attention and "0.12" in attention and "k2 Machines" in attention
    rnn = show(render_card(find_card("rnn"), "en"))
    assert "vanishing" in rnn and "once per update on the whole gradient" in rnn


def test_a_card_without_symbols_has_no_symbols_heading() -> None:
    card = replace(find_card("gan"), symbols=())
    assert msg("card.symbols").en not in lines_of(show(render_card(card, "en")))


@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_topics_list_every_card(lang: str) -> None:
    cards = load_cards()
    text = show(render_topics(cards, lang), width=120)
    for card in cards:
        assert card.id in text
    header = {"en": "topic", "zh": "主題", "both": "topic · 主題"}[lang]
    assert header in text
    title = {"en": "dlquiz explain TOPIC", "zh": "dlquiz explain 主題"}.get(
        lang, "dlquiz explain TOPIC · 主題"
    )
    assert title in text


@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_a_wrapped_mistake_hangs_under_its_text_not_its_bullet(
    run: Callable[..., Any], lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    lines = run("explain", "gan", "--lang", lang).stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("│ • "))
    block = lines[first:]
    block = block[: next(i for i, line in enumerate(block) if line.strip("│ ") == "")]
    assert len(block) > sum(line.startswith("│ • ") for line in block)  # some lines wrap
    for line in block:
        assert line.startswith(("│ • ", "│   ")) and not line.startswith("│    "), line
