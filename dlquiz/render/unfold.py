"""A recurrent network unrolled over time: one copy of the cell per time step.

As many cells share a row as the width given allows (up to 4: 71 columns; 2 fit in 40),
more steps wrap into balanced rows; the caption below wraps. Indices are Unicode subscripts
(x₁, h₀), as on the cards.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text

from dlquiz.messages import msg
from dlquiz.render.canvas import (
    CELL_STATE,
    INPUT,
    LABEL,
    LAYER,
    OUTPUT,
    Canvas,
    Forms,
    caption,
    sub,
)
from dlquiz.text import Text as Bilingual

CELL_NAMES = {"lstm": "LSTM", "rnn": "RNN", "gru": "GRU"}
PER_ROW = 4  # cells per row at most: 4 fit in 80 columns; more steps wrap into balanced rows
_BOX, _GAP = 8, 9


def unfold(cell: str, steps: int, many_to_many: bool = False, lang: str = "en") -> Group:
    """`steps` copies of one cell ("lstm", "rnn" or "gru") side by side, x₁..x_N entering
    from below, hₜ (and cₜ for an LSTM) passed right between them, h₀ (and c₀) entering the
    first. Many-to-one: only the last cell's h_N goes up to y; many-to-many: y₁..y_N above
    every cell. Up to PER_ROW cells share a row, as many as the width allows; more steps wrap
    into balanced rows, each row ending in h_k (c_k) ──▶ and the next one starting from them.
    A caption in `lang` says what the copies and outputs mean."""
    forms = [_drawing(cell, steps, per, many_to_many) for per in range(PER_ROW, 0, -1)]
    text = msg("figure.unfold.caption.many" if steps > 1 else "figure.unfold.caption.one")
    mode = msg("figure.unfold.many_to_many" if many_to_many else "figure.unfold.many_to_one")
    lines = text.format(steps=steps) + Bilingual("\n", "\n") + mode
    return Group(Forms(*forms), Text(""), caption(lines.get(lang)))


def _drawing(cell: str, steps: int, most: int, many: bool) -> Text:
    """The unrolled network in balanced rows of at most `most` cells."""
    nrows = -(-steps // most)
    per = -(-steps // nrows)
    out = Text(no_wrap=True, overflow="ignore")
    for start in range(0, steps, per):
        if start:
            out.append("\n\n")
        out.append_text(_row(cell, start, min(start + per, steps), steps, many))
    return out


def _row(cell: str, start: int, end: int, total: int, many: bool) -> Text:
    """Cells start+1..end of an unrolled network, as one row of the drawing."""
    cv = Canvas()
    outputs = range(start + 1, end + 1) if many else [total] if end == total else []
    top = 3 if outputs else 0
    height = 5 if cell == "lstm" else 3
    streams = [("h", top + height - 2, LABEL)]
    if cell == "lstm":
        streams.insert(0, ("c", top + 1, CELL_STATE))
    lead = max(cell_len(f"{name}{sub(start)}") for name, _, _ in streams) + 4
    for name, row, style in streams:
        cv.put(row, 0, f"{name}{sub(start)}", style)
        cv.hline(row, lead - 3, lead - 1, style)
        cv.put(row, lead - 1, "▶", style)
    for k in range(start, end):
        t = k + 1
        left = lead + (k - start) * (_BOX + _GAP)
        right, mid = left + _BOX - 1, left + 3
        cv.box(top, left, height, _BOX, LAYER)
        cv.put(top + height // 2, left + 1, CELL_NAMES[cell].center(_BOX - 2), LAYER)
        if t < total:  # pass the state on: to the next cell, or to the next row
            stop = right + _GAP if t < end else right + 3
            for name, row, style in streams:
                cv.hline(row, right, stop, style)
                cv.put(row, stop, "▶", style)
                if t < end:
                    cv.centre(row - 1, (right + stop) // 2, f"{name}{sub(t)}", style)
                else:
                    cv.put(row, stop + 2, f"{name}{sub(t)}", style)
        if t in outputs:
            cv.vline(mid, 1, top)
            cv.put(1, mid, "▲", OUTPUT)
            cv.centre(0, mid, f"y{sub(t)}" if many else "y", OUTPUT)
            cv.put(2, mid + 2, f"h{sub(t)}", LABEL)
        bottom = top + height
        cv.put(bottom, mid, "▲", INPUT)
        cv.put(bottom + 1, mid, "│", INPUT)
        cv.centre(bottom + 2, mid, f"x{sub(t)}", INPUT)
    return cv.render()
