"""The exam's Figure 1: the LSTM cell, with each gate's equation and name below it."""

from __future__ import annotations

from rich.text import Text

from dlquiz.messages import msg
from dlquiz.render.canvas import CELL_STATE, FRAME, INPUT, LABEL, LAYER, OUTPUT, POINTWISE, Canvas

_GATES = (  # equation, catalog key of its name
    ("f_t = σ(W_f·[h_{t-1}, x_t] + b_f)", "figure.lstm.forget_gate"),
    ("i_t = σ(W_i·[h_{t-1}, x_t] + b_i)", "figure.lstm.input_gate"),
    ("C̃_t = tanh(W_C·[h_{t-1}, x_t] + b_C)", "figure.lstm.candidate"),
    ("o_t = σ(W_o·[h_{t-1}, x_t] + b_o)", "figure.lstm.output_gate"),
    ("C_t = f_t ⊗ C_{t-1} ⊕ i_t ⊗ C̃_t", "figure.lstm.cell_state"),
    ("h_t = o_t ⊗ tanh(C_t)", "figure.lstm.hidden_state"),
)
_NAME_WIDTH = 12  # in "both", the English names are padded to this, so the Chinese line up


def _name(key: str, lang: str) -> str:
    name = msg(key)
    return f"{name.en:<{_NAME_WIDTH}} {name.zh}" if lang == "both" else name.get(lang)


def lstm_cell(lang: str = "en", legend: bool = True) -> Text:
    """The LSTM cell as in Olah's diagram. The cell state runs along the top, C_{t-1} → ⊗
    (forget) → ⊕ (add new) → C_t; h_{t-1} joins x_t at the bottom left and feeds four layers:
    σ (f_t forget gate), σ (i_t input gate), tanh (C̃_t candidate) and σ (o_t output gate);
    i_t ⊗ C̃_t goes up into the ⊕; tanh(C_t) ⊗ o_t leaves as h_t to the right and upwards. A
    dashed outline marks the cell. Below: each gate's equation and name in `lang` ("en", "zh"
    or "both"), and what the symbols mean, unless `legend` is false: then the cell alone, with
    its symbols on it as the exam shows it (asking which symbol is which gate must not show
    the answer). Only the words below depend on `lang`."""
    cv = Canvas()
    left, right, up = 10, 63, 72  # the outline's sides; the column where h_t goes up
    x, f, i, g, o, t = 13, 18, 27, 36, 46, 55  # x_t, the four layers, the output ⊗
    cv.frame(2, left, 15, right)
    # The cell state along the top.
    cv.put(3, 0, "C_{t-1}", CELL_STATE)
    cv.hline(3, 8, right + 3, CELL_STATE)
    for col, op in ((f, "⊗"), (g, "⊕")):
        cv.put(3, col - 1, "▶", CELL_STATE)
        cv.put(3, col, op, POINTWISE)
    cv.put(3, right + 3, "▶ C_t", CELL_STATE)
    # h_{t-1} and x_t at the bottom, feeding the four layers.
    cv.put(14, 0, "h_{t-1}", LABEL)
    cv.hline(14, 8, o)
    cv.vline(x, 14, 15)
    cv.put(16, x - 1, "x_t", INPUT)
    for col, layer in ((f, " σ "), (i, " σ "), (g, "tanh"), (o, " σ ")):
        cv.box(10, col - 2, 3, len(layer) + 2, LAYER)
        cv.put(11, col - 1, layer, LAYER)
        cv.vline(col, 12, 14)
    # Forget gate up into the first ⊗.
    cv.vline(f, 4, 10)
    cv.put(4, f, "▲")
    cv.put(7, f + 2, "f_t", LABEL)
    # Input gate ⊗ candidate, up into the ⊕.
    cv.vline(i, 7, 10)
    cv.hline(7, i, g - 1)
    cv.put(7, g - 1, "▶")
    cv.put(7, g, "⊗", POINTWISE)
    cv.put(8, i + 2, "i_t", LABEL)
    cv.vline(g, 8, 10)
    cv.put(8, g, "▲")
    cv.put(9, g + 2, "C̃_t", LABEL)
    cv.vline(g, 4, 6)
    cv.put(4, g, "▲")
    # tanh of the cell state ⊗ output gate → h_t, out to the right and up.
    cv.vline(t, 3, 5)
    cv.box(5, t - 2, 3, 6, LAYER)
    cv.put(6, t - 1, "tanh", LAYER)
    cv.vline(t, 7, 8)
    cv.put(8, t, "▼")
    cv.vline(o, 9, 10)
    cv.hline(9, o, t + 3)
    cv.put(9, t - 1, "▶")
    cv.put(9, t, "⊗", POINTWISE)
    cv.put(8, o + 2, "o_t", LABEL)
    cv.vline(t + 3, 9, 14)
    cv.hline(14, t + 3, up + 2)
    cv.put(14, up + 2, "▶ h_t", OUTPUT)
    cv.vline(up, 1, 14)
    cv.put(1, up, "▲", OUTPUT)
    cv.put(0, up - 1, "h_t", OUTPUT)
    if not legend:
        return cv.render()
    # The key: equations and names, then what the symbols mean.
    row = 18
    for equation, key in _GATES:
        end = cv.put(row, 2, equation)
        cv.put(row, max(end, 40) + 2, _name(key, lang), LABEL)
        row += 1
    for line in msg("figure.lstm.key").get(lang).splitlines():
        cv.put(row, 2, line, FRAME)
        row += 1
    return cv.render()
