"""The step view of backpropagation through time (`dlquiz solve bptt`): the forward pass, the
gradient going back step by step, its norms as bars, and clipping. Every number comes from
the solver's result; words come from the catalog (`questions/messages/transformer.yaml`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from dlquiz.latex import prose
from dlquiz.render.fmt import answer, equations, stack, table
from dlquiz.render.lang import sentence, word
from dlquiz.render.solve_transformer import note
from dlquiz.render.summary import Cut, gap_row, scalar

if TYPE_CHECKING:
    from rich.console import RenderableType

    from dlquiz.solvers.bptt import BPTTResult

BAR = 16  # cells of the longest bar where there is room ...
NARROW_BAR = 6  # ... and where there is not
_EIGHTHS = " ▏▎▍▌▋▊▉"


class Bar:
    """A bar for a value in [0, top], as long as its cell allows (BAR cells at most), in
    eighths of a cell: the longest bar of a table fills its column."""

    def __init__(self, value: float, top: float) -> None:
        self.share = 0.0 if top <= 0 else max(0.0, min(value / top, 1.0))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(NARROW_BAR, BAR)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, min(BAR, options.max_width))
        full, part = divmod(round(width * 8 * self.share), 8)
        yield Segment("█" * full + (_EIGHTHS[part] if part else ""), console.get_style("cyan"))


def bar(value: float, top: float) -> Bar:
    return Bar(value, top)


def small(value: Any) -> str:
    """A number like `number`, but below 10⁻³ it keeps its size (1.2e-06, not 0): a vanishing
    gradient must not read as exactly zero (an exploding one is 1.2e+20, not 21 digits)."""
    f = float(value)
    return f"{f:.3g}" if f != 0 and abs(f) < 1e-3 else scalar(f)


def render_bptt(r: BPTTResult) -> RenderableType:
    """The forward pass, the loss, ∂L/∂h_t going back in time with the Jacobians and the
    norms as bars, the parameter gradients, and clipping of the whole gradient."""
    from dlquiz.solvers.bptt import EQUATIONS

    T, D = r.x.shape
    H, n_out = r.h.shape[1], r.y.shape[1]
    cut = Cut()  # of a long sequence, the first and last few steps

    def tiny(value: Any, count: bool = True) -> str:  # small(), shortened
        return cut.array(value, small, count)

    setup = sentence("bptt.setup", T=T, D=D, H=H, O=n_out)
    given = word("bptt.given", x=tiny(r.x), h0=tiny(r.h0), target=tiny(r.target))
    forward = table(
        ["t", "x_t", "a_t", "h_t", "y_t"],
        [gap_row(5) if t is None else
         [str(t + 1), tiny(r.x[t], False), tiny(r.a[t]), tiny(r.h[t]), tiny(r.y[t])]
         for t in cut.axis(T, per=r.a[0].size + r.h[0].size + r.y[0].size)],
        word("bptt.forward"),
    )  # fmt: skip
    loss = Text(prose(f"L = ½‖y_T − y*‖² = {small(r.loss)}   δy = y_T − y* = {tiny(r.dy)}"))
    backward = table(
        ["t", "∂L/∂h_t", "δa_t", "J_t"],
        [gap_row(4) if t is None else
         [str(t + 1), tiny(r.dh[t]), tiny(r.da[t]), tiny(r.jacobians[t])]
         for t in cut.axis(T, per=2 * H + H * H)[::-1]],
        word("bptt.backward"),
    )  # fmt: skip
    top_dh, top_p = float(max(r.dh_norm)), float(max(r.jacobian_norm))
    norms = table(
        ["t", "‖∂L/∂h_t‖", "", "‖∂h_T/∂h_t‖₂", ""],
        [gap_row(5) if t is None else
         [str(t + 1), small(r.dh_norm[t]), bar(float(r.dh_norm[t]), top_dh),
          small(r.jacobian_norm[t]), bar(float(r.jacobian_norm[t]), top_p)]
         for t in cut.axis(T, per=2)],
        word("bptt.norms"),
        justify=("left", "right", "left", "right", "left"),
    )  # fmt: skip
    headers = [word("bptt.parameter"), "∂L/∂θ"]
    if r.clipped is not None and r.clip is not None:
        headers.append(word("bptt.clipped", beta=small(r.clip)))
    rows = []
    for key in r.grads.JSON_KEYS:
        row = [key, tiny(getattr(r.grads, key))]
        if r.clipped is not None:
            row.append(tiny(getattr(r.clipped, key)))
        rows.append(row)
    grads = table(headers, rows, word("bptt.grads"))
    norm, beta = small(r.grad_norm), None if r.clip is None else small(r.clip)
    if beta is None:
        clipping = sentence("bptt.no_clip", norm=norm)
    elif r.scale < 1:
        clipping = sentence("bptt.clip_scaled", norm=norm, beta=beta, scale=small(r.scale))
    else:
        clipping = sentence("bptt.clip_kept", norm=norm, beta=beta)
    return stack(
        equations([line.replace("target", "y*") for line in EQUATIONS]),
        note(f"{setup}\n{given}"),
        forward,
        loss,
        backward,
        norms,
        note(sentence("bptt.norms_note")),
        grads,
        Text(prose(clipping)),
        answer(word("bptt.answer", T=T), tiny(r.dh_norm, False)),
        cut.note(),
    )
