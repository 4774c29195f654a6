"""A question bank written by someone else is untrusted input (issue 14).

`dlquiz questions validate FILE` lists what is wrong with a malformed bank as file:line
problems and exits 1, never with an internal error and never hanging; `--bank FILE` refuses
what would later break or misgrade; and no text from a bank reaches the terminal raw.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.sample_banks import DEMO_RNN

NUMERIC = DEMO_RNN

CHOICE = """\
format_version: 1
questions:
- id: demo-choice
  topic: attention
  type: choice
  source: dlquiz
  points: 5
  prompt: {en: "Which one has attention?", zh: "哪一個有注意力？"}
  hints: [{en: "Look at the arrows.", zh: "看箭頭。"}]
  solution: {en: "The second.", zh: "第二個。"}
  choices:
  - {key: a, en: "Fig. 2(a)", zh: "圖 2(a)", why: {en: "No weights.", zh: "沒有權重。"}}
  - {key: b, en: "Fig. 2(b)", zh: "圖 2(b)"}
  answer: b
"""

SYMBOLS = """\
format_version: 1
questions:
- id: demo-symbols
  topic: lstm
  type: symbols
  source: dlquiz
  points: 5
  prompt: {en: "Name the gate.", zh: "說出閘的名稱。"}
  hints: [{en: "i for input.", zh: "i 代表輸入。"}]
  solution: {en: "i_t.", zh: "i_t。"}
  parts:
  - {key: input, en: "input gate", zh: "輸入閘", answer: "i_t", accept: ["i", "it"]}
"""

EXPLAIN = """\
format_version: 1
questions:
- id: demo-explain
  topic: rnn
  type: explain
  source: dlquiz
  points: 5
  prompt: {en: "Explain clipping.", zh: "解釋梯度裁剪。"}
  hints: [{en: "A threshold.", zh: "門檻。"}]
  solution: {en: "Rescale the gradient.", zh: "把梯度按比例縮小。"}
  rubric:
  - key: clipping
    en: "Exploding gradients are clipped."
    zh: "梯度爆炸要裁剪。"
    subject: [explod, 爆炸]
    claim: [clip, 裁剪]
    examples: ["Exploding gradients are fixed by clipping.", "梯度爆炸用梯度裁剪解決。"]
    counter: ["Vanishing gradients are fixed by clipping.", "梯度消失用梯度裁剪解決。"]
"""

OSC52 = "\\e]52;c;ZWNobyBwd25lZA==\\a"  # as written in YAML: write "echo pwned" to the clipboard
CLEAR = "\\x1b[2J\\x1b[H"  # clear the screen, cursor home


def write(tmp_path: Path, text: str, name: str = "bank.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def numeric(extra: str) -> str:
    """The numeric sample with lines added after `answer: y`."""
    return NUMERIC.replace("  answer: y\n", "  answer: y\n" + extra)


def invalid(run: Callable[..., Any], path: str) -> str:
    """`questions validate` on a bad bank: exit 1, file:line problems, no internal error."""
    result = run("questions", "validate", path)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    problems = result.stderr.strip().splitlines()[:-1]
    assert problems and all(p.startswith(f"{path}:") for p in problems), result.stderr
    return str(result.stderr)


# ------------------------------------------------------------------ vary, cases: bounded


@pytest.mark.parametrize(
    ("spec", "said"),
    [
        ("{low: 1, high: 3, step: 1, shape: [100000, 100000]}", "at most 10000"),
        ("{low: 1, high: 3, step: 1, shape: [100000000]}", "at most 10000"),
        ("{values: [1, 2], shape: [100000000]}", "at most 10000"),
        ("{low: 1, high: 3, shape: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}", "dimensions"),
        ("{low: 1, high: 3, shape: [-2]}", "whole numbers ≥ 0"),
        ("{low: 1, high: 3, shape: 7}", "shape must be a list"),
    ],
)
def test_a_huge_vary_is_refused_at_once(tmp_path: Path, spec: str, said: str) -> None:
    path = write(tmp_path, numeric(f"  vary:\n    x: {spec}\n"))
    start = time.monotonic()
    result = bounded("questions", "validate", path)
    assert time.monotonic() - start < 15  # it used to run past 20 s and gigabytes
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    assert f"{path}:" in result.stderr and "demo-rnn: vary.x:" in result.stderr
    assert said in result.stderr


def test_a_huge_vary_stops_show_with_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, numeric("  vary:\n    x: {low: 1, high: 3, shape: [100000000]}\n"))
    result = bounded("questions", "show", "demo-rnn", "--seed", "3", "--bank", path)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert "vary.x" in line and "at most 10000" in line


def bounded(*args: str) -> subprocess.CompletedProcess[str]:
    """dlquiz in a child process that may use 20 s and 3 GB at most: with the checks taken
    out, a huge `vary` fails this way instead of eating the machine."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))

    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "dlquiz", *args], capture_output=True, text=True, timeout=20,
        env=env, preexec_fn=limit if sys.platform != "win32" else None, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "said"),
    [
        ("{low: 1, high: 3, step: 0, shape: [2]}", "step must be > 0, not 0"),
        ("{low: 1, high: 3, step: -1, shape: [2]}", "step must be > 0"),
        ("{low: 1, high: 3, step: .nan, shape: [2]}", "finite numbers"),
        ("{low: 0, high: .inf, shape: [2]}", "finite numbers"),
        ("{low: 0, high: 1, step: 1.0e-300, shape: [2]}", "more than"),
        ("{low: 3, high: 1, shape: [2]}", "below low"),
        ("{low: a, high: 1, shape: [2]}", "finite numbers"),
        ("{choices: []}", "choices must be a non-empty list"),
        ("{choices: 5}", "choices must be a non-empty list"),
        ("{values: [], shape: [2]}", "values must be a non-empty list"),
        ("{lo: 1, high: 3, shape: [2]}", "unknown key(s) lo"),
        ("7", "must be a mapping"),
    ],
)
def test_a_vary_entry_that_cannot_be_drawn(
    run: Callable[..., Any], tmp_path: Path, spec: str, said: str
) -> None:
    err = invalid(run, write(tmp_path, numeric(f"  vary:\n    x: {spec}\n")))
    assert "demo-rnn: vary.x:" in err and said in err


