"""Sit a timed mock exam and get a score report.

The sitting itself is `dlquiz.drill.exam.ExamSession`; this command parses the flags, builds
the exam, runs it on the terminal, stores the answers and prints (and writes) the report.
`NOW` is the session's clock: tests replace it to run the countdown without sleeping.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dlquiz.cli import _complete as complete
from dlquiz.cli._core import Lang, console, err_console
from dlquiz.cli._session import check_lang
from dlquiz.errors import input_error

if TYPE_CHECKING:
    from dlquiz.drill.sitting import Report

NOW: Callable[[], float] = time.monotonic
REPORT_SUFFIXES = (".md", ".json")
MAX_VARIANT = 2**31 - 1
MAX_MINUTES = 24 * 60


def exam(
    name: Annotated[
        str,
        typer.Argument(
            metavar="EXAM", help="Which exam (known: final-2023).", autocompletion=complete.exams
        ),
    ] = "final-2023",
    variant: Annotated[
        int,
        typer.Option(
            min=0,
            max=MAX_VARIANT,
            help="Draw fresh numbers with this seed (0: the exam's own numbers).",
        ),
    ] = 0,
    minutes: Annotated[
        float | None, typer.Option(help="Time limit in minutes (default: the exam's own, 120).")
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Also write the score report to FILE.md or FILE.json."),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Go on with the last unfinished exam, with its clock."),
    ] = False,
    lang: Lang = "both",
) -> None:
    """Sit a timed mock exam (final-2023: Q1–Q6, 100 points) and get a score report.

    Each line answers the next prompt; an empty line skips. After the last question, review
    your answers: /go N re-answers question N, /submit hands in. Every answer is kept as it
    is entered: an exam that was closed or killed goes on with --resume.
    """
    from dlquiz.cli._exam_start import fresh, open_history_or_none, resumed
    from dlquiz.cli._ui import TerminalUI
    from dlquiz.drill.exam import ExamSession
    from dlquiz.messages import say
    from dlquiz.render.lang import drawn_in

    check_lang(lang)
    if minutes is not None and not 0 < minutes <= MAX_MINUTES:
        raise input_error("command_input.exam_minutes", most=MAX_MINUTES, value=f"{minutes:g}")
    if report is not None:
        check_report_path(report)
    history = open_history_or_none(lang)
    plan = resumed(history, lang) if resume else fresh(history, name, variant, minutes, lang)
    ui = TerminalUI(lang, exam=True, variant=plan.sitting.variant)
    session = ExamSession(
        plan.spec, plan.items, ui, minutes=plan.sitting.minutes, variant=plan.sitting.variant,
        now=NOW, log=plan.log, sitting=plan.sitting.id, used=plan.sitting.used,
        restored=plan.restored.responses, spent=plan.restored.spent,
        start_at=plan.sitting.next_item,
    )  # fmt: skip
    with drawn_in(lang):
        result = session.run()
    if result is None:
        kept = len(session.responses)
        key = "exam.stopped" if session.hangup is not None else "exam.left"
        with contextlib.suppress(OSError):  # the terminal may be gone
            err_console.print(say(key, lang, count=kept), markup=False)
        raise typer.Exit(1 if session.hangup is None else 128 + session.hangup)
    if history is not None:
        history.close()
    if not session.stored and history is not None:
        err_console.print(say("exam.not_stored", lang), markup=False)
    ui.show_report(result)
    if report is not None:
        write_report(result, report, lang)
        console.print(say("exam.report_written", lang, path=report), markup=False, highlight=False)


def check_report_path(path: Path) -> None:
    """Refuse a report path before the exam starts rather than after it ends."""
    if path.suffix.lower() not in REPORT_SUFFIXES:
        raise input_error("command_input.report_suffix", name=path.name)
    if path.is_dir():
        raise input_error("command_input.report_folder", path=path)
    if not path.parent.is_dir():
        raise input_error("command_input.report_no_folder", path=path, folder=path.parent)


def write_report(report: Report, path: Path, lang: str) -> None:
    if path.suffix.lower() == ".json":
        text = json.dumps(report.to_json(lang), ensure_ascii=False, indent=2) + "\n"
    else:
        text = report.to_markdown(lang)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        why = exc.strerror or exc
        raise input_error("command_input.report_write", path=path, why=why) from None
