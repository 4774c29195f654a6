"""Sit a timed mock exam and get a score report.

The sitting itself is `dlquiz.drill.exam.ExamSession`; this command parses the flags, builds
the exam, runs it on the terminal, stores the answers and prints (and writes) the report.
`NOW` is the session's clock: tests replace it to run the countdown without sleeping.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dlquiz.cli import _complete as complete
from dlquiz.cli._core import Lang, console, err_console
from dlquiz.cli._session import check_lang, load_questions, open_history
from dlquiz.errors import InputError

if TYPE_CHECKING:
    from dlquiz.drill.exam import ExamSession
    from dlquiz.drill.sitting import Report
    from dlquiz.history import History

NOW: Callable[[], float] = time.monotonic
REPORT_SUFFIXES = (".md", ".json")


def exam(
    name: Annotated[
        str,
        typer.Argument(
            metavar="EXAM", help="Which exam (known: final-2023).", autocompletion=complete.exams
        ),
    ] = "final-2023",
    variant: Annotated[
        int,
        typer.Option(min=0, help="Draw fresh numbers with this seed (0: the exam's own numbers)."),
    ] = 0,
    minutes: Annotated[
        float | None, typer.Option(help="Time limit in minutes (default: the exam's own, 120).")
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Also write the score report to FILE.md or FILE.json."),
    ] = None,
    lang: Lang = "both",
) -> None:
    """Sit a timed mock exam (final-2023: Q1–Q6, 100 points) and get a score report.

    Each line answers the next prompt; an empty line skips. After the last question, review
    your answers: /go N re-answers question N, /submit hands in.
    """
    from dlquiz.cli._ui import TerminalUI
    from dlquiz.drill.exam import ExamSession
    from dlquiz.drill.exams import get_spec
    from dlquiz.drill.sitting import build_exam
    from dlquiz.messages import say

    check_lang(lang)
    spec = get_spec(name)
    if minutes is not None and not minutes > 0:
        raise InputError(f"--minutes must be more than 0, not {minutes:g}")
    if report is not None:
        check_report_path(report)
    items = build_exam(spec, load_questions(None, None), variant)
    ui = TerminalUI(lang, exam=True, variant=variant)
    session = ExamSession(spec, items, ui, minutes=minutes or spec.minutes, variant=variant,
                          now=NOW)  # fmt: skip
    from dlquiz.render.lang import drawn_in

    with drawn_in(lang):
        result = session.run()
    if result is None:
        err_console.print(say("exam.left", lang), markup=False)
        raise typer.Exit(1)
    history = open_history()
    save(history, result, session)
    history.close()
    ui.show_report(result)
    if report is not None:
        write_report(result, report, lang)
        console.print(say("exam.report_written", lang, path=report), markup=False, highlight=False)


def check_report_path(path: Path) -> None:
    """Refuse a report path before the exam starts rather than after it ends."""
    if path.suffix.lower() not in REPORT_SUFFIXES:
        raise InputError(f"--report must end in .md or .json, not '{path.name}'")
    if path.is_dir():
        raise InputError(f"--report {path} is a folder; give a file name ending in .md or .json")
    if not path.parent.is_dir():
        raise InputError(f"--report {path}: the folder {path.parent} does not exist")


def write_report(report: Report, path: Path, lang: str) -> None:
    if path.suffix.lower() == ".json":
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = report.to_markdown("en" if lang == "both" else lang)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write --report {path}: {exc.strerror or exc}") from None


def save(history: History, report: Report, session: ExamSession) -> None:
    """One attempt per answered question, mode "exam", all in one session.

    The review schedule is not touched. If the database fails midway, the report is still
    shown and written: a warning says what was not saved.
    """
    import sqlite3

    from dlquiz.drill.record import attempt

    for row in report.rows:
        if row.response is None:
            continue
        item = row.item
        spent = session.spent.get(item.number)
        try:
            history.record(attempt(item.variant, row.response.grade, row.answer, spent,
                                   mode="exam", session=session.id))  # fmt: skip
        except sqlite3.Error as exc:
            err_console.print(
                f"warning: the exam could not be saved to {history.path}: {exc}", markup=False
            )
            return
