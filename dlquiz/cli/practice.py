"""Drill every exam question type with fresh numbers; every wrong answer is explained.

Answers are typed at the prompt (or piped, one line each; an empty line skips). During a
question: /hint shows a hint, /steps works a computed question one step at a time, /skip
moves on, /quit ends with the summary. Every graded answer is saved at once.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Annotated

import typer

from dlquiz.cli import _complete as complete
from dlquiz.cli._core import Lang, console, err_console
from dlquiz.cli._session import (
    check_exam_date,
    check_lang,
    exam_date,
    load_questions,
    open_history,
)
from dlquiz.errors import Words, input_error


def practice(
    topic: Annotated[
        str | None,
        typer.Option(help="Only this topic (lstm, rnn, kl, …).", autocompletion=complete.topics),
    ] = None,
    count: Annotated[int, typer.Option(min=1, max=500, help="How many questions.")] = 10,
    seed: Annotated[
        int | None, typer.Option(help="Same seed (and history), same questions and numbers.")
    ] = None,
    bank: Annotated[
        list[Path] | None, typer.Option(help="Extra question files or folders (repeatable).")
    ] = None,
    lang: Lang = "both",
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
    exam_day: Annotated[
        str | None,
        typer.Option(
            "--exam-date",
            metavar="DATE",
            help="Remember the exam date (2026-12-15; 'none' clears it).",
        ),
    ] = None,
    ids: Annotated[
        list[str] | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="Just these questions, in this order (repeatable).",
            autocompletion=complete.question_ids,
        ),
    ] = None,
) -> None:
    """Drill the exam's questions with fresh numbers; wrong answers are diagnosed.

    By default due reviews come first, then weak topics, then questions never seen.
    """
    from dlquiz import schedule
    from dlquiz.cli._ui import TerminalUI
    from dlquiz.drill.practice import PracticeSession, SaveError
    from dlquiz.drill.select import by_ids, nothing_to_do
    from dlquiz.messages import msg, say

    check_lang(lang)
    picked = [name for name, on in (("--due", due), ("--new", new), ("--cram", cram)) if on]
    if len(picked) > 1:
        first: object = picked[0]  # "--due and --new and --cram", as each language lists them
        for then in picked[1:-1]:
            first = Words("command_input.options_list", {"first": first, "then": then})
        options = Words("command_input.options_and", {"first": first, "then": picked[-1]})
        raise input_error("command_input.options_combined", options=options)
    check_exam_date(exam_day)  # a bad or past date stops here, before anything is stored
    mode: schedule.Mode = "due" if due else "new" if new else "cram" if cram else "mix"
    questions = load_questions(bank, topic)
    history = open_history(lang)
    exam = exam_date(history, exam_day, lang)
    rng = random.Random(seed)
    ui = TerminalUI(lang)
    session = PracticeSession(
        ui, history, rng, steps=steps, mode="cram" if cram else "practice", schedule=not cram
    )
    if ids:
        chosen = by_ids(questions, ids)
    else:
        known, topic_accuracy = schedule.knowledge(history.attempts(), history.cards())
        target = None if exam is None else schedule.exam_moment(exam)
        chosen = schedule.plan(questions, known, topic_accuracy, now=schedule.utcnow(), rng=rng,
                               mode=mode, count=count, target=target)  # fmt: skip
        if not chosen:
            key, fields = nothing_to_do(mode, questions, known, topic)
            where = msg("practice.in_topic", topic=topic) if topic else ""
            console.print(say(key, lang, where=where, **fields), markup=False)
            return
        if cram:
            ui.tell("practice.cram_note", "dim")
            console.print()
    from dlquiz.render.lang import drawn_in

    try:
        with drawn_in(lang):
            session.run(chosen)
    except SaveError as exc:
        err_console.print(f"error: {exc}", markup=False)
        raise SystemExit(1) from None
