"""`dlquiz practice` driven from a pipe: one line per prompt, feedback, diagnosis, running
score, summary, /hint /steps /quit, empty lines, end of input, and the history database.

Most tests load only a temporary bank (the bundled files are switched off) built from copies
of bundled questions, so which questions are asked does not depend on the rest of the bank.
The order of several questions is learnt from a dry run with the same --seed (every prompt
skipped, the stored skips then removed), which also checks that a seed gives the same session twice.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

import dlquiz.bank.load as load
from dlquiz.bank.load import load_bank
from dlquiz.bank.variant import make_variant
from dlquiz.cli import app
from dlquiz.history import History
from dlquiz.latex import prose
from dlquiz.numparse import parse_array

BANK = {q.id: q for q in load_bank()}
TITLE = re.compile(r"\[(\d+)/(\d+)\] (\S+) · ")


@pytest.fixture
def only_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Load only the --bank files, not the bundled bank."""
    monkeypatch.setattr(load, "bundled_files", lambda: [])


def block(qid: str, new_id: str | None = None) -> str:
    """The YAML of one bundled question, as written in its file."""
    q = BANK[qid]
    lines = Path(q.file).read_text(encoding="utf-8").splitlines(keepends=True)
    start = q.line - 1
    assert lines[start].startswith(f"- id: {qid}")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("- id:")), len(lines)
    )
    text = "".join(lines[start:end])
    return text.replace(f"- id: {qid}", f"- id: {new_id}", 1) if new_id else text


def bank_file(tmp_path: Path, *ids: str, name: str = "bank.yaml") -> Path:
    path = tmp_path / name
    body = "".join(block(i) + "\n" for i in ids)
    path.write_text("format_version: 1\nquestions:\n" + body, encoding="utf-8")
    return path


def attempts(home: Path) -> list[dict[str, Any]]:
    if not (home / "history.sqlite3").exists():
        return []
    db = History(home / "history.sqlite3")
    try:
        return db.attempts()
    finally:
        db.close()


def titles(out: str) -> list[str]:
    return [m.group(3) for m in TITLE.finditer(out)]


def summary_row(out: str, topic: str) -> tuple[int, float, float, str]:
    """(answered, points earned, points possible, accuracy) of one row of the summary."""
    tail = out[out.rindex("session summary") :]
    row = rf"^\s*{re.escape(topic)}\s+(\d+)\s+([\d.]+) / ([\d.]+) pts\s+(\S+)\s*$"
    m = re.search(row, tail, re.M)
    assert m, (topic, tail)
    return int(m.group(1)), float(m.group(2)), float(m.group(3)), m.group(4)


POINTS = {q.id: q.points for q in load_bank()}  # read before any test swaps the bank


def points(qid: str) -> float:
    return POINTS[qid]


def so_far(earned: float, possible: float) -> str:
    return f"score so far: {earned:g} / {possible:g} points"


def practice(run: Callable[..., Any], *args: str, input: str) -> Any:
    result = run("practice", *args, input=input)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def dry_run(run: Callable[..., Any], *args: str, n: int) -> list[str]:
    """The question order for these arguments, with every prompt skipped.

    Each skip is stored (score 0, mistake "skipped"); the history is then removed, so that
    the next run starts from the same empty history and gets the same order."""
    home = Path(os.environ["DLQUIZ_HOME"])
    assert attempts(home) == [], "a dry run starts from an empty history"
    result = practice(run, *args, input="\n" * 40)
    ids = titles(result.stdout)
    assert len(ids) == n, result.stdout
    rows = attempts(home)
    assert [r["question_id"] for r in rows] == ids
    assert {(r["mistake"], r["score"], r["answer"]) for r in rows} == {("skipped", 0.0, "")}
    (home / "history.sqlite3").unlink()
    return ids


# ------------------------------------------------------------------ a whole session


RIGHT = {
    "final-2023-q5a": "3840\n",
    "final-2023-q4": "1.459 2.737\n",
    "final-2023-q3": "Fig. 2(b)\n",
    "final-2023-q1a": "i_t\nσ_o\nf\n",
    "final-2023-q6": "0.88 0.12\n",
}


