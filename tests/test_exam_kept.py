"""A mock exam loses nothing: answers are kept as entered, a stopped exam goes on with
--resume and its clock, and the report is given even when the history cannot be used."""

from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dlquiz.bank.load import load_bank
from dlquiz.drill.exam import ExamSession
from dlquiz.drill.exam_signals import Hangup
from dlquiz.drill.exams import get_spec
from dlquiz.drill.sitting import build_exam
from dlquiz.history import History
from dlquiz.sittings import Sitting, SittingLog, drafts, latest_open
from tests.drill_fakes import ScriptedUI
from tests.test_exam import ALL_RIGHT, EXAM_IDS, attempts, pipe

Q1A = ALL_RIGHT[:3]
posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def sittings(home: Path) -> list[tuple[str, str, int, float]]:
    with sqlite3.connect(home / "history.sqlite3") as db:
        rows = db.execute("SELECT id, state, next_item, used FROM sittings ORDER BY started")
        return list(rows.fetchall())


def child(home: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DLQUIZ_HOME": str(home), "COLUMNS": "100"}
    return subprocess.Popen(
        [sys.executable, "-m", "dlquiz", "exam", "--lang", "en", *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip


def wait_for(proc: subprocess.Popen[bytes], text: bytes, timeout: float = 30) -> bytes:
    """Read the child's stdout until `text` appears."""
    assert proc.stdout is not None
    seen = b""
    end = time.monotonic() + timeout
    while text not in seen:
        left = end - time.monotonic()
        assert left > 0, seen[-2000:]
        ready, _, _ = select.select([proc.stdout], [], [], min(left, 0.5))
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            assert chunk, seen[-2000:]
            seen += chunk
    return seen


@posix
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_killed_exam_keeps_every_answer_and_resume_finishes_it(
    sig: int, tmp_path: Path, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    proc = child(home)
    assert proc.stdin is not None
    proc.stdin.write(pipe(Q1A).encode())
    proc.stdin.flush()  # the pipe stays open: the exam waits at Q1b
    wait_for(proc, b"Q1b")
    time.sleep(0.3)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + sig, err
    assert b"1 answers are kept" in err and b"--resume" in err
    assert b"Traceback" not in err
    ((sid, state, next_item, _),) = sittings(home)
    assert (state, next_item) == ("open", 2)
    history = History(home / "history.sqlite3")
    kept = drafts(history, sid)
    history.close()
    assert [(d.number, d.lines) for d in kept] == [(1, tuple(Q1A))]
    assert attempts(home) == []  # nothing is graded for the record until it is handed in

    monkeypatch.setenv("DLQUIZ_HOME", str(home))
    report = tmp_path / "r.json"
    result = run("exam", "--resume", "--lang", "en", "--report", str(report),
                 input=pipe(ALL_RIGHT[3:]))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "going on with final-2023: 1 answers kept" in result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["total"] == 100
    assert sorted(a["question_id"] for a in attempts(home)) == sorted(EXAM_IDS)
    assert {a["session"] for a in attempts(home)} == {sid}
    assert [s[1] for s in sittings(home)] == ["submitted"]


def test_leaving_keeps_the_clock_and_resume_goes_on_from_there(
    run: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _home: Path
) -> None:
    class Stops(ScriptedUI):
        def ask(self, prompt: str) -> str | None:
            if not self.lines:
                raise Hangup(signal.SIGTERM)
            return super().ask(prompt)

    spec = get_spec("final-2023")
    clock = [0.0]
    ui = Stops([*Q1A, ""], "en", clock, 600.0)  # ten minutes a line; Q1b skipped
    history = History()
    sitting = Sitting("s1", spec.name, 0, 120.0, 0.0, 1, time.time())
    log = SittingLog.start(history, sitting, warn=pytest.fail)
    session = ExamSession(spec, build_exam(spec, load_bank()), ui, minutes=120, variant=0,
                          now=lambda: clock[0], log=log, sitting="s1")  # fmt: skip
    assert session.run() is None and session.hangup == signal.SIGTERM
    got = latest_open(history)
    history.close()
    assert got is not None and (got.next_item, got.used) == (3, 2400.0)

    import dlquiz.cli.exam as cli_exam

    monkeypatch.setattr(cli_exam, "NOW", lambda: 0.0)
    report = tmp_path / "r.json"
    rest = ALL_RIGHT[5:]  # Q1b stays unanswered; the exam goes on at Q1c
    result = run("exam", "--resume", "--lang", "en", "--report", str(report), input=pipe(rest))
    assert result.exit_code == 0, result.output
    assert "1:20:00 left" in result.stderr  # 120 minutes less the 40 used
    data = json.loads(report.read_text(encoding="utf-8"))
    answered = [q["label"] for q in data["questions"] if q["answered"]]
    assert "Q1b" not in answered and {"Q1a", "Q1c", "Q6b"} <= set(answered)


def test_the_report_is_given_when_the_history_cannot_be_used(
    run: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the history folder should be", encoding="utf-8")
    monkeypatch.setenv("DLQUIZ_HOME", str(blocked))
    report = tmp_path / "r.json"
    result = run("exam", "--lang", "en", "--report", str(report), input=pipe(ALL_RIGHT))
    assert result.exit_code == 0, result.output
    assert "the answers will not be stored" in result.stderr
    assert "score: 100 / 100 pts" in result.stdout
    assert json.loads(report.read_text(encoding="utf-8"))["total"] == 100


def test_a_history_that_fails_mid_exam_still_gives_the_report(
    run: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dlquiz.sittings as sittings_module

    calls = [0]
    real = SittingLog._write

    def flaky(self: SittingLog, sql: str, args: Any) -> None:
        calls[0] += 1
        if calls[0] > 3 and not self.failed:
            self._fail(sqlite3.OperationalError("database or disk is full"))
        real(self, sql, args)

    monkeypatch.setattr(sittings_module.SittingLog, "_write", flaky)
    report = tmp_path / "r.json"
    result = run("exam", "--lang", "en", "--report", str(report), input=pipe(ALL_RIGHT))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("can no longer be stored") == 1  # said once, not per answer
    assert "could not be stored in the history" in result.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["total"] == 100


def test_unreadable_answers_are_one_line_each_and_the_exam_goes_on(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    lines = [*ALL_RIGHT]
    q4 = lines.index("1.459 2.737")
    lines[q4:q4] = ["[ln(0), 1]", "[sqrt(-1)]", "(exp(1000))", "[[[[1"]
    report = tmp_path / "r.json"
    result = run("exam", "--lang", "en", "--report", str(report), input=pipe(lines))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("can't read that") == 4
    assert json.loads(report.read_text(encoding="utf-8"))["total"] == 100


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--variant", str(2**40)], "--variant"),
        (["--minutes", "inf"], "--minutes"),
        (["--minutes", "nan"], "--minutes"),
        (["--minutes", "0"], "--minutes"),
        (["--resume"], "no unfinished exam"),
    ],
)
def test_bad_exam_options_exit_2(bad: Callable[..., str], args: list[str], says: str) -> None:
    assert says in bad("exam", *args)


@posix
def test_closing_the_terminal_keeps_the_answers(tmp_path: Path) -> None:
    import pty

    from tests.test_exam import reap

    home = tmp_path / "home"
    pid, fd = pty.fork()
    if pid == 0:  # the child: dlquiz on the pty's terminal
        env = {**os.environ, "DLQUIZ_HOME": str(home), "TERM": "xterm", "COLUMNS": "100"}
        os.execve(sys.executable, [sys.executable, "-m", "dlquiz", "exam", "--lang", "en"], env)
    seen = b""
    try:
        for line in Q1A:
            end = time.monotonic() + 30
            while b">" not in seen.rsplit(b"\n", 1)[-1]:
                assert time.monotonic() < end, seen[-2000:]
                ready, _, _ = select.select([fd], [], [], 0.5)
                if ready:
                    seen += os.read(fd, 65536)
            seen = b""
            os.write(fd, line.encode() + b"\r")
        end = time.monotonic() + 30
        while b"Q1b" not in seen:
            assert time.monotonic() < end, seen[-2000:]
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                seen += os.read(fd, 65536)
        time.sleep(0.3)
    finally:
        os.close(fd)  # the terminal window is closed: the kernel sends SIGHUP
        status = reap(pid)
    assert os.waitstatus_to_exitcode(status) == 128 + signal.SIGHUP
    ((sid, state, next_item, _),) = sittings(home)
    assert (state, next_item) == ("open", 2)
    history = History(home / "history.sqlite3")
    assert [d.lines for d in drafts(history, sid)] == [tuple(Q1A)]
    history.close()
