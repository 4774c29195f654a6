"""A timed mock exam: the exam's questions and weights, a countdown, review, a score report.

Answers are typed at the prompt or piped, one line per prompt; an empty line skips. Nothing is
graded for the student until they submit: after the last question a review table lists every
answer, `/go N` re-answers question N and `/submit` (or end of input) hands the exam in. When
time is up the exam is submitted with the remaining questions unanswered. Ctrl-C in a terminal
pauses to ask whether to submit or leave; from a pipe, end of input submits.

The clock is `NOW` (a `now()` callable, seconds): tests replace it, or pass `now` to
`ExamSession`, to run the countdown without sleeping.
"""

from __future__ import annotations

import contextlib
import json
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol

import typer
from rich.markup import escape

from dlquiz.cli._ask import Answers, ask_self_mark
from dlquiz.cli._core import console, err_console
from dlquiz.errors import InputError, utf8

if TYPE_CHECKING:
    from dlquiz.exam import ExamSpec, Item, Report, Response
    from dlquiz.history import History

NOW: Callable[[], float] = time.monotonic
REPORT_SUFFIXES = (".md", ".json")


class Reader(Protocol):
    tty: bool

    def ask(self, prompt: str) -> str | None: ...


class ExamAnswers(Answers):
    """`Answers`, except that Ctrl-C in a terminal reaches the exam (to ask submit or leave)."""

    def ask(self, prompt: str) -> str | None:
        if not self.tty:
            return super().ask(prompt)
        try:
            return (utf8(console.input(f"[bold cyan]{escape(prompt)}[/] ")) or "").strip()
        except EOFError:
            console.print()
            return None


class _Submit(Exception):
    """Hand the exam in now (/submit, end of input, or chosen after Ctrl-C)."""


class _TimeUp(Exception):
    """The countdown reached zero."""


class _Leave(Exception):
    """Leave without submitting: nothing is saved."""


class _Jump(Exception):
    """Go to the review (ref None) or straight to question `ref`."""

    def __init__(self, ref: str | None) -> None:
        super().__init__(ref)
        self.ref = ref


