"""The terminal side of a drill: answer lines in, Rich views out, through the one console.

`TerminalUI` implements `dlquiz.drill.ui.ExamUI` (and so `DrillUI`) with the renderers of
`dlquiz.render.question` and `dlquiz.render.exam`. Lines come from a real terminal (with line
editing) or from a pipe, where each line answers the next prompt and is echoed so that a
transcript reads like a session.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.markup import escape

from dlquiz.cli._core import console
from dlquiz.errors import utf8

if TYPE_CHECKING:
    from dlquiz.bank.grade import Grade
    from dlquiz.bank.model import Question
    from dlquiz.bank.variant import Variant
    from dlquiz.drill.exams import ExamSpec
    from dlquiz.drill.sitting import Item, Report

MAX_LINE = 20_000  # characters in one answer line; a longer one is refused unread
MAX_DROP = 1 << 26  # characters of one over-long piped line skipped before input counts as ended
TONES = {"": "", "dim": "dim", "warn": "yellow", "bold": "bold", "alert": "bold red"}


class TerminalUI:
    """Practice and the exam on this terminal; `exam` lets Ctrl-C reach the exam's pause."""

    def __init__(self, lang: str, *, exam: bool = False, variant: int = 0) -> None:
        self.lang = lang
        self.exam = exam
        self.variant = variant
        self.tty = sys.stdin.isatty()
        reconfigure = getattr(sys.stdin, "reconfigure", None)
        if reconfigure is not None:  # a byte that is not UTF-8 becomes U+FFFD, not a crash
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
        if self.tty:
            with contextlib.suppress(ImportError):  # no readline on Windows
                import readline  # noqa: F401  (line editing, wide characters, history)

    # ---------------------------------------------------------------- input

    def ask(self, prompt: str) -> str | None:
        """One answer line, stripped; None at end of input (and at Ctrl-C, except in exams).

        A line longer than MAX_LINE characters is refused with a notice and read again; a
        piped one is read no further than that, whatever its length."""
        while True:
            line = self._line(prompt)
            if line is None or len(line) <= MAX_LINE:
                return line
            self.tell("drill.line_too_long", "warn", most=MAX_LINE)

    def _line(self, prompt: str) -> str | None:
        try:
            if self.tty:
                return (utf8(console.input(f"[bold cyan]{escape(prompt)}[/] ")) or "").strip()
            console.print(f"{prompt} ", end="", style="bold cyan", markup=False)
            line = sys.stdin.readline(MAX_LINE + 1)
            if len(line) > MAX_LINE and not line.endswith("\n"):
                dropped = 0  # the rest of an over-long line is dropped unread, up to a point:
                while (rest := sys.stdin.readline(1 << 16)) and not rest.endswith("\n"):
                    dropped += len(rest)
                    if dropped > MAX_DROP:  # no line end in sight (/dev/zero): input is over
                        console.print()
                        return None
                console.print(line[:60] + "…", markup=False, highlight=False)
                return line
        except EOFError:
            console.print()
            return None
        except KeyboardInterrupt:
            if self.exam:
                raise
            console.print()
            return None
        if not line:
            console.print()
            return None
        line = utf8(line) or ""
        console.print(line.rstrip("\n"), markup=False, highlight=False)
        return line.strip()

    def fresh_line(self) -> None:
        """After Ctrl-C, readline has redrawn the prompt: clear that line in a terminal."""
        if self.tty and console.is_terminal:
            console.file.write("\r\x1b[2K")
            console.file.flush()
        else:
            console.print()

    # ---------------------------------------------------------------- output

    def tell(self, key: str, tone: str = "", **fields: object) -> None:
        from dlquiz.messages import say

        console.print(say(key, self.lang, **fields), style=TONES[tone], markup=False)

    def show_question(self, variant: Variant, number: int, total: int) -> None:
        from dlquiz.render.question import render_prompt

        console.print(render_prompt(variant, self.lang, number, total))

    def show_hint(self, question: Question, index: int) -> None:
        from dlquiz.render.question import render_hint

        console.print(render_hint(question, index, self.lang))

    def show_feedback(self, variant: Variant, grade: Grade) -> None:
        from dlquiz.render.question import render_feedback

        console.print(render_feedback(variant, grade, self.lang))

    def show_answer(self, variant: Variant) -> None:
        from dlquiz.render.question import render_answer

        console.print(render_answer(variant, self.lang))

    def show_rubric(self, question: Question, hits: Sequence[bool]) -> None:
        from dlquiz.render.question import render_rubric

        console.print(render_rubric(question, hits, self.lang))

    def show_step(self, path: str, ok: bool, expected: str) -> None:
        from dlquiz.bank.variant import label

        mark = "[green]✓[/]" if ok else "[red]✗[/]"
        console.print(f"{mark} {escape(label(path))} = {escape(expected)}", highlight=False)

    def show_summary(self, rows: Sequence[tuple[str, int, float, float]]) -> None:
        from dlquiz.render.question import render_summary

        console.print(render_summary(rows, self.lang))

    def show_intro(self, spec: ExamSpec, items: Sequence[Item], minutes: float) -> None:
        from dlquiz.render.exam import render_intro

        console.print(render_intro(spec, items, minutes, self.variant, self.lang))

    def show_item(self, item: Item, total: int, left: float, current: str | None) -> None:
        from dlquiz.render.exam import render_question

        console.print(render_question(item, self.lang, total, left, current))

    def show_review(
        self, items: Sequence[Item], answers: Sequence[str | None], left: float
    ) -> None:
        from dlquiz.render.exam import render_review

        console.print(render_review(items, answers, left, self.lang))

    def show_report(self, report: Report) -> None:
        from dlquiz.render.exam import render_report

        console.print(render_report(report, self.lang))
