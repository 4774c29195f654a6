"""Take dlquiz off the terminal: an Anki deck for the phone, a mock exam to print."""

from __future__ import annotations

import typer

from dlquiz.cli._core import DlquizGroup
from dlquiz.cli.export_anki import anki
from dlquiz.cli.export_paper import paper

app = typer.Typer(
    cls=DlquizGroup, help=__doc__, no_args_is_help=True, rich_markup_mode=None,
)  # fmt: skip
app.command("anki")(anki)
app.command("paper")(paper)