@pytest.mark.usefixtures("only_extra")
def test_a_session_over_several_topics(
    tmp_path: Path, run: Callable[..., Any], _home: Path
) -> None:
    ids = ["final-2023-q5a", "final-2023-q4", "final-2023-q3", "final-2023-q1a"]
    bank = bank_file(tmp_path, *ids)
    args = ("--bank", str(bank), "--seed", "7", "--count", "4", "--lang", "en")
    order = dry_run(run, *args, n=4)
    assert sorted(order) == sorted(ids)
    assert attempts(_home) == []  # the dry run's skips were removed with its history
    assert dry_run(run, *args, n=4) == order  # same seed, same session
    fewer = dry_run(run, *args[:-4], "--count", "2", n=2)
    assert set(fewer) <= set(ids)
    answers = {**RIGHT, "final-2023-q5a": "3720\n"}  # the forgotten bias
    out = practice(run, *args, input="".join(answers[i] for i in order)).stdout
    assert titles(out) == order
    assert out.count("✓ right") == 3 and out.count("✗ not right") == 1
    assert "why: You forgot the biases." in out
    earned = [0.0 if i == "final-2023-q5a" else points(i) for i in order]
    worth = [points(i) for i in order]
    running = [so_far(sum(earned[: k + 1]), sum(worth[: k + 1])) for k in range(4)]
    assert re.findall(r"score so far: \S+ / \S+ points", out) == running
    assert summary_row(out, "params") == (1, 0.0, points("final-2023-q5a"), "0%")
    for topic in ("rnn", "attention", "lstm"):
        n, got, possible, share = summary_row(out, topic)
        assert (n, share) == (1, "100%") and got == possible > 0
    total = sum(worth)
    assert summary_row(out, "all") == (
        4,
        total - points("final-2023-q5a"),
        total,
        f"{(total - points('final-2023-q5a')) / total:.0%}",
    )
    rows = attempts(_home)
    assert [r["question_id"] for r in rows] == order
    by_id = {r["question_id"]: r for r in rows}
    assert by_id["final-2023-q5a"]["answer"] == "3720"
    assert by_id["final-2023-q5a"]["mistake"] == "no-bias"
    assert by_id["final-2023-q5a"]["correct"] == 0
    assert by_id["final-2023-q1a"]["answer"] == "i_t | σ_o | f"
    assert by_id["final-2023-q4"]["answer"] == "1.459 2.737"
    assert [r["correct"] for r in rows] == [int(e > 0) for e in earned]
    assert len({r["session"] for r in rows}) == 1
    assert all(r["mode"] == "practice" for r in rows)


@pytest.mark.usefixtures("only_extra")
def test_each_line_is_echoed_after_its_prompt(tmp_path: Path, run: Callable[..., Any]) -> None:
    bank = bank_file(tmp_path, "final-2023-q1a")
    out = practice(run, "--bank", str(bank), "--lang", "en", input="i_t\no_t\nf_t\n").stdout
    assert "input gate > i_t\n" in out
    assert "output gate > o_t\n" in out
    assert "forget gate > f_t\n" in out
    assert "✓ right" in out


@pytest.mark.usefixtures("only_extra")
def test_empty_line_skips(tmp_path: Path, run: Callable[..., Any], _home: Path) -> None:
    bank = bank_file(tmp_path, "final-2023-q5a", "final-2023-q3")
    args = ("--bank", str(bank), "--seed", "1", "--lang", "en")
    order = dry_run(run, *args, n=2)
    out = practice(run, *args, input="\n" + RIGHT[order[1]]).stdout
    assert titles(out) == order
    assert out.count("✓ right") == 1 and "✗" not in out
    assert out.count("Skipped: here is the answer") == 1
    first, second = points(order[0]), points(order[1])
    assert so_far(0, first) in out and so_far(second, first + second) in out
    assert summary_row(out, "all")[:3] == (2, second, first + second)
    rows = attempts(_home)
    assert [r["question_id"] for r in rows] == order
    assert (rows[0]["mistake"], rows[0]["answer"], rows[0]["correct"]) == ("skipped", "", 0)


@pytest.mark.usefixtures("only_extra")
def test_skip_command(tmp_path: Path, run: Callable[..., Any], _home: Path) -> None:
    bank = bank_file(tmp_path, "final-2023-q5a")
    out = practice(run, "--bank", str(bank), "--lang", "en", input="/skip\n").stdout
    assert "Skipped: here is the answer and how it is worked out." in out
    # the answer, the worked steps and the solution
    assert "right answer: layer 1 · parameters = 3840" in out
    assert "4 × 30 × (30 + 1 + 1) = 3840" in out and "solution:" in out
    assert summary_row(out, "all") == (1, 0.0, points("final-2023-q5a"), "0%")
    [row] = attempts(_home)
    assert (row["score"], row["correct"], row["mistake"], row["answer"]) == (0, 0, "skipped", "")
    stats = run("stats", "--lang", "en").stdout
    assert "skipped (answer shown)" in stats


