"""Command groups whose command list shows each command's summary whole.

Click cuts a command's summary to fit one line ("Drill the exam's questions with fresh
numbers; wrong answers..."): here the first sentence is kept whole and the help formatter
wraps it under itself, so `dlquiz --help` loses nothing at any width.
"""

from __future__ import annotations

from typer import _click as click
from typer.core import TyperGroup

WHOLE = 10_000  # a summary "limit" no first sentence reaches


class WholeSummaries(TyperGroup):
    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(WHOLE)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
