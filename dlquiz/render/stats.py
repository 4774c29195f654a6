"""`dlquiz stats` as Rich renderables: a per-topic table with bars, the mistakes, the exam risk.

Everything here reads the JSON-ready dictionary of `dlquiz.progress.progress`, so the table
and `--json` always show the same numbers. Laid out for 80 columns: six narrow columns, and
the most frequent mistakes on lines of their own under the table. Question ids are what the
student types, so they are never cut or folded: the at-risk table lists each topic's
weakest questions in a fourth column where they fit whole, else on lines under the table.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from dlquiz.messages import say
from dlquiz.render.fmt import Hanging, listed, table
from dlquiz.text import Text as Words
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
    return bar(value, 6).append(_whole(f" {value:4.0%}"))


def _whole(text: str) -> str:
    """A short cell kept on one line (its spaces do not break)."""
    return text.replace(" ", "\u00a0")


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
    mistakes: list[RenderableType] = []
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
            mistakes.append(Hanging(f"  {topic}: ", Text.assemble((label, "bold"), f" · {times}")))
    t.add_row(
        say("stats.all", one), str(data["attempts"]), _share(data["accuracy"]), "",
        str(data["due_today"]), str(data["due_week"]), style="bold",
    )  # fmt: skip
    parts: list[RenderableType] = [t]
    if mistakes:
        parts += [Text(say("stats.mistakes", one), style="bold"), *mistakes]
    if untouched:
        parts.append(
            Text(
                say("stats.untouched", lang, topics=listed([Words(t, t) for t in untouched])),
                style="yellow",
            )
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
    heads = [say(f"stats.col.{k}", one) for k in ("topic", "recall", "unseen", "weakest")]
    comma = say("list.comma", one)
    rows = [
        [r["topic"], _share(r["recall"]), _whole(say("stats.of", one, n=r["unseen"],
         total=r["questions"])), comma.join(r["weakest"])]
        for r in risky
    ]  # fmt: skip
    tip = Text(say("stats.cram_tip", lang), style="dim")
    return Group(head, _Risk(say("stats.risk_title", one, threshold=threshold), heads, rows), tip)


class _Risk:
    """The topics at risk: four columns where the question ids fit whole, else three, with
    each topic's weakest questions on lines of their own under the table."""

    def __init__(self, title: str, heads: list[str], rows: list[list[str | Text]]) -> None:
        self.title, self.heads, self.rows = title, heads, rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        justify = ("left", "left", "right", "left")
        wide = table(self.heads, self.rows, self.title, justify)
        if wide.widths(console, options) is not None:
            yield wide
            return
        yield table(self.heads[:3], [row[:3] for row in self.rows], self.title, justify[:3])
        yield Text(self.heads[3], style="bold")
        for row in self.rows:
            yield Hanging(f"  {row[0]}: ", Text(str(row[3])))