def exam(
    name: Annotated[
        str, typer.Argument(metavar="EXAM", help="Which exam (known: final-2023).")
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
    lang: Annotated[str, typer.Option(help="Prompt language: en, zh or both.")] = "both",
) -> None:
    """Sit a timed mock exam (final-2023: Q1–Q6, 100 points) and get a score report.

    Each line answers the next prompt; an empty line skips. After the last question, review
    your answers: /go N re-answers question N, /submit hands in.
    """
    from dlquiz.bank.model import LANGS
    from dlquiz.cli.practice import load_questions, open_history
    from dlquiz.exam import build_exam, get_spec
    from dlquiz.render.exam import render_report

    if lang not in LANGS:
        raise InputError(f"--lang must be en, zh or both, not '{lang}'")
    spec = get_spec(name)
    if minutes is not None and not minutes > 0:
        raise InputError(f"--minutes must be more than 0, not {minutes:g}")
    if report is not None:
        check_report_path(report)
    items = build_exam(spec, load_questions(None, None), variant)
    session = ExamSession(
        spec, items, lang=lang, minutes=minutes or spec.minutes, variant=variant,
        reader=ExamAnswers(), now=NOW,
    )  # fmt: skip
    result = session.run()
    if result is None:
        err_console.print("left the exam: nothing was saved")
        raise typer.Exit(1)
    history = open_history()
    save(history, result, session)
    history.close()
    console.print(render_report(result, lang))
    if report is not None:
        write_report(result, report)
        console.print(f"report written to {report}", markup=False, highlight=False)


def check_report_path(path: Path) -> None:
    """Refuse a report path before the exam starts rather than after it ends."""
    if path.suffix.lower() not in REPORT_SUFFIXES:
        raise InputError(f"--report must end in .md or .json, not '{path.name}'")
    if path.is_dir():
        raise InputError(f"--report {path} is a folder; give a file name ending in .md or .json")
    if not path.parent.is_dir():
        raise InputError(f"--report {path}: the folder {path.parent} does not exist")


def write_report(report: Report, path: Path) -> None:
    if path.suffix.lower() == ".json":
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = report.to_markdown()
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

    from dlquiz.history import Attempt

    for row in report.rows:
        if row.response is None:
            continue
        q, g = row.item.question, row.response.grade
        try:
            history.record(
                Attempt(q.id, q.topic, row.item.variant.seed, row.answer, g.score, g.correct,
                        g.mistake, None if g.diagnosis is None else g.diagnosis.en,
                        session.spent.get(row.item.number), mode="exam", session=session.id)
            )  # fmt: skip
        except sqlite3.Error as exc:
            err_console.print(
                f"warning: the exam could not be saved to {history.path}: {exc}", markup=False
            )
            return


class ExamSession:
    """One sitting of an exam: asks, keeps answers, runs the clock, returns the report."""

    def __init__(
        self,
        spec: ExamSpec,
        items: list[Item],
        *,
        lang: str,
        minutes: float,
        variant: int,
        reader: Reader,
        now: Callable[[], float],
    ) -> None:
        self.spec = spec
        self.items = items
        self.lang = lang
        self.minutes = minutes
        self.variant = variant
        self.reader = reader
        self.now = now
        self.deadline = now() + minutes * 60
        self.responses: dict[int, Response] = {}
        self.spent: dict[int, float] = {}
        self.id = uuid.uuid4().hex[:12]
        # A real terminal on the real clock is interrupted at the deadline, not just checked.
        self.alarm = (
            reader.tty
            and now is time.monotonic
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )

    def left(self) -> float:
        return self.deadline - self.now()

    def run(self) -> Report | None:
        """Sit the exam; the report, or None when the student chose to leave."""
        from dlquiz.exam import make_report
        from dlquiz.render.exam import render_intro

        console.print(render_intro(self.spec, self.items, self.minutes, self.variant))
        time_up = False
        try:
            target: str | None = None
            try:
                for item in self.items:
                    self.ask_item(item)
            except _Jump as jump:
                target = jump.ref
            self.review(target)
        except _Submit:
            console.print("\nexam submitted.", style="bold")
        except _TimeUp:
            time_up = True
            console.print(
                "\ntime is up: the exam was submitted; unanswered questions score 0.",
                style="bold red",
            )
        except _Leave:
            return None
        return make_report(self.spec, self.variant, self.items, self.responses, time_up)

    # ---------------------------------------------------------------- reading lines

    @contextlib.contextmanager
    def _deadline_alarm(self) -> Iterator[None]:
        if not self.alarm:
            yield
            return

        def fire(signum: int, frame: object) -> None:
            raise _TimeUp

        old = signal.signal(signal.SIGALRM, fire)
        signal.setitimer(signal.ITIMER_REAL, max(self.left(), 0.001))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)

    def read(self, prompt: str) -> str:
        """One line; raises _Submit at end of input, _TimeUp once the time is over."""
        while True:
            if self.left() <= 0:
                raise _TimeUp
            try:
                with self._deadline_alarm():
                    text = self.reader.ask(prompt)
            except KeyboardInterrupt:
                self._fresh_line()
                self.pause()
                continue
            if text is None:
                raise _Submit
            if self.left() <= 0:
                console.print("(that answer came after the time was up; it is not counted)")
                raise _TimeUp
            return text

    def _fresh_line(self) -> None:
        """After Ctrl-C, readline has redrawn the prompt: clear that line in a terminal."""
        if self.reader.tty and console.is_terminal:
            console.file.write("\r\x1b[2K")
            console.file.flush()
        else:
            console.print()

    def pause(self) -> None:
        """After Ctrl-C: submit, leave, or go back. Returns only to go back."""
        from dlquiz.render.exam import clock

        console.print(
            f"paused · the clock keeps running ({clock(self.left())} left)", style="bold yellow"
        )
        try:
            with self._deadline_alarm():
                got = self.reader.ask("s = submit now, l = leave without saving, Enter = go back >")
        except KeyboardInterrupt:
            self._fresh_line()
            raise _Leave from None
        if got is None:
            raise _Submit
        choice = got.lower().lstrip("/")
        if choice in ("s", "submit"):
            raise _Submit
        if choice in ("l", "leave", "q", "quit"):
            raise _Leave
        console.print("back to the exam", style="dim")

    def answer_line(self, prompt: str) -> str | None:
        """An answer, or None to skip; exam commands are handled here."""
        while True:
            text = self.read(prompt)
            if text in ("", "/skip"):
                return None
            if text == "/submit":
                raise _Submit
            if text == "/review":
                raise _Jump(None)
            if text.startswith("/go"):
                raise _Jump(text[3:].strip() or None)
            if text.startswith("/"):
                console.print(
                    "commands: Enter (skip), /go N, /review, /submit", style="yellow", markup=False
                )
                continue
            return text

    # ---------------------------------------------------------------- questions

    def ask_item(self, item: Item) -> None:
        from dlquiz.render.exam import render_question

        before = self.responses.get(item.number)
        current = None if before is None else before.text(item)
        console.print(render_question(item, self.lang, len(self.items), self.left(), current))
        started = self.now()
        try:
            kind = item.question.type
            if kind in ("symbols", "diagram"):
                self._parts(item)
            elif kind == "explain":
                self._explain(item)
            else:
                self._single(item)
        finally:
            self.spent[item.number] = self.spent.get(item.number, 0.0) + self.now() - started

    def _keep(
        self, item: Item, lines: list[str], self_mark: int | None = None, quiet: bool = False
    ) -> None:
        from dlquiz.exam import Response, score_answer
        from dlquiz.render.exam import clock

        grade = score_answer(item, lines, self_mark)
        self.responses[item.number] = Response(tuple(lines), grade)
        if not quiet:
            console.print(f"answer saved · {clock(self.left())} left", style="dim")

    def _single(self, item: Item) -> None:
        from dlquiz.exam import score_answer

        while True:
            text = self.answer_line(">")
            if text is None:
                return
            try:
                score_answer(item, [text])
            except InputError as exc:
                console.print(f"can't read that: {exc}", style="yellow", markup=False)
                continue
            self._keep(item, [text])
            return

    def _parts(self, item: Item) -> None:
        """One line per part; an empty first line skips, an empty later line leaves it blank."""
        parts = item.question.parts
        lines: list[str] = []
        try:
            for k, part in enumerate(parts):
                label = part.text.get(self.lang).replace("\n", " / ")
                text = self.answer_line(f"{label} >")
                if text is None:
                    if k == 0:
                        return
                    text = ""
                lines.append(text)
        except (_Submit, _TimeUp):
            # The exam ends mid-question: the parts written so far count (unless this was
            # a revisit, where the earlier full answer stands).
            if lines and item.number not in self.responses:
                self._keep(item, lines + [""] * (len(parts) - len(lines)), quiet=True)
            raise
        self._keep(item, lines)

    def _explain(self, item: Item) -> None:
        """The explanation, the key points it mentions, then the student's own count."""
        from dlquiz.bank.grade import rubric_hits
        from dlquiz.render.question import render_rubric

        q = item.question
        text = self.answer_line(">")
        if text is None:
            return
        hits = rubric_hits(q, text)
        # Kept with the automatic count until the student gives their own.
        self._keep(item, [text], quiet=True)
        console.print(render_rubric(q, hits, self.lang))
        own = ask_self_mark(self.answer_line, len(q.rubric), sum(hits))
        self._keep(item, [text], own)

    # ---------------------------------------------------------------- review

    def review(self, target: str | None) -> None:
        """The review table until /submit; `target` is a question to re-answer first."""
        from dlquiz.exam import find_item
        from dlquiz.render.exam import render_review

        show = True
        while True:
            if target is not None:
                try:
                    item = find_item(self.items, target)
                except InputError as exc:
                    console.print(str(exc), style="yellow", markup=False)
                else:
                    try:
                        self.ask_item(item)
                    except _Jump as jump:
                        target = jump.ref
                        show = target is None
                        continue
                target, show = None, True
            if show:
                answers = [
                    None if (r := self.responses.get(i.number)) is None else r.text(i)
                    for i in self.items
                ]
                console.print(render_review(self.items, answers, self.left()))
            show = False
            text = self.read("review >")
            if text == "/submit":
                raise _Submit
            if text.startswith("/go"):
                target = text[3:].strip() or None
                if target is None:
                    console.print("which question? e.g. /go 4 or /go 1b", style="yellow")
            elif text == "/review":
                show = True
            elif text:
                console.print("type /go N to change an answer, or /submit", style="yellow")
