"""`dlquiz help [COMMAND]`, and a command line that builds only the command it asks for."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from dlquiz.cli import COMMANDS
from tests.cli_probe import complete, loaded


def test_help_lists_every_command(run: Callable[..., Any]) -> None:
    result = run("help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("args", [["solve", "rnn"], ["practice"], ["questions", "validate"]])
def test_help_of_a_command_is_its_own_help(run: Callable[..., Any], args: list[str]) -> None:
    via_help = run("help", *args)
    direct = run(*args, "--help")
    assert via_help.exit_code == 0
    assert via_help.stdout == direct.stdout.replace("Usage: root", "Usage: dlquiz", 1)
    assert f"Usage: dlquiz {' '.join(args)}" in via_help.stdout


def test_help_of_an_unknown_command_is_one_line(bad: Callable[..., str]) -> None:
    assert "No such command 'nosuch'" in bad("help", "nosuch")


def test_a_solve_builds_only_the_solve_command() -> None:
    others = ["dlquiz.cli.exam", "dlquiz.cli.practice", "dlquiz.cli.questions",
              "dlquiz.cli.stats", "dlquiz.drill.exam"]  # fmt: skip
    proc, found = loaded(others, "solve", "softmax", "--json")
    assert proc.stdout.startswith('{"softmax"'), proc.stdout
    assert found == [], proc.stderr


def test_solve_builds_only_the_solver_asked_for_and_any_other_name_gets_them_all() -> None:
    from typer.main import get_command

    from dlquiz.cli import _asked, build

    assert _asked(["solve", "rnn", "--x", "2", "3"]) == (["solve"], "rnn")
    assert _asked(["solve", "--help"]) == (["solve"], None)
    solve = get_command(build(["solve"], "rnn")).commands["solve"]  # type: ignore[attr-defined]
    assert list(solve.commands) == ["rnn"]
    for name in ("cross-entropy", "XENT", "nonsense"):
        solve = get_command(build(["solve"], name)).commands["solve"]  # type: ignore[attr-defined]
        assert len(solve.commands) == 15
    for words in (["solve", "cross-entropy", "--json"], ["solve", "Clipping", "--json"]):
        proc = subprocess.run([sys.executable, "-m", "dlquiz", *words], capture_output=True,
                              text=True, timeout=60)  # fmt: skip
        assert proc.returncode == 0 and proc.stdout.startswith("{"), proc.stderr


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("dlquiz explain lst", "lstm"),
        ("dlquiz explain 長短", "長短期記憶"),
        ("dlquiz practice --topic cross", "cross-entropy"),
        ("dlquiz practice --id final-2023-q5", "final-2023-q5b"),
        ("dlquiz questions show final-2023-q", "final-2023-q4"),
        ("dlquiz exam fin", "final-2023"),
    ],
)
def test_completion_offers_the_project_names(words: str, expected: str) -> None:
    offered = complete(words)
    assert expected in offered
    assert not any("/" in o or o.endswith(".py") for o in offered)  # never file names


@pytest.mark.parametrize("width", ["60", "80"])
@pytest.mark.parametrize("args", [["--help"], ["solve", "--help"], ["export", "--help"]])
def test_command_lists_show_every_summary_whole(width: str, args: list[str]) -> None:
    import os

    out = subprocess.run(
        [sys.executable, "-m", "dlquiz", *args], capture_output=True, text=True, timeout=60,
        env={**os.environ, "COLUMNS": width},
    ).stdout  # fmt: skip
    assert "..." not in out.replace("[ARGS]...", "")
    assert max(len(line) for line in out.splitlines()) <= int(width)
    assert "wrong answers are" in out or "solve" in args or "export" in args
