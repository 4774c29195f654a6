"""The mock exam's score report: per question the points, the verdict, the answer given and the
right one, then why each wrong answer is wrong; all in the student's language.

Nothing is cut: a table where the two answer columns have room, else each question on its
own lines (its answer and the right one under it, labelled). The right answer of an
explanation is its key points, as sentences; symbols are written as on the live screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dlquiz.messages import say
from dlquiz.numfmt import points
from dlquiz.text import single

if TYPE_CHECKING:
    from dlquiz.drill.sitting import Item, Report, Row

VERDICT_STYLE = {
    "right": "green",
    "partly right": "yellow",
    "wrong": "red",
    "not answered": "dim",
}
ANSWER_ROOM = 24  # cells each answer column needs for the report to be a table


def langs(lang: str) -> tuple[str, ...]:
    return ("en", "zh") if lang == "both" else (lang,)


def right_answer(item: Item, lang: str) -> RenderableType:
    """The right answer: a line, or an explanation's key points as a list."""
    from dlquiz.drill.shown import expected_shown, in_lang, key_points
    from dlquiz.render.flow import marked

    if item.question.type == "explain":
        return Group(*(marked(Text("· " + p.get(lang))) for p in key_points(item.question)))
    return Text(in_lang(expected_shown(item), lang, sep="\n"))


def render_report(report: Report, lang: str = "en") -> RenderableType:
    """Per question: earned / points, the answer and the right one; then why, in `lang`."""
    from dlquiz.drill.sitting import VERDICT_KEYS, verdict
    from dlquiz.render.flow import ByWidth, Hanging, table_width

    one = single(lang)
    ran_out = report.time_up
    titles = [
        Text(say("exam.report_title", one_lang, title=report.spec.title.get(one_lang),
                 variant=report.variant) + (say("exam.report_time_ran_out", one_lang)
                                            if ran_out else ""), style="bold")
        for one_lang in langs(lang)
    ]  # fmt: skip
    heads = [say(k, one) for k in ("exam.col.q", "report.col.earned", "report.col.result",
                                   "view.your_answer", "view.right_answer")]  # fmt: skip
    t = Table(box=box.SIMPLE_HEAD, show_footer=True, expand=True)
    t.add_column(heads[0], footer=say("report.total", one), no_wrap=True)
    t.add_column(heads[1], justify="right", no_wrap=True,
                 footer=f"{points(report.total)} / {points(report.max)}")  # fmt: skip
    t.add_column(heads[2], no_wrap=True)
    t.add_column(heads[3], ratio=1)
    t.add_column(heads[4], ratio=1)
    stacked: list[RenderableType] = []
    whys: list[RenderableType] = []
    fixed = [cell_len(h) for h in heads[:3]]
    pad = max(len(f"Q{r.item.label}") for r in report.rows) + 2
    for r in report.rows:
        v = verdict(r)
        label = f"Q{r.item.label}"
        earned = points(r.earned) + " / " + points(r.item.points)
        result = Text(say(VERDICT_KEYS[v], lang), style=VERDICT_STYLE[v])
        given = r.answer or "—"
        right = right_answer(r.item, lang)
        t.add_row(label, earned, result, given, right)
        fixed = [max(fixed[0], len(label)), max(fixed[1], len(earned)),
                 max(fixed[2], result.cell_len)]  # fmt: skip
        tag = Text(label.ljust(pad), style="bold")
        stacked.append(Hanging(tag, _stacked(earned, result, given, right, lang)))
        why = _why(r, lang)
        if why:
            whys.append(Hanging(tag, why))
    need = table_width(fixed, 2, ANSWER_ROOM)
    total = say("view.points", one, earned=points(report.total), max=points(report.max))
    score = Text.assemble((say("exam.score", one), "bold"), (total, "bold cyan"))
    body = ByWidth(need, t, Group(Text(""), *stacked))
    if whys:
        why_head = Text(say("exam.why", one), style="bold")
        return Group(*titles, body, Text(""), why_head, *whys, Text(""), score)
    return Group(*titles, body, Text(""), score)


def _stacked(
    earned: str, result: Text, given: str, right: RenderableType, lang: str
) -> RenderableType:
    """A question of the narrow report: its points and verdict, then the two answers."""
    from dlquiz.render.flow import Hanging

    one = single(lang)
    head = Text.assemble(earned, "  ", result)
    mine = Hanging(Text(say("view.label.your_answer", one), style="dim"), Text(given))
    theirs = Hanging(Text(say("view.label.right_answer", one), style="dim"), right)
    return Group(head, mine, theirs)


def _why(row: Row, lang: str) -> Text | None:
    from dlquiz.latex import prose

    diagnosis = None if row.response is None else row.response.grade.diagnosis
    if diagnosis is None:
        return None
    return Text(prose(diagnosis.get(lang)))
