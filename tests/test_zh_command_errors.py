"""Bad input to exam, check, practice, export anki / paper, solve attention / mha / bptt,
explain --unfold and a question of a --bank file: one line in the student's language (the
messages of questions/messages/command_input.yaml and the commands' own catalog files).
Messages that no command line reaches (a broken exam file, a past exam date given to the
schedule, a figure's arguments) are checked to have both languages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dlquiz.errors import InputError
from dlquiz.text import Text
from tests.sample_banks import DEMO_RNN
from tests.test_zh_errors import HAN, english_words

# Words that stay as they are in a Chinese line besides those english_words allows: the
# products named, the FILE of the usage line, and the field names of a question file.
KEPT = ("Anki", "Chromium", "Chrome", "chromium", "PDF", "FILE",
        "vary", "shape", "values", "low", "high", "step", "choices")  # fmt: skip
SUFFIX = re.compile(r"\.(apkg|html?|pdf|json|md|txt|yaml|part)\b")
ENV = re.compile(r"\b[A-Z]+_[A-Z_]+\b")


def foreign(line: str, typed: tuple[str, ...] = ()) -> list[str]:
    """The English words of a Chinese line, but for what the student typed (`typed`: paths,
    values), file suffixes, environment variables and the names above."""
    for word in (*typed, *KEPT):
        line = line.replace(word, " ")
    return english_words(ENV.sub(" ", SUFFIX.sub(" ", line)))


# (arguments, what the line says in English, what the student typed that the line repeats)
CASES: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = [
    (("exam", "--minutes", "inf"),
     "--minutes must be more than 0 and at most 1440, not inf", ("inf",)),
    (("exam", "--minutes", "0"), "--minutes must be more than 0 and at most 1440, not 0", ()),
    (("exam", "--report", "x.txt"), "--report must end in .md or .json, not 'x.txt'", ()),
    (("exam", "--report", "dir.md"),
     "--report dir.md is a folder; give a file name ending in .md or .json", ("dir.md",)),
    (("exam", "--report", "nope/x.md"), "--report nope/x.md: the folder nope does not exist",
     ("nope/x.md", "nope")),
    (("check", "final-2023-q5a", "3", "--bogus"),
     "no such option: --bogus (see 'dlquiz check --help')", ()),
    (("check", "attention-weight-meaning", "zzz"), "answer with one of: a, b, c", ()),
    (("practice", "--due", "--new"), "--due and --new cannot be combined: choose one", ()),
    (("practice", "--cram", "--new", "--due"),
     "--due and --new and --cram cannot be combined: choose one", ()),
    (("practice", "--id", "final-2023-q5"),
     "no question with id 'final-2023-q5'; did you mean 'final-2023-q5", ()),
    (("practice", "--id", "zzzz"), "no question with id 'zzzz'; see: dlquiz questions list", ()),
    (("export", "anki", "x.txt"),
     "FILE must be an Anki package ending in .apkg, not 'x.txt'", ("x.txt",)),
    (("export", "anki", "dir.apkg"),
     "dir.apkg is a folder; give a file name ending in .apkg", ("dir.apkg",)),
    (("export", "anki", "nope/d.apkg"),
     "cannot write nope/d.apkg: the folder nope does not exist", ("nope/d.apkg", "nope")),
    (("export", "anki", "d.apkg", "--variants", "21"),
     "--variants must be a whole number from 1 to 20, not 21", ()),
    (("export", "paper", "x.txt"), "FILE must end in .html or .pdf, not 'x.txt'", ("x.txt",)),
    (("export", "paper", "dir.html"),
     "dir.html is a folder; give a file name ending in .html or .pdf", ("dir.html",)),
    (("export", "paper", "nope/x.html"),
     "cannot write nope/x.html: the folder nope does not exist", ("nope/x.html", "nope")),
    (("export", "paper", "x.html", "--variant", "-1"),
     "--variant must be a whole number from 0 to 2147483647, not -1", ()),
    (("solve", "attention", "--scores", "1", "2", "--q", "1 0"),
     "--scores replaces --q/--k (or --x); give one or the other", ()),
    (("solve", "attention", "--q", "1 0", "--k", "1 0", "--v", "1 0", "--dk", "4"),
     "--dk goes with --scores; with --q/--k, d_k is the width of K", ()),
    (("solve", "mha", "--mask", "foo"), "--mask must be causal or none, not 'foo'", ()),
    (("solve", "mha", "--x", "abc"), "'abc' is not a number; write a number", ()),
    (("solve", "bptt", "--clip", "abc"), "'abc' is not a number; write a number", ()),
    (("explain", "lstm", "--unfold", "0"), "--unfold must be between 1 and 12, not 0", ()),
    (("explain", "rnn", "--unfold", "13"), "--unfold must be between 1 and 12, not 13", ()),
    (("questions", "show", "demo-rnn", "--seed", "3", "--bank", "huge.yaml"),
     "huge.yaml:3: demo-rnn: vary.x: shape [100000000] draws 100000000 numbers; at most 10000; "
     "run: dlquiz questions validate huge.yaml", ("huge.yaml", "demo-rnn")),
    (("questions", "show", "demo-rnn", "--seed", "3", "--bank", "empty.yaml"),
     "demo-rnn: vary.x: values must be a non-empty list of numbers", ("empty.yaml", "demo-rnn")),
    (("questions", "show", "demo-rnn", "--bank", "solver.yaml"),
     "demo-rnn: solver 'rnm' does not exist; run: dlquiz", ("solver.yaml", "demo-rnn")),
    (("questions", "show", "demo-rnn", "--bank", "figure.yaml"),
     "demo-rnn: figure 'lstm-cel' does not exist", ("figure.yaml", "demo-rnn")),
    (("questions", "show", "demo-rnn", "--bank", "path.yaml"),
     "demo-rnn: answer path 'zz' is not in the rnn result", ("path.yaml", "demo-rnn")),
]  # fmt: skip
IDS = [" ".join(a) for a, _, _ in CASES]


@pytest.fixture(autouse=True)
def _files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work in tmp_path: folders named like files, and broken question files."""
    monkeypatch.chdir(tmp_path)
    for folder in ("dir.md", "dir.apkg", "dir.html"):
        (tmp_path / folder).mkdir()
    after, vary = "  answer: y\n", "  answer: y\n  vary:\n    x: "
    banks = {
        "huge": DEMO_RNN.replace(after, vary + "{low: 1, high: 3, shape: [100000000]}\n"),
        "empty": DEMO_RNN.replace(after, vary + "{values: [], shape: [2]}\n"),
        "solver": DEMO_RNN.replace("solver: rnn", "solver: rnm"),
        "figure": DEMO_RNN.replace(after, after + "  figure: lstm-cel\n"),
        "path": DEMO_RNN.replace(after, "  answer: zz\n"),
    }  # fmt: skip
    for name, text in banks.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")


