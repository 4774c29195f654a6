"""Every figure whole at the width it is given: 40 to 120 columns, in en, zh and both.

Each figure of the registry is drawn with its defaults, with the arguments the bank's
questions give it (`figure_args`, `answer_figure_args`) and at the ends of its ranges. At
every width: no line is wider than the width, nothing is cut with "…", every label and
number of the widest form is still there (the narrower forms show the same figure), one
language, and the question forms give nothing away. Then through the CLI, inside the panels
of `explain` and `questions show`, at 60 and 80 columns.
"""

from __future__ import annotations

import functools
import io
import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.panel import Panel

from dlquiz.figures import FIGURES
from dlquiz.render.figures import draw
from dlquiz.render.heatmap import attention_heatmap

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = (40, 56, 60, 76, 80, 120)
WIDE = 250  # every figure's widest form fits
LANGS = ("en", "zh", "both")
CUT = re.compile(r"[^\s,(]…(\s|│|$)")  # Rich's cut: "lst…", not a gap marker or "0…10"
SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉₋ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"
# A label or number as a reader finds it: 0.000977, 1.11e+07, h₁₂, Cₜ₋₁, C̃ₜ, a word, one
# Chinese character (Chinese wraps between any two), a symbol, a bar.
TOKEN = re.compile(
    rf"\d+(?:\.\d+)?(?:e[+-]\d+)?|[A-Za-z]+\u0303?[{SUBSCRIPTS}]*|[\u3400-\u9fff]"
    r"|[σ⊙⊕Σα√‖∂βy▁▂▃▄▅▆▇█⋮]"
)
NUMBER = re.compile(r"\d+\.\d+(?:e[+-]\d+)?")
SYMBOL_WORDS = {"tanh", "softmax", "LSTM", "RNN", "GRU", "Tom", "chase", "Jerry", "Thinking",
                "Machines"}  # fmt: skip
TARGET_WORDS = ("湯姆", "追逐", "傑瑞")  # the translation the seq2seq example produces


