"""Mock exam views: the rules, a question with the time left, the review table, the report.

Rendering only: each function returns a Rich renderable. A question's body is the practice
prompt (`render_prompt`), retitled with the exam's numbering and the countdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlquiz.messages import say
from dlquiz.numfmt import clock, points
from dlquiz.text import single

if TYPE_CHECKING:
    from dlquiz.drill.exams import ExamSpec
    from dlquiz.drill.sitting import Item, Report, Row

VERDICT_STYLE = {
    "right": "green",
    "partly right": "yellow",
    "wrong": "red",
    "not answered": "dim",
}


def render_intro(
    spec: ExamSpec, items: Sequence[Item], minutes: float, variant: int, lang: str = "en"
) -> Panel:
    total = sum(i.points for i in items)
    numbers = (
        say("exam.own_numbers", lang)
        if not variant
        else say("exam.variant_numbers", lang, variant=variant)
    )
    head = say(
        "exam.intro_line", lang, n=len(items), points=points(total), time=clock(minutes * 60),
        numbers=numbers,
    )  # fmt: skip
    rules = [Text(line) for line in say_lines("exam.rules", lang)]
    title = spec.title.get(lang, sep=" · ")
    return Panel(Group(Text(head), Text(""), *rules), title=title, title_align="left",
                 box=box.DOUBLE)  # fmt: skip


def say_lines(key: str, lang: str) -> list[str]:
    """A multi-line message: in "both", the English lines, then the Chinese ones."""
    from dlquiz.messages import msg

    return msg(key).get(lang).splitlines()


def render_question(
    item: Item, lang: str, total: int, left: float, current: str | None
) -> RenderableType:
    """The practice prompt of the item, titled `Q4 [6/9] · id · 20 pts · 1:58:03 left`."""
    from dlquiz.render.question import render_prompt

    q = item.question
    asked = q.id if q.id == item.slot_id else f"{item.slot_id} → {q.id} seed {item.variant.seed}"
    title = say(
        "exam.item_title", single(lang), label=item.label, number=item.number, total=total,
        asked=asked, points=points(item.points),
    )  # fmt: skip
    time_left = say("exam.time_left", single(lang), time=clock(left))
    heading = Text.assemble(
        (title, ""), (" · ", ""), (time_left, "bold red" if left < 300 else "bold")
    )
    extra = []
    if current is not None:
        extra.append(Text(say("exam.so_far", lang, answer=current), style="yellow"))
    commands = say("exam.question_commands", single(lang))
    return render_prompt(
        item.variant, lang, item.number, total, title=heading, commands=commands, extra=extra
    )


def render_review(
    items: Sequence[Item], answers: Sequence[str | None], left: float, lang: str = "en"
) -> RenderableType:
    """Every question with the answer given so far (None: not answered)."""
    t = Table(
        title=say("exam.review_title", single(lang), time=clock(left)),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        title_style="bold",
    )
    t.add_column(say("exam.col.q", single(lang)))
    t.add_column(say("exam.col.question", single(lang)))
    t.add_column(say("view.col.points", single(lang)), justify="right")
    t.add_column(say("view.your_answer", single(lang)), overflow="fold")
    t.add_column(say("exam.col.answered", single(lang)))
    yes, no = say("exam.yes", single(lang)), say("exam.no", single(lang))
    for item, answer in zip(items, answers, strict=True):
        t.add_row(
            f"Q{item.label}",
            item.slot_id,
            points(item.points),
            "—" if answer is None else _short(answer),
            Text(yes, style="green") if answer is not None else Text(no, style="red"),
        )
    done = sum(a is not None for a in answers)
    done_text = say("exam.done", lang, done=done, n=len(items))
    note = Text(f"{done_text}  {say('exam.review_commands', lang)}", style="dim")
    return Group(t, note)


def render_report(report: Report, lang: str = "en") -> RenderableType:
    """Per question: earned / points, the answer and the right one; then why, in `lang`."""
    from dlquiz.drill.sitting import VERDICT_KEYS, expected_text, verdict

    title = say(
        "exam.report_title", lang, title=report.spec.title.get(lang, sep=" · "),
        variant=report.variant,
    )  # fmt: skip
    t = Table(
        title=title + (say("exam.report_time_ran_out", lang) if report.time_up else ""),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        title_style="bold",
        show_footer=True,
    )
    t.add_column(
        say("exam.col.q", single(lang)), footer=say("report.total", single(lang)), no_wrap=True
    )
    t.add_column(
        say("report.col.earned", single(lang)), justify="right", no_wrap=True,
        footer=f"{points(report.total)} / {points(report.max)}",
    )  # fmt: skip
    t.add_column(say("report.col.result", single(lang)), no_wrap=True)
    t.add_column(say("view.your_answer", single(lang)), overflow="fold", ratio=1)
    t.add_column(say("view.right_answer", single(lang)), overflow="fold", ratio=1)
    whys: list[RenderableType] = []
    for r in report.rows:
        v = verdict(r)
        t.add_row(
            f"Q{r.item.label}",
            points(r.earned) + " / " + points(r.item.points),
            Text(say(VERDICT_KEYS[v], lang), style=VERDICT_STYLE[v]),
            _short(r.answer) or "—",
            expected_text(r.item, lang),
        )
        why = _why(r, lang)
        if why:
            whys.append(Text.assemble((f"Q{r.item.label}  ", "bold"), why))
    total = say("view.points", single(lang), earned=points(report.total), max=points(report.max))
    score = Text.assemble((say("exam.score", single(lang)), "bold"), (total, "bold cyan"))
    if whys:
        return Group(t, Text(say("exam.why", single(lang)), style="bold"), *whys, Text(""), score)
    return Group(t, score)


def _why(row: Row, lang: str) -> str:
    diagnosis = None if row.response is None else row.response.grade.diagnosis
    return "" if diagnosis is None else diagnosis.get(lang)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
