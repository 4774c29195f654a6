"""`dlquiz help [COMMAND…]`: the same text as `dlquiz [COMMAND…] --help`."""

from __future__ import annotations

from typing import Annotated

import typer

from dlquiz.cli import _complete as complete
from dlquiz.cli._core import Lang


def help_(
    command: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COMMAND]…",
            help="A command, e.g. solve rnn.",
            autocompletion=complete.commands,
        ),
    ] = None,
    lang: Lang = "both",
) -> None:
    """Show the help of dlquiz, or of one command: dlquiz help solve rnn."""
    from typer.main import get_command

    from dlquiz.cli import build
    from dlquiz.cli._session import check_lang

    check_lang(lang)  # the language of the help (zh: from the catalog) and of an error
    group = get_command(build())
    group.main([*(command or []), "--help"], prog_name="dlquiz", standalone_mode=False)
