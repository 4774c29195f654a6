"""`dlquiz export paper`: the mock exam to print and its key, read back as a student would.

The HTML is read for its words (tags taken out); the key's numbers are graded back through
`dlquiz check`, so the key and the grader cannot disagree; the PDF is printed by a real
headless Chromium and read back with pypdf. No expected number is typed here: they come from
the exam's own items, built by the same code `dlquiz exam` uses.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from dlquiz.bank.load import load_bank
from dlquiz.cli import app
from dlquiz.drill.exams import get_spec
from dlquiz.drill.sitting import Item, build_exam, expected
from dlquiz.export.pdf import find_browser
from dlquiz.latex import prose
from dlquiz.messages import catalog, say
from dlquiz.numfmt import number

SPEC = get_spec("final-2023")
BANK = load_bank()
KEY_START = '<section class="key">'
CHECK = re.compile(r"<code>(dlquiz check [^<]+)</code>")


def items(variant: int) -> list[Item]:
    return build_exam(SPEC, BANK, variant)


def words(html: str) -> str:
    """What a reader sees: no tags, no style sheet, entities decoded, spaces collapsed."""
    html = re.sub(r"<style>.*?</style>|<title>.*?</title>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def key_numbers(item: Item) -> list[str]:
    return [number(x) for x in np.ravel(np.asarray(expected(item), dtype=float))]


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., tuple[str, str]]:
    """Export with these options (once each per module): (the file's text, the summary)."""
    made: dict[tuple[str, ...], tuple[str, str]] = {}

    def export(*options: str, suffix: str = ".html") -> tuple[str, str]:
        if (*options, suffix) not in made:
            path = tmp_path_factory.mktemp("paper") / f"exam{suffix}"
            result = CliRunner().invoke(app, ["export", "paper", str(path), *options])
            assert result.exit_code == 0, (result.stdout, result.stderr)
            text = path.read_text("utf-8") if suffix != ".pdf" else str(path)
            # the summary is wrapped to the terminal (it was one unwrapped line): its words
            made[(*options, suffix)] = (text, " ".join(result.stdout.split()))
        return made[(*options, suffix)]

    return export


@pytest.mark.parametrize("variant", [0, 3])
def test_every_question_is_asked_with_its_weight_and_the_variants_numbers(
    paper: Callable[..., tuple[str, str]], variant: int
) -> None:
    html, summary = paper("--variant", str(variant), "--lang", "en")
    asked = words(html.split(KEY_START)[0])
    groups: dict[str, float] = {}
    for item in items(variant):
        assert " ".join(prose(item.variant.prompt("en")).split())[:60] in asked
        head = re.match(r"\d+", item.label)
        assert head is not None
        groups[head.group(0)] = groups.get(head.group(0), 0) + item.points
    for n, weight in groups.items():
        assert say("export_paper.question", "en", n=n, weight=f"{weight:g}") in asked
    assert sum(groups.values()) == 100
    assert f"{len(items(variant))} questions" in summary


@pytest.mark.parametrize("variant", [0, 3])
def test_the_key_grades_right_through_dlquiz_check(
    paper: Callable[..., tuple[str, str]], variant: int, run_json: Callable[..., Any]
) -> None:
    html, _ = paper("--variant", str(variant), "--lang", "en")
    key = html.split(KEY_START)[1]
    commands = CHECK.findall(key)
    graded = [i for i in items(variant) if i.question.type in ("numeric", "choice")]
    assert len(commands) == len(graded) >= 5
    for command, item in zip(commands, graded, strict=True):
        words_ = command.split()[2:]
        assert words_[0] == item.question.id
        assert run_json("check", *words_)["correct"] is True, command
        for value in key_numbers(item) if item.question.type == "numeric" else ():
            assert value in words(key)


def test_q4s_key_gives_both_conventions_and_the_numbers_stay_off_the_questions(
    paper: Callable[..., tuple[str, str]],
) -> None:
    html, _ = paper("--lang", "en")
    asked, key = html.split(KEY_START)
    assert "[1.4588, 2.7371]" in words(key) and "[1.4588, 2.6704]" in words(key)
    for item in items(0):
        if item.question.type == "numeric":
            for value in key_numbers(item):
                if value not in {number(x) for x in _inputs(item)}:
                    assert value not in words(asked), (item.label, value)


def _inputs(item: Item) -> list[float]:
    flat: list[float] = []
    for v in item.variant.inputs.values():
        try:
            flat += np.ravel(np.asarray(v, dtype=float)).tolist()
        except (TypeError, ValueError):
            continue
    return flat


def test_no_key_leaves_the_key_out(paper: Callable[..., tuple[str, str]]) -> None:
    html, summary = paper("--no-key", "--lang", "en")
    assert KEY_START not in html and "dlquiz check" not in html
    assert "2.7371" not in words(html)
    assert say("export_paper.without_key", "en") in summary


def test_the_page_is_self_contained(paper: Callable[..., tuple[str, str]]) -> None:
    html, _ = paper()
    assert not re.search(r"<script|<link|@import|url\(|<iframe|src=", html, re.I)
    links = set(re.findall(r"https?://[^\s\"')]+", html))
    assert links <= {"http://www.w3.org/2000/svg"}
    assert html.count("<svg") >= 4  # figures 1 and 2 on the questions, more in the key
    assert "break-before: page" in html and "@page" in html


def test_chinese_paper_has_no_english_interface_words(
    paper: Callable[..., tuple[str, str]],
) -> None:
    html, summary = paper("--lang", "zh")
    text = words(html)
    for key, message in catalog().items():
        if key.startswith(("export_paper.", "export.")) and not key.startswith(
            ("export_paper.error", "export_paper.written")
        ):
            english = message.en.split("{")[0].strip()
            if len(english) > 3:
                assert english not in text, key
    assert "Figure 1 shows" not in text and "圖 1" in text
    assert summary.startswith("已寫入") and "Wrote" not in summary


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["exam.txt"], ".html or .pdf"),
        (["exam.html", "--variant", "-1"], "--variant"),
        (["exam.html", "--exam", "final-1999"], "final-2023"),
        (["nowhere/exam.html"], "does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    bad: Callable[..., str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    says: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert says in bad("export", "paper", *args)
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == []


def test_a_pdf_without_a_browser_says_what_to_do(
    bad: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DLQUIZ_BROWSER", "no-such-browser-here")
    line = bad("export", "paper", str(tmp_path / "exam.pdf"))
    assert "chromium" in line and "FILE.html" in line
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == []


NEEDS_BROWSER = pytest.mark.skipif(
    find_browser() is None and os.environ.get("DLQUIZ_REQUIRE_BROWSER") != "1",
    reason="no Chromium or Chrome here (.ci/run installs chromium and requires it)",
)


@NEEDS_BROWSER
def test_the_pdf_prints_in_a_real_browser_with_the_key_on_its_own_pages(
    paper: Callable[..., tuple[str, str]],
) -> None:
    from pypdf import PdfReader

    path, summary = paper("--variant", "3", "--lang", "en", suffix=".pdf")
    pages = [
        " ".join(unicodedata.normalize("NFKC", p.extract_text() or "").split())
        for p in PdfReader(path).pages
    ]  # NFKC: the printed "fi" is one ligature glyph
    assert f"{len(pages)} pages" in summary and len(pages) >= 4
    title = say("export_paper.key_title", "en", exam=SPEC.title.en)
    first_key = next(i for i, text in enumerate(pages) if title in text)
    assert pages[first_key].startswith(title)  # the key begins a page
    asked, key = " ".join(pages[:first_key]), " ".join(pages[first_key:])
    for item in items(3):
        label = item.label.lstrip("0123456789")
        assert f"({label})" in asked or len(label) == 0
        if item.question.type == "numeric":
            for value in key_numbers(item):
                assert value in key, (item.label, value)
    for n in ("1", "2", "3", "4", "5", "6"):
        assert f"Question {n} (" in asked
