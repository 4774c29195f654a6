"""`dlquiz solve params`: parameter counts of a Keras or PyTorch model (exam Q5)."""

from __future__ import annotations

import io
import sys
from typing import Annotated, BinaryIO

import typer

from dlquiz.cli._core import Json, Lang, Svg, emit, num
from dlquiz.errors import InputError, Words, input_error


def params(
    model: Annotated[
        str | None,
        typer.Option(help='Layers separated by ";", e.g. "LSTM(30, input_shape=(3,1)); Dense(1)".'),
    ] = None,
    code: Annotated[
        str | None, typer.Option(help="A file of Keras code as the exam prints it (- for stdin).")
    ] = None,
    framework: Annotated[
        str, typer.Option(help="keras (one bias per gate) or pytorch (two).")
    ] = "keras",
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="A name the code uses but never assigns: --set n_steps=3."),
    ] = None,
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """Parameter counts per layer of a Keras or PyTorch model (exam Q5), code never executed."""
    from dlquiz.render.solve import render_params
    from dlquiz.solvers.params import count_params

    if model is not None and code is not None:
        raise input_error("code_input.cli.model_or_code")
    text = None
    if code is not None:
        text = _read_code(code)
    settings = dict(_setting(s) for s in set_ or [])
    result = count_params(model=model, code=text, framework=framework, settings=settings)
    emit(result, json, render_params, svg)


def _read_code(path: str) -> str:
    """The code in a file or on stdin, read only up to the size limit, then refused."""
    from dlquiz.solvers.code_reader import MAX_CODE

    where = (
        Words("code_input.cli.source_stdin")
        if path == "-"
        else Words("code_input.cli.source_file", {"path": path})
    )
    try:
        if path != "-":
            with open(path, "rb") as raw:
                return _decoded(raw, where, MAX_CODE)
        if sys.stdin is None:
            raise input_error("code_input.cli.closed", source=where)
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # a text stream stands in for stdin
            return _limited(sys.stdin.read(MAX_CODE + 1), where, MAX_CODE)
        return _decoded(buffer, where, MAX_CODE)
    except (OSError, ValueError) as exc:
        if isinstance(exc, InputError):
            raise
        why = getattr(exc, "strerror", None) or str(exc)  # the system's words
        raise input_error("code_input.cli.unreadable", source=where, why=why) from None


def _decoded(raw: BinaryIO, where: Words, limit: int) -> str:
    """At most `limit` + 1 characters of UTF-8 text (a BOM dropped, line ends made \\n)."""
    reader = io.TextIOWrapper(raw, encoding="utf-8-sig", newline=None)
    try:
        text = reader.read(limit + 1)
    except UnicodeDecodeError as exc:
        byte = exc.object[exc.start : exc.start + 1].hex()
        raise input_error("code_input.cli.not_utf8", source=where, byte=byte) from None
    finally:
        reader.detach()  # the stream stays open: it is stdin, or its `with` closes it
    return _limited(text, where, limit)


def _limited(text: str, where: Words, limit: int) -> str:
    if len(text) > limit:
        raise input_error("code_input.cli.too_long", source=where, limit=limit)
    return text


def _setting(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise input_error("code_input.cli.set_form", text=text)
    return name.strip(), num(value)
