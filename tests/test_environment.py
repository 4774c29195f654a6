"""A hostile environment: odd COLUMNS, an encoding that cannot write the text, a history in
a read-only folder or on a full disk, exam dates no calendar code can place."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_exam import ALL_RIGHT, pipe


def dlquiz(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dlquiz", *args], input=stdin, capture_output=True, text=True,
        encoding="utf-8", errors="replace", env={**os.environ, **env}, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("columns", ["0", "abc", "-5", ""])
def test_a_columns_value_rich_cannot_use_is_ignored(columns: str, tmp_path: Path) -> None:
    got = dlquiz("solve", "rnn", env={"COLUMNS": columns, "DLQUIZ_HOME": str(tmp_path)})
    assert got.returncode == 0, got.stderr
    assert "2.7371" in got.stdout  # something is drawn, at a real width
    assert max(len(line) for line in got.stdout.splitlines()) <= 80


def test_an_encoding_that_cannot_write_the_text_is_one_line(tmp_path: Path) -> None:
    got = dlquiz("explain", "lstm", env={"PYTHONIOENCODING": "ascii", "DLQUIZ_HOME": str(tmp_path)})
    assert got.returncode == 2
    assert got.stdout == ""
    (line,) = got.stderr.strip().splitlines()
    assert "ascii" in line and "PYTHONIOENCODING=utf-8" in line


def test_a_pipe_with_a_non_utf8_locale_still_gets_the_text(tmp_path: Path) -> None:
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env.pop("PYTHONIOENCODING", None)
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    got = subprocess.run(
        [sys.executable, "-m", "dlquiz", "solve", "rnn", "--lang", "zh"], capture_output=True,
        env={**clean, **env, "DLQUIZ_HOME": str(tmp_path)}, timeout=120,
    )  # fmt: skip
    assert got.returncode == 0, got.stderr
    assert "慣例" in got.stdout.decode("utf-8")


def test_a_stored_exam_date_of_year_1_is_ignored(run: Callable[..., Any], _home: Path) -> None:
    assert run("stats").exit_code == 0
    with contextlib.closing(sqlite3.connect(_home / "history.sqlite3")) as db, db:
        db.execute("INSERT OR REPLACE INTO settings VALUES ('exam_date', '0001-01-01')")
    assert run("stats").exit_code == 0
    assert run("practice", "--count", "1", input="").exit_code == 0


def test_an_exam_date_years_away_is_refused(bad: Callable[..., str]) -> None:
    assert "years away" in bad("stats", "--exam-date", "9999-12-31")
    assert "years away" in bad("practice", "--exam-date", "2999-01-01")


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    path.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                      capture_output=True).returncode:  # fmt: skip
        pytest.skip("this machine cannot mount a tmpfs")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_a_healthy_history_in_a_read_only_folder_is_read_and_not_called_broken(
    tmp_path: Path,
) -> None:
    with tmpfs(tmp_path / "ro", "4m") as home:
        env = {"DLQUIZ_HOME": str(home)}
        done = dlquiz("practice", "--id", "final-2023-q5a", env=env, stdin="3840\n")
        assert done.returncode == 0, done.stderr
        subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)
        got = dlquiz("stats", "--json", env=env)
        assert got.returncode == 0, got.stderr
        assert json.loads(got.stdout)["by_topic"]["params"]["attempts"] == 1  # still there
        assert got.stderr.count("\n") == 1
        assert "nothing done now will be stored" in got.stderr
        assert "could not be read" not in got.stderr
        again = dlquiz("practice", "--id", "final-2023-q5a", "--lang", "en", env=env,
                       stdin="3840\n")  # fmt: skip
        assert again.returncode == 0 and "✓ right" in again.stdout
        assert "nothing done now will be stored" in again.stderr
        assert sorted(p.name for p in home.iterdir() if not p.is_dir()) == ["history.sqlite3"]


def test_dlquiz_home_a_file_still_lets_a_student_practise_and_see_stats(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file, not a folder")
    env = {"DLQUIZ_HOME": str(blocker)}
    got = dlquiz("stats", env=env)
    assert got.returncode == 0 and "nothing done now will be stored" in got.stderr
    got = dlquiz("practice", "--id", "final-2023-q3", "--lang", "en", env=env, stdin="b\n")
    assert got.returncode == 0 and "✓ right" in got.stdout, got.stderr


def test_a_full_disk_still_gives_the_exam_report_and_leaves_no_tmp_files(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", "1m") as home:
        env = {"DLQUIZ_HOME": str(home)}
        assert dlquiz("stats", env=env).returncode == 0  # the database exists
        with contextlib.suppress(OSError), (home / "filler").open("wb") as f:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        report = tmp_path / "r.json"
        got = dlquiz("exam", "--lang", "en", "--report", str(report), env=env,
                     stdin=pipe(ALL_RIGHT))  # fmt: skip
        assert got.returncode == 0, got.stderr
        assert "warning" in got.stderr
        assert "Traceback" not in got.stderr and "internal error" not in got.stderr
        assert json.loads(report.read_text(encoding="utf-8"))["total"] == 100
        assert not list(home.rglob("*.tmp"))


def test_an_endless_line_on_stdin_ends_the_session(tmp_path: Path) -> None:
    """`cat /dev/zero | dlquiz practice`: no line end ever comes; the session ends, with its
    summary, instead of reading forever."""
    with open("/dev/zero", "rb") as zero:
        got = subprocess.run(
            [sys.executable, "-m", "dlquiz", "practice", "--count", "2", "--lang", "en"],
            stdin=zero, capture_output=True, timeout=120,
            env={**os.environ, "DLQUIZ_HOME": str(tmp_path)},
        )  # fmt: skip
    assert got.returncode == 0, got.stderr
    assert b"session summary" in got.stdout
