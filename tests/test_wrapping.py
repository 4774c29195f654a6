"""Wrapping as a student sees it: every card, the step views that hold long vectors and
formulas, and `stats`, through the CLI at 60, 80 and 120 columns in en, zh and both.

Each screen is compared with the same screen at 400 columns (where nothing needs to wrap):
- no line is wider than the terminal (in cells: a CJK character is two);
- nothing is cut: no "…" that the wide screen does not have, and no Rich-style cut word;
- no number is split across lines: the numbers on the screen (as tokens) are the wide
  screen's numbers, so "-0.379" + "9" fails where "-0.3799" was;
- no bracketed value is broken inside: each of the wide screen's vectors, matrices and
  numeric expressions is on one line, or split only after the commas of its outer bracket
  on consecutive lines;
- a card's formulas are whole, or broken only between equations and before top-level
  =, + and − (never inside a bracket); a card's title is whole on the border or inside;
  a wrapped mistake hangs under its text, not its bullet;
- question ids and commands are never split.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from rich.cells import cell_len

from dlquiz.bank.cards import card_ids, find_card
from dlquiz.latex import to_unicode
from dlquiz.messages import msg

WIDTHS = (60, 80, 120)
LANGS = ("en", "zh", "both")
WIDE = 400
SOLVES = [
    ("solve", "bptt", "--x", "1", "1", "1", "--clip", "1"),
    ("solve", "params"),
    ("solve", "mha"),
    ("solve", "xent"),
]
CUT = re.compile(r"[^\s,(]…(\s|│|$)")  # "lst…  │": Rich's cut (a cut after a space is counted)
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:e[+-]?\d+)?")
BORDER = "│╭╮╰╯─ "
PAIRS = {"[": "]", "(": ")"}
NUMERIC = re.compile(r"[\d\s.,+\-−×·=e]*")


def screen(run: Callable[..., Any], args: tuple[str, ...], width: int, lang: str) -> list[str]:
    import os

    os.environ["COLUMNS"] = str(width)
    result = run(*args, "--lang", lang)
    assert result.exit_code == 0, (args, result.stderr)
    return [line.rstrip() for line in str(result.stdout).splitlines()]


def inner(line: str) -> str:
    """A line without the panel's borders."""
    return line.strip().strip("│").strip()


def brackets(text: str) -> list[str]:
    """Every outermost bracket of numbers in `text` ([0.9, -0.3], (30 + 1 + 1), [[1], [2]])."""
    found, stack = [], []
    for i, ch in enumerate(text):
        if ch in PAIRS:
            stack.append(i)
        elif ch in PAIRS.values() and stack:
            start = stack.pop()
            span = text[start : i + 1]
            numeric = NUMERIC.fullmatch(span[1:-1].replace("[", "").replace("]", ""))
            if not stack and numeric and any(c.isdigit() for c in span) and " " in span:
                found.append(span)
    return found


