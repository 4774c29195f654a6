"""`dlquiz solve params`: parameter counts of a Keras or PyTorch model (exam Q5)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dlquiz.cli._core import Json, Lang, Svg, emit, num
from dlquiz.errors import InputError


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
        raise InputError("give --model or --code, not both")
    text = None
    if code is not None:
        text = _read_code(code)
    settings = dict(_setting(s) for s in set_ or [])
    result = count_params(model=model, code=text, framework=framework, settings=settings)
    emit(result, json, render_params, svg)


def _read_code(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read --code {path}: {getattr(exc, 'strerror', None) or exc}"
        ) from None


def _setting(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise InputError(f"--set takes NAME=VALUE, e.g. --set n_steps=3, not '{text}'")
    return name.strip(), num(value)
