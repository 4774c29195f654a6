"""Drill every exam question type with fresh numbers; every wrong answer is explained.

Answers are typed at the prompt (or piped, one line each; an empty line skips). During a
question: /hint shows a hint, /steps works a computed question one step at a time, /skip
moves on, /quit ends with the summary. Every graded answer is saved at once, with the
question's spaced-repetition card in the same transaction (`dlquiz.schedule` says what is
served in which order: due cards, then weak topics, then new questions).
"""

from __future__ import annotations

import random
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dlquiz.cli._ask import Answers, ask_self_mark
from dlquiz.cli._core import console, err_console, fail
from dlquiz.errors import InputError

if TYPE_CHECKING:
    from datetime import date

    from dlquiz.bank.grade import Grade
    from dlquiz.bank.model import Question
    from dlquiz.bank.variant import Variant
    from dlquiz.history import History
    from dlquiz.schedule import Known

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
    seed: Annotated[
        int | None, typer.Option(help="Same seed (and history), same questions and numbers.")
    ] = None,
    bank: Annotated[
        list[Path] | None, typer.Option(help="Extra question files or folders (repeatable).")
    ] = None,
    lang: Annotated[str, typer.Option(help="Prompt language: en, zh or both.")] = "both",
    steps: Annotated[
        bool, typer.Option("--steps", help="Ask computed questions one intermediate at a time.")
    ] = False,
    due: Annotated[bool, typer.Option("--due", help="Only questions due for review.")] = False,
    new: Annotated[bool, typer.Option("--new", help="Only questions never answered.")] = False,
    cram: Annotated[
        bool,
        typer.Option(
            "--cram",
            help="Drill the weakest questions (lowest predicted recall at the exam, then "
            "accuracy) without changing the review schedule.",
        ),
    ] = False,
    exam_date: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Remember the exam date (2026-12-15; 'none' clears it)."),
    ] = None,
    ids: Annotated[
        list[str] | None,
        typer.Option(
            "--id", metavar="ID", help="Just these questions, in this order (repeatable)."
        ),
    ] = None,
) -> None:
    """Drill the exam's questions with fresh numbers; wrong answers are diagnosed.

    By default due reviews come first, then weak topics, then questions never seen.
    """
    from dlquiz import schedule
    from dlquiz.bank.model import LANGS

    if lang not in LANGS:
        raise InputError(f"--lang must be en, zh or both, not '{lang}'")
    picked = [name for name, on in (("--due", due), ("--new", new), ("--cram", cram)) if on]
    if len(picked) > 1:
        raise InputError(f"{' and '.join(picked)} cannot be combined: choose one")
    mode: schedule.Mode = "due" if due else "new" if new else "cram" if cram else "mix"
    exam_changed = exam_date is not None
    exam = schedule.parse_exam_date(exam_date) if exam_date is not None else None
    questions = load_questions(bank, topic)
    history = open_history()
    if exam_changed:
        set_exam_date(history, exam)
    else:
        exam = stored_exam_date(history)
    rng = random.Random(seed)
    if ids:
        mode_name = "cram" if cram else "practice"
        Session(history, lang, steps, rng, mode=mode_name, schedule=not cram).run(
            pick(questions, ids)
        )
        return
    now = schedule.utcnow()
    known, topic_accuracy = schedule.knowledge(history.attempts(), history.cards())
    chosen = schedule.plan(
        questions,
        known,
        topic_accuracy,
        now=now,
        rng=rng,
        mode=mode,
        count=count,
        target=None if exam is None else schedule.exam_moment(exam),
    )
    if not chosen:
        console.print(nothing_to_do(mode, questions, known, topic), markup=False)
        return
    if cram:
        console.print(
            "cram: answers are recorded; the review schedule is not changed.\n", style="dim"
        )
    mode_name = "cram" if cram else "practice"
    Session(history, lang, steps, rng, mode=mode_name, schedule=not cram).run(chosen)


def pick(questions: list[Question], ids: list[str]) -> list[Question]:
    """The questions with these ids, in this order; an unknown id names the nearest one."""
    from difflib import get_close_matches

    by_id = {q.id: q for q in questions}
    for qid in ids:
        if qid not in by_id:
            near = get_close_matches(qid, list(by_id), n=1)
            hint = f"; did you mean '{near[0]}'?" if near else "; see: dlquiz questions list"
            raise InputError(f"no question with id '{qid}'{hint}")
    return [by_id[qid] for qid in ids]


def open_history() -> History:
    """The history database; a broken file is moved aside with a warning on stderr."""
    from dlquiz.history import History, HistoryError

    try:
        return History(warn=lambda m: err_console.print(f"warning: {m}", markup=False))
    except HistoryError as exc:
        err_console.print(f"error: {exc}", markup=False)
        raise SystemExit(1) from None


def set_exam_date(history: History, exam: date | None) -> None:
    from dlquiz.schedule import EXAM_SETTING

    history.set_setting(EXAM_SETTING, None if exam is None else exam.isoformat())
    text = "exam date cleared" if exam is None else f"exam date set: {exam.isoformat()}"
    err_console.print(text, markup=False)


def stored_exam_date(history: History) -> date | None:
    from datetime import date

    from dlquiz.schedule import EXAM_SETTING

    value = history.setting(EXAM_SETTING)
    try:
        return None if value is None else date.fromisoformat(value)
    except ValueError:
        return None


def nothing_to_do(
    mode: str, questions: list[Question], known: dict[str, Known], topic: str | None
) -> str:
    where = f" in {topic}" if topic else ""
    if not questions:
        return f"There are no questions{where}."
    if mode == "new":
        return f"You have answered every question{where} at least once: try --due or --cram."
    upcoming = [k.card.due for q in questions if (k := known.get(q.id)) and k.card is not None]
    if not upcoming:
        return f"Nothing is due for review{where}: try --new."
    from datetime import datetime

    when = datetime.fromtimestamp(min(upcoming)).strftime("%Y-%m-%d %H:%M")
    return f"Nothing is due for review{where}; the next review is due {when}."


class Session:
    """One drill: asks, grades, saves each answer at once (with its card unless `schedule`
    is off, as in cram), and prints the summary."""

    def __init__(
        self,
        history: History,
        lang: str,
        steps: bool,
        rng: random.Random,
        *,
        mode: str = "practice",
        schedule: bool = True,
    ) -> None:
        self.history = history
        self.mode = mode
        self.schedule = schedule
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
        """Commit the attempt (and, when scheduling, the card it reviews) before going on."""
        import sqlite3

        from dlquiz import schedule
        from dlquiz.history import Attempt, CardRow

        q = variant.question
        at = schedule.utcnow().timestamp()

        def review(card: CardRow | None) -> CardRow:
            return schedule.review(card, q.id, q.topic, grade.score, at)

        try:
            self.history.record(
                Attempt(q.id, q.topic, variant.seed, answer, grade.score, grade.correct,
                        grade.mistake, None if grade.diagnosis is None else grade.diagnosis.en,
                        seconds, mode=self.mode, session=self.id),
                review if self.schedule else None,
                at=at,
            )  # fmt: skip
        except sqlite3.Error as exc:
            err_console.print(
                f"error: the answer could not be saved to {self.history.path}: {exc}",
                markup=False,
            )
            raise SystemExit(1) from None
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
        from dlquiz.latex import prose

        q = variant.question
        hints = [0]
        if q.type in ("symbols", "diagram"):
            answers = []
            for part in q.parts:
                got = self.line(variant, f"{prose(part.text.get(self.lang))} >", hints)
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
        n = len(q.rubric)
        mark = ask_self_mark(self.reader.ask, n, sum(hits))
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