def said_in_zh(line: str, typed: tuple[str, ...] = ()) -> None:
    assert line.startswith("錯誤：") and HAN.search(line[3:]), line
    assert foreign(line, typed) == [], line


def said_in_en(line: str, english: str) -> None:
    assert line.startswith("error: ") and english in line, line
    assert not HAN.search(line), line


def said_in_both(line: str, english: str, typed: tuple[str, ...] = ()) -> None:
    en, sep, zh = line.partition(" · 錯誤：")
    assert sep and en.startswith("error: ") and english in en and not HAN.search(en), line
    assert HAN.search(zh) and foreign(zh, typed) == [], line


@pytest.mark.parametrize(("args", "english", "typed"), CASES, ids=IDS)
def test_each_error_is_one_line_in_chinese(
    bad: Callable[..., str], args: tuple[str, ...], english: str, typed: tuple[str, ...]
) -> None:
    said_in_zh(bad(*args, "--lang", "zh"), typed)


@pytest.mark.parametrize(("args", "english", "typed"), CASES, ids=IDS)
def test_each_error_says_the_same_in_english(
    bad: Callable[..., str], args: tuple[str, ...], english: str, typed: tuple[str, ...]
) -> None:
    said_in_en(bad(*args, "--lang", "en"), english)


@pytest.mark.parametrize(("args", "english", "typed"), CASES, ids=IDS)
def test_both_is_english_then_chinese(
    bad: Callable[..., str], args: tuple[str, ...], english: str, typed: tuple[str, ...]
) -> None:
    said_in_both(bad(*args), english, typed)


def test_a_solver_value_that_is_no_number_names_its_option_in_chinese(
    bad: Callable[..., str],
) -> None:
    assert bad("solve", "mha", "--x", "abc", "--lang", "zh").endswith("（選項 --x）")
    assert bad("solve", "bptt", "--clip", "abc", "--lang", "zh").endswith("（選項 --clip）")


# ------------------------------------------------------------- failures of the system


