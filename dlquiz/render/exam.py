"""Mock exam views: the rules, a question with the time left, the review of the answers.

Rendering only: each function returns a Rich renderable. A question's body is the practice
prompt (`render_prompt`), retitled with the exam's numbering and the countdown. The report
is `dlquiz.render.report`. Titles too long for a border go inside their panel, and the
review is a table where the answers have room, else one question after the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dlquiz.messages import msg, say
from dlquiz.numfmt import clock, points
from dlquiz.text import single

if TYPE_CHECKING:
    from dlquiz.drill.exams import ExamSpec
    from dlquiz.drill.sitting import Item

ANSWER_ROOM = 24  # cells an answer column needs for the review to be a table


def render_intro(
    spec: ExamSpec, items: Sequence[Item], minutes: float, variant: int, lang: str = "en"
) -> RenderableType:
    from dlquiz.render.flow import TitledPanel
    from dlquiz.render.fmt import bullets

    total = sum(i.points for i in items)
    numbers = (
        msg("exam.own_numbers") if not variant else msg("exam.variant_numbers", variant=variant)
    )
    head = msg(
        "exam.intro_line", n=len(items), points=points(total), time=clock(minutes * 60),
        numbers=numbers,
    ).get(lang)  # fmt: skip
    rules = [Text(line) for line in msg("exam.rules").get(lang).splitlines() if line.strip()]
    title, inside = spec.title.get(lang, sep=" · "), spec.title.get(lang)  # "both": 2 lines
    return TitledPanel([Text(head), Text(""), bullets(rules)], title, box.DOUBLE, inside)


def render_question(
    item: Item, lang: str, total: int, left: float, current: str | None
) -> RenderableType:
    """The practice prompt of the item, titled `Q4 [6/9] · id · 20 pts · 1:58:03 left`."""
    from dlquiz.render.question import render_prompt

    q = item.question
    one = single(lang)
    asked = (
        q.id
        if q.id == item.slot_id
        else say("exam.asked_twin", one, slot=item.slot_id, id=q.id, seed=item.variant.seed)
    )
    title = say(
        "exam.item_title", one, label=item.label, number=item.number, total=total,
        asked=asked, points=points(item.points),
    )  # fmt: skip
    time_left = say("exam.time_left", one, time=clock(left))
    heading = Text.assemble(
        (title, ""), (" · ", ""), (time_left, "bold red" if left < 300 else "bold")
    )
    extra = []
    if current is not None:
        extra.append(Text(say("exam.so_far", lang, answer=current), style="yellow"))
    commands = say("exam.question_commands", one)
    return render_prompt(
        item.variant, lang, item.number, total, title=heading, commands=commands, extra=extra
    )


def render_review(
    items: Sequence[Item], answers: Sequence[str | None], left: float, lang: str = "en"
) -> RenderableType:
    """Every question with the answer given so far (None: not answered), whole: a table when
    the answers have room, else each question on its own lines."""
    from dlquiz.render.flow import ByWidth, Flow, Hanging, catalog_items, table_width

    one = single(lang)
    yes, no = say("exam.yes", one), say("exam.no", one)
    heads = [say(k, one) for k in ("exam.col.q", "exam.col.question", "view.col.points",
                                   "view.your_answer", "exam.col.answered")]  # fmt: skip
    t = Table(box=box.SIMPLE_HEAD, expand=True)
    for n, head in enumerate(heads):
        t.add_column(head, justify="right" if n == 2 else "left", ratio=1 if n == 3 else None,
                     no_wrap=n != 3)  # fmt: skip
    stacked: list[RenderableType] = []
    pad = max((len(f"Q{i.label}") for i in items), default=0) + 2
    for item, answer in zip(items, answers, strict=True):
        done = Text(yes, style="green") if answer is not None else Text(no, style="red")
        given = "—" if answer is None else answer
        t.add_row(f"Q{item.label}", item.slot_id, points(item.points), given, done)
        pts = say("exam.pts", one, points=points(item.points))
        line = Text.assemble(item.slot_id, "  ", pts, "  ", done, "\n", given)
        stacked.append(Hanging(Text(f"Q{item.label}".ljust(pad), style="bold"), line))
    fixed = [
        max(cell_len(heads[0]), *(len(f"Q{i.label}") for i in items)),
        max(cell_len(heads[1]), *(len(i.slot_id) for i in items)),
        max(cell_len(heads[2]), *(len(points(i.points)) for i in items)),
        max(cell_len(heads[4]), cell_len(yes), cell_len(no)),
    ]
    need = table_width(fixed, 1, ANSWER_ROOM)
    title = Text(say("exam.review_title", one, time=clock(left)), style="bold")
    done_text = say("exam.done", lang, done=sum(a is not None for a in answers), n=len(items))
    note = Flow([done_text, *catalog_items("exam.review_commands", lang)], style="dim")
    return Group(title, ByWidth(need, t, Group(Text(""), *stacked, Text(""))), note)
