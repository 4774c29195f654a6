"""Command groups whose command list shows each command's summary whole.

Click cuts a command's summary to fit one line ("Drill the exam's questions with fresh
numbers; wrong answers...") or at the first word ending in a full stop ("(exam Q3, Fig."):
here the summary is the help's first paragraph, whole, and the help formatter wraps it
under itself, so `dlquiz --help` loses nothing at any width.
"""

from __future__ import annotations

from typer import _click as click
from typer.core import TyperGroup


def summary(command: click.Command) -> str:
    """A command's summary: its short help, else its help's first paragraph."""
    if command.short_help:
        return command.short_help
    return " ".join((command.help or "").strip().split("\n\n", 1)[0].split())


class WholeSummaries(TyperGroup):
    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, summary(command)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
