"""The exam's Figure 1: the LSTM cell, with each gate's equation and name below it.

The symbols are those of the cards: subscripts in Unicode (Cₜ₋₁), ⊙ for the element-wise
product, and the equations are the cards' own, converted from the same LaTeX. The cell is
drawn in the widest of three forms that fits the width given: 75 columns, 54 columns, or
(narrower) as a list of its connections. The legend beside or under the equations wraps.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dlquiz.latex import to_unicode
from dlquiz.messages import msg
from dlquiz.render.canvas import (
    CELL_STATE,
    FRAME,
    INPUT,
    LABEL,
    LAYER,
    OUTPUT,
    POINTWISE,
    Canvas,
    Forms,
)

_GATES = (  # equation (as on the card), catalog key of its name
    (r"f_t = \sigma(W_f [h_{t-1}, x_t] + b_f)", "figure.lstm.forget_gate"),
    (r"i_t = \sigma(W_i [h_{t-1}, x_t] + b_i)", "figure.lstm.input_gate"),
    (r"\tilde{C}_t = \tanh(W_C [h_{t-1}, x_t] + b_C)", "figure.lstm.candidate"),
    (r"o_t = \sigma(W_o [h_{t-1}, x_t] + b_o)", "figure.lstm.output_gate"),
    (r"C_t = f_t \odot C_{t-1} + i_t \odot \tilde{C}_t", "figure.lstm.cell_state"),
    (r"h_t = o_t \odot \tanh(C_t)", "figure.lstm.hidden_state"),
)
_NAME_WIDTH = 12  # in "both", the English names are padded to this, so the Chinese line up
MUL, ADD = "⊙", "⊕"


@dataclass(frozen=True)
class _Layout:
    """Columns of one form of the drawing: the outline's sides, where xₜ joins, the four
    layers (forget, input, candidate, output), the output ⊙, the column hₜ goes up in."""

    left: int
    x: int
    f: int
    i: int
    g: int
    o: int
    t: int
    right: int
    up: int


_WIDE = _Layout(left=7, x=10, f=15, i=24, g=33, o=43, t=52, right=60, up=69)  # 75 columns
_COMPACT = _Layout(left=6, x=8, f=11, i=17, g=23, o=30, t=35, right=40, up=48)  # 54 columns


def _name(key: str, lang: str) -> str:
    name = msg(key)
    return f"{name.en:<{_NAME_WIDTH}} {name.zh}" if lang == "both" else name.get(lang)


def lstm_cell(lang: str = "en", legend: bool = True) -> RenderableType:
    """The LSTM cell as in Olah's diagram. The cell state runs along the top, Cₜ₋₁ → ⊙
    (forget) → ⊕ (add new) → Cₜ; hₜ₋₁ joins xₜ at the bottom left and feeds four layers:
    σ (fₜ forget gate), σ (iₜ input gate), tanh (C̃ₜ candidate) and σ (oₜ output gate);
    iₜ ⊙ C̃ₜ goes up into the ⊕; tanh(Cₜ) ⊙ oₜ leaves as hₜ to the right and upwards. A
    dashed outline marks the cell. Below: each gate's equation and name in `lang` ("en", "zh"
    or "both"), and what the symbols mean, unless `legend` is false: then the cell alone, with
    its symbols on it as the exam shows it (asking which symbol is which gate must not show
    the answer). Only the words below depend on `lang`."""
    cell = Forms(_drawing(_WIDE), _drawing(_COMPACT), _listing())
    if not legend:
        return cell
    return Group(cell, Text(""), _legend(lang), _key(lang))


def _drawing(at: _Layout) -> Text:
    cv = Canvas()
    x, f, i, g, o, t = at.x, at.f, at.i, at.g, at.o, at.t
    start = 5  # the lines start after "Cₜ₋₁ " and "hₜ₋₁ "
    cv.frame(2, at.left, 15, at.right)
    # The cell state along the top.
    cv.put(3, 0, "Cₜ₋₁", CELL_STATE)
    cv.hline(3, start, at.right + 3, CELL_STATE)
    for col, op in ((f, MUL), (g, ADD)):
        cv.put(3, col - 1, "▶", CELL_STATE)
        cv.put(3, col, op, POINTWISE)
    cv.put(3, at.right + 3, "▶ Cₜ", CELL_STATE)
    # hₜ₋₁ and xₜ at the bottom, feeding the four layers.
    cv.put(14, 0, "hₜ₋₁", LABEL)
    cv.hline(14, start, o)
    cv.vline(x, 14, 15)
    cv.centre(16, x, "xₜ", INPUT)
    for col, layer in ((f, " σ "), (i, " σ "), (g, "tanh"), (o, " σ ")):
        cv.box(10, col - 2, 3, len(layer) + 2, LAYER)
        cv.put(11, col - 1, layer, LAYER)
        cv.vline(col, 12, 14)
    # Forget gate up into the first ⊙.
    cv.vline(f, 4, 10)
    cv.put(4, f, "▲")
    cv.put(7, f + 2, "fₜ", LABEL)
    # Input gate ⊙ candidate, up into the ⊕.
    cv.vline(i, 7, 10)
    cv.hline(7, i, g - 1)
    cv.put(7, g - 1, "▶")
    cv.put(7, g, MUL, POINTWISE)
    cv.put(8, i + 2, "iₜ", LABEL)
    cv.vline(g, 8, 10)
    cv.put(8, g, "▲")
    cv.put(9, g + 2, "C̃ₜ", LABEL)
    cv.vline(g, 4, 6)
    cv.put(4, g, "▲")
    # tanh of the cell state ⊙ output gate → hₜ, out to the right and up.
    cv.vline(t, 3, 5)
    cv.box(5, t - 2, 3, 6, LAYER)
    cv.put(6, t - 1, "tanh", LAYER)
    cv.vline(t, 7, 8)
    cv.put(8, t, "▼")
    cv.vline(o, 9, 10)
    cv.hline(9, o, t + 3)
    cv.put(9, t - 1, "▶")
    cv.put(9, t, MUL, POINTWISE)
    cv.put(8, o + 2, "oₜ", LABEL)
    cv.vline(t + 3, 9, 14)
    cv.hline(14, t + 3, at.up + 2)
    cv.put(14, at.up + 2, "▶ hₜ", OUTPUT)
    cv.vline(at.up, 1, 14)
    cv.put(1, at.up, "▲", OUTPUT)
    cv.centre(0, at.up, "hₜ", OUTPUT)
    return cv.render()


def _listing() -> Group:
    """The cell as its connections, one a line, for a width too narrow to draw it: the
    same symbols, and no more said than the drawing shows (no gate is named)."""
    into = "hₜ₋₁, xₜ ─▶"
    lines = [
        (f"Cₜ₋₁ ─▶ {MUL} ─▶ {ADD} ─▶ Cₜ", CELL_STATE),
        (f"{into} σ ─▶ fₜ ─▶ {MUL} (Cₜ₋₁)", ""),
        (f"{into} σ ─▶ iₜ ─▶ {MUL} ─▶ {ADD}", ""),
        (f"{into} tanh ─▶ C̃ₜ ─▶ {MUL} (iₜ)", ""),
        (f"{into} σ ─▶ oₜ ─▶ {MUL}", ""),
        (f"Cₜ ─▶ tanh ─▶ {MUL} (oₜ) ─▶ hₜ ▶ / hₜ ▲", CELL_STATE),
    ]
    return Group(*(Text(line, style=style) for line, style in lines))


def _legend(lang: str) -> RenderableType:
    """Each equation with the gate's name beside it, or below it when that is too wide."""
    rows = [(to_unicode(latex), _name(key, lang)) for latex, key in _GATES]
    beside = Table.grid(padding=(0, 2))
    beside.add_column(no_wrap=True)
    beside.add_column(style=LABEL, no_wrap=True)
    for equation, name in rows:
        beside.add_row(Text(f"  {equation}"), name)
    below = Table.grid()
    below.add_column()
    for equation, name in rows:
        below.add_row(Text(f"  {equation}"))
        below.add_row(Text(f"      {name}", style=LABEL))
    return Forms(beside, below)


def _key(lang: str) -> RenderableType:
    """What the symbols mean: one line per language, or one entry a line if that is too wide."""
    key = msg("figure.lstm.key")
    langs = ("en", "zh") if lang == "both" else (lang,)
    entries = [key.get(one).splitlines() for one in langs]
    joined = Group(*(Text("  " + "   ".join(e), style=FRAME) for e in entries))
    apart = Group(*(Text("  " + entry, style=FRAME) for e in entries for entry in e))
    return Forms(joined, apart)