@pytest.mark.usefixtures("only_extra")
def test_hints_one_at_a_time(tmp_path: Path, run: Callable[..., Any], _home: Path) -> None:
    bank = bank_file(tmp_path, "final-2023-q4")
    hints = BANK["final-2023-q4"].hints
    out = practice(
        run, "--bank", str(bank), "--lang", "en", input="/hint\n/hint\n/hint\n1.459 2.737\n"
    ).stdout
    assert out.index("hint 1/2:") < out.index("hint 2/2:") < out.index("No more hints.")
    assert prose(hints[0].en)[:40] in out and prose(hints[1].en)[:40] in out
    assert hints[0].zh not in out
    assert "✓ right" in out
    [row] = attempts(_home)
    assert row["answer"] == "1.459 2.737" and row["correct"] == 1


@pytest.mark.usefixtures("only_extra")
def test_quit_ends_with_the_summary(tmp_path: Path, run: Callable[..., Any], _home: Path) -> None:
    bank = bank_file(tmp_path, "final-2023-q5a", "final-2023-q3", "final-2023-q4")
    args = ("--bank", str(bank), "--seed", "2", "--lang", "en")
    order = dry_run(run, *args, n=3)
    out = practice(run, *args, input=RIGHT[order[0]] + "/quit\n" + RIGHT[order[2]]).stdout
    assert titles(out) == order[:2]
    assert "session summary" in out
    assert summary_row(out, "all") == (1, points(order[0]), points(order[0]), "100%")
    assert [r["question_id"] for r in attempts(_home)] == order[:1]


@pytest.mark.usefixtures("only_extra")
def test_end_of_input_mid_session(tmp_path: Path, run: Callable[..., Any], _home: Path) -> None:
    bank = bank_file(tmp_path, "final-2023-q5a", "final-2023-q3", "final-2023-q4")
    args = ("--bank", str(bank), "--seed", "3", "--lang", "en")
    order = dry_run(run, *args, n=3)
    result = practice(run, *args, input=RIGHT[order[0]] + RIGHT[order[1]])
    out = result.stdout
    assert titles(out) == order
    assert summary_row(out, "all")[:2] == (2, points(order[0]) + points(order[1]))
    assert result.stderr == ""
    assert [r["question_id"] for r in attempts(_home)] == order[:2]


@pytest.mark.usefixtures("only_extra")
def test_end_of_input_inside_symbol_parts(
    tmp_path: Path, run: Callable[..., Any], _home: Path
) -> None:
    bank = bank_file(tmp_path, "final-2023-q1a")
    out = practice(run, "--bank", str(bank), input="i_t\n").stdout
    assert re.search(r"^\s*all\s+0\s+0 / 0 pts\s+—\s*$", out, re.M)
    assert attempts(_home) == []


@pytest.mark.usefixtures("only_extra")
def test_unreadable_answer_is_asked_again(
    tmp_path: Path, run: Callable[..., Any], _home: Path
) -> None:
    bank = bank_file(tmp_path, "final-2023-q5a")
    out = practice(run, "--bank", str(bank), input="three thousand\n3,840\n").stdout
    assert "can't read that: 'three' is not a number" in out
    assert "✓ right" in out
    assert [r["answer"] for r in attempts(_home)] == ["3,840"]


@pytest.mark.usefixtures("only_extra")
def test_other_reading_of_q4_is_diagnosed(
    tmp_path: Path, run: Callable[..., Any], _home: Path
) -> None:
    bank = bank_file(tmp_path, "final-2023-q4")
    out = practice(run, "--bank", str(bank), "--lang", "en", input="2.993\n").stdout
    assert "✗ not right" in out and "You treated [2, 3] as one 2-d input" in out
    assert right_answer_numbers(out) == pytest.approx([1.4588, 2.7371], abs=1e-4)
    assert so_far(0, points("final-2023-q4")) in out
    [row] = attempts(_home)
    assert row["mistake"] == "vector-reading" and row["score"] == 0.0


@pytest.mark.usefixtures("only_extra")
def test_rounded_answer_gets_half(tmp_path: Path, run: Callable[..., Any], _home: Path) -> None:
    bank = bank_file(tmp_path, "final-2023-q4")
    out = practice(run, "--bank", str(bank), "--lang", "en", input="1.5 2.7\n").stdout
    assert "◐ partly right (50%)" in out and "rounded too coarsely" in out
    q4 = points("final-2023-q4")
    assert so_far(q4 / 2, q4) in out
    assert summary_row(out, "rnn") == (1, q4 / 2, q4, "50%")
    assert attempts(_home)[0]["score"] == 0.5


