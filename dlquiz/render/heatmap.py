"""Charts of numbers: the attention-weight heatmap and the gradient-flow bars.

Like the diagrams, these return Rich renderables and never print; every number is written out,
so colour (a cell's background, a row's hue) only adds emphasis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich import box
from rich.color import Color
from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from dlquiz.errors import InputError

_LIGHT, _DARK = (239, 243, 255), (8, 48, 107)  # the ends of a light-to-dark blue scale
_BARS = "▁▂▃▄▅▆▇█"
MAX_FLOW_STEPS = 40  # the bars of 40 steps still fit in 80 columns


def _shade(x: float) -> Style:
    """The cell style for a value at x ∈ [0, 1] of the scale: darker blue for more."""
    rgb = tuple(round(a + (b - a) * x) for a, b in zip(_LIGHT, _DARK, strict=True))
    return Style(color="white" if x > 0.5 else "black", bgcolor=Color.from_rgb(*rgb))


def attention_heatmap(
    weights: Sequence[Sequence[float]], rows: Sequence[str], cols: Sequence[str]
) -> Table:
    """The weight matrix as a table: a row per label in `rows` (e.g. the output words), a
    column per label in `cols` (e.g. the input words). Every cell shows its value to two
    decimals on a blue background that darkens as the value grows (0 → light, 1 → dark; a
    scale that also covers values outside [0, 1]); the numbers read the same without colour."""
    matrix = [[float(v) for v in row] for row in weights]
    if not matrix or len(matrix) != len(rows) or any(len(r) != len(cols) for r in matrix):
        shape = f"{len(matrix)}×{len(matrix[0]) if matrix else 0}"
        raise InputError(
            f"the weights must be {len(rows)}×{len(cols)} (one row per row label, one column"
            f" per column label), not {shape}"
        )
    values = [v for r in matrix for v in r]
    if not all(math.isfinite(v) for v in values):
        raise InputError("the weights have a non-finite entry; give finite numbers")
    lo, hi = min(0.0, *values), max(1.0, *values)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("")
    for label in cols:
        table.add_column(Text(label, style="bold"), justify="center")
    for label, row in zip(rows, matrix, strict=True):
        cells = [Text(f" {v:.2f} ", style=_shade((v - lo) / (hi - lo))) for v in row]
        table.add_row(Text(label, style="bold"), *cells)
    return table


def gradient_flow(
    scales: Sequence[float] = (0.5, 1.0, 1.5),
    steps: int = 10,
    clip: float | None = 1.0,
    lang: str = "en",
) -> RenderableType:
    """Vanishing and exploding gradients, shown rather than told: for each recurrent-weight
    scale s (W = s·Q, Q orthogonal), a row of bars for the gradient norm ‖∂h_T/∂h_{T−k}‖ at
    k = 0..steps steps back through time (bar height on one log scale shared by all rows, so
    s < 1 sinks, s = 1 stays level and s > 1 climbs), the norm at k = steps, and a verdict.
    With `clip`, each exploding row is repeated after clipping by norm at that threshold,
    which caps its bars at θ. Numbers come from dlquiz.solvers.gradflow."""
    from dlquiz.render.diagrams import say
    from dlquiz.solvers.gradflow import clip_norms, gradient_norms

    if not 1 <= steps <= MAX_FLOW_STEPS:
        raise InputError(f"--steps must be between 1 and {MAX_FLOW_STEPS}, not {steps}")
    if clip is not None and not (math.isfinite(clip) and clip > 0):
        raise InputError(f"the clipping threshold must be a number > 0, not {clip}")
    if not scales or not all(math.isfinite(s) and s > 0 for s in scales):
        raise InputError(f"the scales must be numbers > 0, not {list(scales)}")
    rows: list[tuple[str, list[float], str, str]] = []
    for s in scales:
        norms = [float(n) for n in gradient_norms(s, steps).norms]
        verdict, style = (
            (say("vanishing", "消失", lang), "blue")
            if s < 1
            else (say("steady", "穩定", lang), "")
            if s == 1
            else (say("exploding", "爆炸", lang), "red")
        )
        rows.append((f"s = {s:g}", norms, verdict, style))
        if clip is not None and s > 1:
            capped = [float(n) for n in clip_norms(norms, clip)]
            label = f"s = {s:g} " + say("clipped", "裁剪後", lang)
            rows.append(
                (label, capped, say(f"capped at {clip:g}", f"上限 {clip:g}", lang), "green")
            )
    logs = [math.log(n) for _, norms, _, _ in rows for n in norms if n > 0]
    lo, hi = min(logs), max(logs)
    width = 2 if steps <= 20 else 1

    def bar(n: float) -> str:
        level = 0 if n <= 0 or hi - lo < 1e-12 else (math.log(n) - lo) / (hi - lo)
        return _BARS[round(level * (len(_BARS) - 1))] * width

    title = say(
        f"Gradient norm ‖∂h_T/∂h_{{T−k}}‖, k = 0…{steps} steps back (bar height: log scale)",
        f"梯度範數 ‖∂h_T/∂h_{{T−k}}‖，往回 k = 0…{steps} 步（柱高：對數刻度）",
        lang,
        "\n",
    )
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(say("scale", "尺度", lang))
    table.add_column(f"k = 0 → {steps}", no_wrap=True)
    table.add_column(f"k = {steps}", justify="right")
    table.add_column("")
    for label, norms, verdict, style in rows:
        table.add_row(
            label,
            Text("".join(bar(n) for n in norms), style=style),
            f"{norms[-1]:.3g}",
            Text(verdict, style=style),
        )
    note = say(
        "W = s·Q (Q orthogonal), f′ = 1  ⇒  ‖g_k‖ = s^k·‖g_0‖, with ‖g_0‖ = 1",
        "W = s·Q（Q 為正交矩陣），f′ = 1  ⇒  ‖g_k‖ = s^k·‖g_0‖，‖g_0‖ = 1",
        lang,
        "\n",
    )
    if clip is not None:
        note += "\n" + say(
            f"clipping: if ‖g‖ > θ then g ← θ·g/‖g‖, so ‖g‖ ≤ θ = {clip:g}",
            f"梯度裁剪：若 ‖g‖ > θ，則 g ← θ·g/‖g‖，所以 ‖g‖ ≤ θ = {clip:g}",
            lang,
            "\n",
        )
    return Group(Text(title, style="bold"), table, Text(note, style="dim"))
