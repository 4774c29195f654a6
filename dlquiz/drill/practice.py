"""A practice session: ask each question, grade it, save it at once, sum it up.

The order of the questions is `dlquiz.schedule.plan`'s; this module runs them. During a
question the student may type /hint, /steps (work a computed question one intermediate at a
time), /skip (or an empty line: shows the answer and the worked solution, stored as a skip
with score 0), /seed (the seed of the numbers shown) and /quit. A question answered right is
not served again in the same session. Every graded answer is committed to the history,
with the question's spaced-repetition card in the same transaction unless `schedule` is off
(cram), before the next question is shown.
"""

from __future__ import annotations

import random
import sqlite3
import time
import uuid
from collections import defaultdict
from typing import TYPE_CHECKING

from dlquiz.drill.record import attempt
from dlquiz.drill.ui import DrillUI
from dlquiz.errors import InputError, reason
from dlquiz.numfmt import points

if TYPE_CHECKING:
    from dlquiz.bank.grade import Grade
    from dlquiz.bank.model import Question
    from dlquiz.bank.variant import Variant
    from dlquiz.history import CardRow, History


class Quit(Exception):
    """The student ended the session (/quit, end of input)."""


class Skip(Exception):
    """The student skipped the question (/skip, an empty line)."""


class SaveError(Exception):
    """The history could not store an answer; the message says where and why."""


