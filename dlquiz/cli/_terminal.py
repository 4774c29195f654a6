"""What the environment says of the terminal, made safe before the consoles are built.

- `COLUMNS` that is not a positive whole number (`0`, `abc`) would make Rich draw nothing:
  it is dropped, so the real width (or 80) is used.
- An output encoding that cannot write dlquiz's text (box drawing, subscripts, Chinese):
  a file or pipe gets UTF-8; a terminal, or an encoding asked for with PYTHONIOENCODING, is
  refused with one line saying what to set, instead of failing halfway through a screen.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

SAMPLE = "─ₜ√\u4e2d"  # a box line, a subscript, a root sign, a CJK ideograph


def fix_columns() -> None:
    value = os.environ.get("COLUMNS")
    if value is not None and not (value.strip().isdigit() and int(value) > 0):
        del os.environ["COLUMNS"]


def _writes(stream: TextIO) -> bool:
    try:
        SAMPLE.encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def check_encoding() -> str | None:
    """None when stdout and stderr can write dlquiz's text; else the one line to print."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or _writes(stream):
            continue
        import codecs

        name = codecs.lookup(stream.encoding).name if stream.encoding else "unknown"
        asked = bool(os.environ.get("PYTHONIOENCODING"))
        if not asked and not stream.isatty() and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
            continue
        return (
            f"error: the output encoding is {name}, which cannot write dlquiz's text; "
            "set PYTHONIOENCODING=utf-8 (or a UTF-8 locale such as LANG=C.UTF-8)"
        )
    return None
