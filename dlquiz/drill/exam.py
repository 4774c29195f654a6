"""A timed mock exam: ask every slot, keep the answers, run the clock, hand back the report.

Answers are typed at the prompt or piped, one line per prompt; an empty line skips. Nothing
is graded for the student until they submit: after the last question a review lists every
answer, `/go N` re-answers question N and `/submit` (or end of input) hands the exam in. When
time is up the exam is submitted with the remaining questions unanswered. Ctrl-C in a terminal
pauses to ask whether to submit or leave.

The clock is a `now()` callable in seconds: tests pass a fake one to run the countdown
without sleeping. On a real terminal with the real clock, a timer signal interrupts the
prompt at the deadline instead of waiting for the next line.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from dlquiz.drill.ui import ExamUI
from dlquiz.errors import InputError

if TYPE_CHECKING:
    from dlquiz.drill.exams import ExamSpec
    from dlquiz.drill.sitting import Item, Report, Response


class _Submit(Exception):
    """Hand the exam in now (/submit, end of input, or chosen after Ctrl-C)."""


class _TimeUp(Exception):
    """The countdown reached zero."""


class _Leave(Exception):
    """Leave without submitting: nothing is saved."""


class _Jump(Exception):
    """Go to the review (ref None) or straight to question `ref`."""

    def __init__(self, ref: str | None) -> None:
        super().__init__(ref)
        self.ref = ref


class ExamSession:
    """One sitting of an exam: asks, keeps answers, runs the clock, returns the report."""

    def __init__(
        self,
        spec: ExamSpec,
        items: list[Item],
        ui: ExamUI,
        *,
        minutes: float,
        variant: int,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spec = spec
        self.items = items
        self.ui = ui
        self.minutes = minutes
        self.variant = variant
        self.now = now
        self.deadline = now() + minutes * 60
        self.responses: dict[int, Response] = {}
        self.spent: dict[int, float] = {}
        self.id = uuid.uuid4().hex[:12]
        self.alarm = (
            ui.tty
            and now is time.monotonic
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )

    def left(self) -> float:
        return self.deadline - self.now()

    def run(self) -> Report | None:
        """Sit the exam; the report, or None when the student chose to leave."""
        from dlquiz.drill.sitting import make_report

        self.ui.show_intro(self.spec, self.items, self.minutes)
        time_up = False
        try:
            target: str | None = None
            try:
                for item in self.items:
                    self.ask_item(item)
            except _Jump as jump:
                target = jump.ref
            self.review(target)
        except _Submit:
            self.ui.tell("exam.submitted", "bold")
        except _TimeUp:
            time_up = True
            self.ui.tell("exam.time_up", "alert")
        except _Leave:
            return None
        return make_report(self.spec, self.variant, self.items, self.responses, time_up)

    # ---------------------------------------------------------------- reading lines

    @contextlib.contextmanager
    def _deadline_alarm(self) -> Iterator[None]:
        if not self.alarm:
            yield
            return

        def fire(signum: int, frame: object) -> None:
            raise _TimeUp

        old = signal.signal(signal.SIGALRM, fire)
        signal.setitimer(signal.ITIMER_REAL, max(self.left(), 0.001))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)

    def read(self, prompt: str) -> str:
        """One line; raises _Submit at end of input, _TimeUp once the time is over."""
        while True:
            if self.left() <= 0:
                raise _TimeUp
            try:
                with self._deadline_alarm():
                    text = self.ui.ask(prompt)
            except KeyboardInterrupt:
                self.ui.fresh_line()
                self.pause()
                continue
            if text is None:
                raise _Submit
            if self.left() <= 0:
                self.ui.tell("exam.too_late")
                raise _TimeUp
            return text

    def pause(self) -> None:
        """After Ctrl-C: submit, leave, or go back. Returns only to go back."""
        from dlquiz.messages import say
        from dlquiz.numfmt import clock
        from dlquiz.text import single

        self.ui.tell("exam.paused", "warn", left=clock(self.left()))
        try:
            with self._deadline_alarm():
                got = self.ui.ask(say("exam.pause_prompt", single(self.ui.lang)) + " >")
        except KeyboardInterrupt:
            self.ui.fresh_line()
            raise _Leave from None
        if got is None:
            raise _Submit
        choice = got.lower().lstrip("/")
        if choice in ("s", "submit"):
            raise _Submit
        if choice in ("l", "leave", "q", "quit"):
            raise _Leave
        self.ui.tell("exam.back", "dim")

    def answer_line(self, prompt: str) -> str | None:
        """An answer, or None to skip; exam commands are handled here."""
        while True:
            text = self.read(prompt)
            if text in ("", "/skip"):
                return None
            if text == "/submit":
                raise _Submit
            if text == "/review":
                raise _Jump(None)
            if text.startswith("/go"):
                raise _Jump(text[3:].strip() or None)
            if text.startswith("/"):
                self.ui.tell("exam.commands", "warn")
                continue
            return text

    # ---------------------------------------------------------------- questions

    def ask_item(self, item: Item) -> None:
        before = self.responses.get(item.number)
        current = None if before is None else before.text(item)
        self.ui.show_item(item, len(self.items), self.left(), current)
        started = self.now()
        try:
            kind = item.question.type
            if kind in ("symbols", "diagram"):
                self._parts(item)
            elif kind == "explain":
                self._explain(item)
            else:
                self._single(item)
        finally:
            self.spent[item.number] = self.spent.get(item.number, 0.0) + self.now() - started

    def _keep(
        self, item: Item, lines: list[str], self_mark: int | None = None, quiet: bool = False
    ) -> None:
        from dlquiz.drill.sitting import Response, score_answer
        from dlquiz.numfmt import clock

        grade = score_answer(item, lines, self_mark)
        self.responses[item.number] = Response(tuple(lines), grade)
        if not quiet:
            self.ui.tell("exam.saved", "dim", left=clock(self.left()))

    def _single(self, item: Item) -> None:
        from dlquiz.drill.sitting import score_answer

        while True:
            text = self.answer_line(">")
            if text is None:
                return
            try:
                score_answer(item, [text])
            except InputError as exc:
                self.ui.tell("drill.cant_read", "warn", reason=str(exc))
                continue
            self._keep(item, [text])
            return

    def _parts(self, item: Item) -> None:
        """One line per part; an empty first line skips, an empty later line leaves it blank."""
        parts = item.question.parts
        lines: list[str] = []
        try:
            for k, part in enumerate(parts):
                label = part.text.get(self.ui.lang).replace("\n", " / ")
                text = self.answer_line(f"{label} >")
                if text is None:
                    if k == 0:
                        return
                    text = ""
                lines.append(text)
        except (_Submit, _TimeUp):
            # The exam ends mid-question: the parts written so far count (unless this was
            # a revisit, where the earlier full answer stands).
            if lines and item.number not in self.responses:
                self._keep(item, lines + [""] * (len(parts) - len(lines)), quiet=True)
            raise
        self._keep(item, lines)

    def _explain(self, item: Item) -> None:
        """The explanation, the key points it mentions, then the student's own count."""
        from dlquiz.bank.claims import analyse
        from dlquiz.drill.assess import own_mark

        q = item.question
        text = self.answer_line(">")
        if text is None:
            return
        result = analyse(q, text)
        # Kept with the automatic count until the student gives their own.
        self._keep(item, [text], quiet=True)
        self.ui.show_rubric(q, result)
        own = own_mark(self.ui, self.answer_line, result)
        self._keep(item, [text], own)

    # ---------------------------------------------------------------- review

    def review(self, target: str | None) -> None:
        """The review table until /submit; `target` is a question to re-answer first."""
        from dlquiz.drill.sitting import find_item

        show = True
        while True:
            if target is not None:
                try:
                    item = find_item(self.items, target)
                except InputError as exc:
                    self.ui.tell("exam.no_such_question", "warn", reason=str(exc))
                else:
                    try:
                        self.ask_item(item)
                    except _Jump as jump:
                        target = jump.ref
                        show = target is None
                        continue
                target, show = None, True
            if show:
                answers = [
                    None if (r := self.responses.get(i.number)) is None else r.text(i)
                    for i in self.items
                ]
                self.ui.show_review(self.items, answers, self.left())
            show = False
            text = self.read("review >")
            if text == "/submit":
                raise _Submit
            if text.startswith("/go"):
                target = text[3:].strip() or None
                if target is None:
                    self.ui.tell("exam.which_question", "warn")
            elif text == "/review":
                show = True
            elif text:
                self.ui.tell("exam.review_help", "warn")
