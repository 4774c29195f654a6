"""What the drill commands share: the bank, the history, the exam date, the terminal UI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlquiz.cli._core import err_console, fail, say_error
from dlquiz.errors import InputError

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from dlquiz.bank.model import Question
    from dlquiz.history import History


def load_questions(bank: list[Path] | None, topic: str | None) -> list[Question]:
    """The bundled bank plus `--bank` files, only `topic` if given; a broken bank is one line."""
    from dlquiz.bank.load import BankError, load_bank

    try:
        questions = load_bank(bank or [])
    except BankError as exc:
        more = len(exc.problems) - 1
        extra = f" (and {more} more; run: dlquiz questions validate)" if more else ""
        fail(f"{exc.problems[0]}{extra}")
    if topic is not None:
        from dlquiz.topics import resolve

        wanted = resolve(topic)
        questions = [q for q in questions if q.topic == wanted]
    return questions


def open_history(lang: str) -> History:
    """The history database; a broken file is moved aside with a warning on stderr. One that
    cannot be written (a read-only folder, DLQUIZ_HOME a file) is read into memory with one
    warning: the command goes on, and says that nothing it does now is stored."""
    from dlquiz.history import History, HistoryError
    from dlquiz.messages import say

    try:
        return History(warn=lambda m: err_console.print(f"warning: {m}", markup=False))
    except HistoryError as exc:
        problem = exc
    try:
        copy = History.in_memory_copy()
    except HistoryError as exc:  # from a newer dlquiz: not to be shown as empty
        say_error(str(exc))
        raise SystemExit(1) from None
    err_console.print(say("history.not_writable", lang, why=problem), markup=False)
    return copy


def exam_date(history: History, given: str | None, lang: str) -> date | None:
    """The exam date: `given` (stored, and said so on stderr) or the one stored before."""
    from dlquiz.drill.select import stored_exam_date
    from dlquiz.messages import say
    from dlquiz.schedule import EXAM_SETTING, parse_exam_date

    if given is None:
        return stored_exam_date(history.setting(EXAM_SETTING))
    day = parse_exam_date(given, today())
    history.set_setting(EXAM_SETTING, None if day is None else day.isoformat())
    if day is None:
        err_console.print(say("practice.exam_date_cleared", lang), markup=False)
    else:
        err_console.print(say("practice.exam_date_set", lang, date=day.isoformat()), markup=False)
    return day


def today() -> date:
    """The local date now, by the schedule's clock (which tests replace)."""
    from dlquiz.schedule import local_today, utcnow

    return local_today(utcnow())


def check_exam_date(given: str | None) -> None:
    """Stop on a bad or past `--exam-date` before anything is stored."""
    from dlquiz.errors import input_error
    from dlquiz.safe_text import visible
    from dlquiz.schedule import MAX_YEARS_AHEAD, parse_exam_date

    if given is None:
        return
    try:
        day = parse_exam_date(given)  # the form only: the day is checked here
    except InputError:
        raise input_error("errors.exam_date_format", text=visible(given)) from None
    if day is None:
        return
    now = today()
    if day < now:
        raise input_error("schedule.exam_date_past", date=day, today=now)
    if day.year > now.year + MAX_YEARS_AHEAD:
        raise input_error("schedule.exam_date_far", date=day, years=MAX_YEARS_AHEAD)


def check_lang(lang: str) -> str:
    from dlquiz.text import LANGS

    if lang not in LANGS:
        from dlquiz.errors import input_error
        from dlquiz.safe_text import visible

        raise input_error("errors.lang", lang=visible(lang))
    return lang