@pytest.mark.usefixtures("only_extra")
def test_explain_with_self_assessment(tmp_path: Path, run: Callable[..., Any], _home: Path) -> None:
    bank = bank_file(tmp_path, "final-2023-q2")
    answer = (
        "Over many time steps the gradient vanishes or explodes. "
        "Exploding gradients are fixed by gradient clipping."
    )
    out = practice(run, "--bank", str(bank), "--lang", "en", input=f"{answer}\n\n").stdout
    assert "How many of the 4 key points did you cover? [Enter: 3]" in out
    assert "◐ partly right (75%)" not in out and "✓ right" in out  # 3/4 counts as right
    assert "Not shown: Vanishing gradients → gated cells" in out
    [row] = attempts(_home)
    assert row["answer"] == answer and row["score"] == 0.75


@pytest.mark.usefixtures("only_extra")
def test_explain_self_score_overrides(tmp_path: Path, run: Callable[..., Any], _home: Path) -> None:
    bank = bank_file(tmp_path, "final-2023-q2")
    out = practice(run, "--bank", str(bank), input="vanishing gradients\n2\n").stdout
    assert "[Enter: 1]" in out and "◐ partly right (50%)" in out
    assert attempts(_home)[0]["score"] == 0.5


EN = ["How many parameters", "You forgot the biases"]
ZH = ["第一個 LSTM 層", "你忘了偏差"]


@pytest.mark.parametrize(
    ("lang", "present", "absent"), [("en", EN, ZH), ("zh", ZH, EN), ("both", EN + ZH, [])]
)
@pytest.mark.usefixtures("only_extra")
def test_languages(
    lang: str, present: list[str], absent: list[str], tmp_path: Path, run: Callable[..., Any]
) -> None:
    bank = bank_file(tmp_path, "final-2023-q5a")
    out = practice(run, "--bank", str(bank), "--lang", lang, input="3720\n").stdout
    for text in present:
        assert text in out, (lang, text)
    for text in absent:
        assert text not in out, (lang, text)


def test_unknown_language_and_topic(bad: Callable[..., str]) -> None:
    assert "--lang" in bad("practice", "--lang", "fr", input="")
    assert "did you mean 'gru'" in bad("practice", "--topic", "gur", input="")


# ------------------------------------------------------------------ --steps


Q4_STEPS = "0.964 0.197\n1.459\n0.5 0.5\n2.737\n"


def check_q4_steps(out: str, home: Path) -> None:
    for label in ("h₁ =", "y₁ =", "h₂ =", "y₂ ="):
        assert f"{label} " in out
    assert "✓ h₁ = [0.964, 0.1974]" in out
    assert "✓ y₁ = 1.4588" in out
    assert "✗ h₂ = [0.9898, 0.8237]" in out
    assert "✓ y₂ = 2.7371" in out
    assert "◐ partly right (75%)" in out
    assert "The first step that went wrong is h₂" in out
    [row] = attempts(home)
    assert row["question_id"] == "final-2023-q4"
    assert row["answer"] == "0.964 0.197 | 1.459 | 0.5 0.5 | 2.737"
    assert row["score"] == 0.75 and row["mistake"] == "step:h[1]"


def test_steps_on_q4_from_the_bundled_bank(run: Callable[..., Any], _home: Path) -> None:
    """--topic rnn and a seed that picks final-2023-q4 first (found with dry runs)."""
    args: tuple[str, ...] = ()
    for seed in range(200):
        args = ("--topic", "rnn", "--seed", str(seed), "--count", "1", "--lang", "en")
        result = practice(run, *args, input="\n")
        (_home / "history.sqlite3").unlink()  # the skip is stored: start the next try afresh
        assert all(BANK[i].topic == "rnn" for i in titles(result.stdout))
        if titles(result.stdout) == ["final-2023-q4"]:
            break
    else:
        pytest.fail("no seed below 200 picks final-2023-q4 first")
    out = practice(run, *args, "--steps", input=Q4_STEPS).stdout
    check_q4_steps(out, _home)


