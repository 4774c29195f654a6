"""Numbers as dlquiz writes them: at most 4 decimals, the exam's bracket notation."""

from __future__ import annotations

import math
from typing import Any

DIGITS = 4


def number(value: Any, digits: int = DIGITS) -> str:
    """One number to at most `digits` decimals, trailing zeros dropped; inf as ∞."""
    f = float(value)
    if math.isinf(f):
        return "∞" if f > 0 else "−∞"
    if math.isnan(f):
        return "nan"
    text = f"{f:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def array(value: Any, digits: int = DIGITS) -> str:
    """A number, [vector] or [[matrix]] in the bracket notation the exam uses."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(array(v, digits) for v in value) + "]"
    return number(value, digits)


def points(value: float) -> str:
    """Points as a score reads: at most two decimals, no trailing zeros (7.5, 6.67, 10)."""
    return number(round(float(value), 2), 2)


def clock(seconds: float) -> str:
    """A duration as H:MM:SS (never negative)."""
    s = max(0, int(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
