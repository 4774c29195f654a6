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

if TYPE_CHECKING:
    from dlquiz.exam import ExamSpec, Item, Report, Row

QUESTION_COMMANDS = "Enter: skip   /go N   /review   /submit"
REVIEW_COMMANDS = "/go N re-answers question N (e.g. /go 4, /go 1b) · /submit hands in"
VERDICT_STYLE = {
    "right": "green",
    "partly right": "yellow",
    "wrong": "red",
    "not answered": "dim",
}


def clock(seconds: float) -> str:
    """Time left as H:MM:SS (never negative)."""
    s = max(0, int(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def render_intro(spec: ExamSpec, items: Sequence[Item], minutes: float, variant: int) -> Panel:
    total = sum(i.points for i in items)
    numbers = "the exam's own numbers" if not variant else f"variant {variant} (fresh numbers)"
    lines = [
        Text(f"{len(items)} questions · {total:g} points · {clock(minutes * 60)} · {numbers}"),
        Text(""),
        Text("• Answer each question at its prompt; an empty line skips it."),
        Text("• Nothing is graded until you submit. After the last question you can review"),
        Text("  your answers and change any of them with /go N, then /submit."),
        Text("• Explanations: after your answer you see the key points and score yourself."),
        Text("• When time is up, the exam is submitted; unanswered questions score 0."),
        Text("• Ctrl-C pauses to ask whether to submit or leave. The clock keeps running."),
    ]
    return Panel(Group(*lines), title=spec.title, title_align="left", box=box.DOUBLE)


def render_question(
    item: Item, lang: str, total: int, left: float, current: str | None
) -> RenderableType:
    """The practice prompt of the item, titled `Q4 [6/9] · id · 20 pts · 1:58:03 left`."""
    from dlquiz.render.question import render_prompt

    q = item.question
    asked = q.id if q.id == item.slot_id else f"{item.slot_id} → {q.id} seed {item.variant.seed}"
    title = f"Q{item.label} [{item.number}/{total}] · {asked} · {item.points:g} pts"
    heading = Text.assemble(
        (title, ""), (" · ", ""), (f"{clock(left)} left", "bold red" if left < 300 else "bold")
    )
    extra = []
    if current is not None:
        extra.append(Text(f"your answer so far: {current}   (Enter keeps it)", style="yellow"))
    return render_prompt(
        item.variant, lang, item.number, total, title=heading, commands=QUESTION_COMMANDS,
        extra=extra,
    )  # fmt: skip


def render_review(
    items: Sequence[Item], answers: Sequence[str | None], left: float
) -> RenderableType:
    """Every question with the answer given so far (None: not answered)."""
    t = Table(
        title=f"review · {clock(left)} left",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        title_style="bold",
    )
    t.add_column("Q")
    t.add_column("question")
    t.add_column("pts", justify="right")
    t.add_column("your answer", overflow="fold")
    t.add_column("answered?")
    for item, answer in zip(items, answers, strict=True):
        t.add_row(
            f"Q{item.label}",
            item.slot_id,
            f"{item.points:g}",
            "—" if answer is None else _short(answer),
            Text("yes", style="green") if answer is not None else Text("no", style="red"),
        )
    done = sum(a is not None for a in answers)
    note = Text(f"{done} of {len(items)} answered.  {REVIEW_COMMANDS}", style="dim")
    return Group(t, note)


def render_report(report: Report, lang: str = "en") -> RenderableType:
    """Per question: earned / points, the answer and the right one; then why, in `lang`."""
    from dlquiz.exam import expected_text, verdict

    t = Table(
        title=f"{report.spec.title} · variant {report.variant}"
        + (" · time ran out" if report.time_up else ""),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        title_style="bold",
        show_footer=True,
    )
    t.add_column("Q", footer="total", no_wrap=True)
    t.add_column(
        "earned", justify="right", no_wrap=True, footer=f"{report.total:g} / {report.max:g}"
    )
    t.add_column("result", no_wrap=True)
    t.add_column("your answer", overflow="fold", ratio=1)
    t.add_column("right answer", overflow="fold", ratio=1)
    whys: list[RenderableType] = []
    for r in report.rows:
        v = verdict(r)
        t.add_row(
            f"Q{r.item.label}",
            f"{r.earned:g} / {r.item.points:g}",
            Text(v, style=VERDICT_STYLE[v]),
            _short(r.answer) or "—",
            expected_text(r.item),
        )
        why = _why(r, lang)
        if why:
            whys.append(Text.assemble((f"Q{r.item.label}  ", "bold"), why))
    score = Text.assemble(("score: ", "bold"), (f"{report.total:g} / {report.max:g}", "bold cyan"))
    if whys:
        return Group(t, Text("why", style="bold"), *whys, Text(""), score)
    return Group(t, score)


def _why(row: Row, lang: str) -> str:
    diagnosis = None if row.response is None else row.response.grade.diagnosis
    return "" if diagnosis is None else diagnosis.get(lang)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
