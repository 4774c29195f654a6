"""`dlquiz stats` as Rich renderables: a per-topic table with bars, and the exam risk.

Everything here reads the JSON-ready dictionary of `dlquiz.schedule.progress`, so the table and
`--json` always show the same numbers.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

ARROWS = {"up": ("↑", "green"), "down": ("↓", "red"), "flat": ("→", "")}


def bar(value: float, width: int = 10) -> Text:
    """A horizontal bar for a share 0..1, coloured red / yellow / green."""
    filled = max(0, min(width, round(value * width)))
    style = "green" if value >= 0.8 else "yellow" if value >= 0.5 else "red"
    text = Text("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    return text


def _share(value: float) -> Text:
    return bar(value).append(f" {value:4.0%}")


def _times(n: int) -> str:
    return f"{n} time{'s' * (n != 1)}"


def render_stats(data: dict[str, Any]) -> RenderableType:
    """The whole `dlquiz stats` view."""
    parts: list[RenderableType] = []
    if data["attempts"] == 0:
        parts.append(
            Text(
                "No answers recorded yet: run `dlquiz practice` to start, and your progress "
                "will show up here."
            )
        )
    else:
        parts.append(render_topics(data))
    if data.get("exam_date"):
        parts.append(render_exam(data))
    return Group(*parts)


def render_topics(data: dict[str, Any]) -> RenderableType:
    """One row per practised topic, a total row, and one line naming the topics not started."""
    t = Table(
        title="progress by topic", box=box.SIMPLE_HEAD, title_justify="left", title_style="bold"
    )
    t.add_column("topic", no_wrap=True)
    t.add_column("answers", justify="right")
    t.add_column("accuracy", no_wrap=True)
    t.add_column("trend", justify="center")
    t.add_column("due today", justify="right")
    t.add_column("this week", justify="right")
    t.add_column("most frequent mistakes")
    untouched = []
    for topic, row in data["by_topic"].items():
        if not row["attempts"] and not row["cards"]:
            untouched.append(topic)
            continue
        arrow, style = ARROWS.get(row["trend"] or "", ("", ""))
        mistakes = "\n".join(f"{m['label']}: {_times(m['count'])}" for m in row["mistakes"])
        t.add_row(
            topic,
            str(row["attempts"]),
            _share(row["accuracy"]),
            Text(arrow, style=style),
            str(row["due_today"]),
            str(row["due_week"]),
            mistakes,
        )
    t.add_row(
        "all",
        str(data["attempts"]),
        _share(data["accuracy"]),
        "",
        str(data["due_today"]),
        str(data["due_week"]),
        "",
        style="bold",
    )
    notes = [
        Text("trend: the last 5 answers against the 5 before (↑ ↓: 10 points or more)", style="dim")
    ]
    if untouched:
        notes.insert(0, Text(f"not practised yet: {', '.join(untouched)}", style="yellow"))
    return Group(t, *notes, Text())


def render_exam(data: dict[str, Any]) -> RenderableType:
    days = data["days_left"]
    when = (
        f"in {days} day{'s' * (days != 1)}"
        if days > 0
        else "today"
        if days == 0
        else f"{-days} day{'s' * (days != -1)} ago"
    )
    head = Text(f"exam {data['exam_date']} ({when})", style="bold")
    risky = data["at_risk"]
    threshold = data["threshold"]
    if not risky:
        return Group(
            head,
            Text(
                f"No topic is at risk: every topic's predicted recall at the exam is at least "
                f"{threshold:.0%}.",
                style="green",
            ),
        )
    t = Table(
        title=f"at risk by then (predicted recall below {threshold:.0%})",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    t.add_column("topic")
    t.add_column("recall at the exam")
    t.add_column("never practised", justify="right")
    t.add_column("weakest questions")
    for r in risky:
        t.add_row(
            r["topic"],
            _share(r["recall"]),
            f"{r['unseen']} of {r['questions']}",
            ", ".join(r["weakest"]),
        )
    tip = Text("drill them: dlquiz practice --cram (the schedule is left as it is)", style="dim")
    return Group(head, t, tip)
