"""What an error says, in both languages, for the one error line of `cli._core`.

`input_text`: an InputError's message (both languages when it came from the catalog, else the
English alone) and the option it is about, "(option --wf)" in either language.

`usage_text`: a usage error of the command-line parser (Typer's Click), which says "No such
option: --bogus", "Missing argument 'ID'.", "Invalid value for '--seed': …" in English. Its
kind and fields (or, for the plain ones, its message) are read and said again with
`errors.usage.*` and `errors.value.*`, option names as they are; one it does not know stays as
the parser wrote it. Each gives the text and whether it is translated (False: English only).
"""

from __future__ import annotations

import re
from typing import Any

from typer import _click as click

from dlquiz.errors import InputError
from dlquiz.text import Text


def input_text(exc: InputError) -> tuple[Text, bool]:
    """What an InputError says, in both languages when it has them, with its option named."""
    text = exc.text if isinstance(exc.text, Text) else None
    body = text or Text(exc.message, exc.message)
    if exc.option:
        said = f" (option {exc.option})"
        body += _msg("errors.option", Text(said, said), flag=exc.option)
    return body, text is not None


def _msg(key: str, fallback: Text, **fields: object) -> Text:
    try:
        from dlquiz.messages import msg

        return msg(key, **fields)
    except Exception:  # a broken catalog: the error is still reported
        return fallback


# Usage errors of the parser that are plain UsageErrors: their message, read back.
_USAGE = (
    (re.compile(r"No such command '(?P<name>.*)'\. Did you mean (?P<names>.*)\?", re.S),
     "errors.usage.no_such_command_near"),
    (re.compile(r"No such command '(?P<name>.*)'\.", re.S), "errors.usage.no_such_command"),
    (re.compile(r"Missing command\."), "errors.usage.missing_command"),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", re.S),
     "errors.usage.extra"),
    (re.compile(r"Option '(?P<option>.*)' requires an argument\.", re.S),
     "errors.usage.needs_value"),
    (re.compile(r"Option '(?P<option>.*)' does not take a value\.", re.S),
     "errors.usage.no_value"),
)  # fmt: skip


def usage_text(exc: click.exceptions.UsageError, where: str) -> tuple[Text, bool]:
    """A usage error of the parser, then "(see '`where` --help')"."""
    try:
        text, translated = _usage(exc)
    except Exception:  # a broken catalog: the parser's own words
        said = exc.format_message()
        text, translated = Text(said, said), False
    see = f" (see '{where} --help')"
    return text + _msg("errors.usage.see", Text(see, see), where=where), translated


def _usage(exc: click.exceptions.UsageError) -> tuple[Text, bool]:
    """A usage error in both languages (True), or as the parser said it (False)."""
    from dlquiz.messages import msg

    errors = click.exceptions
    if isinstance(exc, errors.NoSuchOption):
        text = msg("errors.usage.no_such_option", option=exc.option_name)
        if exc.possibilities:
            text += msg("errors.usage.possible", options=", ".join(sorted(exc.possibilities)))
        return text, True
    if isinstance(exc, errors.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "")
        if not exc.message and kind in ("argument", "option") and exc.param is not None:
            return msg(f"errors.usage.missing_{kind}", name=exc.param.get_error_hint()), True
    elif isinstance(exc, errors.BadParameter) and exc.param is not None:
        hint = exc.param_hint if isinstance(exc.param_hint, str) else exc.param.get_error_hint()
        return msg("errors.usage.invalid_value", name=hint, reason=_reason(exc)), True
    for pattern, key in _USAGE:
        if m := pattern.fullmatch(exc.message):
            return msg(key, **m.groupdict()), True
    said = exc.format_message()
    return Text(said, said), False


def _reason(exc: click.exceptions.BadParameter) -> Text:
    """Why a value was refused (the first problem of the validation behind it)."""
    from dlquiz.messages import CatalogError, msg

    cause: Any = exc.__cause__
    problems = cause.errors() if hasattr(cause, "errors") else []
    value: object = ""
    if problems:
        first = problems[0]
        bounds = first.get("ctx") or {}
        limits = [bounds[k] for k in ("ge", "le", "gt", "lt") if k in bounds]
        limit = {"limit": limits[0]} if limits else {}
        value = first.get("input", "")
        try:
            return msg(f"errors.value.{first.get('type')}", **limit)
        except CatalogError:
            pass
    return Text(exc.message, msg("errors.value.other", value=value).zh)
