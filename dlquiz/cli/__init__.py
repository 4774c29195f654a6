"""dlquiz: drill the 2023 AI-Deep Learning final from the terminal.

practice  drill every exam question with fresh numbers
solve     do any exam computation step by step
explain   concept cards: formulas, diagrams, usual mistakes
check     grade one answer
questions list, show and validate the question bank
"""

from __future__ import annotations

import typer

from dlquiz import __version__
from dlquiz.cli import check, exam, explain, practice, questions, solve, stats
from dlquiz.cli._core import DlquizGroup, console

app = typer.Typer(
    cls=DlquizGroup,
    help="Drill the 2023 AI-Deep Learning final: solve, explain, practice.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.command()(practice.practice)
app.command()(exam.exam)
app.add_typer(solve.app, name="solve")
app.command()(explain.explain)
app.command()(check.check)
app.add_typer(questions.app, name="questions")
app.command()(stats.stats)


def _version(value: bool) -> None:
    if value:
        console.print(f"dlquiz {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Drill the 2023 AI-Deep Learning final: solve, explain, practice."""


def main() -> None:
    """The `dlquiz` console script and `python -m dlquiz`."""
    app(prog_name="dlquiz")