def _bank_cases() -> set[tuple[str, tuple[tuple[str, Any], ...]]]:
    """(figure, arguments) as the bank's questions draw them."""
    found = set()
    for path in sorted((ROOT / "questions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in data.get("questions", []) if isinstance(data, dict) else []:
            for key in ("figure", "answer_figure"):
                if q.get(key):
                    args = q.get(f"{key}_args") or {}
                    found.add((q[key], tuple(sorted(args.items()))))
    return found


EXTREMES = {
    ("lstm-unfold", (("steps", 12),)),
    ("rnn-unfold", (("many_to_many", True), ("steps", 12))),
    ("gru-unfold", (("steps", 1),)),
    ("gradient-flow", (("steps", 40),)),
    ("gradient-flow", (("clip", None), ("scales", (0.25, 4.0)), ("steps", 1))),
}
CASES = sorted({(name, ()) for name in FIGURES} | _bank_cases() | EXTREMES, key=repr)


def show(renderable: RenderableType, width: int) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


@functools.cache
def drawn(name: str, args: tuple[tuple[str, Any], ...], lang: str, width: int) -> str:
    return show(draw(name, lang, **dict(args)), width)


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def tokens(text: str) -> Counter[str]:
    return Counter(TOKEN.findall(text))


def lost(wide: str, narrow: str) -> list[str]:
    """What `wide` shows that `narrow` does not; a number (a weight, a norm) also when it is
    shown fewer times (labels may move: a state passed on between rows is named twice)."""
    have = tokens(narrow)
    return sorted(t for t, n in tokens(wide).items() if have[t] < (n if NUMBER.fullmatch(t) else 1))


def too_wide(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if cell_len(line.rstrip()) > width]


def english_words(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w{])[A-Za-z]{2,}(?![\w}])", text)) - SYMBOL_WORDS


def case_id(case: tuple[str, tuple[tuple[str, Any], ...]]) -> str:
    name, args = case
    return name + "".join(f"-{k}={v}" for k, v in args)


# ── every figure, every width, every language ──────────────────────────────────────────


def test_the_cases_cover_every_figure_and_the_banks_arguments() -> None:
    assert {name for name, _ in CASES} == set(FIGURES)
    assert ("lstm-cell", (("legend", False),)) in CASES
    assert ("rnn-unfold", (("many_to_many", True), ("steps", 2))) in CASES


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_figure_is_whole_at_every_width(
    case: tuple[str, tuple[tuple[str, Any], ...]], lang: str
) -> None:
    name, args = case
    wide = drawn(name, args, lang, WIDE)
    assert tokens(wide), name
    for width in WIDTHS:
        text = drawn(name, args, lang, width)
        assert too_wide(text, width) == [], (width, too_wide(text, width))
        # a line too wide is folded by the console and cropped by a padding: neither happened
        cropped = show(Padding(draw(name, lang, **dict(args)), 0), width)
        assert lines(text) == lines(cropped), width
        assert not CUT.search(text), (width, CUT.findall(text))
        assert lost(wide, text) == [], width
        if lang == "en":
            for word in TARGET_WORDS:
                text = text.replace(word, "")
            assert not re.search(r"[\u3400-\u9fff]", text), width
        elif lang == "zh":
            assert english_words(text) == set(), (width, english_words(text))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", CASES, ids=case_id)
@pytest.mark.parametrize("width", [60, 80])
def test_every_figure_is_whole_inside_a_panel(
    case: tuple[str, tuple[tuple[str, Any], ...]], lang: str, width: int
) -> None:
    """A panel crops what does not fit without a sign: the figure must fit its inside."""
    name, args = case
    text = show(Panel(draw(name, lang, **dict(args))), width)
    assert lost(drawn(name, args, lang, WIDE), text) == []
    assert too_wide(text, width) == []


@pytest.mark.parametrize("width", [*WIDTHS, WIDE])
@pytest.mark.parametrize("lang", LANGS)
def test_the_notation_is_the_cards(width: int, lang: str) -> None:
    """⊙ for the element-wise product and Unicode subscripts, as the cards write them."""
    text = "".join(drawn(name, args, lang, width) for name, args in CASES)
    assert "⊗" not in text
    # an index with a Unicode form is written in it (h₁, Cₜ₋₁); h_T, W_f have none
    ascii_index = re.compile(r"\b[A-Za-z]_(\{[a-z0-9]|\d|t\b)")
    assert not ascii_index.search(text), ascii_index.findall(text)
    cell = drawn("lstm-cell", (), lang, width)
    for label in ("Cₜ₋₁", "Cₜ", "hₜ₋₁", "hₜ", "xₜ", "fₜ", "iₜ", "C̃ₜ", "oₜ", "⊙", "⊕"):
        assert label in cell, label
    assert "Cₜ = fₜ ⊙ Cₜ₋₁ + iₜ ⊙ C̃ₜ" in cell.replace("\n", " ") or width < 40


@pytest.mark.parametrize("width", [*WIDTHS, WIDE])
@pytest.mark.parametrize("lang", LANGS)
def test_the_question_forms_give_nothing_away_at_any_width(width: int, lang: str) -> None:
    exam = drawn("seq2seq-exam", (), lang, width)
    for word in ("attention", "注意力", "weighted", "加權", "Σ"):
        assert word not in exam
    assert "●" in exam or "c₁ = " in exam  # the weights are drawn all the same
    cell = drawn("lstm-cell", (("legend", False),), lang, width)
    for word in ("gate", "閘", "forget", "遺忘", "candidate", "候選", "="):
        assert word not in cell
    for symbol in ("fₜ", "iₜ", "oₜ", "C̃ₜ", "σ", "tanh"):
        assert symbol in cell


def test_narrow_widths_switch_to_narrower_forms() -> None:
    """The seq2seq figure at 56 columns is the compact drawing, not a cropped wide one; the
    LSTM cell at 40 is its list of connections; an unrolled net puts fewer cells a row."""
    compact = drawn("seq2seq-attention", (), "en", 56)
    assert "chase ──▶│RNN├" in compact and "●0.6────●0.2────●0.3" in compact
    assert "c₁ = 0.6·h₁ + 0.2·h₂ + 0.2·h₃" in compact
    listing = drawn("lstm-cell", (), "en", 40)
    assert "hₜ₋₁, xₜ ─▶ σ ─▶ fₜ ─▶ ⊙ (Cₜ₋₁)" in listing
    rows = drawn("lstm-unfold", (("steps", 4),), "en", 40)
    assert rows.count("LSTM") == 4 and max(line.count("LSTM") for line in rows.split("\n")) == 2


def test_wide_enough_the_two_seq2seq_panels_sit_side_by_side() -> None:
    side = drawn("seq2seq-both", (), "en", 160).splitlines()
    assert "Fig. 2(a)" in side[0] and "Fig. 2(b)" in side[0]
    stacked = drawn("seq2seq-both", (), "en", 150).splitlines()
    assert "Fig. 2(b)" not in stacked[0]


# ── heat maps: gaps marked, blocks when too wide ───────────────────────────────────────


def test_a_shortened_heatmap_marks_what_it_leaves_out() -> None:
    rows = ["q1", "q2", None, "q20"]
    cols = ["k1", "k2", None, "k15"]
    weights = [[0.1, 0.2, 0.0, 0.7], [0.3, 0.3, 0.0, 0.4], [], [0.5, 0.25, 0.0, 0.25]]
    text = show(attention_heatmap(weights, rows, cols), 80)
    lines = text.splitlines()
    assert "…" in lines[0] and "k15" in lines[0]  # a column stands for those left out
    gap = next(line for line in lines if line.startswith("⋮"))
    assert gap.count("⋮") == 5  # the label and every column
    assert lines.index(gap) == 4 and "q20" in lines[5]
    for v in ("0.10", "0.70", "0.40", "0.25"):
        assert v in text


@pytest.mark.parametrize("width", [24, 40, 56])
def test_a_wide_heatmap_is_drawn_in_blocks_of_columns(width: int) -> None:
    cols = [f"k{j + 1} word{j + 1}" for j in range(7)]
    weights = [[round(0.01 * (i + 1) * (j + 1), 2) for j in range(7)] for i in range(3)]
    text = show(attention_heatmap(weights, ["q1", "q2", "q3"], cols), width)
    assert too_wide(text, width) == []
    for label in cols:
        assert label in text
    for row in weights:
        for v in row:
            assert f"{v:.2f}" in text
    assert text.count("q2") >= 2  # each block repeats the row labels


# ── through the CLI, as a student sees it ──────────────────────────────────────────────

SCREENS: list[tuple[tuple[str, ...], list[tuple[str, tuple[tuple[str, Any], ...]]]]] = [
    (("explain", "attention"), [("seq2seq-both", ()), ("attention-heatmap", ())]),
    (("explain", "lstm"), [("lstm-cell", ()), ("lstm-unfold", ())]),
    (("explain", "rnn"), [("rnn-unfold", ()), ("gradient-flow", ())]),
    (("explain", "gru"), [("gru-unfold", ())]),
    (("explain", "clipping"), [("gradient-flow", ())]),
    (("questions", "show", "final-2023-q3"), [("seq2seq-exam", ())]),
    (("questions", "show", "final-2023-q1a"), [("lstm-cell", (("legend", False),))]),
]


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("args", "figures"), SCREENS, ids=[" ".join(a) for a, _ in SCREENS])
def test_figures_are_whole_on_the_screens_that_show_them(
    run: Callable[..., Any],
    args: tuple[str, ...],
    figures: list[tuple[str, tuple[tuple[str, Any], ...]]],
    lang: str,
    width: int,
) -> None:
    os.environ["COLUMNS"] = str(width)
    result = run(*args, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    out = str(result.stdout)
    assert too_wide(out, width) == []
    assert not CUT.search(out), CUT.findall(out)
    inside = [re.sub(r"^│ ?|│$", "", line.rstrip()).rstrip() for line in out.splitlines()]
    for name, fig_args in figures:
        wide = drawn(name, fig_args, lang, WIDE)
        assert lost(wide, out) == [], name
        # the figure as drawn at the panel's inside, whole, and there line for line
        figure = lines(drawn(name, fig_args, lang, width - 4))
        assert lost(wide, "\n".join(figure)) == [], name
        while figure and not figure[-1]:
            figure.pop()
        n = len(figure)
        assert any(inside[i : i + n] == figure for i in range(len(inside) - n + 1)), name