class PracticeSession:
    """One drill over a list of questions; `by_topic` holds (earned, possible) points so far.

    A question is worth its `points` (its weight on the exam); an answer earns
    `points × score`, rounded to 2 decimals, as in the mock exam."""

    def __init__(
        self,
        ui: DrillUI,
        history: History,
        rng: random.Random,
        *,
        steps: bool = False,
        mode: str = "practice",
        schedule: bool = True,
    ) -> None:
        self.ui = ui
        self.history = history
        self.rng = rng
        self.steps = steps
        self.mode = mode
        self.schedule = schedule
        self.id = uuid.uuid4().hex[:12]
        self.by_topic: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self.right: set[str] = set()  # ids answered right in this session

    def run(self, questions: list[Question]) -> None:
        """Ask every question in turn, then show the summary (also after /quit)."""
        from dlquiz.bank.grade import skipped

        total, n = len(questions), 0
        for q in questions:
            if q.id in self.right:  # answered right in this session: not served again
                total -= 1
                continue
            n += 1
            variant = self.draw(q)
            self.ui.show_question(variant, n, total)
            started = time.monotonic()
            try:
                grade, answer = self.ask(variant)
            except Quit:
                break
            except Skip:
                self.ui.show_answer(variant)
                self.save(variant, skipped(variant), "", time.monotonic() - started)
            else:
                self.save(variant, grade, answer, time.monotonic() - started)
                self.ui.show_feedback(variant, grade)
            marks = [m for v in self.by_topic.values() for m in v]
            earned, possible = sum(e for e, _ in marks), sum(p for _, p in marks)
            self.ui.tell(
                "practice.score_so_far", "bold", score=points(earned), max=points(possible)
            )
        self.ui.show_summary(
            [(t, len(v), sum(e for e, _ in v), sum(p for _, p in v))
             for t, v in sorted(self.by_topic.items())]
        )  # fmt: skip

    def draw(self, q: Question, tries: int = 8) -> Variant:
        """The question with fresh numbers: a template draws a new seed, and draws again
        (a few times) while it would show the numbers of the last stored attempt."""
        from dlquiz.bank.variant import make_variant

        if not q.is_template:
            return make_variant(q, 0)
        variant = make_variant(q, self.rng.randint(1, 10**6))
        last = self.history.attempts(q.id)
        if not last or not last[-1]["seed"]:
            return variant
        before = make_variant(q, int(last[-1]["seed"])).inputs
        for _ in range(tries):
            if variant.inputs != before:
                break
            variant = make_variant(q, self.rng.randint(1, 10**6))
        return variant

    def save(self, variant: Variant, grade: Grade, answer: str, seconds: float) -> None:
        """Commit the attempt (and, when scheduling, the card it reviews) before going on."""
        from dlquiz import schedule

        q = variant.question
        at = schedule.utcnow().timestamp()

        def review(card: CardRow | None) -> CardRow:
            return schedule.review(card, q.id, q.topic, grade.score, at)

        row = attempt(variant, grade, answer, seconds, mode=self.mode, session=self.id)
        try:
            self.history.record(row, review if self.schedule else None, at=at)
        except sqlite3.Error as exc:
            raise SaveError(
                f"the answer could not be saved to {self.history.path}: {exc}"
            ) from None
        self.by_topic[q.topic].append((round(q.points * grade.score, 2), q.points))
        if grade.correct:
            self.right.add(q.id)

    def line(self, variant: Variant, prompt: str, hints: list[int]) -> str:
        """One answer line; /hint is handled here, /quit and /skip raise."""
        while True:
            text = self.ui.ask(prompt)
            if text is None or text == "/quit":
                raise Quit
            if text in ("", "/skip"):
                raise Skip
            if text == "/seed":
                self.ui.tell("practice.seed", "dim", seed=variant.seed, id=variant.question.id)
                continue
            if text == "/hint":
                self.ui.show_hint(variant.question, hints[0])
                hints[0] += 1
                continue
            return text

    def ask(self, variant: Variant) -> tuple[Grade, str]:
        from dlquiz.bank.grade import grade
        from dlquiz.latex import prose

        q = variant.question
        hints = [0]
        if q.type in ("symbols", "diagram"):
            while True:
                answers = [
                    self.line(variant, f"{prose(part.text.get(self.ui.lang))} >", hints)
                    for part in q.parts
                ]
                try:
                    return grade(variant, answers), " | ".join(answers)
                except InputError as exc:
                    self.ui.tell("drill.cant_read", "warn", reason=reason(exc))
        stepwise = q.type == "numeric" and bool(q.steps)
        if self.steps and stepwise:
            return self.ask_steps(variant)
        while True:
            got = self.line(variant, ">", hints)
            if got == "/steps":
                if stepwise:
                    return self.ask_steps(variant)
                self.ui.tell("practice.no_steps", "dim")
                continue
            try:
                if q.type == "explain":
                    return self.self_assess(variant, got), got
                return grade(variant, [got]), got
            except InputError as exc:
                self.ui.tell("drill.cant_read", "warn", reason=reason(exc))

    def self_assess(self, variant: Variant, answer: str) -> Grade:
        """Show which key points the answer mentions, then let the student score themselves."""
        from dlquiz.bank.claims import analyse
        from dlquiz.bank.grade import grade_explain
        from dlquiz.drill.assess import own_mark

        q = variant.question
        result = analyse(q, answer)
        self.ui.show_rubric(q, result)
        mark = own_mark(self.ui, self.ui.ask, result)
        return grade_explain(q, answer, self_score=mark / len(q.rubric))

    def ask_steps(self, variant: Variant) -> tuple[Grade, str]:
        """Ask each intermediate in turn and point at the first one that went wrong."""
        from dlquiz.bank.grade import grade_steps, steps_grade
        from dlquiz.bank.step_names import step_name
        from dlquiz.messages import say
        from dlquiz.text import single

        hints = [0]
        answers: list[str] = []
        paths = variant.question.steps
        lang = single(self.ui.lang)
        for n, path in enumerate(paths, 1):
            name = step_name(path, variant.question.solver or "").get(lang)
            prompt = say("practice.step_prompt", lang, n=n, total=len(paths), step=name)
            while True:
                try:
                    text = self.line(variant, prompt, hints)
                except Skip:
                    text = ""
                try:
                    ok, expected = steps_grade(variant, path, text)
                    break
                except InputError as exc:
                    self.ui.tell("drill.cant_read", "warn", reason=reason(exc))
            answers.append(text)
            self.ui.show_step(name, ok, expected)
        return grade_steps(variant, answers), " | ".join(answers)
