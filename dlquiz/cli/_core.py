"""What every command shares: the consoles, the one error path, and `--x 2 3` parsing.

Only the CLI layer prints. `console` is for results, `err_console` for the one line that
explains bad input. `DlquizGroup.main` is the single place where an `InputError` (or a usage
error from Typer) becomes that line and exit code 2, for the real program and for tests alike.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from typer import _click as click
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.exceptions import Abort

import dlquiz.render  # noqa: F401  (Rich's line breaking, for everything printed)
from dlquiz.errors import InputError

if TYPE_CHECKING:
    from dlquiz.numparse import Matrix, Vector

# NO_COLOR (no-color.org) asks for no colour; the contract asks for plain text, so drop bold
# and underline too, not only the colours Rich would drop by itself.
_PLAIN = bool(os.environ.get("NO_COLOR"))
console = Console(color_system=None) if _PLAIN else Console()
err_console = Console(
    stderr=True, highlight=False, soft_wrap=True, color_system=None if _PLAIN else "auto"
)

# Options with one of these metavars take several values after one flag: `--x 2 3`.
MULTI_METAVARS = frozenset({"NUMS", "MATRIX"})


def fail(message: str) -> NoReturn:
    """Report bad input on one line of stderr and exit with code 2."""
    err_console.print(f"error: {message}", markup=False)
    raise SystemExit(2)


class MultiValueCommand(TyperCommand):
    """A command whose NUMS / MATRIX options take all the words after them.

    Typer wants `--x 2 --x 3` for a list; the exam-style `--x 2 3` is regrouped here into
    the single value "2 3" before Click parses, and dlquiz's number reader splits it. A word
    stops the group when it is another option of the command or starts with `--`; `-1.5` is a
    number, not an option.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, regroup(args, self.params))


def regroup(args: Sequence[str], params: Sequence[click.Parameter]) -> list[str]:
    multi = {
        name
        for p in params
        if isinstance(p, TyperOption) and p.metavar in MULTI_METAVARS
        for name in p.opts
    }
    known = {name for p in params for name in (*p.opts, *p.secondary_opts)}
    out: list[str] = []
    i = 0
    while i < len(args):
        word = args[i]
        out.append(word)
        i += 1
        if word not in multi:
            continue
        values: list[str] = []
        while i < len(args) and args[i] not in known and not args[i].startswith("--"):
            values.append(args[i])
            i += 1
        if values:
            out.append(" ".join(values))
    return out


class DlquizGroup(TyperGroup):
    """The root command: turns every kind of bad input into one line and exit code 2."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except InputError as exc:
            fail(str(exc))
        except click.exceptions.NoArgsIsHelpError as exc:
            console.print(exc.format_message(), markup=False, highlight=False)
            rv = 0
        except click.exceptions.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "dlquiz"
            fail(f"{exc.format_message()} (see '{where} --help')")
        except click.exceptions.ClickException as exc:
            fail(exc.format_message())
        except Abort:
            err_console.print("aborted")
            raise SystemExit(1) from None
        except Exception as exc:  # a bug in dlquiz, not bad input: say so in one line
            if os.environ.get("DLQUIZ_DEBUG"):
                raise
            err_console.print(
                f"internal error: {type(exc).__name__}: {exc} (a dlquiz bug; run again with "
                "DLQUIZ_DEBUG=1 to see the traceback, and please report it)",
                markup=False,
            )
            raise SystemExit(1) from None
        if not standalone_mode:
            return rv
        raise SystemExit(rv if isinstance(rv, int) else 0)


def vec(text: str) -> Vector:
    """A vector option's value; a one-row matrix counts as a vector."""
    from dlquiz.numparse import parse_array

    value = parse_array(text)
    if value and isinstance(value[0], list):
        if len(value) == 1:
            return list(value[0])
        raise InputError(f"'{text}' is a matrix; a vector was expected (no ';')")
    return value  # type: ignore[return-value]


def arr(text: str) -> Vector | Matrix:
    """A vector or a matrix option's value."""
    from dlquiz.numparse import parse_array

    return parse_array(text)


def num(text: str) -> float:
    from dlquiz.numparse import parse_number

    return parse_number(text)


def given(**options: str | None) -> dict[str, Any]:
    """The array options the user gave, parsed; the rest are left to the solver's defaults."""
    return {name: arr(text) for name, text in options.items() if text is not None}


def emit(result: Any, as_json: bool, render: Any, svg: Path | None = None) -> None:
    """Print a solver result: one JSON object, or its Rich rendering (also saved as SVG)."""
    if as_json:
        if svg is not None:
            raise InputError("--svg saves what is shown; it does not go with --json")
        import json

        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        return
    show(render(result), svg)


def show(renderable: Any, svg: Path | None = None) -> None:
    """Print a renderable; with `svg`, also save exactly what was shown as an SVG file."""
    if svg is None:
        console.print(renderable)
        return
    if svg.suffix.lower() != ".svg":
        raise InputError(f"--svg wants a file name ending in .svg, not '{svg}'")
    console.record = True
    console.print(renderable)
    try:
        console.save_svg(str(svg), title="dlquiz")
    except OSError as exc:
        raise InputError(f"cannot write --svg {svg}: {exc.strerror or exc}") from None


Json = typer.Option("--json", help="Print one JSON object and nothing else.")
Svg = Annotated[Path | None, typer.Option(help="Also save what is shown as an SVG file.")]
Lang = Annotated[
    str,
    typer.Option(help="Language: en, zh or both (default: $DLQUIZ_LANG).", envvar="DLQUIZ_LANG"),
]
