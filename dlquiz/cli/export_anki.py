"""dlquiz export anki (being written)."""

from __future__ import annotations

from dlquiz.errors import InputError


def anki() -> None:
    """Not written yet."""
    raise InputError("export anki is not written yet")
