"""Reading answers: a real terminal (with line editing) or lines from a pipe.

From a pipe each line answers the next prompt; the line is echoed so a transcript reads like a
session. End of input returns None; the caller ends the session cleanly.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

from dlquiz.cli._core import console
from dlquiz.errors import utf8


class Answers:
    def __init__(self) -> None:
        self.tty = sys.stdin.isatty()
        reconfigure = getattr(sys.stdin, "reconfigure", None)
        if reconfigure is not None:  # a byte that is not UTF-8 becomes U+FFFD, not a crash
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
        if self.tty:
            with contextlib.suppress(ImportError):  # no readline on Windows
                import readline  # noqa: F401  (line editing, wide characters, history)

    def ask(self, prompt: str) -> str | None:
        """One answer line, stripped; None at end of input (Ctrl-D) or Ctrl-C."""
        try:
            if self.tty:
                return (utf8(console.input(f"[bold cyan]{prompt}[/] ")) or "").strip()
            console.print(f"{prompt} ", end="", style="bold cyan", markup=False)
            line = sys.stdin.readline()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return None
        if not line:
            console.print()
            return None
        line = utf8(line) or ""
        console.print(line.rstrip("\n"), markup=False, highlight=False)
        return line.strip()


def ask_self_mark(ask: Callable[[str], str | None], n: int, found: int) -> int:
    """The student's own count of the n key points their explanation covered.

    `found` is the count the keywords found; an empty answer (or end of input) keeps it, and
    so does anything that is not a whole number from 0 to n, with a line saying so.
    """
    got = ask(f"How many of the {n} key points did you cover? [Enter: {found}] >")
    if not got:
        return found
    try:
        own = int(got)
    except ValueError:
        own = -1
    if not 0 <= own <= n:
        console.print(f"kept {found}: answer with a whole number 0–{n}", style="yellow")
        return found
    return own
