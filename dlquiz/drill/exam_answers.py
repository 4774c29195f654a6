"""The questions of a mock exam: asking each kind, grading what is entered and keeping it.

`ExamAnswers` is the half of `dlquiz.drill.exam.ExamSession` that deals with one question
at a time; the session provides the clock (`left`, `used`), the line reader (`answer_line`)
and where answers go (`responses`, `log`). The exceptions are the exam's control flow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlquiz.drill.ui import ExamLog, ExamUI
from dlquiz.errors import InputError, reason

if TYPE_CHECKING:
    from collections.abc import Callable

    from dlquiz.drill.sitting import Item, Response


class _Submit(Exception):
    """Hand the exam in now (/submit, end of input, or chosen after Ctrl-C)."""


class _TimeUp(Exception):
    """The countdown reached zero."""


class _Leave(Exception):
    """Leave without submitting: the sitting stays open, to be resumed."""


class _Jump(Exception):
    """Go to the review (ref None) or straight to question `ref`."""

    def __init__(self, ref: str | None) -> None:
        super().__init__(ref)
        self.ref = ref


class ExamAnswers:
    """Asks one item and keeps its answer; see `dlquiz.drill.exam.ExamSession`."""

    ui: ExamUI
    items: list[Item]
    responses: dict[int, Response]
    spent: dict[int, float]
    log: ExamLog | None
    start_at: int
    now: Callable[[], float]

    def left(self) -> float:
        raise NotImplementedError

    def used(self) -> float:
        raise NotImplementedError

    def answer_line(self, prompt: str) -> str | None:
        raise NotImplementedError

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
    ) -> bool:
        """Grade and keep the answer (in the log at once); False, said why, if unreadable."""
        from dlquiz.drill.sitting import Response, score_answer
        from dlquiz.numfmt import clock

        try:
            grade = score_answer(item, lines, self_mark)
        except InputError as exc:
            self.ui.tell("drill.cant_read", "warn", reason=reason(exc))
            return False
        self.responses[item.number] = Response(tuple(lines), grade)
        if self.log is not None:
            spent = self.spent.get(item.number)
            self.log.draft(item.number, item.question.id, lines, self_mark, spent)
            self.log.progress(self.start_at, self.used())
        if not quiet:
            self.ui.tell("exam.saved", "dim", left=clock(self.left()))
        return True

    def _single(self, item: Item) -> None:
        while True:
            text = self.answer_line(">")
            if text is None or self._keep(item, [text]):
                return

    def _parts(self, item: Item) -> None:
        """One line per part; an empty first line skips, an empty later line leaves it blank."""
        while not self._parts_once(item):
            pass

    def _parts_once(self, item: Item) -> bool:
        parts = item.question.parts
        lines: list[str] = []
        try:
            for k, part in enumerate(parts):
                label = part.text.get(self.ui.lang).replace("\n", " / ")
                text = self.answer_line(f"{label} >")
                if text is None:
                    if k == 0:
                        return True
                    text = ""
                lines.append(text)
        except (_Submit, _TimeUp):
            # The exam ends mid-question: the parts written so far count (unless this was
            # a revisit, where the earlier full answer stands).
            if lines and item.number not in self.responses:
                self._keep(item, lines + [""] * (len(parts) - len(lines)), quiet=True)
            raise
        return self._keep(item, lines)

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
        if not self._keep(item, [text], quiet=True):
            return
        self.ui.show_rubric(q, result)
        own = own_mark(self.ui, self.answer_line, result)
        self._keep(item, [text], own)
