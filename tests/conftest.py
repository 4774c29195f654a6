"""Shared fixtures: a CLI runner with a private DLQUIZ_HOME, and a one-line-error checker."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dlquiz.cli import app


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("DLQUIZ_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture
def run() -> Callable[..., Any]:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Any:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def run_json(run: Callable[..., Any]) -> Callable[..., Any]:
    def invoke(*args: str) -> Any:
        result = run(*args, "--json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return invoke


@pytest.fixture
def bad(run: Callable[..., Any]) -> Callable[..., str]:
    """Run a command that must fail on its input: exit 2, one stderr line, no traceback."""

    def invoke(*args: str, input: str | None = None) -> str:
        result = run(*args, input=input)
        assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
        return str(lines[0])

    return invoke
