"""Vanishing and exploding gradients as bars: the gradient norm k steps back through time.

The norms come in computed (`dlquiz.figures_data.gradient_flow`); this module only draws
them. Every row also writes its last norm out, so the bars' colour only adds emphasis.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dlquiz.messages import msg

if TYPE_CHECKING:
    from dlquiz.figures_data import GradientFlow

_BARS = "▁▂▃▄▅▆▇█"
_STYLES = {"vanishing": "blue", "steady": "", "exploding": "red"}


def gradient_flow(flow: GradientFlow, lang: str = "en") -> RenderableType:
    """For each recurrent-weight scale s (W = s·Q, Q orthogonal), a row of bars for the
    gradient norm ‖∂h_T/∂h_{T−k}‖ at k = 0..steps steps back through time (bar height on one
    log scale shared by all rows, so s < 1 sinks, s = 1 stays level and s > 1 climbs), the
    norm at k = steps, and a verdict. Below: the setting, and what clipping by norm does to
    the largest gradient: one factor β/‖g‖ for the whole gradient, once per update."""
    logs = [math.log(n) for row in flow.rows for n in row.norms if n > 0]
    lo, hi = min(logs), max(logs)
    width = 2 if flow.steps <= 12 else 1

    def bar(n: float) -> str:
        level = 0 if n <= 0 or hi - lo < 1e-12 else (math.log(n) - lo) / (hi - lo)
        return _BARS[round(level * (len(_BARS) - 1))] * width

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(msg("figure.flow.scale").get(lang, " "), no_wrap=True)
    table.add_column(f"k = 0 → {flow.steps}", no_wrap=True)
    table.add_column(f"k = {flow.steps}", justify="right", no_wrap=True)
    table.add_column("", overflow="fold")
    for row in flow.rows:
        style = _STYLES[row.trend]
        table.add_row(
            f"s = {row.scale:g}",
            Text("".join(bar(n) for n in row.norms), style=style),
            f"{row.norms[-1]:.3g}",
            Text(msg(f"figure.flow.{row.trend}").get(lang, " "), style=style),
        )
    note = msg("figure.flow.note").get(lang)
    if flow.clip is not None:
        clip = f"{flow.clip:g}"
        note += "\n" + msg("figure.flow.clip_note", clip=clip).get(lang)
        if flow.clip_norm is not None and flow.clip_factor is not None:
            fields = {"norm": f"{flow.clip_norm:.3g}", "factor": f"{flow.clip_factor:.3g}"}
            note += "\n" + msg("figure.flow.clip_once", clip=clip, **fields).get(lang)
    return Group(
        Text(msg("figure.flow.title", steps=flow.steps).get(lang), style="bold"),
        table,
        Text(note, style="dim"),
    )
