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

from rich.cells import cell_len
from rich.text import Text

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
                return (utf8(self._typed(prompt)) or "").strip()
            last = self._show_prompt(prompt)
            console.print(Text(last, style="bold cyan"), end="", soft_wrap=True)
            line = sys.stdin.readline(MAX_LINE + 1)
            if len(line) > MAX_LINE and not line.endswith("\n"):
                dropped = 0  # the rest of an over-long line is dropped unread, up to a point:
                while (rest := sys.stdin.readline(1 << 16)) and not rest.endswith("\n"):
                    dropped += len(rest)
                    if dropped > MAX_DROP:  # no line end in sight (/dev/zero): input is over
                        console.print()
                        return None
                self._echo(last, line[:60] + "…")
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
        self._echo(last, line.rstrip("\n"))
        return line.strip()

    def _show_prompt(self, prompt: str) -> str:
        """Print the prompt's lines but its last, wrapped to the terminal; return the last
        (with a space after it), which the answer follows on the same line."""
        lines = Text(prompt).wrap(console, max(1, console.width - 1))
        for line in lines[:-1]:
            console.print(line, style="bold cyan", highlight=False)
        return (lines[-1].plain if lines else "") + " "

    def _typed(self, prompt: str) -> str:
        """A line typed at the terminal, edited with readline, which is given the prompt's
        last line: it then knows where the answer starts (wide characters, a wrapped
        answer), and ends every answer, an empty one too, with a new line."""
        last = self._show_prompt(prompt)
        colour = console.is_terminal and console.color_system is not None
        if colour and "readline" in sys.modules and sys.stdout.isatty():
            # colour codes take no room on the screen: readline must not count them
            last = f"\001\x1b[1;36m\002{last.rstrip()}\001\x1b[0m\002 "
        console.file.flush()
        try:
            return input(last)
        except (EOFError, KeyboardInterrupt):
            raise
        except BaseException:  # the exam's deadline or a hangup, by a signal, mid-line
            with contextlib.suppress(OSError):  # (the terminal may be gone)
                console.print()
            raise

    def _echo(self, last: str, answer: str) -> None:
        """A piped answer, shown after its prompt as if it had been typed, wrapped: its
        lines start under its first character when the prompt is short."""
        width = console.width
        indent = cell_len(last)
        if indent <= width // 3:
            lines = Text(answer).wrap(console, max(1, width - indent))
            for n, piece in enumerate(lines or [Text("")]):
                head = "" if n == 0 else " " * indent
                console.print(Text(head) + piece, markup=False, highlight=False, crop=False)
            return
        lines = Text(last + answer).wrap(console, width)
        first = lines[0].plain[len(last) :] if lines else ""
        console.print(first, markup=False, highlight=False, crop=False)
        for piece in lines[1:]:
            console.print(piece, markup=False, highlight=False, crop=False)

    def fresh_line(self) -> None:
        """After Ctrl-C, readline has redrawn the prompt: clear that line in a terminal."""
        if self.tty and console.is_terminal:
            console.file.write("\r\x1b[2K")
            console.file.flush()
        else:
            console.print()

    # ---------------------------------------------------------------- output

    def tell(self, key: str, tone: str = "", **fields: object) -> None:
        """A catalog message; one with a `reason` (why an answer cannot be read) shows the
        reason after the message's words with a hanging indent (in "both", a line for each
        language: a reason said in English only is said after each)."""
        from dlquiz.messages import msg
        from dlquiz.render.flow import Hanging, sentence

        style = TONES[tone]
        if "reason" not in fields:
            console.print(sentence(key, self.lang, style, **fields), highlight=False)
            return

        reason = fields.pop("reason")
        frame = msg(key, reason="\0", **fields)
        for one in ("en", "zh") if self.lang == "both" else (self.lang,):
            why = reason.get(one) if isinstance(reason, type(frame)) else str(reason)
            head, _, tail = frame.get(one).partition("\0")
            console.print(Hanging(Text(head, style=style), Text(why + tail, style=style)))

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
        from dlquiz.render.rubric import render_rubric

        console.print(render_rubric(question, hits, self.lang))

    def show_step(self, name: str, ok: bool, expected: str) -> None:
        """A step's result under its answer: `name` is the step as the prompt named it."""
        from dlquiz.render.flow import Hanging

        mark = Text("✓ " if ok else "✗ ", style="green" if ok else "red")
        console.print(Hanging(mark, Text(f"{name} = {expected}")), highlight=False)

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
        from dlquiz.render.report import render_report

        console.print(render_report(report, self.lang))
