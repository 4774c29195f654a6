"""Practice, the mock exam and check as a student sees them, at 60, 80 and 120 columns, in en,
zh and both: answers piped through the CLI, and typed in a real pseudo-terminal.

Asserted on every screen: no line wider than the terminal, nothing cut with "…", no line
starting with closing punctuation, no question id split over two lines, and in zh no English
interface word. Then what each fix is about: a command kept whole with its word, a label
with the catalog's colon, each language's label before its own text, hanging indents, the
report's right answers in the student's language, and (in a terminal) a fresh line after
every answer, an empty one too.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from dlquiz.bank.load import load_bank
from dlquiz.messages import msg, say
from dlquiz.render.flow import catalog_items
from tests.test_layout import CUT, badly_broken, english_words, overflowing

WIDTHS = (60, 80, 120)
LANGS = ("en", "zh", "both")
IDS = sorted((q.id for q in load_bank()), key=len, reverse=True)
LONG_EN = "the forget gate erases, the input gate writes, the output gate reads, all are sigmoids"
LONG_ZH = (  # a long answer in Chinese, as typed (escaped: no Chinese in .py files)
    "\u907a\u5fd8\u9598\u6e05\u9664\u820a\u7684\u8a18\u61b6\uff0c\u8f38\u5165\u9598\u5beb"
    "\u5165\u65b0\u7684\u5019\u9078\u503c\uff0c\u8f38\u51fa\u9598\u6c7a\u5b9a\u8f38\u51fa"
    "\u591a\u5c11\uff0c\u4e09\u500b\u9598\u90fd\u662f sigmoid \u8f38\u51fa\u4ecb\u65bc"
    "\u96f6\u8207\u4e00\u4e4b\u9593\u7684\u8edf\u958b\u95dc"
)
SAME_ZH = "\u76f8\u540c"  # the zh form of q1c's answer "same", from its accepted answers


def content(*ids: str) -> str:
    """The Chinese content of these questions (their English words are content, not the
    interface: `query`, `key`), the step names (a solver's result fields) and choice keys."""
    import dataclasses

    from dlquiz.text import Text

    def walk(value: object) -> list[str]:
        if isinstance(value, Text):
            return [value.zh]
        if isinstance(value, str):
            return [value]
        if dataclasses.is_dataclass(value):
            return [w for f in dataclasses.fields(value) for w in walk(getattr(value, f.name))]
        if isinstance(value, list | tuple):
            return [w for v in value for w in walk(v)]
        if isinstance(value, dict):
            return [w for v in value.values() for w in walk(v)]
        return []

    return " ".join(w for q in load_bank() if q.id in ids for w in walk(q) if not _english(w))


def _english(text: str) -> bool:
    """A text of the bank's English side: it holds no Chinese."""
    return not re.search(r"[\u3400-\u9fff]", text) and len(text.split()) > 3


EXAM_IDS = [q.id for q in load_bank() if q.id.startswith("final-2023-")] + [
    "rnn-forward-template", "params-lstm-stack-first-template",
    "params-lstm-stack-second-template", "self-attention-scores-template",
]  # fmt: skip
EXAM_CONTENT = content(*EXAM_IDS)


def answer(lang: str) -> str:
    return LONG_ZH if lang == "zh" else LONG_EN


def exam_input(lang: str) -> str:
    same = SAME_ZH if lang == "zh" else "same"
    lines = ["i_t", "o_t", "f_t", answer(lang), "", "3", "h_3", "c_t", same, "", "a", "",
             "1.5 2.7", "3840", "", "", "", "/submit"]  # fmt: skip
    return "\n".join(lines) + "\n"


def screen(run: Callable[..., Any], mp: pytest.MonkeyPatch, width: int, *args: str,
           input: str = "") -> list[str]:  # fmt: skip
    mp.setenv("COLUMNS", str(width))
    result = run(*args, input=input)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return str(result.stdout).splitlines()


def split_ids(lines: list[str]) -> list[str]:
    """Question ids broken over two lines: a line ending in the start of an id whose rest
    starts the next line."""
    bad = []
    for a, b in itertools.pairwise(lines):
        tail = (a.strip(" │║").split() or [""])[-1]
        head = (b.strip(" │║").split() or [""])[0]
        bad += [f"{tail}|{head}" for i in IDS if i != tail and i.startswith(tail)
                and (tail + head).startswith(i)]  # fmt: skip
    return bad


def assert_whole(lines: list[str], width: int, lang: str, typed: str = "") -> None:
    assert overflowing(lines, width) == []
    assert [line for line in lines if CUT.search(line)] == []
    assert badly_broken(lines) == []
    assert split_ids(lines) == []
    if lang == "zh":
        allowed = set(re.findall(r"[A-Za-z][A-Za-z'-]{2,}", typed))
        assert [w for w in english_words(lines) if w not in allowed] == []


def reason_of(text: str) -> str:
    from dlquiz.errors import InputError
    from dlquiz.numparse import parse_number

    with pytest.raises(InputError) as caught:
        parse_number(text)
    return str(caught.value)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_practice_a_wrong_number_an_explanation_a_skip_and_steps(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, lang: str, width: int
) -> None:
    one = "en" if lang == "both" else lang
    wrong = screen(run, monkeypatch, width, "practice", "--id", "final-2023-q4", "--lang", lang,
                   input="f\n1.5 2.7\n")  # fmt: skip
    assert_whole(wrong, width, lang, typed=reason_of("f"))
    frame = say("drill.cant_read", one, reason="").strip()
    at = next(n for n, line in enumerate(wrong) if line.startswith(frame))
    assert wrong[at + 1].startswith(("  ", "> "))  # the reason's lines hang under its start
    explained = screen(run, monkeypatch, width, "practice", "--id", "final-2023-q1b",
                       "--lang", lang, input=answer(lang) + "\n\n")  # fmt: skip
    assert_whole(explained, width, lang)
    echo = next(n for n, line in enumerate(explained) if line.startswith("> "))
    echoed = "".join(explained[echo : echo + 4]).replace(" ", "")
    assert answer(lang).replace(" ", "") in echoed  # the piped answer, echoed whole
    for item in catalog_items("view.commands", one):  # each command kept whole with its word
        assert any(item in line for line in explained), item
    marked = [n for n, line in enumerate(explained) if re.match(r"^\s+[✓·] ", line)]
    assert marked
    for n in marked:  # a key point's wrapped lines start under its text, not under its mark
        nxt = explained[n + 1]
        if nxt.strip() and not re.match(r"^\s+[✓·✗] ", nxt):
            mark_at = len(explained[n]) - len(explained[n].lstrip())
            assert len(nxt) - len(nxt.lstrip()) >= mark_at + 2, (explained[n], nxt)
    skipped = screen(run, monkeypatch, width, "practice", "--id", "final-2023-q3", "--id",
                     "final-2023-q1c", "--lang", lang, input="\n\n")  # fmt: skip
    assert_whole(skipped, width, lang, typed=content("final-2023-q3"))
    text = "\n".join(skipped)
    label = msg("view.label.right_answer").get(one)
    assert re.search(rf"^{re.escape(label)}\(b\) ", text, re.M)
    if lang != "en":
        assert re.search(rf"^{re.escape(msg('view.label.right_answer').zh)}\(b\) ", text, re.M)
        assert SAME_ZH in text  # q1c's answer "same", in Chinese
    if lang == "both":  # each language's label starts its own line, before its own text
        assert re.search(r"^solution: \S", text, re.M)
        assert re.search(rf"^{re.escape(msg('view.solution').zh)}\S", text, re.M)
        assert "solution:  · " not in text
    steps = screen(run, monkeypatch, width, "practice", "--id", "final-2023-q6", "--steps",
                   "--lang", lang, input="1\n\n")  # fmt: skip
    assert_whole(steps, width, lang, typed=content("final-2023-q6"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_exam_review_and_report(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str,
    width: int,
) -> None:  # fmt: skip
    one = "en" if lang == "both" else lang
    monkeypatch.chdir(tmp_path)  # the report's name, said at the end, is short
    md, js = Path("r.md"), Path("r.json")
    lines = screen(run, monkeypatch, width, "exam", "--lang", lang, "--report", str(md),
                   input=exam_input(lang))  # fmt: skip
    assert_whole(lines, width, lang, typed=f"{EXAM_CONTENT} {md} Ctrl-C")
    text = "\n".join(lines)
    flat = " ".join(text.replace("│", " ").split())
    typed = answer(lang)
    assert typed in flat or typed.replace(" ", "") in flat.replace(" ", "")  # never cut
    assert f"{say('exam.review_prompt', one)} > /submit" in text
    review = text[text.index(say("exam.review_prompt", one) + " >") :]
    for key in ("exam.review_commands", "exam.question_commands"):  # commands kept whole
        for item in catalog_items(key, one if key == "exam.question_commands" else lang):
            assert any(item in line for line in lines), item
    whys = review[review.rindex("\n" + say("exam.why", one) + "\n") :].split("\n\n")[0]
    whys = whys.splitlines()[2:]
    assert not re.search(r"\b[a-zC]_(t|\{)", "\n".join(whys))  # symbols as on the screen
    assert lang == "zh" or "o\u209c" in "\n".join(whys)  # (Q1b: the output gate's point)
    assert whys and all(line.startswith(("Q", "     ")) for line in whys), whys
    if lang != "en":
        assert f"3 | h\u2083 | c\u209c | {SAME_ZH}" in text  # the right answer as on screen
        assert "forget, input" not in text and "per-word-context" not in text
    if lang == "both":  # the report's title once in each language
        assert review.count("2023 AI-Deep Learning final (mock)") == 1
    rules = [n for n, line in enumerate(lines) if line.startswith("║ • ")]
    follow = [lines[n + 1] for n in rules if not lines[n + 1].startswith(("║ • ", "╚"))]
    assert all(line.startswith("║   ") for line in follow)  # the banner's hanging indent
    report = md.read_text(encoding="utf-8")
    if lang == "zh":
        allowed = set(re.findall(r"[A-Za-z][A-Za-z'-]{2,}", EXAM_CONTENT))
        assert [w for w in english_words(report.splitlines()) if w not in allowed] == []
        assert SAME_ZH in report and "forget, input" not in report
    run("exam", "--lang", lang, "--report", str(js), input=exam_input(lang))
    data = json.loads(js.read_text(encoding="utf-8"))
    unanswered = next(q for q in data["questions"] if not q["answered"])
    assert unanswered["diagnosis"] == msg("verdict.unanswered").get(lang)
    assert data["lang"] == lang
    wrong = next(q for q in data["questions"] if q["label"] == "Q3a")
    assert ("Fig." in wrong["diagnosis"]) == (lang != "zh")  # sentences in the report's lang


@pytest.mark.parametrize("width", (60, 80))
@pytest.mark.parametrize("lang", LANGS)
def test_exam_variant_titles_are_whole(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, lang: str, width: int
) -> None:
    one = "en" if lang == "both" else lang
    lines = screen(run, monkeypatch, width, "exam", "--variant", "3", "--lang", lang,
                   input=exam_input(lang))  # fmt: skip
    assert_whole(lines, width, lang, typed=f"{EXAM_CONTENT} Ctrl-C")
    at = next(n for n, line in enumerate(lines) if "rnn-forward-template" in line)
    title = " ".join(line.strip(" │╭─╮") for line in lines[at : at + 3])
    clock = re.escape(say("exam.time_left", one, time="T")).replace("T", r"\d:\d\d:\d\d")
    assert re.search(clock, title) and say("exam.pts", one, points=20) in title
    if lang == "zh":
        assert "seed" not in title


@pytest.mark.parametrize("lang", LANGS)
def test_a_title_too_long_for_its_border_is_inside_whole(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    lines = screen(run, monkeypatch, 60, "questions", "show", "transformer-posenc-template",
                   "--lang", lang)  # fmt: skip
    assert_whole(lines, 60, lang, typed=content("transformer-posenc-template"))
    title = say("view.title", "en" if lang == "both" else lang, number=1, total=1,
                id="transformer-posenc-template", topic="transformer", points=10)  # fmt: skip
    assert title in " ".join(line.strip(" │") for line in lines[:3])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_check_symbols_choice_and_explanation(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, lang: str, width: int
) -> None:
    symbols = screen(run, monkeypatch, width, "check", "final-2023-q1a", "f", "i", "o",
                     "--lang", lang)  # fmt: skip
    choice = screen(run, monkeypatch, width, "check", "final-2023-q3", "a", "--lang", lang)
    explained = screen(run, monkeypatch, width, "check", "final-2023-q1b", answer(lang),
                       "--lang", lang)  # fmt: skip
    for lines in (symbols, choice, explained):
        assert_whole(lines, width, lang)
    if lang != "en":
        zh = "\n".join(symbols + choice)
        gate = next(p for p in load_bank() if p.id == "final-2023-q1a").parts[0].text.zh
        assert f"{gate}\uff1ai\u209c" in zh  # the catalog's colon; the symbol as on screen
        assert f"{gate}: " not in zh
        why = msg("view.why").zh + msg("grade.parts_wrong", parts="").zh
        assert why not in zh
        assert f"{msg('check.right_answer').zh}(b) " in zh
    if lang == "both":
        assert "right answer: (b) Fig. 2(b)" in "\n".join(choice)


@pytest.mark.parametrize("lang", ("zh", "both"))
def test_export_summaries_wrap_and_count(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    deck = screen(run, monkeypatch, 60, "export", "anki", "d.apkg", "--topic", "lstm",
                  "--lang", lang)  # fmt: skip
    paper = screen(run, monkeypatch, 60, "export", "paper", "p.html", "--lang", lang)
    assert_whole(deck, 60, lang, typed="d.apkg")
    assert_whole(paper, 60, lang, typed="p.html")
    if lang == "both":
        assert "1 concept card)" in " ".join(" ".join(deck).split())


# ---------------------------------------------------------------- in a real terminal

ANSI = re.compile(r"\x1b\[([0-9;?]*)([ -/]*[@-~])|\x1b\][^\x07]*\x07|\x1b[=>()][0-9A-B]?")


class Screen:
    """A minimal terminal: printable characters (wide ones take two cells), CR, LF,
    backspace, cursor moves and erases; autowrap as xterm does it, remembering which rows
    were reached by wrapping (a line that did not fit)."""

    def __init__(self, width: int) -> None:
        self.width, self.row, self.col, self.pending = width, 0, 0, False
        self.rows: list[list[str]] = [[]]
        self.wrapped: set[int] = set()

    def _at(self, row: int) -> list[str]:
        while len(self.rows) <= row:
            self.rows.append([])
        line = self.rows[row]
        line.extend(" " * (self.width - len(line)))
        return line

    def feed(self, text: str) -> None:
        pos = 0
        while pos < len(text):
            m = ANSI.match(text, pos)
            if m:
                self._csi(m.group(1) or "", m.group(2) or "")
                pos = m.end()
                continue
            self._char(text[pos])
            pos += 1

    def _csi(self, args: str, op: str) -> None:
        n = int(args) if args.isdigit() else 1
        self.pending = False
        if op == "C":
            self.col = min(self.width - 1, self.col + n)
        elif op == "D":
            self.col = max(0, self.col - n)
        elif op == "G":
            self.col = n - 1
        elif op == "K":
            line = self._at(self.row)
            start = 0 if args == "2" else self.col
            line[start:] = " " * (self.width - start)

    def _char(self, ch: str) -> None:
        if ch == "\r":
            self.col, self.pending = 0, False
        elif ch == "\n":
            self.row, self.pending = self.row + 1, False
        elif ch == "\b":
            self.col, self.pending = max(0, self.col - 1), False
        elif ch >= " " and not unicodedata.combining(ch):
            w = cell_len(ch)
            if self.pending or self.col + w > self.width:
                self.row, self.col, self.pending = self.row + 1, 0, False
                self.wrapped.add(self.row)
            line = self._at(self.row)
            line[self.col] = ch
            if w == 2:
                line[self.col + 1] = ""
            self.col += w
            if self.col >= self.width:
                self.col, self.pending = self.width - 1, True

    def lines(self) -> list[str]:
        return ["".join(r).rstrip() for r in self.rows]


def spawn(tmp_path: Path, args: list[str], width: int = 80) -> tuple[int, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(TERM="xterm", COLUMNS=str(width), LINES="40", DLQUIZ_HOME=str(tmp_path / "home"),
               LANG="C.UTF-8", LC_ALL="C.UTF-8", INPUTRC=os.devnull)  # fmt: skip
    env.pop("NO_COLOR", None)
    pid, fd = pty.fork()
    if pid == 0:
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, width, 0, 0))
            os.execve(sys.executable, [sys.executable, "-m", "dlquiz", *args], env)
        finally:
            os._exit(127)
    return pid, fd


def drive(tmp_path: Path, args: list[str], keys: list[tuple[str, str]]) -> Screen:
    """Type each key line once the program waits after its label, wait until it has been
    quiet for 2 s (or has ended), and return the screen as it is then."""
    from tests.test_exam import reap

    pid, fd = spawn(tmp_path, args)
    raw, end = b"", time.monotonic() + 40

    def read(timeout: float) -> bool:
        nonlocal raw
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the program has ended
            return False
        raw += chunk
        return bool(chunk)

    def waits_after(label: str, since: int) -> bool:
        new = ANSI.sub("", raw[since:].decode("utf-8", "replace")).rstrip(" ")
        return new.endswith(label) and not termios.tcgetattr(fd)[3] & termios.ICANON

    try:
        since = 0
        for label, key in keys:
            while not waits_after(label, since):
                assert time.monotonic() < end and read(0.1), raw.decode("utf-8", "replace")
            since = len(raw)
            os.write(fd, key.encode())
        quiet = time.monotonic() + 2
        while time.monotonic() < quiet and read(0.2):
            pass
        shown = Screen(80)
        shown.feed(raw.decode("utf-8", "replace"))
    finally:
        os.kill(pid, signal.SIGTERM)  # an exam left like this stays open for --resume
        while read(0.2):
            pass
        os.close(fd)
        reap(pid)
    return shown


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_an_empty_answer_in_a_terminal_ends_its_line(tmp_path: Path) -> None:
    skip = drive(tmp_path, ["practice", "--id", "final-2023-q4", "--lang", "zh"], [(">", "\r")])
    rows = skip.lines()
    at = max(n for n, row in enumerate(rows) if row.startswith(">"))
    assert rows[at] == ">" and rows[at + 1].startswith(say("view.skipped", "zh"))
    assert skip.wrapped == set(), rows
    step = say("practice.step_prompt", "zh", n=2, total=2, step="注意力權重 A")
    steps = drive(tmp_path, ["practice", "--id", "final-2023-q6", "--steps", "--lang", "zh"],
                  [("=", "1\r"), (step, "\r")])  # fmt: skip
    rows = steps.lines()
    at = rows.index(step)
    assert rows[at + 1].startswith("\u2717 注意力權重 A =") and steps.wrapped == set(), rows
    exam = drive(tmp_path, ["exam", "--lang", "zh"],
                 [(">", "i_t\r"), (">", "o_t\r"), (">", "f_t\r"), (">", "\r")])  # fmt: skip
    rows = exam.lines()
    at = max(n for n, row in enumerate(rows) if row.startswith(">"))
    assert rows[at] == ">" and rows[at + 1].startswith("\u256d\u2500 ")  # Q1c's box, whole
    assert exam.wrapped == set(), rows
    resumed = drive(tmp_path, ["exam", "--resume", "--lang", "zh"], [(">", "\r")])
    rows = resumed.lines()
    at = min(n for n, row in enumerate(rows) if row.endswith(">"))  # Q1c's first part
    assert rows[at + 1].startswith("\u256d\u2500 ") and resumed.wrapped == set(), rows