@pytest.mark.parametrize(
    "cases", ["[1, 2]", "5", "{x: [1, 2]}", "[{x: [1, 2]}, [3]]", "[{1: [1, 2]}]", "[a, b]"]
)
def test_cases_that_are_not_mappings(run: Callable[..., Any], tmp_path: Path, cases: str) -> None:
    err = invalid(run, write(tmp_path, numeric(f"  cases: {cases}\n")))
    assert "demo-rnn: cases:" in err


# ------------------------------------------------------------------ figures


@pytest.mark.parametrize(
    ("key", "args", "said"),
    [
        ("figure", "{foo: 1}", "takes no argument 'foo'"),
        ("figure", "{steps: 100000}", "steps must be a whole number from 1 to 12, not 100000"),
        ("figure", "{steps: 0}", "from 1 to 12"),
        ("figure", "{lang: en}", "takes no argument 'lang'"),
        ("figure", "-1", "must be a mapping"),
        ("figure", "abc", "must be a mapping"),
        ("answer_figure", "{steps: 100000}", "from 1 to 12"),
        ("answer_figure", "{many_to_many: maybe}", "many_to_many must be true or false"),
    ],
)
def test_figure_args_are_checked_by_the_registry(
    run: Callable[..., Any], bad: Callable[..., str], tmp_path: Path, key: str, args: str,
    said: str,
) -> None:  # fmt: skip
    text = NUMERIC.replace(
        "  points: 5\n", f"  points: 5\n  {key}: lstm-unfold\n  {key}_args: {args}\n"
    )
    path = write(tmp_path, text)
    err = invalid(run, path)
    assert f"demo-rnn: {key}_args:" in err and said in err
    assert "--unfold" not in err
    line = bad("questions", "show", "demo-rnn", "--bank", path)  # not when it is drawn
    assert said in line and "--unfold" not in line and f"{path}:" in line


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ("  figure: [lstm-cell]\n", "figure: must be a figure's name"),
        ("  figure_args: {steps: 2}\n", "there is no figure"),
        ("  figure: lstm-cel\n", "figure 'lstm-cel' does not exist"),
    ],
)
def test_figure_names(run: Callable[..., Any], tmp_path: Path, fields: str, said: str) -> None:
    text = NUMERIC.replace("  points: 5\n", "  points: 5\n" + fields)
    assert said in invalid(run, write(tmp_path, text))


# ------------------------------------------------------------------ grading fields


@pytest.mark.parametrize(
    "tolerance",
    ["{rel: .inf}", "{abs: .inf}", "{abs: -.inf}", "{rel: .nan}", "{rel: true}", "{relative: 1}"],
)
def test_a_tolerance_that_would_misgrade(
    run: Callable[..., Any], bad: Callable[..., str], tmp_path: Path, tolerance: str
) -> None:
    path = write(tmp_path, numeric(f"  tolerance: {tolerance}\n"))
    assert "demo-rnn: tolerance:" in invalid(run, path)
    line = bad("check", "demo-rnn", "999", "999", "--bank", path)  # not graded right
    assert "tolerance" in line


