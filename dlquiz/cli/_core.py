"""What every command shares: the consoles, the one error path, and `--x 2 3` parsing.

Only the CLI layer prints. `console` is for results, `err_console` for the one line that
explains bad input. `DlquizGroup.main` is the single place where an `InputError` (or a usage
error from Typer) becomes that line and exit code 2, for the real program and for tests alike.

The line is in the student's language, known before any option is parsed: the `--lang` of the
command line (the last one), else `$DLQUIZ_LANG`, else both (English · Chinese, one line). A
message from the catalog has both languages; one that exists in English only (a solver's) is
shown in English with the rest of the line ("error:", "(option --wf)") in the language asked
for. Every line goes through `safe_text.visible`: no control character reaches the terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from typer import _click as click
from typer.core import TyperCommand, TyperOption
from typer.exceptions import Abort

import dlquiz.render  # noqa: F401  (Rich's line breaking, for everything printed)
from dlquiz.cli._groups import WholeSummaries
from dlquiz.errors import InputError, input_error
from dlquiz.text import LANGS, Text

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


# The --lang of the command lines being run (None: not given), the innermost last.
_RUNNING: list[str | None] = []


def lang_of(args: Sequence[str]) -> str | None:
    """The language a command line asks for with --lang (its last one), if dlquiz knows it."""
    found = None
    for i, word in enumerate(args):
        if word == "--":
            break
        if word == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif word.startswith("--lang="):
            found = word.partition("=")[2]
    return found if found in LANGS else None


def error_lang() -> str:
    """The language of an error line: --lang, else $DLQUIZ_LANG, else both."""
    given = next((g for g in reversed(_RUNNING) if g), None)
    env = os.environ.get("DLQUIZ_LANG", "")
    return given or (env if env in LANGS else "both")


# The English of the error lines, for when the catalog itself cannot be read.
_FRAMES = {
    "errors.line": "error: {message}",
    "errors.internal": "internal error: {message} (a dlquiz bug; run again with DLQUIZ_DEBUG=1 "
    "to see the traceback, and please report it)",
    "errors.aborted": "aborted",
}


def error_line(body: Text, translated: bool, lang: str, key: str = "errors.line") -> str:
    """One line of stderr: `body` in `lang`, framed by the catalog's `key` ("error: …").
    An untranslated body (English only) is shown once, in English, when both are asked for."""
    try:
        from dlquiz.messages import msg

        line = msg(key, message=body)
    except Exception:  # the catalog itself is broken: still say what went wrong
        english = _FRAMES[key].format(message=body.en)
        line = Text(english, english)
    if lang == "both" and translated:
        out = f"{line.en} · {line.zh}"
    else:
        out = line.zh if lang == "zh" else line.en
    from dlquiz.safe_text import visible

    return " ".join(visible(out).splitlines())


def say_error(
    message: str | Text, translated: bool | None = None, key: str = "errors.line"
) -> None:
    """Print one error line; a str is a message in English only."""
    body = Text(message, message) if isinstance(message, str) else message
    known = not isinstance(message, str) if translated is None else translated
    line = error_line(body, known, error_lang(), key)
    err_console.print(line, markup=False, emoji=False, highlight=False)


def fail(message: str | Text, translated: bool | None = None) -> NoReturn:
    """Report bad input on one line of stderr and exit with code 2."""
    say_error(message, translated)
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


class DlquizGroup(WholeSummaries):
    """The root command: turns every kind of bad input into one line and exit code 2."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _RUNNING.append(lang_of(list(sys.argv[1:] if args is None else args)))
        try:
            rv = self._run(args, prog_name, complete_var, **extra)
        finally:
            _RUNNING.pop()
        if not standalone_mode:
            return rv
        raise SystemExit(rv if isinstance(rv, int) else 0)

    def _run(self, args: Any, prog_name: Any, complete_var: Any, **extra: Any) -> Any:
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except InputError as exc:
            from dlquiz.cli._error_text import input_text

            fail(*input_text(exc))
        except click.exceptions.NoArgsIsHelpError as exc:
            console.print(exc.format_message(), markup=False, highlight=False)
            return 0
        except click.exceptions.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "dlquiz"
            from dlquiz.cli._error_text import usage_text

            fail(*usage_text(exc, where))
        except click.exceptions.ClickException as exc:
            fail(exc.format_message())
        except Abort:
            say_error(Text("", ""), key="errors.aborted")
            raise SystemExit(1) from None
        except Exception as exc:  # a bug in dlquiz, not bad input: say so in one line
            if os.environ.get("DLQUIZ_DEBUG"):
                raise
            what = f"{type(exc).__name__}: {exc}"
            say_error(Text(what, what), key="errors.internal")
            raise SystemExit(1) from None

    def _main_shell_completion(
        self, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str | None = None
    ) -> None:
        """Completion: first give every parameter dlquiz can complete its completion."""
        var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(var):
            from dlquiz.cli._complete import wire

            wire(self)  # --lang, question ids, topics: in every command, in any case
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


def vec(text: str) -> Vector:
    """A vector option's value; a one-row matrix counts as a vector."""
    from dlquiz.numparse import parse_array

    value = parse_array(text)
    if value and isinstance(value[0], list):
        if len(value) == 1:
            return list(value[0])
        raise input_error("errors.vector_not_matrix", text=" ".join(text.split()))
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
            raise input_error("errors.svg_json")
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
        raise input_error("errors.svg_suffix", path=svg)
    console.record = True
    console.print(renderable)
    try:
        console.save_svg(str(svg), title="dlquiz")
    except OSError as exc:
        raise input_error("errors.svg_write", path=svg, why=exc.strerror or exc) from None


Json = typer.Option("--json", help="Print one JSON object and nothing else.")
Svg = Annotated[Path | None, typer.Option(help="Also save what is shown as an SVG file.")]
Lang = Annotated[
    str,
    typer.Option(help="Language: en, zh or both (default: $DLQUIZ_LANG).", envvar="DLQUIZ_LANG"),
]
