"""`dlquiz help [COMMAND…]`: the same text as `dlquiz [COMMAND…] --help`."""

from __future__ import annotations

from typing import Annotated

import typer


def help_(
    command: Annotated[
        list[str] | None, typer.Argument(metavar="[COMMAND]…", help="A command, e.g. solve rnn.")
    ] = None,
) -> None:
    """Show the help of dlquiz, or of one command: dlquiz help solve rnn."""
    from typer.main import get_command

    from dlquiz.cli import build

    group = get_command(build())
    group.main([*(command or []), "--help"], prog_name="dlquiz", standalone_mode=False)