@pytest.mark.usefixtures("only_extra")
def test_steps_command_during_a_question(
    tmp_path: Path, run: Callable[..., Any], _home: Path
) -> None:
    bank = bank_file(tmp_path, "final-2023-q4")
    out = practice(run, "--bank", str(bank), "--lang", "en", input="/steps\n" + Q4_STEPS).stdout
    check_q4_steps(out, _home)


@pytest.mark.usefixtures("only_extra")
def test_steps_all_right(tmp_path: Path, run: Callable[..., Any], _home: Path) -> None:
    bank = bank_file(tmp_path, "final-2023-q4")
    text = "tanh(2) tanh(0.2)\n1.459\n0.99 0.824\n2.737\n"
    out = practice(run, "--bank", str(bank), "--steps", input=text).stdout
    assert "✓ right" in out and "✗" not in out
    assert attempts(_home)[0]["correct"] == 1


@pytest.mark.usefixtures("only_extra")
def test_steps_does_not_apply_to_other_types(tmp_path: Path, run: Callable[..., Any]) -> None:
    bank = bank_file(tmp_path, "final-2023-q3")
    out = practice(run, "--bank", str(bank), "--steps", input="/steps\nb\n").stdout
    assert "This question has no steps" in out and "✓ right" in out


# ------------------------------------------------------------------ fresh numbers


def right_answer_numbers(out: str) -> list[float]:
    """The numbers of the feedback's `right answer` row, flattened."""
    m = re.search(r"right answer\s+(\S.*?)\s*$", out, re.M)
    assert m, out
    return [float(x) for x in np.ravel(parse_array(m.group(1)))]