def top_level_pieces(value: str) -> list[str]:
    """A bracketed value cut after each comma of its outer bracket."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        depth += ch in PAIRS
        depth -= ch in PAIRS.values()
        if ch == "," and depth == 1:
            pieces.append(value[start : i + 1])
            start = i + 2
    return [*pieces, value[start:]]


def laid_out(value: str, lines: list[str]) -> int:
    """How many times `value` is on the screen whole, or split only after the commas of its
    outer bracket, the pieces on consecutive lines."""
    whole = sum(line.count(value) for line in lines)
    pieces = top_level_pieces(value)
    split = 0
    for i in range(len(lines) - 1):
        k, row = 0, i
        while k < len(pieces) and row < len(lines):
            n = len(pieces)
            while n > k and " ".join(pieces[k:n]) not in lines[row]:
                n -= 1
            if n == k:
                break
            k, row = n, row + 1
        split += k == len(pieces) and row - i > 1
    return whole + split


def assert_whole(lines: list[str], wide: list[str], width: int) -> None:
    too_wide = [line for line in lines if cell_len(line) > width]
    assert too_wide == [], too_wide
    assert [line for line in lines if CUT.search(line)] == []
    assert sum(line.count("…") for line in lines) == sum(line.count("…") for line in wide)
    numbers = Counter(NUMBER.findall("\n".join(lines)))
    assert numbers == Counter(NUMBER.findall("\n".join(wide))), numbers - Counter(
        NUMBER.findall("\n".join(wide))
    )
    values = Counter(v for line in wide for v in brackets(line))
    broken = {v: n for v, n in values.items() if laid_out(v, lines) < n}
    assert broken == {}


def formula_pieces(formula: str, lines: list[str]) -> list[str] | None:
    """The pieces `formula` is on the screen in: at the start of consecutive lines (after the
    border and the margin; a continuation line indented), each ending at a space."""
    target = formula.replace(" ", "")
    for start in range(len(lines)):
        done, pieces = "", []
        for line in lines[start:]:
            text = inner(line)
            ends = [end for end in range(len(text), 0, -1) if end == len(text) or text[end] == " "]
            best = next(
                (text[:e] for e in ends if target.startswith(done + text[:e].replace(" ", ""))),
                "",
            )
            if not best:
                break
            pieces.append(best)
            done += best.replace(" ", "")
            if done == target:
                return pieces
    return None


def bad_breaks(formula: str, pieces: list[str]) -> list[str]:
    """The places `formula` is broken at that are neither between two of its equations nor
    before a top-level relation, + or −: inside a bracket, inside a product."""
    bad, pos = [], 0
    for piece in pieces[:-1]:
        left = len(piece.replace(" ", ""))
        while left:
            left -= formula[pos] != " "
            pos += 1
        before, after = formula[:pos], formula[pos:]
        depth = sum(before.count(c) for c in "([{") - sum(before.count(c) for c in ")]}")
        gap = len(after) - len(after.lstrip(" "))
        between = before.rstrip()[-1:] in ",:" or gap >= 3
        if depth or not (between or after.lstrip()[:1] in "=+−-≤≥≈≠"):
            bad.append(f"{before}|{after}")
    return bad


@pytest.fixture(scope="module")
def wide_screens() -> dict[tuple[tuple[str, ...], str], list[str]]:
    return {}


def wide_of(
    run: Callable[..., Any], cache: dict[Any, list[str]], args: tuple[str, ...], lang: str
) -> list[str]:
    if (args, lang) not in cache:
        cache[(args, lang)] = screen(run, args, WIDE, lang)
    return cache[(args, lang)]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("topic", card_ids())
def test_every_card_is_whole(
    run: Callable[..., Any], wide_screens: dict[Any, list[str]], topic: str, lang: str, width: int
) -> None:
    args = ("explain", topic)
    lines = screen(run, args, width, lang)
    assert_whole(lines, wide_of(run, wide_screens, args, lang), width)
    card = find_card(topic)
    heading = msg("card.formulas").get(lang, " · ")
    formulas = lines[next(i for i, line in enumerate(lines) if inner(line) == heading) :]
    for f in (*card.formulas, *card.symbols):
        formula = to_unicode(f.latex)
        pieces = formula_pieces(formula, formulas)
        assert pieces is not None, (formula, width, lang)
        assert bad_breaks(formula, pieces) == [], pieces
    start = next(i for i, line in enumerate(lines) if line.startswith("│ • "))
    mistakes = lines[start:]
    mistakes = mistakes[: next(i for i, line in enumerate(mistakes) if not line.strip("│ "))]
    for line in mistakes:  # a wrapped mistake hangs under its text, not under its bullet
        assert line.startswith(("│ • ", "│   ")) and not line.startswith("│    "), line
    title = card.title.get(lang, " · ")
    top = lines[0].strip(BORDER)
    assert top in ("", title), lines[0]  # on the border whole, or inside
    if not top:
        body = "".join(inner(line) for line in lines[1:5]).replace(" ", "")
        assert body.startswith(card.title.get(lang, "").replace(" ", "")), (title, body)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("args", SOLVES, ids=" ".join)
def test_step_views_are_whole(
    run: Callable[..., Any],
    wide_screens: dict[Any, list[str]],
    args: tuple[str, ...],
    lang: str,
    width: int,
) -> None:
    lines = screen(run, args, width, lang)
    assert_whole(lines, wide_of(run, wide_screens, args, lang), width)


def test_step_views_say_it_in_chinese(run: Callable[..., Any]) -> None:
    bptt = "\n".join(screen(run, SOLVES[0], 80, "zh"))
    assert "若 ‖g‖ > β：" in bptt and "if ‖g‖" not in bptt
    clip = "\n".join(screen(run, ("solve", "clip"), 80, "zh"))
    assert "若 ‖g‖ > β：" in clip and "if " not in clip
    gan = "\n".join(screen(run, ("solve", "gan"), 80, "zh"))
    assert "L_G（極小極大形式）" in gan and "L_G（非飽和形式）" in gan
    assert "minimax" not in gan and "non-saturating" not in gan
    mha = "\n".join(screen(run, ("solve", "mha"), 120, "zh"))
    assert "詞元" in mha and " token" not in mha  # one term: the glossary's 詞元
    xent = "\n".join(screen(run, ("solve", "xent"), 120, "zh"))
    assert "類別 0：2.3219、類別 1：1.3219、類別 2：3.3219" in xent
    both = "\n".join(screen(run, ("solve", "xent"), 200, "both"))
    assert "class 0: 2.3219, class 1: 1.3219" in both and "類別 0：2.3219、類別 1" in both


@pytest.fixture
def history(run: Callable[..., Any]) -> str:
    """Some answers (a number, an explanation, skips), and an exam date a month ahead."""
    run("practice", "--id", "final-2023-q4", "--lang", "en", input="1.5 2.7\n")
    run("practice", "--id", "final-2023-q1b", "--lang", "en", input="The forget gate.\n\n")
    run("practice", "--id", "final-2023-q5a", "--id", "final-2023-q3", input="\n\n")
    exam = (date.today() + timedelta(days=30)).isoformat()
    assert run("stats", "--exam-date", exam).exit_code == 0
    return exam


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_stats_is_whole_and_its_ids_are_never_split(
    run: Callable[..., Any], run_json: Callable[..., Any], history: str, lang: str, width: int
) -> None:
    lines = screen(run, ("stats",), width, lang)
    assert_whole(lines, screen(run, ("stats",), WIDE, lang), width)
    data = run_json("stats")
    assert data["at_risk"]
    text = "\n".join(lines)
    for risky in data["at_risk"]:
        assert re.search(rf"(^|\s){re.escape(risky['topic'])}[\s:]", text), risky["topic"]
        for qid in risky["weakest"]:
            assert re.search(rf"(^|[\s、,]){re.escape(qid)}([,、]|\s|$)", text, re.M), qid
    untouched = [t for t, row in data["by_topic"].items() if not row["attempts"]]
    if lang != "en":
        assert "、".join(untouched) in text.replace("\n", "")
        zh = text[text.index("尚未練習") :]
        assert ", " not in zh[: zh.index("\n", len("、".join(untouched)))]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_command_in_a_sentence_is_never_split(
    run: Callable[..., Any], lang: str, width: int
) -> None:
    run("practice", "--id", "final-2023-q4", "--lang", "en", input="1.5 2.7\n")
    lines = screen(run, ("stats",), width, lang)
    assert "dlquiz stats --exam-date 2026-12-15" in "\n".join(lines)