def test_duplicate_choice_keys(
    run: Callable[..., Any], bad: Callable[..., str], tmp_path: Path
) -> None:
    path = write(tmp_path, CHOICE.replace("{key: b,", "{key: a,").replace("answer: b", "answer: a"))
    err = invalid(run, path)
    assert "demo-choice: choices[1].key: 'a' is used twice" in err
    assert "used twice" in bad("questions", "show", "demo-choice", "--bank", path)
    # keys are graded without case or spaces: "A" and "a " are the same key
    twice = CHOICE.replace("{key: a,", "{key: A,").replace("{key: b,", "{key: 'a ',")
    assert "'a' is used twice" in invalid(run, write(tmp_path, twice, "case.yaml"))


def test_a_bundled_id_is_not_reused(run: Callable[..., Any], tmp_path: Path) -> None:
    path = write(tmp_path, NUMERIC.replace("id: demo-rnn", "id: final-2023-q4"))
    err = invalid(run, path)
    assert "id 'final-2023-q4' is already used by the bundled bank" in err
    assert "final-2023.yaml:" in err
    # the same with another problem in the file: still said
    broken = NUMERIC.replace("id: demo-rnn", "id: final-2023-q4").replace("points: 5", "points: x")
    err = invalid(run, write(tmp_path, broken, "broken.yaml"))
    assert "already used by the bundled bank" in err and "points" in err


