"""Drill every exam question type with fresh numbers; every wrong answer is explained.

Answers are typed at the prompt (or piped, one line each; an empty line skips). During a
question: /hint shows a hint, /steps works a computed question one step at a time, /skip
moves on, /quit ends with the summary. Every graded answer is saved at once.
"""

from __future__ import annotations

import random
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dlquiz.cli._ask import Answers
from dlquiz.cli._core import console, err_console, fail
from dlquiz.errors import InputError

if TYPE_CHECKING:
    from dlquiz.bank.grade import Grade
    from dlquiz.bank.model import Question
    from dlquiz.bank.variant import Variant
    from dlquiz.history import History

QUIT = object()
SKIP = object()


def load_questions(bank: list[Path] | None, topic: str | None) -> list[Question]:
    from dlquiz.bank.load import BankError, load_bank
    from dlquiz.bank.model import TOPICS

    try:
        questions = load_bank(bank or [])
    except BankError as exc:
        fail(f"{exc.problems[0]} (and {len(exc.problems) - 1} more; run: dlquiz questions validate)"
             if len(exc.problems) > 1 else f"{exc.problems[0]}")  # fmt: skip
    if topic is not None:
        if topic not in TOPICS:
            from difflib import get_close_matches

            near = get_close_matches(topic, TOPICS, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise InputError(f"unknown topic '{topic}': one of {', '.join(TOPICS)}{hint}")
        questions = [q for q in questions if q.topic == topic]
    return questions


def practice(
    topic: Annotated[str | None, typer.Option(help="Only this topic (lstm, rnn, kl, …).")] = None,
    count: Annotated[int, typer.Option(min=1, max=500, help="How many questions.")] = 10,
    seed: Annotated[int | None, typer.Option(help="Same seed, same questions and numbers.")] = None,
    bank: Annotated[
        list[Path] | None, typer.Option(help="Extra question files or folders (repeatable).")
    ] = None,
    lang: Annotated[str, typer.Option(help="Prompt language: en, zh or both.")] = "both",
    steps: Annotated[
        bool, typer.Option("--steps", help="Ask computed questions one intermediate at a time.")
    ] = False,
) -> None:
    """Drill the exam's questions with fresh numbers; wrong answers are diagnosed."""
    from dlquiz.bank.model import LANGS
    from dlquiz.history import History

    if lang not in LANGS:
        raise InputError(f"--lang must be en, zh or both, not '{lang}'")
    questions = load_questions(bank, topic)
    rng = random.Random(seed)
    rng.shuffle(questions)
    chosen = questions[:count]
    history = History(warn=lambda m: err_console.print(f"warning: {m}", markup=False))
    Session(history, lang, steps, rng).run(chosen)


class Session:
    def __init__(self, history: History, lang: str, steps: bool, rng: random.Random) -> None:
        self.history = history
        self.lang = lang
        self.steps = steps
        self.rng = rng
        self.reader = Answers()
        self.id = uuid.uuid4().hex[:12]
        self.by_topic: dict[str, list[float]] = defaultdict(list)

    def run(self, questions: list[Question]) -> None:
        from dlquiz.bank.variant import make_variant
        from dlquiz.render.question import render_feedback, render_prompt

        for n, q in enumerate(questions, 1):
            variant = make_variant(q, self.rng.randint(1, 10**6) if q.is_template else 0)
            console.print(render_prompt(variant, self.lang, n, len(questions)))
            started = time.monotonic()
            outcome = self.ask(variant)
            if outcome is QUIT:
                break
            if not isinstance(outcome, tuple):
                continue
            grade, answer = outcome
            self.save(variant, grade, answer, time.monotonic() - started)
            console.print(render_feedback(variant, grade, self.lang))
            scored = sum(sum(v) for v in self.by_topic.values())
            answered = sum(len(v) for v in self.by_topic.values())
            console.print(f"score so far: {scored:g} / {answered}\n", style="bold")
        self.summary()

    def save(self, variant: Variant, grade: Grade, answer: str, seconds: float) -> None:
        from dlquiz.history import Attempt

        q = variant.question
        self.history.record(
            Attempt(q.id, q.topic, variant.seed, answer, grade.score, grade.correct, grade.mistake,
                    None if grade.diagnosis is None else grade.diagnosis.en, seconds,
                    session=self.id)
        )  # fmt: skip
        self.by_topic[q.topic].append(grade.score)

    def summary(self) -> None:
        from dlquiz.render.question import render_summary

        rows = [(t, len(v), sum(v)) for t, v in sorted(self.by_topic.items())]
        total = sum(r[2] for r in rows)
        console.print(render_summary(rows, total, sum(r[1] for r in rows)))

    def line(self, variant: Variant, label: str, hints: list[int]) -> str | object:
        """One answer line, handling /hint /steps /skip /quit; QUIT or SKIP as objects."""
        from dlquiz.render.question import render_hint

        while True:
            text = self.reader.ask(label)
            if text is None or text == "/quit":
                return QUIT
            if text in ("", "/skip"):
                return SKIP
            if text == "/hint":
                console.print(render_hint(variant.question, hints[0], self.lang))
                hints[0] += 1
                continue
            return text

    def ask(self, variant: Variant) -> tuple[Grade, str] | object:
        from dlquiz.bank.grade import grade

        q = variant.question
        hints = [0]
        if q.type in ("symbols", "diagram"):
            answers = []
            for part in q.parts:
                got = self.line(variant, f"{part.text.get(self.lang)} >", hints)
                if not isinstance(got, str):
                    return got
                answers.append(got)
            return grade(variant, answers), " | ".join(answers)
        if self.steps and q.type == "numeric" and q.steps:
            return self.ask_steps(variant, None)
        while True:
            got = self.line(variant, ">", hints)
            if not isinstance(got, str):
                return got
            if got == "/steps":
                if q.type == "numeric" and q.steps:
                    return self.ask_steps(variant, None)
                console.print("This question has no steps to work one by one.", style="dim")
                continue
            try:
                if q.type == "explain":
                    return self.self_assess(variant, got), got
                return grade(variant, [got]), got
            except InputError as exc:
                console.print(f"can't read that: {exc}", style="yellow", markup=False)

    def self_assess(self, variant: Variant, answer: str) -> Grade:
        """Show which key points the answer mentions, then let the student score themselves."""
        from dlquiz.bank.grade import grade_explain, rubric_hits
        from dlquiz.render.question import render_rubric

        q = variant.question
        hits = rubric_hits(q, answer)
        console.print(render_rubric(q, hits, self.lang))
        n, mark = len(q.rubric), sum(hits)
        got = self.reader.ask(f"How many of the {n} key points did you cover? [Enter: {mark}] >")
        if got:
            try:
                mark = max(0, min(n, int(got)))
            except ValueError:
                console.print(f"kept {mark}: answer with a whole number 0–{n}", style="yellow")
        return grade_explain(q, answer, self_score=mark / n)

    def ask_steps(self, variant: Variant, first: str | None) -> tuple[Grade, str] | object:
        """Ask each intermediate in turn and point at the first one that went wrong."""
        from dlquiz.bank.grade import steps_grade
        from dlquiz.bank.variant import label

        q = variant.question
        hints = [0]
        answers: list[str] = []
        for i, path in enumerate(q.steps):
            while True:
                got = (
                    first
                    if i == 0 and first is not None
                    else self.line(variant, f"{label(path)} =", hints)
                )
                first = None
                if got is QUIT:
                    return QUIT
                text = "" if got is SKIP else str(got)
                try:
                    ok, expected = steps_grade(variant, path, text)
                    break
                except InputError as exc:
                    console.print(f"can't read that: {exc}", style="yellow", markup=False)
            answers.append(text)
            mark = "[green]✓[/]" if ok else "[red]✗[/]"
            console.print(f"{mark} {label(path)} = {expected}", highlight=False)
        from dlquiz.bank.grade import grade_steps

        return grade_steps(variant, answers), " | ".join(answers)
