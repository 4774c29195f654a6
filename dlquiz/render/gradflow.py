"""Vanishing and exploding gradients as bars: the gradient norm k steps back through time.

The norms come in computed (`dlquiz.figures_data.gradient_flow`); this module only draws
them. Every row also writes its last norm out, so the bars' colour only adds emphasis.
A table where the width allows it (bars two cells wide, then one, then the verdict's two
languages on two lines), else each scale as a few lines of text; the notes below wrap.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dlquiz.messages import msg
from dlquiz.render.canvas import Forms, caption

if TYPE_CHECKING:
    from collections.abc import Callable

    from dlquiz.figures_data import FlowRow, GradientFlow

_BARS = "▁▂▃▄▅▆▇█"
_STYLES = {"vanishing": "blue", "steady": "", "exploding": "red"}
_CHUNK = 24  # the text form's bars, at most this many a line


def gradient_flow(flow: GradientFlow, lang: str = "en") -> RenderableType:
    """For each recurrent-weight scale s (W = s·Q, Q orthogonal), a row of bars for the
    gradient norm ‖∂h_T/∂h_{T−k}‖ at k = 0..steps steps back through time (bar height on one
    log scale shared by all rows, so s < 1 sinks, s = 1 stays level and s > 1 climbs), the
    norm at k = steps, and a verdict. Below: the setting, and what clipping by norm does to
    the largest gradient: one factor β/‖g‖ for the whole gradient, once per update."""
    bars = _bars(flow)
    forms = [_table(flow, lang, bars, 2, False)] if flow.steps <= 12 else []
    forms += [_table(flow, lang, bars, 1, False), _table(flow, lang, bars, 1, True)]
    note = msg("figure.flow.note").get(lang)
    if flow.clip is not None:
        clip = f"{flow.clip:g}"
        note += "\n" + msg("figure.flow.clip_note", clip=clip).get(lang)
        if flow.clip_norm is not None and flow.clip_factor is not None:
            fields = {"norm": f"{flow.clip_norm:.3g}", "factor": f"{flow.clip_factor:.3g}"}
            note += "\n" + msg("figure.flow.clip_once", clip=clip, **fields).get(lang)
    return Group(
        caption(msg("figure.flow.title", steps=flow.steps).get(lang), "bold"),
        Forms(*forms, _listing(flow, lang, bars)),
        caption(note, "dim"),
    )


def _bars(flow: GradientFlow) -> Callable[[float], str]:
    """The bar for a norm: its height on the log scale all the rows share."""
    logs = [math.log(n) for row in flow.rows for n in row.norms if n > 0]
    lo, hi = (min(logs), max(logs)) if logs else (0.0, 0.0)

    def bar(n: float) -> str:
        level = 0 if n <= 0 or hi - lo < 1e-12 else (math.log(n) - lo) / (hi - lo)
        return _BARS[round(level * (len(_BARS) - 1))]

    return bar


def _verdict(row: FlowRow, lang: str, stacked: bool) -> Text:
    said = msg(f"figure.flow.{row.trend}").get(lang, "\n" if stacked else " ")
    return Text(said, style=_STYLES[row.trend])


def _table(
    flow: GradientFlow, lang: str, bar: Callable[[float], str], width: int, stacked: bool
) -> Table:
    """The rows as a table: scale, bars (each `width` cells), last norm, verdict (in
    "both", the two languages side by side, or `stacked` one above the other)."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(msg("figure.flow.scale").get(lang, "\n" if stacked else " "), no_wrap=True)
    table.add_column(f"k = 0 → {flow.steps}", no_wrap=True)
    table.add_column(f"k = {flow.steps}", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for row in flow.rows:
        style = _STYLES[row.trend]
        table.add_row(
            f"s = {row.scale:g}",
            Text("".join(bar(n) * width for n in row.norms), style=style),
            f"{row.norms[-1]:.3g}",
            _verdict(row, lang, stacked),
        )
    return table


def _listing(flow: GradientFlow, lang: str, bar: Callable[[float], str]) -> Group:
    """Each scale as lines of text: the scale and verdict, the bars, the last norm."""
    scale = msg("figure.flow.scale").get(lang, " ")
    span, last = f"k = 0 → {flow.steps}", f"k = {flow.steps}"
    pad = max(cell_len(span), cell_len(last)) + 4
    lines: list[Text] = []
    for row in flow.rows:
        style = _STYLES[row.trend]
        head = Text(f"{scale}  s = {row.scale:g}  ", style="bold")
        lines.append(head.append_text(_verdict(row, lang, False)))
        bars = "".join(bar(n) for n in row.norms)
        for at in range(0, len(bars), _CHUNK):
            label = span if at == 0 else ""
            chunk = bars[at : at + _CHUNK]
            lines.append(Text(f"  {label:<{pad - 2}}").append(chunk, style=style))
        lines.append(Text(f"  {last:<{pad - 2}}{row.norms[-1]:.3g}"))
    return Group(*lines)