def refuse(*_: object, **__: object) -> None:
    raise PermissionError(13, "Permission denied")


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (("export", "anki", "d.apkg", "--topic", "kl"), "cannot write d.apkg: Permission denied"),
        (("export", "paper", "x.html"), "cannot write x.html: Permission denied"),
    ],
)
def test_a_file_that_cannot_be_written(
    bad: Callable[..., str], monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
    english: str,
) -> None:  # fmt: skip
    monkeypatch.setattr(os, "replace", refuse)
    typed = ("Permission denied",)  # the system's own words
    said_in_zh(bad(*args, "--lang", "zh"), typed)
    said_in_en(bad(*args, "--lang", "en"), english)
    said_in_both(bad(*args), english, typed)


def test_no_browser_for_a_pdf(bad: Callable[..., str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DLQUIZ_BROWSER", "no-such-browser-here")
    args = ("export", "paper", "x.pdf")
    said_in_zh(bad(*args, "--lang", "zh"))
    said_in_en(bad(*args, "--lang", "en"), "a PDF needs Chromium or Chrome to print it")
    said_in_both(bad(*args), "install chromium")


def test_a_browser_that_prints_nothing_says_its_exit_code(
    bad: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    if shutil.which("false") is None:
        pytest.skip("no `false` command here")
    monkeypatch.setenv("DLQUIZ_BROWSER", "false")  # exits 1, prints nothing
    args = ("export", "paper", "x.pdf", "--no-key")
    zh = bad(*args, "--lang", "zh")
    said_in_zh(zh)
    assert zh.endswith("：結束碼 1"), zh
    said_in_en(bad(*args, "--lang", "en"), ".pdf.part: exit code 1")


# ------------------------------------------------------------- no command line reaches


def both_languages(exc: InputError) -> Text:
    said = exc.text
    assert isinstance(said, Text) and said.en == str(exc), exc
    assert HAN.search(said.zh) and not HAN.search(said.en), said
    return said


def test_a_report_that_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dlquiz.cli.exam import write_report

    class Report:
        def to_markdown(self, lang: str) -> str:
            return "# report\n"

    monkeypatch.setattr(Path, "write_text", refuse)
    report: Any = Report()
    with pytest.raises(InputError) as caught:
        write_report(report, tmp_path / "r.md", "zh")
    said = both_languages(caught.value)
    assert said.en == f"cannot write --report {tmp_path / 'r.md'}: Permission denied"


def test_a_deck_with_nothing_in_it(tmp_path: Path) -> None:
    from dlquiz.export.anki import export

    with pytest.raises(InputError) as caught:
        export(tmp_path / "d.apkg", [], [], "zh")
    assert both_languages(caught.value).en == (
        "nothing to export: no question or concept card matches"
    )


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("someday", "--exam-date must be a date like 2026-12-15 (or 'none' to clear it), "
                    "not 'someday'"),
        ("2020-01-01", "--exam-date 2020-01-01 is in the past (today is 2026-12-01)"),
        ("2099-01-01", "--exam-date 2099-01-01 is more than 5 years away"),
    ],
)  # fmt: skip
def test_the_schedule_refuses_an_exam_date_in_both_languages(text: str, english: str) -> None:
    from datetime import date

    from dlquiz.schedule import MAX_YEARS_AHEAD, parse_exam_date

    with pytest.raises(InputError) as caught:
        parse_exam_date(text, date(2026, 12, 1))
    assert both_languages(caught.value).en.startswith(
        english.replace("5 years", f"{MAX_YEARS_AHEAD} years")
    )


@pytest.mark.parametrize(
    ("name", "given", "lang", "from_bank", "english"),
    [
        ("lstm-cell", {}, "fr", False, "the language must be one of en, zh, both, not 'fr'"),
        ("lstm-cell", {"steps": 3}, "en", False,
         "figure 'lstm-cell' takes no argument 'steps' (it takes: legend)"),
        ("lstm-cell", {"legend": "no"}, "en", False, "legend must be true or false, not no"),
        ("gru-unfold", {"many_to_many": "yes"}, "en", False,
         "many_to_many must be true or false, not yes"),
        ("gradient-flow", {"steps": 41}, "en", False, "--steps must be between 1 and 40, not 41"),
        ("gradient-flow", {"scales": (0.0,)}, "en", False,
         "the scales must be numbers > 0, not [0.0]"),
        ("gradient-flow", {"clip": 0}, "en", False,
         "the clipping threshold must be a number > 0, not 0"),
        ("lstm-unfold", {"steps": 13}, "en", True,
         "steps must be a whole number from 1 to 12, not 13"),
    ],
)  # fmt: skip
def test_a_figures_arguments_in_both_languages(
    name: str, given: dict[str, object], lang: str, from_bank: bool, english: str
) -> None:
    from dlquiz.figures import resolve

    with pytest.raises(InputError) as caught:
        resolve(name, given, lang, from_bank=from_bank)
    assert both_languages(caught.value).en == english


EXAM = """\
format_version: 1
exam:
  title: {en: Mock, zh: 模擬}
  minutes: 120
  slots:
  - {label: "1", id: final-2023-q1}
"""


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("exam: [", "cannot be read as YAML"),
        ("format_version: 2\nexam: {}\n", "wants format_version: 1 and an exam mapping"),
        (EXAM.replace("zh: 模擬", "fr: x"), "exam.title needs en and zh"),
        (EXAM.replace("minutes: 120", "minutes: -1"), "exam.minutes must be a positive number"),
        (EXAM.replace("  - {label", "  - {nolabel"),
         "exam.slots[0] needs a label and a question id"),
        (EXAM.replace("  slots:\n  - {label: \"1\", id: final-2023-q1}\n", "  slots: []\n"),
         "exam.slots must list the exam's questions"),
        (EXAM + "  - {label: \"1\", id: final-2023-q2}\n", "exam.slots has a label twice"),
    ],
)  # fmt: skip
def test_a_broken_exam_file_in_both_languages(tmp_path: Path, text: str, english: str) -> None:
    from dlquiz.drill.exams import read_spec

    path = tmp_path / "mock.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_spec(path)
    assert both_languages(caught.value).en.startswith(f"{path}: {english}")