def test_a_bundled_file_validated_by_path_does_not_collide_with_itself(
    run: Callable[..., Any],
) -> None:
    from dlquiz.bank.load import bundled_files

    [path] = [p for p in bundled_files() if p.name == "kl.yaml"]
    result = run("questions", "validate", str(path))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (numeric("  steps: 5\n"), "steps: must be a list"),
        (numeric("  steps: [1]\n"), "steps: a result path"),
        (numeric('  stated: {1: 2}\n'), "stated: a result path"),
        (numeric("  stated: [1]\n"), "stated: must be a mapping"),
        (NUMERIC.replace("inputs: {x:", "inputs: {1: 0, x:"), "inputs: inputs are named"),
        (NUMERIC.replace("with: {bh: [0, 0]}", "with: {bh: abc}"), "forgot-hidden-bias"),
        (NUMERIC.replace("with: {bh: [0, 0]}", "with: [bh]"), "mistakes[0].with"),
        (NUMERIC.replace("    with: {bh: [0, 0]}\n", "    with: {}\n    answer: 5\n"),
         "mistakes[0].answer"),
        (NUMERIC + NUMERIC.split("  mistakes:\n")[1], "mistakes: id 'forgot-hidden-bias'"),
        (NUMERIC.replace("points: 5", "points: .inf"), "points: must be a finite number"),
        (NUMERIC.replace("points: 5", "points: -1"), "points: must be a finite number"),
        (CHOICE.replace("  choices:\n", "  choices: 5\n  old:\n"), "choices: must be a list"),
        (CHOICE.replace("{key: a,", "{key: '',"), "choices[0]: needs a key"),
        (SYMBOLS.replace('accept: ["i", "it"]', "accept: 5"), "parts[0]: needs key and answer"),
        (SYMBOLS.replace('accept: ["i", "it"]', 'accept: "it"'), "parts[0]: needs key"),
        (SYMBOLS.replace("  parts:\n", "  parts: 5\n  old:\n"), "parts: must be a list"),
        (SYMBOLS + SYMBOLS.split("  parts:\n")[1], "parts[1].key: 'input' is used twice"),
        (EXPLAIN.replace("  rubric:\n", "  rubric: 5\n  old:\n"), "rubric: must be a list"),
        (EXPLAIN.replace('examples: ["Exploding', 'examples: 5\n    old: ["Exploding'),
         "rubric[0].examples: examples must be a list"),
        (EXPLAIN.replace("    counter: [", "    counter: {en: 5}\n    old: ["),
         "rubric[0].counter"),
    ],
)  # fmt: skip
def test_malformed_fields_are_problems_not_crashes(
    run: Callable[..., Any], tmp_path: Path, text: str, said: str
) -> None:
    assert said in invalid(run, write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (NUMERIC.replace("h0: [0, 0]", "h0: [x, 0]"), "the solver cannot run these inputs"),
        (NUMERIC.replace("h0: [0, 0]", "h0: [0, 0, 0]"), "the solver rejects the inputs"),
        (NUMERIC.replace("  answer: y\n", "  answer: nope\n"), "answer path 'nope' is not in"),
        (NUMERIC.replace("solver: rnn", "solver: rnm"), "solver 'rnm' does not exist"),
        (NUMERIC.replace("  points: 5\n", "  points: 5\n  figure: lstm-cel\n"),
         "figure 'lstm-cel' does not exist"),
        (CHOICE.replace("  points: 5\n", "  points: 5\n  answer_figure: nope\n"),
         "figure 'nope' does not exist"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["show", "practice", "check"])
def test_a_question_that_does_not_run_stops_a_command_with_one_line(
    run: Callable[..., Any], bad: Callable[..., str], tmp_path: Path, text: str, said: str,
    command: str,
) -> None:  # fmt: skip
    path = write(tmp_path, text)
    qid = "demo-rnn" if "demo-rnn" in text else "demo-choice"
    args = {
        "show": ["questions", "show", qid],
        "practice": ["practice", "--id", qid],
        "check": ["check", qid, "1"],
    }[command]
    line = bad(*args, "--bank", path, input="1\n")
    assert f"{path}:3: {qid}: {said}" in line and f"dlquiz questions validate {path}" in line
    assert said in invalid(run, path)


# ------------------------------------------------------------------ terminal escapes


def hostile(tmp_path: Path) -> str:
    """A choice question with escape sequences in every kind of text a student reads."""
    text = (
        CHOICE.replace('"Which one', f'"{OSC52}{CLEAR}Which one')
        .replace('"Look at the arrows."', f'"Look{OSC52} at the arrows."')
        .replace('"The second."', f'"The{CLEAR} second."')
        .replace('en: "Fig. 2(a)"', 'en: "Fig.\\x9b2J 2(a)"')
        .replace('"No weights."', '"No\\x7f weights.\\r"')
        .replace("source: dlquiz", 'source: "dlquiz\\e[31m"')
    )
    return write(tmp_path, text)


def test_validate_names_each_string_with_control_characters(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    path = hostile(tmp_path)
    err = invalid(run, path)
    assert "\x1b" not in err and "\x07" not in err and "\x9b" not in err
    for line, field in [
        (6, "source"), (8, "prompt.en"), (9, "hints[0].en"), (10, "solution.en"),
        (12, "choices[0].en"), (12, "choices[0].why.en"),
    ]:  # fmt: skip
        assert f"{path}:{line}: demo-choice: {field}: control characters" in err, (field, err)
    assert "ESC (U+001B) as ␛" in err and "BEL (U+0007) as ␇" in err
    assert "CSI (U+009B) as \\x9b" in err and "DEL (U+007F) as ␡" in err


def test_a_raw_next_line_character_is_found_in_a_file_without_escapes(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    """NEL (U+0085) is the one C1 control YAML lets through unescaped: the reader's
    shortcut for files without a backslash must still see it."""
    text = CHOICE.replace('"The second."', '"The\x85second."')
    assert "\\" not in text and "\x85" in text
    err = invalid(run, write(tmp_path, text))
    assert "demo-choice: solution.en: control characters (U+0085) as \\x85" in err, err
    assert "\x85" not in err


def test_show_and_practice_never_print_bank_escapes(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    path = hostile(tmp_path)
    shown = run("questions", "show", "demo-choice", "--bank", path, "--lang", "en")
    assert shown.exit_code == 0, shown.stderr
    listed = run("questions", "list", "--bank", path, "--lang", "en")
    practice = run(
        "practice", "--bank", path, "--id", "demo-choice", "--lang", "en", input="/hint\na\n"
    )
    assert practice.exit_code == 0, practice.stderr
    for result in (shown, listed, practice):
        out = result.stdout_bytes + result.stderr_bytes
        for raw in (b"\x1b", b"\x07", b"\x7f", "\x9b".encode(), b"\r"):
            assert raw not in out, (raw, out)
    assert "␛]52;c;ZWNobyBwd25lZA==␇" in shown.stdout and "␛[2J␛[H" in shown.stdout
    assert "␛]52" in practice.stdout and "Fig.\\x9b2J" in practice.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_show_on_a_real_terminal_prints_no_bank_escape(tmp_path: Path) -> None:
    """On a TTY dlquiz styles its own text with escapes; none may come from the bank."""
    path = hostile(tmp_path)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    master, slave = pty.openpty()
    command = [sys.executable, "-m", "dlquiz", "questions", "show", "demo-choice", "--bank", path]
    proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    out, deadline = b"", time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
    finally:
        os.close(master)
        proc.wait(timeout=10)
    assert proc.returncode == 0, out
    assert b"\x1b[" in out  # it is a terminal: dlquiz's own styling is there
    assert b"\x1b]52" not in out and b"\x1b[2J" not in out and b"\x07" not in out
    assert b"\x1b[31m" not in out and "\x9b".encode() not in out
    assert "␛]52;c;ZWNobyBwd25lZA==␇".encode() in out


def test_file_names_and_ids_from_outside_are_shown_visibly(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    path = str(tmp_path / "\x1b[2Jgone.yaml")
    result = run("questions", "validate", path)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "␛[2Jgone.yaml" in result.stderr
    text = NUMERIC.replace("id: demo-rnn", 'id: "demo\\e[2J"')
    err = invalid(run, write(tmp_path, text))
    assert "\x1b" not in err and "demo␛[2J" in err