@pytest.mark.usefixtures("only_extra")
def test_template_numbers_follow_the_seed(
    tmp_path: Path, run: Callable[..., Any], _home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template's seed is stored; the same --seed brings the same numbers back, and the
    answer computed from the stored seed is graded right."""
    qid = "rnn-forward-template"
    bank = bank_file(tmp_path, qid)
    args = ("--bank", str(bank), "--seed", "11", "--lang", "en")
    first = practice(run, *args, input="0 0\n").stdout
    [row] = attempts(_home)
    assert row["seed"] != 0 and row["correct"] == 0
    variant = make_variant(BANK[qid], row["seed"])
    expected = np.ravel(variant.expected)
    assert right_answer_numbers(first) == pytest.approx(expected, abs=1e-4)  # that seed's
    other_home = tmp_path / "other-home"
    monkeypatch.setenv("DLQUIZ_HOME", str(other_home))
    answer = " ".join(repr(float(x)) for x in expected)
    second = practice(run, *args, input=answer + "\n").stdout
    assert "✓ right" in second
    assert attempts(other_home)[0]["seed"] == row["seed"]
    monkeypatch.setenv("DLQUIZ_HOME", str(tmp_path / "third-home"))
    other = practice(run, "--bank", str(bank), "--seed", "12", input="0 0\n").stdout
    assert attempts(tmp_path / "third-home")[0]["seed"] != row["seed"]
    assert right_answer_numbers(other) != pytest.approx(expected, abs=1e-4)


# ------------------------------------------------------------------ a real pipe


def seed_picking(qid: str, bank: Path, topic: str) -> str:
    """A --seed for which `practice --bank BANK --topic TOPIC --count 1` asks QID first."""
    runner = CliRunner()
    for seed in range(300):
        result = runner.invoke(
            app,
            [
                "practice",
                "--bank",
                str(bank),
                "--topic",
                topic,
                "--count",
                "1",
                "--seed",
                str(seed),
            ],
            input="\n",
            catch_exceptions=False,
        )
        stored = Path(os.environ["DLQUIZ_HOME"]) / "history.sqlite3"
        stored.unlink(missing_ok=True)  # the skip is stored: start the next try afresh
        if titles(result.stdout) == [qid]:
            return str(seed)
    pytest.fail(f"no seed picks {qid}")


@pytest.fixture
def real_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    env.update(DLQUIZ_HOME=str(tmp_path / "real-home"), COLUMNS="100", PYTHONIOENCODING="utf-8")
    env.pop("NO_COLOR", None)
    yield env


def test_practice_through_a_real_pipe(tmp_path: Path, real_env: dict[str, str]) -> None:
    bank = tmp_path / "pipe.yaml"
    bank.write_text(
        "format_version: 1\nquestions:\n" + block("final-2023-q5a", "pipe-params-q"),
        encoding="utf-8",
    )
    seed = seed_picking("pipe-params-q", bank, "params")
    cmd = [sys.executable, "-m", "dlquiz", "practice", "--bank", str(bank), "--topic", "params"]
    cmd += ["--seed", seed, "--count", "2", "--lang", "en"]
    done = subprocess.run(
        cmd, input="3720\n", capture_output=True, text=True, env=real_env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert "\x1b[" not in out  # not a terminal: no colour codes
    assert titles(out)[0] == "pipe-params-q" and len(titles(out)) == 2
    assert "> 3720\n" in out
    assert "✗ not right" in out and "why: You forgot the biases." in out
    assert re.search(r"score so far: 0 / [\d.]+ points", out)
    assert summary_row(out, "params")[::3] == (1, "0%")
    assert "Traceback" not in out
    rows = attempts(Path(real_env["DLQUIZ_HOME"]))
    assert [(r["question_id"], r["answer"], r["mistake"]) for r in rows] == [
        ("pipe-params-q", "3720", "no-bias")
    ]


def run_not_utf8(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """A piped explain answer with a Latin-1 byte: 'caf\xe9 vanishing'."""
    bank = tmp_path / "pipe.yaml"
    bank.write_text(
        "format_version: 1\nquestions:\n" + block("final-2023-q2", "pipe-explain-q"),
        encoding="utf-8",
    )
    seed = seed_picking("pipe-explain-q", bank, "rnn")
    cmd = [sys.executable, "-m", "dlquiz", "practice", "--bank", str(bank), "--topic", "rnn"]
    cmd += ["--seed", seed, "--count", "1", "--lang", "en"]
    env["LC_ALL"] = "C.UTF-8"
    return subprocess.run(
        cmd, input=b"caf\xe9 vanishing\n\n", capture_output=True, env=env, timeout=60
    )


def test_a_line_that_is_not_utf8_does_not_end_the_session(
    tmp_path: Path, real_env: dict[str, str]
) -> None:
    real_env.pop("PYTHONIOENCODING")
    done = run_not_utf8(tmp_path, real_env)
    assert done.returncode == 0, done.stderr
    assert b"internal error" not in done.stderr
    assert b"session summary" in done.stdout
    [row] = attempts(Path(real_env["DLQUIZ_HOME"]))
    # graded, not lost: a lone word states no claim, so it earns no point
    assert row["answer"] == "caf\ufffd vanishing" and row["score"] == 0.0


def test_a_line_that_is_not_utf8_with_strict_stdin(
    tmp_path: Path, real_env: dict[str, str]
) -> None:
    """PYTHONIOENCODING=utf-8 makes stdin's error handler strict."""
    assert real_env["PYTHONIOENCODING"] == "utf-8"
    done = run_not_utf8(tmp_path, real_env)
    assert done.returncode == 0, done.stderr
    assert b"internal error" not in done.stderr
    assert b"session summary" in done.stdout
    [row] = attempts(Path(real_env["DLQUIZ_HOME"]))
    assert row["answer"] == "caf\ufffd vanishing"


@pytest.mark.parametrize(("typed", "mark"), [("", 3), ("2", 2), ("7", 3), ("two", 3), ("-1", 3)])
def test_self_mark_is_a_whole_number_of_key_points(typed: str, mark: int) -> None:
    """Practice and the mock exam read the student's own count the same way."""
    from dlquiz.drill.ui import self_mark
    from tests.drill_fakes import ScriptedUI

    ui = ScriptedUI([])
    assert self_mark(ui, lambda prompt: typed, 4, 3) == mark
    assert ("drill.self_mark_kept" in ui.told()) == (typed != "" and mark == 3 and typed != "3")


def test_a_20_mb_pasted_line_is_refused_unread_and_the_session_goes_on(tmp_path: Path) -> None:
    import time

    big = tmp_path / "big.txt"
    big.write_text("1" * (20 * 1024 * 1024) + "\n1.459 2.737\n", encoding="utf-8")
    env = {**os.environ, "DLQUIZ_HOME": str(tmp_path / "home"), "COLUMNS": "100"}
    started = time.monotonic()
    with big.open("rb") as stdin:
        got = subprocess.run(
            [sys.executable, "-m", "dlquiz", "practice", "--id", "final-2023-q4", "--lang", "en"],
            stdin=stdin, capture_output=True, env=env, timeout=60,
        )  # fmt: skip
    took = time.monotonic() - started
    out = got.stdout.decode("utf-8")
    assert got.returncode == 0, got.stderr
    assert out.count("longer than 20000 characters") == 1
    assert "✓ right" in out
    assert len(out) < 100_000  # the long line is not echoed back
    assert took < 10
