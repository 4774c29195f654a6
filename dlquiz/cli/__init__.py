"""dlquiz: drill the 2023 AI-Deep Learning final from the terminal.

practice  drill every exam question with fresh numbers
exam      sit the 2023 final as a timed mock exam
solve     do any exam computation step by step
explain   concept cards: formulas, diagrams, usual mistakes
check     grade one answer
questions list, show and validate the question bank
stats     accuracy, mistakes, reviews due, topics at risk
export    an Anki deck, or a mock exam to print with its key
help      the help of dlquiz or of one command

`COMMANDS` is the one list of commands. `build(names)` makes the Typer app with those
commands only, importing only their modules: `main()` builds just the command it is asked
for, so `dlquiz solve …` never imports the exam or the bank's code; a group whose module
has `make(sub)` (solve) builds just the subcommand asked for. `app` has them all.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from typing import Any

import typer

from dlquiz import __version__
from dlquiz.cli._terminal import fix_columns

fix_columns()  # before the consoles are made: a COLUMNS of 0 would draw nothing

from dlquiz.cli._core import DlquizGroup, console  # noqa: E402
from dlquiz.cli._help_lang import install  # noqa: E402

install()  # every help page in the language asked for

# name -> (module, attribute, is a group of subcommands)
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "practice": ("dlquiz.cli.practice", "practice", False),
    "exam": ("dlquiz.cli.exam", "exam", False),
    "solve": ("dlquiz.cli.solve", "app", True),
    "explain": ("dlquiz.cli.explain", "explain", False),
    "check": ("dlquiz.cli.check", "check", False),
    "questions": ("dlquiz.cli.questions", "app", True),
    "stats": ("dlquiz.cli.stats", "stats", False),
    "export": ("dlquiz.cli.export", "app", True),
    "help": ("dlquiz.cli.help", "help_", False),
}
HELP = "Drill the 2023 AI-Deep Learning final: solve, explain, practice."


def _version(value: bool) -> None:
    if value:
        console.print(f"dlquiz {__version__}")
        raise typer.Exit()


def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Drill the 2023 AI-Deep Learning final: solve, explain, practice."""


SUMMARY = ""  # as `sub`: only the groups' own summaries are needed (plain `dlquiz --help`)


def build(names: Iterable[str] | None = None, sub: str | None = None) -> typer.Typer:
    """The app with the commands `names` (all of them when None), in the order of COMMANDS;
    `sub` is the word after the command, for a group that builds only what is asked for
    (SUMMARY: none of its subcommands, for the list of commands)."""
    wanted = set(COMMANDS if names is None else names)
    cli = typer.Typer(
        cls=DlquizGroup, help=HELP, no_args_is_help=True, rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )  # fmt: skip
    cli.callback()(root)
    for name, (module, attribute, group) in COMMANDS.items():
        if name not in wanted:
            continue
        loaded = importlib.import_module(module)
        target: Any = getattr(loaded, attribute)
        if group and sub is not None and hasattr(loaded, "make"):
            target = loaded.make(sub)
        if group:
            cli.add_typer(target, name=name)
        else:  # a module may set CONTEXT_SETTINGS for its command (check: negative numbers)
            cli.command(name, context_settings=getattr(loaded, "CONTEXT_SETTINGS", None))(target)
    return cli


def _asked(argv: list[str]) -> tuple[list[str] | None, str | None]:
    """The one command a command line asks for, or None (help, completion, unknown), and
    the word after it when that word comes right after it."""
    words = [w for w in argv if not w.startswith("-")]
    if not words or words[0] not in COMMANDS or words[0] == "help":
        return None, None
    follows = len(argv) > 1 and argv[0] == words[0] and not argv[1].startswith("-")
    return [words[0]], argv[1] if follows else None


def main() -> None:
    """The `dlquiz` console script and `python -m dlquiz`."""
    import os

    from dlquiz.cli._terminal import check_encoding

    problem = check_encoding()
    if problem is not None:
        sys.stderr.buffer.write(problem.encode("ascii", "replace") + b"\n")
        raise SystemExit(2)

    completing = any(k.endswith("_COMPLETE") for k in os.environ)
    names, sub = (None, None) if completing else _asked(sys.argv[1:])
    if not completing and sys.argv[1:] in ([], ["--help"]):
        sub = SUMMARY  # the list of commands reads no subcommand's signature
    build(names, sub)(prog_name="dlquiz")


def __getattr__(name: str) -> Any:
    """`dlquiz.cli.app`, the app with every command, is built on first use (PEP 562)."""
    if name == "app":
        built = build()
        globals()["app"] = built
        return built
    raise AttributeError(name)
