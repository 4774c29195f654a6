"""`dlquiz stats` as Rich renderables: a per-topic table with bars, the mistakes, the exam risk.

Everything here reads the JSON-ready dictionary of `dlquiz.progress.progress`, so the table
and `--json` always show the same numbers. Laid out for 80 columns: six narrow columns, and
the most frequent mistakes on lines of their own under the table.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dlquiz.messages import say
from dlquiz.text import single

ARROWS = {"up": ("↑", "green"), "down": ("↓", "red"), "flat": ("→", "")}


def bar(value: float, width: int = 10) -> Text:
    """A horizontal bar for a share 0..1, coloured red / yellow / green."""
    filled = max(0, min(width, round(value * width)))
    style = "green" if value >= 0.8 else "yellow" if value >= 0.5 else "red"
    text = Text("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    return text


def _share(value: float) -> Text:
    return bar(value, 6).append(f" {value:4.0%}")


def render_stats(data: dict[str, Any], lang: str = "en") -> RenderableType:
    """The whole `dlquiz stats` view."""
    parts: list[RenderableType] = []
    if data["attempts"] == 0:
        parts.append(Text(say("stats.empty", lang)))
    else:
        parts.append(render_topics(data, lang))
    if data.get("exam_date"):
        parts.append(render_exam(data, lang))
    else:
        parts.append(Text(say("stats.no_exam_date", lang), style="dim"))
    return Group(*parts)


def render_topics(data: dict[str, Any], lang: str = "en") -> RenderableType:
    """One row per practised topic and a total row; then each topic's frequent mistakes."""
    one = single(lang)
    t = Table(
        title=say("stats.title", one), box=box.SIMPLE_HEAD, title_justify="left",
        title_style="bold", pad_edge=False, padding=(0, 1),
    )  # fmt: skip
    t.add_column(say("stats.col.topic", one), no_wrap=True)
    t.add_column(say("stats.col.answers", one), justify="right")
    t.add_column(say("stats.col.accuracy", one), no_wrap=True)
    t.add_column(say("stats.col.trend", one), justify="center")
    t.add_column(say("stats.col.due_today", one), justify="right")
    t.add_column(say("stats.col.due_week", one), justify="right")
    untouched = []
    mistakes: list[Text] = []
    for topic, row in data["by_topic"].items():
        if not row["attempts"] and not row["cards"]:
            untouched.append(topic)
            continue
        arrow, style = ARROWS.get(row["trend"] or "", ("", ""))
        t.add_row(
            topic, str(row["attempts"]), _share(row["accuracy"]), Text(arrow, style=style),
            str(row["due_today"]), str(row["due_week"]),
        )  # fmt: skip
        for m in row["mistakes"]:
            label = m["label_zh"] if lang == "zh" else m["label"]
            times = say("stats.times", one, n=m["count"])
            mistakes.append(Text.assemble(f"  {topic}: ", (label, "bold"), f" · {times}"))
    t.add_row(
        say("stats.all", one), str(data["attempts"]), _share(data["accuracy"]), "",
        str(data["due_today"]), str(data["due_week"]), style="bold",
    )  # fmt: skip
    parts: list[RenderableType] = [t]
    if mistakes:
        parts += [Text(say("stats.mistakes", one), style="bold"), *mistakes]
    if untouched:
        parts.append(
            Text(say("stats.untouched", lang, topics=", ".join(untouched)), style="yellow")
        )
    parts += [Text(say("stats.trend_note", lang), style="dim"), Text()]
    return Group(*parts)


def render_exam(data: dict[str, Any], lang: str = "en") -> RenderableType:
    one = single(lang)
    days = data["days_left"]
    when = say("stats.in_days", one, n=days) if days != 1 else say("stats.in_one_day", one)
    if days == 0:
        when = say("stats.today", one)
    head = Text(say("stats.exam", one, date=data["exam_date"], when=when), style="bold")
    risky = data["at_risk"]
    threshold = f"{data['threshold']:.0%}"
    if not risky:
        return Group(head, Text(say("stats.no_risk", lang, threshold=threshold), style="green"))
    t = Table(
        title=say("stats.risk_title", one, threshold=threshold), box=box.SIMPLE_HEAD,
        title_justify="left", pad_edge=False,
    )  # fmt: skip
    t.add_column(say("stats.col.topic", one), no_wrap=True)
    t.add_column(say("stats.col.recall", one), no_wrap=True)
    t.add_column(say("stats.col.unseen", one), justify="right")
    t.add_column(say("stats.col.weakest", one), overflow="fold", ratio=1)
    for r in risky:
        unseen = say("stats.of", one, n=r["unseen"], total=r["questions"])
        t.add_row(r["topic"], _share(r["recall"]), unseen, ", ".join(r["weakest"]))
    tip = Text(say("stats.cram_tip", lang), style="dim")
    return Group(head, t, tip)
