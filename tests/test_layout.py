"""Every screen as a student sees it at 60, 80 and 120 columns, in en, zh and both.

Each command runs through the CLI with COLUMNS set (Rich lays out for that width). Asserted:
no line is wider than the terminal (in cells: a CJK character is two), nothing is cut with
"…", and in zh no English interface word is left (formulas, symbols, ids and code may stay).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from rich.cells import cell_len

WIDTHS = (60, 80, 120)
LANGS = ("en", "zh", "both")
# Words that may stay in zh output: identifiers, commands, symbols, units and the names of
# the exam's own figures and example words.
ALLOWED = re.compile(
    r"^(dlquiz|final|q\d+\w*|id|lstm|gru|rnn|gan|kl|xent|softmax|relu|tanh|sigmoid|"
    r"sequence|vector|column|row|identity|keras|pytorch|dense|simplernn|input|"
    r"tom|chase|jerry|thinking|machines|fig|max|min|log|ln|exp|sin|cos|norm|"
    r"practice|solve|explain|stats|exam|check|questions|list|show|validate|cram|due|new|"
    r"hint|steps|skip|seed|quit|go|review|submit|enter|attention|self|transformer|params|"
    r"entropy|cross|clipping|clip|context|posenc|seq2seq|none|true|false|nan|inf|"
    r"shape|units|return|sequences|activation|model|add|sequential|layer|layers|"
    r"minimax|non-saturating|data|score|diag|seq|bahdanau|goodfellow|elman|cho|hochreiter|schmidhuber|vaswani|bptt|bert|gpt|adam|"
    r"[a-z])$"
)
CODE = re.compile(r"--[\w-]+|`[^`]*`|dlquiz [\w -]+")
# Rich's cut: a word ending in "…" at the end of a cell ("lst…  │"), not an ellipsis in prose.
CUT = re.compile(r"[^\s,(]…(\s|│|$)")

SCREENS: list[tuple[str, ...]] = [
    ("solve", "rnn", "--x", "2", "3"),
    ("solve", "attention"),
    ("solve", "params"),
    ("solve", "xent"),
    ("solve", "gan"),
    ("stats",),
    ("questions", "show", "final-2023-q4"),
    ("questions", "list"),
    ("explain", "lstm"),
    ("explain", "rnn"),
    ("explain", "attention"),
    ("explain", "gan"),
]


# Screens that need answers: practice (a partly right number, an explanation, a skip) and
# the mock exam (two answers, the review, the report).
ANSWERED: list[tuple[tuple[str, ...], str]] = [
    (("practice", "--id", "final-2023-q4"), "1.5 2.7\n"),
    (("practice", "--id", "final-2023-q1b"), "The forget gate erases old memory.\n\n"),
    (("practice", "--id", "final-2023-q5a", "--id", "final-2023-q3"), "\n\n"),
    (("exam",), "i_t\no_t\nf_t\n\n\n\n\n\n\n\n1.5 2.7\n/submit\n"),
]
# No line may start with closing punctuation or end with opening punctuation.
BAD_START = re.compile(r"^[\s│║┃|]*[，。、；：？！）」』】〕》]")
BAD_END = re.compile(r"[（「『【〔《][\s│║┃|]*$")


def lines_of(
    run: Callable[..., Any], args: tuple[str, ...], width: int, lang: str, input: str = ""
) -> list[str]:
    import os

    os.environ["COLUMNS"] = str(width)
    result = run(*args, "--lang", lang, input=input)
    assert result.exit_code == 0, (args, result.stderr)
    return str(result.stdout).splitlines()


def badly_broken(lines: list[str]) -> list[str]:
    return [line for line in lines if BAD_START.search(line) or BAD_END.search(line)]


def overflowing(lines: list[str], width: int) -> list[str]:
    return [line for line in lines if cell_len(line.rstrip()) > width]


def english_words(lines: list[str]) -> list[str]:
    from dlquiz import topics
    from dlquiz.bank.load import load_bank

    # question ids and topic ids are what the student types after a command: code
    names = sorted([q.id for q in load_bank()] + topics.ids(), key=len, reverse=True)
    ids = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    text = ids.sub(" ", CODE.sub(" ", "\n".join(lines)))
    words = re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text)
    return sorted({w for w in words if not ALLOWED.match(w.lower().strip("-'"))})


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("args", SCREENS, ids=" ".join)
def test_screens_are_whole(
    run: Callable[..., Any], args: tuple[str, ...], lang: str, width: int
) -> None:
    lines = lines_of(run, args, width, lang)
    assert overflowing(lines, width) == []
    assert not [line for line in lines if CUT.search(line)]
    assert badly_broken(lines) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("args", "answers"), ANSWERED, ids=[" ".join(a) for a, _ in ANSWERED])
def test_practice_and_exam_screens_are_whole(
    run: Callable[..., Any], args: tuple[str, ...], answers: str, lang: str, width: int
) -> None:
    lines = lines_of(run, args, width, lang, answers)
    assert overflowing(lines, width) == []
    assert not [line for line in lines if CUT.search(line)]
    assert badly_broken(lines) == []


@pytest.mark.parametrize("args", SCREENS, ids=" ".join)
def test_zh_leaves_no_english_interface_words(
    run: Callable[..., Any], args: tuple[str, ...]
) -> None:
    assert english_words(lines_of(run, args, 80, "zh")) == []


def test_dlquiz_lang_sets_the_default_once(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DLQUIZ_LANG", "zh")
    assert "答案：" in run("solve", "softmax").stdout
    assert "answer: " in run("solve", "softmax", "--lang", "en").stdout
    monkeypatch.setenv("DLQUIZ_LANG", "klingon")
    assert run("solve", "softmax").exit_code == 2
