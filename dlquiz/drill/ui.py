"""The interface a drill session talks through, and the answer commands it understands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from dlquiz.bank.grade import Grade
    from dlquiz.bank.model import Question
    from dlquiz.bank.variant import Variant
    from dlquiz.drill.exams import ExamSpec
    from dlquiz.drill.sitting import Item, Report
    from dlquiz.history import Attempt

Tone = str  # how a notice reads: "" plain, "dim", "warn", "bold", "alert"


class Asker(Protocol):
    """Where answer lines come from."""

    tty: bool

    def ask(self, prompt: str) -> str | None:
        """One answer line, stripped; None at the end of input."""


class DrillUI(Asker, Protocol):
    """What practice shows, as data; the implementation decides how it looks."""

    lang: str

    def tell(self, key: str, tone: Tone = "", **fields: object) -> None:
        """A message of the catalog (`questions/messages`), filled in."""

    def show_question(self, variant: Variant, number: int, total: int) -> None: ...

    def show_hint(self, question: Question, index: int) -> None: ...

    def show_feedback(self, variant: Variant, grade: Grade) -> None: ...

    def show_answer(self, variant: Variant) -> None:
        """A skipped question's answer, worked steps and solution."""

    def show_rubric(self, question: Question, hits: Sequence[bool]) -> None: ...

    def show_step(self, name: str, ok: bool, expected: str) -> None: ...

    def show_summary(self, rows: Sequence[tuple[str, int, float, float]]) -> None:
        """rows: (topic, answered, points earned, points possible) per topic."""


class ExamUI(DrillUI, Protocol):
    """What the mock exam shows besides practice's views."""

    def show_intro(self, spec: ExamSpec, items: Sequence[Item], minutes: float) -> None: ...

    def show_item(self, item: Item, total: int, left: float, current: str | None) -> None: ...

    def show_review(
        self, items: Sequence[Item], answers: Sequence[str | None], left: float
    ) -> None: ...

    def show_report(self, report: Report) -> None: ...

    def fresh_line(self) -> None:
        """After Ctrl-C at a prompt: start a clean line."""


class ExamLog(Protocol):
    """Where a sitting is kept as it goes (`dlquiz.sittings.SittingLog`)."""

    def draft(
        self, number: int, question_id: str, lines: Sequence[str], self_mark: int | None,
        spent: float | None,
    ) -> None:  # fmt: skip
        """The answer to question `number` as entered, replacing an earlier one."""

    def progress(self, next_item: int, used: float) -> None:
        """The question to go on from and the exam time used, in seconds."""

    def submit(self, rows: Sequence[Attempt], used: float) -> bool:
        """Hand in: store the attempts and close the sitting; False if it could not."""


def self_mark(ui: DrillUI, ask: Callable[[str], str | None], n: int, found: int) -> int:
    """The student's own count of the n key points their explanation covered.

    `found` is the automatic count; an empty answer (or end of input) keeps it, and so does
    anything that is not a whole number from 0 to n, with a line saying so.
    """
    from dlquiz.messages import say
    from dlquiz.text import single

    got = ask(say("drill.self_mark", single(ui.lang), n=n, found=found) + " >")
    if not got:
        return found
    try:
        own = int(got)
    except ValueError:
        own = -1
    if not 0 <= own <= n:
        ui.tell("drill.self_mark_kept", "warn", found=found, n=n)
        return found
    return own
