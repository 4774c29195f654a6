"""Do any exam computation step by step, with every intermediate value.

Run with no options, each topic uses the exam's own numbers: `dlquiz solve rnn` is Q4,
`dlquiz solve params` is Q5, `dlquiz solve attention` is Q6. Several values follow one flag:
`--x 2 3`, `--x 2,3` or `--x "[2, 3]"`; a matrix is rows separated by `;`:
`--w "0.1 0.2; 0.3 0.4"`.
"""

from __future__ import annotations

from typing import Any

import typer
from typer import _click as click
from typer._click.shell_completion import CompletionItem
from typer.core import TyperOption

from dlquiz.cli import solve_information, solve_params, solve_sequence, solve_transformer
from dlquiz.cli._core import MultiValueCommand
from dlquiz.cli._groups import WholeSummaries
from dlquiz.errors import InputError


class SolveGroup(WholeSummaries):
    """`dlquiz solve NAME`: NAME is a command, or any name of the topic vocabulary
    (`solve cross-entropy` is `solve xent`, `solve clipping` is `solve clip`)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name.startswith("-"):
            return found
        from dlquiz.topics import solve_command

        return super().get_command(ctx, solve_command(cmd_name, self.commands))

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """`dlquiz solve cr<Tab>`: the commands and every name of the topic vocabulary."""
        if incomplete.startswith("-"):
            return super().shell_complete(ctx, incomplete)
        from dlquiz.cli._complete import solve_names

        return [CompletionItem(name) for name in solve_names(incomplete, self.commands)]


# A solver argument whose option is named differently (`--set` fills `settings`).
_OPTION_OF = {"settings": "set_"}


def flag_of(command: click.Command, param: str) -> str | None:
    """The command's flag that fills the solver argument `param`, if it has one."""
    name = _OPTION_OF.get(param, param)
    for option in command.params:
        if isinstance(option, TyperOption) and option.name == name:
            return max(option.opts, key=len)
    return None


def with_flag(error: InputError, command: click.Command) -> InputError:
    """The solver's message, followed by the flag of the argument it is about ("(option
    --wf)", said by the error path in the language of the error line)."""
    flag = None if error.param is None else flag_of(command, error.param)
    if flag is None or error.option is not None:
        return error
    return InputError(error.message, param=error.param, text=error.text, option=flag)


class SolveCommand(MultiValueCommand):
    """A `solve` command: NUMS and MATRIX options take several values (`--x 2 3`), and bad
    input that a solver reports about one of its arguments names the flag that gave it:
    "W_f must be H×(H+D) = 2×(2+1) = 2×3, but is 2×2 (option --wf)". Every solve command
    takes `lang: Lang` (--lang): the step view is drawn in that language, set here."""

    def invoke(self, ctx: click.Context) -> Any:
        from dlquiz.cli._session import check_lang
        from dlquiz.render.lang import drawn_in

        lang = check_lang(ctx.params.get("lang", "both"))
        try:
            with drawn_in(lang):
                return super().invoke(ctx)
        except InputError as exc:
            raise with_flag(exc, self) from None


# name -> the function of the command; `make` registers them (all, or just the one asked for)
COMMANDS = {
    f.__name__: f
    for f in (
        solve_sequence.rnn, solve_sequence.lstm, solve_sequence.gru,
        solve_transformer.attention, solve_transformer.context, solve_params.params,
        solve_information.entropy, solve_information.xent, solve_information.kl,
        solve_information.gan, solve_sequence.clip, solve_transformer.softmax,
        solve_transformer.posenc, solve_transformer.mha, solve_transformer.bptt,
    )
}  # fmt: skip


def make(only: str | None = None) -> typer.Typer:
    """The `solve` group. With `only`, a command's own name, just that command is built:
    Typer reads every command's signature when it builds a group, and `solve rnn` should
    not pay for the other fourteen. Any other name (an alias, a typo, help) gets them all;
    "" gets none (the root's --help lists the groups, not their commands)."""
    group = typer.Typer(
        cls=SolveGroup, help=__doc__, no_args_is_help=True, rich_markup_mode=None,
        add_completion=False,
    )  # fmt: skip
    for name, function in COMMANDS.items():
        if only == "":  # the root's list of commands wants only this group's summary
            break
        if only not in COMMANDS or only == name:
            group.command(cls=SolveCommand)(function)
    return group


app = make()
