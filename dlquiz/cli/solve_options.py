"""Option helpers shared by the `solve` commands."""

from __future__ import annotations

from typing import Annotated, Any

import typer

Base = Annotated[str, typer.Option(help="Logarithm base: 2 (bits), e (nats) or 10.")]


def opt(help: str, matrix: bool = False) -> Any:
    """An option taking several numbers (NUMS) or rows separated by ';' (MATRIX)."""
    return typer.Option(help=help, metavar="MATRIX" if matrix else "NUMS")
