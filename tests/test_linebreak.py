"""Line breaking: every break dlquiz offers is one the Unicode algorithm (UAX #14) allows,
on every sentence of the content; closing punctuation never starts a line, formulas and
short brackets stay whole while the width allows, and no text is lost."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uniseg.linebreak as uax14
import yaml
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from dlquiz.render.linebreak import CLOSING, OPENING, divide_line, opportunities

CONTENT = Path(__file__).resolve().parent.parent / "questions"


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def texts(lang: str) -> list[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == lang:
                    found.update(s for s in strings(value) if len(s) > 1)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(CONTENT.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(found)


ZH = texts("zh")
EN = texts("en")


def test_there_is_content_to_check() -> None:
    assert len(ZH) > 500 and len(EN) > 500


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_break_offered_is_one_uax14_allows(lang: str) -> None:
    wrong: list[str] = []
    for text in ZH if lang == "zh" else EN:
        line = text.replace("\n", " ")
        allowed = set(uax14.line_break_boundaries(line))
        strong, weak = opportunities(line)
        for at in strong + weak:
            if at not in allowed:
                wrong.append(f"{line[max(0, at - 12) : at]}|{line[at : at + 12]}")
    assert wrong == []


@pytest.mark.parametrize("width", [20, 36, 58, 76])
def test_wrapped_content_keeps_every_character_and_the_punctuation_rules(width: int) -> None:
    for text in ZH:
        line = text.replace("\n", " ")
        cuts = [0, *divide_line(line, width), len(line)]
        pieces = [line[a:b] for a, b in itertools.pairwise(cuts)]
        assert "".join(pieces) == line
        for piece in pieces[1:]:
            assert piece[:1] not in CLOSING, (width, pieces)
        for piece in pieces[:-1]:
            assert piece.rstrip()[-1:] not in OPENING, (width, pieces)
        for piece in pieces:
            long_word = max((cell_len(w) for w in piece.split()), default=0) > width
            assert cell_len(piece.rstrip()) <= width or long_word, (width, piece)


def wrap(text: str, width: int) -> list[str]:
    console = Console(width=width, record=True, file=None, color_system=None)
    with console.capture() as capture:
        console.print(Text(text))
    return [line.rstrip() for line in capture.get().splitlines()]


def test_a_comma_never_starts_a_line() -> None:
    # Rich alone puts "，" at the start of the second line here.
    text = "遺忘閘決定舊的記憶要保留多少一二三四，輸入閘決定寫入多少新資訊。"
    lines = wrap(text, 18)
    assert "".join(lines) == text
    assert all(line[:1] not in CLOSING for line in lines)


def test_a_short_vector_stays_on_one_line() -> None:
    lines = wrap("輸出層的權重是 V = [1, 2]，偏差是 0.1。", 20)
    assert any("[1, 2]" in line for line in lines)


def test_a_formula_moves_whole_and_breaks_at_its_spaces_only_when_too_long() -> None:
    formula = "cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ C̃ₜ"
    lines = wrap(f"所以 {formula}。", 30)
    assert f"{formula}。" in lines
    narrow = wrap(formula, 12)
    assert "".join(narrow).replace(" ", "") == formula.replace(" ", "")
    assert all(cell_len(line) <= 12 for line in narrow)
    assert not any(line.endswith(("c", "f", "i")) for line in narrow)  # no token split


def test_english_words_are_not_split() -> None:
    text = "The forget gate decides how much of the old cell state to keep."
    assert wrap(text, 20) == [
        "The forget gate",
        "decides how much of",
        "the old cell state",
        "to keep.",
    ]