def test_an_exam_that_asks_a_question_the_bank_lacks() -> None:
    from dlquiz.drill.exams import get_spec
    from dlquiz.drill.sitting import build_exam

    with pytest.raises(InputError) as caught:
        build_exam(get_spec("final-2023"), [])
    assert both_languages(caught.value).en == (
        "the question bank has no 'final-2023-q1a', which exam final-2023 needs"
    )


@pytest.mark.parametrize(
    ("spec", "english"),
    [
        (7, "must be a mapping: choices, values, or low/high(/step), with an optional shape"),
        ({"lo": 1}, "unknown key(s) lo (known: low, high, step, shape, values, choices)"),
        ({"choices": []}, "choices must be a non-empty list of whole values"),
        ({"choices": [1], "shape": [2]},
         "choices draws one whole value: it takes no shape, values, low, high or step"),
        ({"low": 1, "high": 3, "shape": 7},
         "shape must be a list of whole numbers ≥ 0, e.g. [2, 3], not 7"),
        ({"low": 1, "high": 3, "shape": [1] * 5}, "shape has 5 dimensions; at most 4"),
        ({"low": 1, "high": 3, "shape": [200, 200]},
         "shape [200, 200] draws 40000 numbers; at most 10000"),
        ({"values": []}, "values must be a non-empty list of numbers"),
        ({"values": [1], "low": 0}, "give either values or low/high(/step), not both"),
        ({"low": 1}, "needs choices, values, or low/high(/step)"),
        ({"low": 1, "high": "a"}, "low, high and step must be finite numbers"),
        ({"low": 1, "high": 3, "step": -1}, "step must be > 0, not -1"),
        ({"low": 3, "high": 1}, "high (1) is below low (3)"),
        ({"low": 0, "high": 1, "step": 1e-300},
         "the grid low..high by step has more than 1000000000 points"),
    ],
)  # fmt: skip
def test_a_vary_entry_that_cannot_be_drawn_in_both_languages(spec: object, english: str) -> None:
    import random

    from dlquiz.bank.variant import draw, spec_problem

    assert spec_problem(spec) == english  # as `questions validate` says it
    with pytest.raises(InputError) as caught:
        draw(spec, random.Random(1))  # type: ignore[arg-type]
    assert both_languages(caught.value).en == english


@pytest.mark.parametrize(
    ("key", "fields", "english"),
    [
        ("rejected", {"reason": "h_0 must have 2 entries"},
         "the solver rejects the inputs: h_0 must have 2 entries"),
        ("cannot_run", {"why": "ValueError: x"},
         "the solver cannot run these inputs (ValueError: x)"),
    ],
)  # fmt: skip
def test_a_bank_fault_in_both_languages(
    tmp_path: Path, key: str, fields: dict[str, object], english: str
) -> None:
    from dlquiz.bank.load import load_bank
    from dlquiz.bank.variant import BankFault

    path = tmp_path / "bank.yaml"
    path.write_text(DEMO_RNN, encoding="utf-8")
    [q] = [q for q in load_bank([path]) if q.id == "demo-rnn"]
    fault = BankFault(q, key, **fields)
    assert fault.reason == english
    assert both_languages(fault).en == (
        f"{path}:3: demo-rnn: {english}; run: dlquiz questions validate {path}"
    )
