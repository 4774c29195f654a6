"""dlquiz export paper (being written)."""

from __future__ import annotations

from dlquiz.errors import InputError


def paper() -> None:
    """Not written yet."""
    raise InputError("export paper is not written yet")
