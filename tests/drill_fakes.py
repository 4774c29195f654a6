"""A scripted stand-in for the terminal: answers from a list, everything shown kept as data.

It implements `dlquiz.drill.ui.ExamUI`, so practice and the exam run without Typer or Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class ScriptedUI:
    tty = False

    def __init__(
        self, lines: Sequence[str], lang: str = "en", clock: list[float] | None = None,
        step: float = 0.0,
    ) -> None:  # fmt: skip
        self.lines = list(lines)
        self.lang = lang
        self.clock = clock
        self.step = step
        self.shown: list[tuple[str, Any]] = []
        self.prompts: list[str] = []

    def ask(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        if not self.lines:
            return None
        if self.clock is not None:
            self.clock[0] += self.step
        return self.lines.pop(0)

    def told(self) -> list[str]:
        return [key for kind, key in self.shown if kind == "tell"]

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.shown]

    def of(self, kind: str) -> list[Any]:
        return [value for k, value in self.shown if k == kind]

    def tell(self, key: str, tone: str = "", **fields: object) -> None:
        self.shown.append(("tell", key))

    def fresh_line(self) -> None:
        self.shown.append(("fresh_line", None))

    def show_question(self, variant: Any, number: int, total: int) -> None:
        self.shown.append(("question", variant))

    def show_hint(self, question: Any, index: int) -> None:
        self.shown.append(("hint", index))

    def show_feedback(self, variant: Any, grade: Any) -> None:
        self.shown.append(("feedback", grade))

    def show_answer(self, variant: Any) -> None:
        self.shown.append(("answer", variant))

    def show_rubric(self, question: Any, hits: Sequence[bool]) -> None:
        self.shown.append(("rubric", tuple(hits)))

    def show_step(self, name: str, ok: bool, expected: str) -> None:
        self.shown.append(("step", (name, ok)))

    def show_summary(self, rows: Sequence[tuple[str, int, float]]) -> None:
        self.shown.append(("summary", list(rows)))

    def show_intro(self, spec: Any, items: Sequence[Any], minutes: float) -> None:
        self.shown.append(("intro", minutes))

    def show_item(self, item: Any, total: int, left: float, current: str | None) -> None:
        self.shown.append(("item", item.label))

    def show_review(self, items: Sequence[Any], answers: Sequence[str | None], left: float) -> None:
        self.shown.append(("review", list(answers)))

    def show_report(self, report: Any) -> None:
        self.shown.append(("report", report))
