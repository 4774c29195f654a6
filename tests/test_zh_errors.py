"""The one error line in the student's language, printed safely; completion of the project's
names; the glossary's terms for attention and the clipping threshold in the content.

An error happens before options are parsed, so its language is the --lang of the command line,
else $DLQUIZ_LANG, else both (English · Chinese, on one line).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.cli_probe import complete

ESC = "\x1b[2J"
HAN = re.compile(r"[\u3400-\u9fff]")
QUOTED = re.compile(r"'[^']*'")
CODE = re.compile(r"--[\w-]+|dlquiz [\w -]+|\b[\w-]+-\d{4}(-q\w+)?\b")
# words that may stay in a Chinese line: names the student types, functions, symbols
NAMES = frozenset(
    re.findall(
        r"\S+",
        "lstm gru rnn clipping attention self-attention transformer params gan entropy "
        "cross-entropy kl xent clip context softmax posenc mha bptt "
        "abs exp ln log log10 log2 sigmoid sqrt tanh id svg",
    )
)

# (arguments, the English the line says in en) for every error of the audit
CASES: list[tuple[tuple[str, ...], str]] = [
    (("explain", "softmaxx"), "unknown topic 'softmaxx'; did you mean 'softmax'?"),
    (("practice", "--topic", "foo"), "unknown topic 'foo'"),
    (("solve", "crossentropi"), "no solver 'crossentropi'; did you mean 'xent'?"),
    (("solve", "gan-losses"), "no solver 'gan-losses'; did you mean 'gan'?"),
    (("solve", "rnn", "--x", "abc"), "'abc' is not a number; write a number or arithmetic"),
    (("check", "final-2023-q5a", "abc"), "'abc' is not a number"),
    (("solve", "rnn", "--x", "[1, 2"), "'[1, 2' leaves 1 bracket(s) open"),
    (("check", "final-2023-q9", "3"), "no question with id 'final-2023-q9'; did you mean"),
    (("questions", "show", "nope"), "no question with id 'nope'; see: dlquiz questions list"),
    (("exam", "final-2099"), "unknown exam 'final-2099': known exams are final-2023"),
    (("exam", "--resume"), "no unfinished exam to go on with"),
    (("stats", "--exam-date", "2020-01-01"), "--exam-date 2020-01-01 is in the past"),
    (("stats", "--exam-date", "someday"), "--exam-date must be a date like 2026-12-15"),
    (("explain", "lstm", "--svg", "x.txt"), "--svg wants a file name ending in .svg"),
    (("explain", "lstm", "--many-to-many"), "--many-to-many goes with --unfold N"),
    (("help", "nope"), "No such command 'nope'. (see '"),
    (("solve", "rnn", "--bogus"), "No such option: --bogus"),
    (("check",), "Missing argument 'ID'. (see '"),
    (("check", "final-2023-q5a", "3", "--seed", "abc"), "Invalid value for '--seed'"),
    (("practice", "--count", "0"), "greater than or equal to 1"),
    (("solve", "rnn", "extra"), "Got unexpected extra argument(s) (extra)"),
]


def english_words(line: str) -> list[str]:
    """The English words of a line, but for what the student typed (quoted), option names,
    commands, ids and the names of topics and functions."""
    text = CODE.sub(" ", QUOTED.sub(" ", line))
    return [w for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", text) if w.lower() not in NAMES]


@pytest.mark.parametrize(("args", "english"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_each_error_is_one_line_in_chinese(
    bad: Callable[..., str], args: tuple[str, ...], english: str
) -> None:
    line = bad(*args, "--lang", "zh")
    assert line.startswith("錯誤：") and HAN.search(line[3:]), line
    assert english_words(line) == [], line


@pytest.mark.parametrize(("args", "english"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_each_error_says_the_same_in_english(
    bad: Callable[..., str], args: tuple[str, ...], english: str
) -> None:
    line = bad(*args, "--lang", "en")
    assert line.startswith("error: ") and english in line
    assert not HAN.search(line)


@pytest.mark.parametrize(("args", "english"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_both_is_english_then_chinese_on_one_line(
    bad: Callable[..., str], args: tuple[str, ...], english: str
) -> None:
    line = bad(*args)  # no --lang, no DLQUIZ_LANG: both
    en, _, zh = line.partition(" · 錯誤：")
    assert en.startswith("error: ") and english in en and not HAN.search(en)
    assert HAN.search(zh) and english_words(zh) == [], line


def test_dlquiz_lang_sets_the_language_and_lang_wins(
    bad: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DLQUIZ_LANG", "zh")
    assert bad("explain", "softmaxx").startswith("錯誤：沒有 'softmaxx'")
    assert bad("explain", "softmaxx", "--lang", "en").startswith("error: unknown topic")
    assert bad("explain", "softmaxx", "--lang=en").startswith("error: unknown topic")
    # a --lang dlquiz does not know is itself the error, said in $DLQUIZ_LANG
    assert (
        bad("explain", "lstm", "--lang", "xx") == "錯誤：--lang 必須是 en、zh 或 both，不能是 'xx'"
    )
    # an error before the command's options are read (the option's value is missing)
    assert bad("solve", "rnn", "--x").startswith("錯誤：選項 '--x' 後面要接一個值。")


def test_a_solver_message_names_its_option_in_the_language_asked(
    bad: Callable[..., str],
) -> None:
    args = ("solve", "lstm", "--wf", "0.1 0.2; 0.3 0.4")
    en = bad(*args, "--lang", "en")
    assert en.startswith("error: W_f (acting on [h; x]) must be") and en.endswith("(option --wf)")
    zh = bad(*args, "--lang", "zh")
    assert zh.startswith("錯誤：W_f") and zh.endswith("（選項 --wf）") and "(option" not in zh
    assert bad(*args) == en + " · " + zh  # both: the English, then the Chinese


@pytest.mark.parametrize(
    "args",
    [
        ("questions", "show", ESC),
        ("check", ESC, "1"),
        ("explain", ESC),
        ("solve", ESC),
        ("exam", ESC),
        ("solve", "rnn", "--x", ESC),
        ("practice", "--topic", ESC),
        (ESC,),
        ("solve", "rnn", "--" + ESC),
    ],
    ids=lambda a: " ".join(a).replace(ESC, "ESC"),
)
@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_no_raw_escape_reaches_stderr(
    bad: Callable[..., str], monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], lang: str
) -> None:
    monkeypatch.setenv("DLQUIZ_LANG", lang)
    line = bad(*args)
    assert "\x1b" not in line and ("␛" in line or "'\\x1b" in line)  # (as the parser quotes)


def test_an_internal_error_is_one_safe_line(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import dlquiz.solvers.softmax as module

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"boom {ESC}\nsecond line")

    monkeypatch.setattr(module, "softmax_steps", broken)
    result = run("solve", "softmax", "--lang", "zh")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("內部錯誤：RuntimeError: boom ␛[2J second line")
    assert "\x1b" not in result.stderr


def test_every_number_reader_error_has_both_languages() -> None:
    from dlquiz.errors import InputError
    from dlquiz.numparse import parse_array, parse_number
    from dlquiz.text import Text

    for read, text in [
        (parse_number, "abc"), (parse_number, "1/0"), (parse_number, "2^100"),
        (parse_number, "ln(0)"), (parse_number, "exp(1000)"), (parse_number, ""),
        (parse_number, "x" * 3000), (parse_number, "True"), (parse_number, "(-8)^(1/3)"),
        (parse_array, ""), (parse_array, "[1, 2)"), (parse_array, "[[1"), (parse_array, "[]"),
        (parse_array, "()"), (parse_array, "[[1, 2], [3]]"), (parse_array, "[[1], []]"),
        (parse_array, "[1, [2]]"), (parse_array, "[[[1]]]"),
    ]:  # fmt: skip
        with pytest.raises(InputError) as caught:
            read(text)
        said = caught.value.text
        assert isinstance(said, Text) and said.en == str(caught.value), text
        assert HAN.search(said.zh) and not HAN.search(said.en), text


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("dlquiz check ", {"final-2023-q4", "clipping-template"}),
        ("dlquiz check final-2023-q", {"final-2023-q4", "final-2023-q5a"}),
        ("dlquiz solve cr", {"cross-entropy"}),
        ("dlquiz solve clipp", {"clipping"}),
        ("dlquiz solve self", {"self-attention"}),
        ("dlquiz solve ", {"rnn", "xent", "clipping", "cross-entropy"}),
        ("dlquiz help ", {"solve", "explain", "practice", "help"}),
        ("dlquiz help solve ", {"rnn", "xent"}),
        ("dlquiz explain L", {"lstm"}),
        ("dlquiz practice --topic LS", {"lstm"}),
        ("dlquiz questions list --topic Cross", {"cross-entropy"}),
        ("dlquiz solve rnn --lang ", {"en", "zh", "both"}),
        ("dlquiz explain lstm --lang z", {"zh"}),
        ("dlquiz explain 閘控", {"閘控遞迴單元"}),
    ],
)
def test_completion(words: str, offered: set[str]) -> None:
    got = complete(words)
    assert offered <= set(got), got
    assert not any("/" in o or o.endswith(".py") for o in got)


def test_completion_offers_only_the_preferred_terms() -> None:
    got = set(complete("dlquiz explain "))
    assert {"閘控遞迴單元", "遞迴神經網路", "生成對抗網路", "lstm"} <= got
    assert not got & {"門控循環單元", "循環神經網路", "生成對抗網絡", "閘控循環單元", "信息熵"}


@pytest.mark.parametrize("name", ["門控循環單元", "循環神經網路", "生成對抗網絡"])
def test_the_other_spellings_are_still_accepted(run: Callable[..., Any], name: str) -> None:
    assert run("explain", name, "--lang", "zh").exit_code == 0


@pytest.mark.parametrize(
    ("zh", "term"),
    [
        ("四個 token 的注意力", "詞元"),
        ("每個 Query 與每個鍵", "查詢"),
        ("每個 key 一個", "鍵"),
        ("value 向量的加權和", "值"),
        ("超過閾值 β", "門檻"),
        ("四個符元", "詞元"),
    ],
)
def test_the_attention_terms_and_the_threshold_are_in_the_glossary(zh: str, term: str) -> None:
    from dlquiz.glossary import preferred, problems

    assert any(f"write '{term}'" in p for p in problems(zh)), problems(zh)
    assert term in preferred(zh)


def test_the_catalogs_fields_are_no_variants() -> None:
    from dlquiz.glossary import problems

    assert problems("重點：{keys}，不能是 {value}，s = {{query}}") == []


def test_the_content_uses_the_glossarys_terms() -> None:
    from dlquiz.bank.cards import load_cards
    from dlquiz.bank.load import load_bank
    from dlquiz.bank.wording import check_wording

    assert [str(p) for p in check_wording([*load_bank(), *load_cards()])] == []


def test_the_clipping_threshold_is_one_word(run: Callable[..., Any]) -> None:
    shown = run("questions", "show", "clipping-template", "--lang", "zh").stdout
    card = run("explain", "clipping", "--lang", "zh").stdout
    assert "門檻 β = 2" in shown and "閾值" not in shown + card and "門檻" in card
