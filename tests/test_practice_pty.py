"""`dlquiz practice` in a real pseudo-terminal (stdlib `pty`): typing, line editing with wide
characters, and Ctrl-C / Ctrl-D at the prompt. Each test fails within 20 s if the program hangs.

The practice bank is the bundled bank plus a temporary file with one question; the --topic
and --seed that make that question come first are found with in-process dry runs.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dlquiz.bank.load import load_bank
from dlquiz.cli import app
from dlquiz.history import History

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

BANK = {q.id: q for q in load_bank()}
_seeds: dict[tuple[str, str, str], str] = {}
TITLE = re.compile(r"\[(\d+)/(\d+)\] (\S+) · ")
ANSI = re.compile(
    r"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>()][0-9A-B]?"
)
LIMIT = 20.0  # seconds for a whole test


def block(qid: str, new_id: str, topic: str | None = None) -> str:
    q = BANK[qid]
    lines = Path(q.file).read_text(encoding="utf-8").splitlines(keepends=True)
    start = q.line - 1
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("- id:")), len(lines)
    )
    text = "".join(lines[start:end]).replace(f"- id: {qid}", f"- id: {new_id}", 1)
    return text.replace(f"  topic: {q.topic}\n", f"  topic: {topic}\n", 1) if topic else text


def one_question_bank(tmp_path: Path, qid: str, new_id: str, topic: str) -> list[str]:
    """practice arguments that ask exactly the copy of `qid` (as `new_id`, in `topic`)."""
    bank = tmp_path / "one.yaml"
    bank.write_text("format_version: 1\nquestions:\n" + block(qid, new_id, topic), encoding="utf-8")
    args = ["--bank", str(bank), "--topic", topic, "--count", "1", "--lang", "both"]
    key = (qid, new_id, topic)
    if key not in _seeds:
        runner = CliRunner()
        for seed in range(300):
            result = runner.invoke(app, ["practice", *args, "--seed", str(seed)], input="\n")
            assert result.exit_code == 0, result.output
            # the skip is stored (and would change the order of the next try): start afresh
            (Path(os.environ["DLQUIZ_HOME"]) / "history.sqlite3").unlink(missing_ok=True)
            if [m.group(3) for m in TITLE.finditer(result.stdout)] == [new_id]:
                _seeds[key] = str(seed)
                break
        else:
            pytest.fail(f"no seed asks {new_id} first")
    return [*args, "--seed", _seeds[key]]


class Terminal:
    """A child process on a pseudo-terminal, 100 columns wide."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.deadline = time.monotonic() + LIMIT
        self.raw = b""
        self.status: int | None = None
        pid, fd = pty.fork()
        if pid == 0:  # the child: the pty is its controlling terminal and stdin/out/err
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    @property
    def text(self) -> str:
        plain = ANSI.sub("", self.raw.decode("utf-8", errors="replace"))
        return plain.replace("\r\n", "\n")

    def _read(self, timeout: float) -> bool:
        """Read what is there; False at end of output."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child has gone and the pty is closed
            return False
        if not chunk:
            return False
        self.raw += chunk
        return True

    def expect(self, condition: Callable[[str], bool], what: str) -> str:
        while not condition(self.text):
            left = self.deadline - time.monotonic()
            if left <= 0 or (not self._read(min(left, 0.5)) and not condition(self.text)):
                self.kill()
                pytest.fail(f"timed out or ended waiting for {what}; output so far:\n{self.text}")
        return self.text

    def prompt(self, label: str = ">") -> str:
        """Wait until the program waits for a line after `label`."""

        def ready(text: str) -> bool:
            return text.rstrip(" ").endswith(label)

        shown = self.expect(ready, f"the prompt {label!r}")
        # Keys typed before readline takes the terminal would be edited by the kernel's line
        # discipline instead (byte-wise backspace); wait until readline has switched it off.
        while termios.tcgetattr(self.fd)[3] & termios.ICANON:
            if time.monotonic() > self.deadline:
                self.kill()
                pytest.fail(f"line editing never started; output so far:\n{self.text}")
            time.sleep(0.01)
        return shown

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode("utf-8"))

    def finish(self) -> tuple[int, str]:
        """Read to the end; the exit code and the whole output."""
        while self._read(self.deadline - time.monotonic()):
            if time.monotonic() > self.deadline:
                self.kill()
                pytest.fail(f"the program did not end; output so far:\n{self.text}")
        end = time.monotonic() + max(0.0, self.deadline - time.monotonic())
        while self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
            elif time.monotonic() > end:
                self.kill()
                pytest.fail("the program did not exit")
            else:
                time.sleep(0.02)
        os.close(self.fd)
        code = os.waitstatus_to_exitcode(self.status)
        return code, self.text

    def kill(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                _, self.status = os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[[list[str]], Terminal]]:
    started: list[Terminal] = []
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        TERM="xterm",
        COLUMNS="100",
        LINES="40",
        DLQUIZ_HOME=str(tmp_path / "pty-home"),
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    for name in ("NO_COLOR", "FORCE_COLOR", "INPUTRC"):
        env.pop(name, None)
    env["INPUTRC"] = str(tmp_path / "inputrc")  # no user key bindings
    (tmp_path / "inputrc").write_text("", encoding="utf-8")

    def start(args: list[str]) -> Terminal:
        t = Terminal([sys.executable, "-m", "dlquiz", "practice", *args], env)
        started.append(t)
        return t

    yield start
    for t in started:
        t.kill()


def attempts(home: Path) -> list[dict[str, Any]]:
    db = History(home / "history.sqlite3")
    try:
        return db.attempts()
    finally:
        db.close()


def test_type_an_answer_and_read_the_feedback(
    tmp_path: Path, terminal: Callable[[list[str]], Terminal]
) -> None:
    args = one_question_bank(tmp_path, "final-2023-q5a", "pty-params-q", "params")
    t = terminal(args)
    shown = t.prompt(">")
    assert "[1/1] pty-params-q" in shown
    assert "How many parameters" in shown and "第一個 LSTM 層" in shown  # --lang both
    t.type("3720\r")
    t.expect(lambda s: "score so far" in s, "the feedback")
    code, out = t.finish()
    assert code == 0, out
    feedback = out[len(shown) :]
    assert feedback.lstrip().startswith("3720")  # the typed answer, echoed by the terminal
    assert "✗ not right" in feedback
    assert "You forgot the biases" in feedback and "你忘了偏差" in feedback
    assert re.search(r"score so far: 0 / 10 points\b", feedback)  # Q5a is worth 10 points
    assert "session summary" in feedback and "Traceback" not in out
    [row] = attempts(tmp_path / "pty-home")
    assert (row["question_id"], row["answer"], row["mistake"]) == (
        "pty-params-q",
        "3720",
        "no-bias",
    )


def test_wide_characters_and_backspace(
    tmp_path: Path, terminal: Callable[[list[str]], Terminal]
) -> None:
    args = one_question_bank(tmp_path, "final-2023-q2", "pty-explain-q", "entropy")
    t = terminal(args)
    t.prompt(">")
    t.type("梯度消失")
    t.type("\x7f\x7f")  # backspace twice: 梯度
    t.type("爆炸與梯度裁剪\r")
    t.prompt("[Enter: 2] >")  # exploding and clipping found, vanishing no longer there
    t.type("\r")
    code, out = t.finish()
    assert code == 0, out
    assert "Traceback" not in out and "session summary" in out
    [row] = attempts(tmp_path / "pty-home")
    assert row["question_id"] == "pty-explain-q"
    assert row["answer"] == "梯度爆炸與梯度裁剪"
    assert row["score"] == 0.5


def test_ctrl_c_at_the_prompt_ends_cleanly(
    tmp_path: Path, terminal: Callable[[list[str]], Terminal]
) -> None:
    args = one_question_bank(tmp_path, "final-2023-q5a", "pty-params-q", "params")
    t = terminal(args)
    t.prompt(">")
    t.type("38")  # half an answer, then Ctrl-C
    time.sleep(0.1)
    t.type("\x03")
    code, out = t.finish()
    assert code == 0, out
    assert "session summary" in out
    assert "Traceback" not in out and "KeyboardInterrupt" not in out
    assert (
        not (tmp_path / "pty-home" / "history.sqlite3").exists()
        or attempts(tmp_path / "pty-home") == []
    )


def test_ctrl_d_at_the_prompt_ends_cleanly(
    tmp_path: Path, terminal: Callable[[list[str]], Terminal]
) -> None:
    args = one_question_bank(tmp_path, "final-2023-q5a", "pty-params-q", "params")
    t = terminal(args)
    t.prompt(">")
    t.type("\x04")
    code, out = t.finish()
    assert code == 0, out
    assert "session summary" in out and "Traceback" not in out
