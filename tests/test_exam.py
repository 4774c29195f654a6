"""`dlquiz exam`: a timed mock exam of the 2023 final, driven from a pipe (and once from a pty)."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dlquiz.bank.load import load_bank
from dlquiz.bank.variant import show, solver
from dlquiz.drill.exams import exam_names, get_spec
from dlquiz.drill.sitting import build_exam, find_item
from dlquiz.history import History
from tests.drill_fakes import ScriptedUI

EXAM_IDS = [
    "final-2023-q1a",
    "final-2023-q1b",
    "final-2023-q1c",
    "final-2023-q2",
    "final-2023-q3",
    "final-2023-q3b",
    "final-2023-q4",
    "final-2023-q5a",
    "final-2023-q5b",
    "final-2023-q6",
    "final-2023-q6b",
]
Q1B = "The forget gate discards old cell state, the input gate writes new information, "
Q1B += "the output gate exposes h_t; all gates are sigmoid switches."
Q2 = "Gradients vanish or explode over many steps; exploding ones are fixed by gradient "
Q2 += "clipping, vanishing ones by LSTM or GRU cells."
Q3B = "Fig. 2(a) compresses the sentence into one fixed vector; in Fig. 2(b) attention gives "
Q3B += "each output word its own context vector c_i, a weighted sum of all encoder states, "
Q3B += "with weights from a softmax."
Q6B = "The scores q1·k1 = 112 and q1·k2 = 96 are divided by √d_k = 8; the softmax gives 0.88 "
Q6B += "and 0.12, and z1 = 0.88·v1 + 0.12·v2."
# One line per prompt: q1a has 3 parts, q1c 4; each explanation is followed by its self-mark.
ALL_RIGHT = [
    *("i_t", "o_t", "f_t"),
    Q1B,
    "4",
    *("3", "h_3", "cell state", "same"),
    Q2,
    "4",
    "b",
    Q3B,
    "4",
    "1.459 2.737",
    "3840",
    "7320",
    "0.88 0.12",
    Q6B,
    "4",
]
POINTS = {q.id: q.points for q in load_bank() if q.id in EXAM_IDS}


def pipe(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def report_of(run: Callable[..., Any], path: Path, lines: list[str], *args: str) -> Any:
    result = run("exam", "--lang", "en", "--report", str(path), *args, input=pipe(lines))
    assert result.exit_code == 0, result.output
    return result, json.loads(path.read_text(encoding="utf-8"))


def attempts(home: Path) -> list[dict[str, Any]]:
    history = History(home / "history.sqlite3")
    try:
        return history.attempts()
    finally:
        history.close()


def test_the_exam_is_the_eleven_parts_of_the_2023_final_worth_100() -> None:
    spec = get_spec("final-2023")
    assert [s.id for s in spec.slots] == EXAM_IDS
    assert spec.minutes == 120
    assert sum(POINTS.values()) == 100
    assert POINTS["final-2023-q4"] == 20
    assert exam_names() == ["final-2023"]


def test_all_right_scores_100_and_the_json_adds_up(
    run: Callable[..., Any], tmp_path: Path, _home: Path
) -> None:
    result, data = report_of(run, tmp_path / "r.json", ALL_RIGHT)
    assert data["exam"] == "final-2023"
    assert data["variant"] == 0
    assert data["total"] == 100
    assert data["max"] == 100
    assert [q["id"] for q in data["questions"]] == EXAM_IDS
    assert sum(q["earned"] for q in data["questions"]) == pytest.approx(data["total"])
    for q in data["questions"]:
        assert set(q) >= {"id", "points", "earned", "correct", "answer", "diagnosis"}
        assert q["correct"] and q["earned"] == q["points"] == POINTS[q["id"]]
    assert "score: 100 / 100 pts" in result.stdout
    assert len(attempts(_home)) == len(EXAM_IDS)


def test_mixed_answers_score_by_points_times_share_right(
    run: Callable[..., Any], tmp_path: Path, _home: Path
) -> None:
    lines = [
        *("i_t", "f_t", "f_t"),  # q1a: 2 of 3 symbols
        Q1B,
        "2",  # q1b: self-assessed 2 of 4 key points
        *("3", "h_3", "c_t", "different"),  # q1c: 3 of 4 parts
        "",  # q2: skipped
        "a",  # q3: wrong choice
        "",  # q3b: skipped
        "1.459 2.737",  # q4: right
        "3*30*(30+1+1)",  # q5a: counted 3 gates
        "7320",  # q5b: right
        "0.88 0.5",  # q6: one of two weights right
        "",  # q6b: skipped
    ]
    shares = {
        "final-2023-q1a": 2 / 3,
        "final-2023-q1b": 2 / 4,
        "final-2023-q1c": 3 / 4,
        "final-2023-q2": 0,
        "final-2023-q3": 0,
        "final-2023-q4": 1,
        "final-2023-q5a": 0,
        "final-2023-q5b": 1,
        "final-2023-q6": 1 / 2,
        "final-2023-q3b": 0,
        "final-2023-q6b": 0,
    }
    _, data = report_of(run, tmp_path / "r.json", lines)
    earned = {q["id"]: q["earned"] for q in data["questions"]}
    for qid, share in shares.items():
        assert earned[qid] == pytest.approx(POINTS[qid] * share, abs=0.005), qid
    assert data["total"] == pytest.approx(sum(POINTS[q] * s for q, s in shares.items()), abs=0.02)
    assert data["total"] == pytest.approx(sum(earned.values()))
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["final-2023-q2"]["answered"] is False
    assert by_id["final-2023-q2"]["diagnosis"] == "not answered"
    assert by_id["final-2023-q5a"]["diagnosis"]  # the three-gates mistake, explained
    assert by_id["final-2023-q1a"]["answer"] == "i_t | f_t | f_t"
    rows = attempts(_home)
    skipped = {"final-2023-q2", "final-2023-q3b", "final-2023-q6b"}
    assert sorted(r["question_id"] for r in rows) == sorted(set(EXAM_IDS) - skipped)
    assert {r["mode"] for r in rows} == {"exam"}
    assert len({r["session"] for r in rows}) == 1
    assert {r["question_id"]: r["mistake"] for r in rows}["final-2023-q5a"] == "three-gates"


def test_variant_draws_fresh_numbers_for_q4_graded_by_the_solver(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    exam_item = find_item(build_exam(get_spec("final-2023"), load_bank(), 0), "4")
    item = find_item(build_exam(get_spec("final-2023"), load_bank(), 7), "4")
    assert item.variant.inputs != exam_item.variant.inputs
    y = solver("rnn")(**item.variant.inputs).y  # the right answer for the drawn numbers
    answer = " ".join(f"{v:.4f}" for v in y.ravel())
    result, data = report_of(
        run, tmp_path / "r.json", ["", "", "", "", "", "", answer], "--variant", "7"
    )
    text = re.sub(r"[│\s]+", " ", result.stdout)
    for name in ("w", "u", "x"):
        assert show(item.variant.inputs[name]) in text
    assert "W = [[0.1, 0.2], [0.3, 0.4]]" not in text
    q4 = {q["id"]: q for q in data["questions"]}["final-2023-q4"]
    assert data["variant"] == 7
    assert (q4["earned"], q4["correct"], q4["seed"]) == (20, True, 7)
    assert data["total"] == 20


def test_go_n_in_the_review_changes_an_answer(run: Callable[..., Any], tmp_path: Path) -> None:
    lines = [*ALL_RIGHT]
    lines[lines.index("1.459 2.737")] = "1 2"
    _, data = report_of(run, tmp_path / "r.json", [*lines, "/go 4", "1.459 2.737", "/submit"])
    q4 = {q["id"]: q for q in data["questions"]}["final-2023-q4"]
    assert q4["answer"] == "1.459 2.737"
    assert q4["earned"] == 20
    assert data["total"] == 100


def test_review_lists_answers_and_an_unknown_question_is_explained(
    run: Callable[..., Any],
) -> None:
    result = run("exam", "--lang", "en", input=pipe([*ALL_RIGHT[:3], "/review", "/go 5", "/go 12"]))
    assert result.exit_code == 0
    out = result.stdout
    assert f"1 of {len(EXAM_IDS)} answered" in out
    assert "Q5 has parts 5a, 5b" in out
    assert "no question '12'" in out


def test_time_up_submits_with_the_rest_scored_zero() -> None:
    from dlquiz.drill.exam import ExamSession

    spec = get_spec("final-2023")
    items = build_exam(spec, load_bank())
    clock = [0.0]
    # 5 minutes per answer, 22 minutes in all: q1a's three parts (t = 5, 10, 15) are in time,
    # q1b is skipped (t = 20) and q1c's first part comes at t = 25, after the deadline.
    reader = ScriptedUI(["i_t", "o_t", "f_t", "", "3", "h_3", "c", "same"], "en", clock, 300)
    session = ExamSession(spec, items, reader, minutes=22, variant=0, now=lambda: clock[0])
    report = session.run()
    assert report is not None
    assert report.time_up
    assert [r.earned for r in report.rows] == [10] + [0] * (len(EXAM_IDS) - 1)
    assert report.total == 10
    assert [r.answered for r in report.rows][:3] == [True, False, False]
    assert reader.lines == ["h_3", "c", "same"]  # nothing is asked after the time is up


def test_time_up_through_the_cli_clock(
    run: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dlquiz.cli.exam as cli_exam

    ticks = iter([0.0, 0.0])  # the start and the first title; after that, hours have passed
    monkeypatch.setattr(cli_exam, "NOW", lambda: next(ticks, 10_000.0))
    _, data = report_of(run, tmp_path / "r.json", ALL_RIGHT, "--minutes", "30")
    assert data["time_up"] is True
    assert data["total"] == 0
    assert not any(q["answered"] for q in data["questions"])


def test_markdown_report_is_a_table(run: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    lines = [*ALL_RIGHT]
    lines[lines.index("b")] = "a"
    result = run("exam", "--lang", "en", "--report", str(path), input=pipe(lines))
    assert result.exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "**Score: 95 / 100 points**" in text  # Q3's choice part is worth 5
    rows = [line for line in text.splitlines() if line.startswith("| Q")]
    assert len(rows) == 1 + len(EXAM_IDS)  # the header row and one row per question
    assert rows[0].startswith("| Q | question | points | earned |")
    assert any(r.startswith("| Q3a | final-2023-q3 | 5 | 0 | wrong | a |") for r in rows)
    assert "| | **total** | **100** | **95** |" in text


def test_bad_exam_name_and_report_suffix_exit_2(bad: Callable[..., str]) -> None:
    line = bad("exam", "final-2022")
    assert "final-2022" in line and "final-2023" in line
    assert ".md or .json" in bad("exam", "--report", "x.txt")
    assert "does not exist" in bad("exam", "--report", "/nonexistent-dir/x.md")


def reap(pid: int, timeout: float = 10) -> int:
    """The child's wait status; a child still running after `timeout` is killed first."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_pty_ctrl_c_then_submit(tmp_path: Path) -> None:
    import pty

    ansi = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\r")
    home = tmp_path / "home"
    pid, fd = pty.fork()
    if pid == 0:  # the child: dlquiz on the pty's terminal
        env = {**os.environ, "DLQUIZ_HOME": str(home), "TERM": "xterm", "COLUMNS": "100"}
        env.pop("NO_COLOR", None)
        os.execve(sys.executable, [sys.executable, "-m", "dlquiz", "exam", "--lang", "en"], env)
    seen = b""

    def until(pattern: str, timeout: float = 30) -> str:
        nonlocal seen
        end = time.monotonic() + timeout
        while True:
            text = ansi.sub("", seen.decode("utf-8", "replace"))
            if re.search(pattern, text):
                return text
            left = end - time.monotonic()
            assert left > 0, f"waited for {pattern!r}; got:\n{text[-2000:]}"
            ready, _, _ = select.select([fd], [], [], min(left, 0.5))
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                assert chunk, f"dlquiz ended while waiting for {pattern!r}:\n{text[-2000:]}"
                seen += chunk

    try:
        until(r"input gate >")
        os.write(fd, b"i_t\r")
        until(r"output gate >")
        os.write(fd, b"o_t\r")
        until(r"forget gate >")
        os.write(fd, b"f_t\r")
        until(r"Q1b \[2/11\][\s\S]*\n> ")
        time.sleep(0.5)  # let input() start waiting: a SIGINT just before that is only seen later
        os.write(fd, b"\x03")  # Ctrl-C
        until(r"s = submit now")
        os.write(fd, b"s\r")
        text = until(r"score: 10 / 100 pts")
    finally:
        status = reap(pid)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert "exam submitted" in text
    rows = attempts(home)
    assert [(r["question_id"], r["mode"], r["correct"]) for r in rows] == [
        ("final-2023-q1a", "exam", 1)
    ]


def test_an_unknown_question_is_explained_in_the_students_language(
    run: Callable[..., Any],
) -> None:
    lines = ["/review", "/go 12", "/go 5", "/submit"]
    out = run("exam", "--lang", "zh", input=pipe(lines)).stdout
    assert "這份考卷沒有「12」這一題" in out and "no question" not in out
    assert "Q5 分成 5a, 5b 幾小題" in out and "has parts" not in out
