"""`dlquiz stats`: accuracy, trend and mistakes per topic, reviews due, and the exam risk."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dlquiz.cli._core import Lang, console


def stats(
    json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    exam_date: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Remember the exam date (2026-12-15; 'none' clears it)."),
    ] = None,
    bank: Annotated[
        list[Path] | None, typer.Option(help="Extra question files or folders (repeatable).")
    ] = None,
    lang: Lang = "both",
) -> None:
    """Per topic: answers, accuracy, trend, frequent mistakes, reviews due today and this week.

    With an exam date (set once, remembered): the topics whose predicted recall on that day is
    below 90%.
    """
    from dlquiz import progress, schedule
    from dlquiz.cli._session import check_exam_date, load_questions, open_history
    from dlquiz.cli._session import exam_date as remembered
    from dlquiz.topics import ids

    check_exam_date(exam_date)  # a bad or past date stops here, before anything is stored
    history = open_history(lang)
    questions = load_questions(bank, None)
    exam = remembered(history, exam_date, lang)
    data = progress.progress(
        history.attempts(),
        history.cards(),
        now=schedule.utcnow(),
        exam=exam,
        bank={q.id: q.topic for q in questions} if exam is not None else None,
        topics=ids(),
        labels=progress.mistake_labels(questions),
    )
    history.close()
    if json:
        import json as jsonlib

        sys.stdout.write(jsonlib.dumps(data, ensure_ascii=False) + "\n")
        return
    from dlquiz.render.stats import render_stats

    console.print(render_stats(data, lang))
