"""A timed mock exam: ask every slot, keep the answers, run the clock, hand back the report.

Answers are typed at the prompt or piped, one line per prompt; an empty line skips. Nothing
is graded for the student until they submit: after the last question a review lists every
answer, `/go N` re-answers question N and `/submit` (or end of input) hands the exam in. When
time is up the exam is submitted with the remaining questions unanswered. Ctrl-C in a terminal
pauses to ask whether to submit or leave.

Each answer goes to the `log` (`dlquiz.sittings.SittingLog`) the moment it is entered, with
the time used and the question to go on from, so a killed exam loses at most the line being
typed. Leaving, SIGTERM and SIGHUP keep the sitting open for `dlquiz exam --resume`, which
builds a session with the answers `restored`, the time `used` and the question `start_at`.

The clock is a `now()` callable in seconds: tests pass a fake one to run the countdown
without sleeping. On a real terminal with the real clock, a timer signal interrupts the
prompt at the deadline instead of waiting for the next line.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from dlquiz.drill.exam_answers import ExamAnswers, _Jump, _Leave, _Submit, _TimeUp
from dlquiz.drill.exam_signals import Hangup, alarm_at, hangups
from dlquiz.drill.ui import ExamLog, ExamUI
from dlquiz.errors import InputError, reason

if TYPE_CHECKING:
    from dlquiz.drill.exams import ExamSpec
    from dlquiz.drill.sitting import Item, Report, Response


class ExamSession(ExamAnswers):
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
        log: ExamLog | None = None,
        sitting: str | None = None,
        used: float = 0.0,
        restored: Mapping[int, Response] | None = None,
        spent: Mapping[int, float] | None = None,
        start_at: int = 1,
    ) -> None:
        self.spec = spec
        self.items = items
        self.ui = ui
        self.minutes = minutes
        self.variant = variant
        self.now = now
        self.log = log
        self.started = now()
        self.used_before = used
        self.deadline = self.started + minutes * 60 - used
        self.responses: dict[int, Response] = dict(restored or {})
        self.spent: dict[int, float] = dict(spent or {})
        self.start_at = start_at
        self.id = sitting or uuid.uuid4().hex[:12]
        self.alarm = ui.tty and now is time.monotonic
        self.hangup: int | None = None  # the signal that stopped the sitting, if one did
        self.stored = False  # whether the handed-in answers reached the history

    def left(self) -> float:
        return self.deadline - self.now()

    def used(self) -> float:
        """Exam time used, in seconds, over every part of the sitting."""
        return min(self.used_before + self.now() - self.started, self.minutes * 60)

    def run(self) -> Report | None:
        """Sit the exam; the report, or None when it stopped unsubmitted (left, or a signal)."""
        from dlquiz.drill.sitting import make_report

        self.ui.show_intro(self.spec, self.items, self.minutes)
        time_up = False
        try:
            with hangups():
                try:
                    self._sit()
                except _Submit:
                    self.ui.tell("exam.submitted", "bold")
                except _TimeUp:
                    time_up = True
                    self.ui.tell("exam.time_up", "alert")
                report = make_report(self.spec, self.variant, self.items, self.responses, time_up)
                self._hand_in(report)
        except _Leave:
            self._note_progress(None)
            return None
        except Hangup as stop:
            self.hangup = stop.signum
            self._note_progress(None)
            return None
        return report

    def _sit(self) -> None:
        target: str | None = None
        if self.start_at <= len(self.items):
            try:
                for item in self.items[self.start_at - 1 :]:
                    self.ask_item(item)
                    self._note_progress(item.number + 1)
            except _Jump as jump:
                target = jump.ref
        self._note_progress(len(self.items) + 1)
        self.review(target)

    def _note_progress(self, next_item: int | None) -> None:
        """Tell the log where to go on from (None: where it was) and the time used."""
        if next_item is not None:
            self.start_at = max(self.start_at, next_item)
        if self.log is not None:
            self.log.progress(self.start_at, self.used())

    def _hand_in(self, report: Report) -> None:
        """One attempt per answered question (mode "exam"), stored with the sitting closed."""
        from dlquiz.drill.record import attempt

        if self.log is None:
            return
        rows = []
        for row in report.rows:
            if row.response is not None:
                seconds = self.spent.get(row.item.number)
                rows.append(attempt(row.item.variant, row.response.grade, row.answer, seconds,
                                    mode="exam", session=self.id))  # fmt: skip
        self.stored = self.log.submit(rows, self.used())

    # ---------------------------------------------------------------- reading lines

    def _deadline_alarm(self) -> contextlib.AbstractContextManager[None]:
        if not self.alarm:
            return contextlib.nullcontext()
        return alarm_at(self.left, _TimeUp)

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

    # ---------------------------------------------------------------- review

    def review(self, target: str | None) -> None:
        """The review table until /submit; `target` is a question to re-answer first."""
        from dlquiz.drill.sitting import find_item
        from dlquiz.messages import say
        from dlquiz.text import single

        prompt = say("exam.review_prompt", single(self.ui.lang)) + " >"
        show = True
        while True:
            if target is not None:
                try:
                    item = find_item(self.items, target)
                except InputError as exc:
                    self.ui.tell("exam.no_such_question", "warn", reason=reason(exc))
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
            text = self.read(prompt)
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
