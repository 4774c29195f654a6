"""Exam figures drawn with box-drawing characters: the LSTM cell, unrolled RNNs and seq2seq.

Every function returns a Rich renderable and never prints. The drawings are plain text first
(they read the same under NO_COLOR or in a pipe); colour only adds emphasis. They fit in 80
columns. Figures are drawn on a small character canvas: lines are stored as the directions
they run in, so crossings and junctions get the right box-drawing character, and wide (CJK)
characters take two cells, so the columns stay aligned.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.cells import cell_len
from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.text import Text

from dlquiz.errors import InputError
from dlquiz.render.heatmap import attention_heatmap, gradient_flow

__all__ = [
    "FIGURES",
    "attention_heatmap",
    "gradient_flow",
    "lstm_cell",
    "seq2seq",
    "seq2seq_both",
    "unfold",
]

LANGS = ("en", "zh", "both")
_N, _E, _S, _W = 1, 2, 4, 8
_GLYPHS = {
    _N: "│", _S: "│", _N | _S: "│", _E: "─", _W: "─", _E | _W: "─",
    _S | _E: "┌", _S | _W: "┐", _N | _E: "└", _N | _W: "┘",
    _N | _S | _E: "├", _N | _S | _W: "┤", _E | _W | _S: "┬", _E | _W | _N: "┴",
    _N | _E | _S | _W: "┼",
}  # fmt: skip

# Styles: colour is emphasis only.
CELL_STATE = "bold cyan"
LAYER = "bold yellow"
POINTWISE = "bold magenta"
LABEL = "bold"
INPUT = "green"
OUTPUT = "bold red"
FRAME = "dim"


def say(en: str, zh: str, lang: str, sep: str = " ") -> str:
    """The label in the requested language: English, Traditional Chinese, or both (joined
    by `sep`)."""
    if lang not in LANGS:
        raise InputError(f"the language must be one of {', '.join(LANGS)}, not '{lang}'")
    return {"en": en, "zh": zh}.get(lang, f"{en}{sep}{zh}")


class Canvas:
    """A grid of character cells: text on top, then lines, then `under` text (frames)."""

    def __init__(self) -> None:
        self.text: dict[tuple[int, int], tuple[str, str]] = {}
        self.under: dict[tuple[int, int], tuple[str, str]] = {}
        self.lines: dict[tuple[int, int], tuple[int, str]] = {}

    def put(self, row: int, col: int, s: str, style: str = "", under: bool = False) -> int:
        """Write s from (row, col); returns the column after it. CJK takes two cells."""
        layer = self.under if under else self.text
        for ch in s:
            width = cell_len(ch)
            if width == 0 and (row, col - 1) in layer:  # a combining mark, as in C̃
                prev, prev_style = layer[row, col - 1]
                layer[row, col - 1] = (prev + ch, prev_style)
                continue
            layer[row, col] = (ch, style)
            if width == 2:
                layer[row, col + 1] = ("", style)
            col += width
        return col

    def centre(self, row: int, col: int, s: str, style: str = "") -> None:
        """Write s centred on column col."""
        self.put(row, col - (cell_len(s) - 1) // 2, s, style)

    def _link(self, row: int, col: int, bits: int, style: str) -> None:
        old, old_style = self.lines.get((row, col), (0, ""))
        self.lines[row, col] = (old | bits, style or old_style)

    def hline(self, row: int, c0: int, c1: int, style: str = "") -> None:
        for c in range(c0, c1 + 1):
            bits = (_E if c < c1 else 0) | (_W if c > c0 else 0)
            self._link(row, c, bits or _E | _W, style)

    def vline(self, col: int, r0: int, r1: int, style: str = "") -> None:
        for r in range(r0, r1 + 1):
            bits = (_S if r < r1 else 0) | (_N if r > r0 else 0)
            self._link(r, col, bits or _N | _S, style)

    def box(self, top: int, left: int, height: int, width: int, style: str = "") -> None:
        right, bottom = left + width - 1, top + height - 1
        self.hline(top, left, right, style)
        self.hline(bottom, left, right, style)
        self.vline(left, top, bottom, style)
        self.vline(right, top, bottom, style)

    def frame(self, top: int, left: int, bottom: int, right: int, style: str = FRAME) -> None:
        """A dashed, rounded outline; lines crossing it stay solid."""
        for c in range(left + 1, right):
            self.put(top, c, "┄", style, under=True)
            self.put(bottom, c, "┄", style, under=True)
        for r in range(top + 1, bottom):
            self.put(r, left, "┆", style, under=True)
            self.put(r, right, "┆", style, under=True)
        for (r, c), ch in {(top, left): "╭", (top, right): "╮", (bottom, left): "╰"}.items():
            self.put(r, c, ch, style, under=True)
        self.put(bottom, right, "╯", style, under=True)

    def render(self) -> Text:
        cells = self.text.keys() | self.under.keys() | self.lines.keys()
        rows = max(r for r, _ in cells) + 1
        cols = max(c for _, c in cells) + 1
        out = Text(no_wrap=True, overflow="ignore")
        for r in range(rows):
            line = Text()
            run, run_style = "", ""
            for c in range(cols):
                ch, style = self._cell(r, c)
                if style != run_style:
                    line.append(run, run_style)
                    run, run_style = "", style
                run += ch
            line.append(run, run_style)
            line.rstrip()
            out.append_text(line)
            if r < rows - 1:
                out.append("\n")
        return out

    def _cell(self, r: int, c: int) -> tuple[str, str]:
        if (r, c) in self.text:
            return self.text[r, c]
        if (r, c) in self.lines:
            bits, style = self.lines[r, c]
            return _GLYPHS[bits], style
        return self.under.get((r, c), (" ", ""))


# ── Figure 1: the LSTM cell ─────────────────────────────────────────────────────────────
_GATES = (  # equation, English name, Chinese name
    ("f_t = σ(W_f·[h_{t-1}, x_t] + b_f)", "forget gate", "遺忘門"),
    ("i_t = σ(W_i·[h_{t-1}, x_t] + b_i)", "input gate", "輸入門"),
    ("C̃_t = tanh(W_C·[h_{t-1}, x_t] + b_C)", "candidate", "候選值"),
    ("o_t = σ(W_o·[h_{t-1}, x_t] + b_o)", "output gate", "輸出門"),
    ("C_t = f_t ⊗ C_{t-1} ⊕ i_t ⊗ C̃_t", "cell state", "細胞狀態"),
    ("h_t = o_t ⊗ tanh(C_t)", "hidden state", "隱藏狀態"),
)
_KEY = (
    "⊗ pointwise multiply   ⊕ pointwise add   σ, tanh: neural-network layers",
    "⊗ 逐元素相乘   ⊕ 逐元素相加   σ、tanh：神經網路層",
)


def lstm_cell(lang: str = "en") -> Text:
    """The exam's Figure 1, the LSTM cell as in Olah's diagram. The cell state runs along the
    top, C_{t-1} → ⊗ (forget) → ⊕ (add new) → C_t; h_{t-1} joins x_t at the bottom left and
    feeds four layers: σ (f_t forget gate), σ (i_t input gate), tanh (C̃_t candidate) and
    σ (o_t output gate); i_t ⊗ C̃_t goes up into the ⊕; tanh(C_t) ⊗ o_t leaves as h_t to the
    right and upwards. A dashed outline marks the cell. Below: each gate's equation and name in
    `lang` ("en", "zh" or "both")."""
    names = [say(f"{en:<12}" if lang == "both" else en, zh, lang) for _, en, zh in _GATES]
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
    # The key: equations and names.
    row = 18
    for (equation, _, _), name in zip(_GATES, names, strict=True):
        end = cv.put(row, 2, equation)
        cv.put(row, max(end, 40) + 2, name, LABEL)
        row += 1
    for n, key in enumerate(_KEY):
        if lang == "both" or (n == 0) == (lang == "en"):
            cv.put(row, 2, key, FRAME)
            row += 1
    return cv.render()


# ── The network unrolled over time ──────────────────────────────────────────────────────
CELL_NAMES = {"lstm": "LSTM", "rnn": "RNN", "gru": "GRU"}
PER_ROW = 4  # cells per row: 4 fit in 80 columns; more steps wrap into balanced rows
_BOX, _GAP = 8, 9


def unfold(
    cell: str = "lstm", steps: int = 3, many_to_many: bool = False, lang: str = "en"
) -> Text:
    """The network unrolled over time: `steps` copies of one cell ("lstm", "rnn" or "gru")
    side by side, x_1..x_N entering from below, h_t (and c_t for an LSTM) passed right between
    them, h_0 (and c_0) entering the first. Many-to-one: only the last cell's h_N goes up to y;
    many-to-many: y_1..y_N above every cell. Up to 4 cells share a row (80 columns); 5..12
    steps wrap into balanced rows of at most 4, each row ending in h_k (c_k) ──▶ and the next
    one starting from them. A caption in `lang` says what the copies and outputs mean."""
    if cell not in CELL_NAMES:
        raise InputError(f"the cell must be one of {', '.join(CELL_NAMES)}, not '{cell}'")
    if not 1 <= steps <= 12:
        raise InputError(f"--unfold must be between 1 and 12, not {steps}")
    say("", "", lang)  # check the language before drawing
    nrows = -(-steps // PER_ROW)
    per = -(-steps // nrows)
    out = Text(no_wrap=True, overflow="ignore")
    for start in range(0, steps, per):
        out.append_text(_unfold_row(cell, start, min(start + per, steps), steps, many_to_many))
        out.append("\n\n")
    captions = (
        (
            f"Unrolled over {steps} time step{'s' * (steps > 1)}: the same cell, with the same"
            " weights, each step.",
            "Many-to-many: every step gives an output."
            if many_to_many
            else "Many-to-one: only the last step's hidden state gives the output.",
        ),
        (
            f"展開成 {steps} 個時間步：每一步都是同一個單元（同一組權重）。",
            "多對多：每一步都產生輸出。"
            if many_to_many
            else "多對一：只有最後一步的隱藏狀態產生輸出。",
        ),
    )
    lines = [*captions[0], *captions[1]] if lang == "both" else captions[lang == "zh"]
    out.append("\n".join(lines), FRAME)
    return out


def _unfold_row(cell: str, start: int, end: int, total: int, many: bool) -> Text:
    """Cells start+1..end of an unrolled network, as one row of the drawing."""
    cv = Canvas()
    outputs = range(start + 1, end + 1) if many else [total] if end == total else []
    top = 3 if outputs else 0
    height = 5 if cell == "lstm" else 3
    streams = [("h", top + height - 2, LABEL)]
    if cell == "lstm":
        streams.insert(0, ("c", top + 1, CELL_STATE))
    lead = max(cell_len(f"{name}_{start}") for name, _, _ in streams) + 4
    for name, row, style in streams:
        cv.put(row, 0, f"{name}_{start}", style)
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
                    cv.centre(row - 1, (right + stop) // 2, f"{name}_{t}", style)
                else:
                    cv.put(row, stop + 2, f"{name}_{t}", style)
        if t in outputs:
            cv.vline(mid, 1, top)
            cv.put(1, mid, "▲", OUTPUT)
            cv.centre(0, mid, f"y_{t}" if many else "y", OUTPUT)
            cv.put(2, mid + 2, f"h_{t}", LABEL)
        bottom = top + height
        cv.put(bottom, mid, "▲", INPUT)
        cv.put(bottom + 1, mid, "│", INPUT)
        cv.centre(bottom + 2, mid, f"x_{t}", INPUT)
    return cv.render()


# ── Figure 2: seq2seq translation without and with attention ────────────────────────────
SOURCE = ("Tom", "chase", "Jerry")
TARGET = ("湯姆", "追逐", "傑瑞")
# ALPHA[i][j]: how much decoder step i+1 attends to encoder state h_{j+1}; rows sum to 1.
ALPHA = ((0.6, 0.2, 0.2), (0.2, 0.7, 0.1), (0.3, 0.2, 0.5))  # the notes' Tom-chase-Jerry weights
_ENC, _DEC = (6, 19, 32), (47, 60, 73)  # centre columns of the encoder and decoder cells


def seq2seq(attention: bool, lang: str = "en", caption: bool = True) -> Text:
    """The exam's Fig. 2: an encoder RNN reads "Tom chase Jerry" (top row) and a decoder RNN
    writes 湯姆 追逐 傑瑞 (bottom row). Without attention, one context vector C, the last
    encoder state h_3, feeds every decoder step. With attention, decoder step i gets its own
    context c_i = Σ_j α_ij·h_j: every encoder state h_1..h_3 runs along its own line and each
    c_i taps all three (● with the weight α_ij), e.g. c_1 = 0.6·h_1 + 0.2·h_2 + 0.2·h_3; the
    sums are written out below. Labels in `lang` ("en", "zh" or "both")."""
    cv = Canvas()
    _rnn_row(cv, _ENC, 3, SOURCE, above=True)
    _rnn_row(cv, _DEC, 15, TARGET, above=False)
    cv.put(4, _ENC[-1] + 6, say("encoder", "編碼器", lang), LABEL)
    decoder = say("decoder", "解碼器", lang)
    cv.put(16, _DEC[0] - 5 - cell_len(decoder), decoder, LABEL)
    if attention:
        for j, col in enumerate(_ENC):
            bus = 12 - 2 * j  # h_3 turns first, so no line crosses another
            cv.vline(col, 5, bus)
            cv.put(6, col + 2, f"h_{j + 1}", LABEL)
            cv.hline(bus, col, _DEC[-1])
        for i, col in enumerate(_DEC):
            cv.centre(7, col, f"c_{i + 1}", CELL_STATE)
            cv.vline(col, 8, 13, CELL_STATE)
            cv.put(14, col, "▼", CELL_STATE)
            for j in range(3):
                cv.put(12 - 2 * j, col, "●", POINTWISE)
                cv.put(12 - 2 * j, col + 1, f"{ALPHA[i][j]:.1f}", POINTWISE)
        notes = [
            (
                "Each decoder step i has its own context vector c_i = Σ_j α_ij·h_j: a weighted",
                "sum over ALL encoder states, with attention weights α_ij ≥ 0 summing to 1:",
            ),
            (
                "每個解碼步驟 i 都有自己的上下文向量 c_i = Σ_j α_ij·h_j，",
                "也就是所有編碼器狀態的加權和；注意力權重 α_ij ≥ 0，總和為 1：",
            ),
        ]
        sums = [
            f"  c_{i + 1} = " + " + ".join(f"{a:.1f}·h_{j + 1}" for j, a in enumerate(row))
            for i, row in enumerate(ALPHA)
        ]
    else:
        col = _ENC[-1]
        cv.vline(col, 5, 10)
        cv.hline(10, col, _DEC[-1])
        cv.put(9, col + 2, "C = h_3 " + say("(context vector)", "（上下文向量）", lang), LABEL)
        for j in range(2):
            cv.centre(3, (_ENC[j] + _ENC[j + 1]) // 2 + 1, f"h_{j + 1}", LABEL)
        for col in _DEC:
            cv.vline(col, 10, 13, CELL_STATE)
            cv.put(14, col, "▼", CELL_STATE)
        notes = [
            (
                "Every decoder step reads the same context vector, the last encoder state:",
                "the whole source sentence has to fit into one fixed-size vector.",
            ),
            (
                "每個解碼步驟都讀同一個上下文向量，也就是編碼器最後的狀態：",
                "整句原文都得壓進一個固定長度的向量。",
            ),
        ]
        sums = []
    text = cv.render()
    if not caption:
        return text
    lines = [*notes[0], *notes[1]] if lang == "both" else list(notes[lang == "zh"])
    text.append("\n\n" + "\n".join(lines), FRAME)
    if sums:
        text.append("\n" + "\n".join(sums), LABEL)
    return text


def _rnn_row(
    cv: Canvas, centres: tuple[int, ...], top: int, words: tuple[str, ...], above: bool
) -> None:
    """Three RNN cells in a row joined left to right, with a word in above or out below."""
    for n, (col, word) in enumerate(zip(centres, words, strict=True)):
        cv.box(top, col - 3, 3, 7, LAYER)
        cv.put(top + 1, col - 2, " RNN ", LAYER)
        if n:
            cv.hline(top + 1, centres[n - 1] + 3, col - 4)
            cv.put(top + 1, col - 4, "▶")
        if above:
            cv.centre(top - 3, col, word, INPUT)
            cv.put(top - 2, col, "│", INPUT)
            cv.put(top - 1, col, "▼", INPUT)
        else:
            cv.vline(col, top + 2, top + 3, OUTPUT)
            cv.put(top + 3, col, "▼", OUTPUT)
            cv.centre(top + 4, col, word, OUTPUT)


def seq2seq_both(lang: str = "en", reveal: bool = True) -> RenderableType:
    """Fig. 2(a) and 2(b) together, titled "(a) without attention" and "(b) with attention"
    (zh: 無注意力 / 有注意力): side by side when the console is wide enough for both
    (about 160 columns), else stacked. With reveal=False (the exam's question) they are
    titled only "Fig. 2(a)" / "Fig. 2(b)" and drawn without captions, so that telling them
    apart is left to the student."""
    titles = (say("without attention", "無注意力", lang), say("with attention", "有注意力", lang))
    if not reveal:
        titles = ("", "")
    panels = [
        Group(
            Text(f"Fig. 2({tag}) {title}".rstrip(), style="bold underline"),
            seq2seq(attention, lang, caption=reveal),
        )
        for tag, title, attention in zip("ab", titles, (False, True), strict=True)
    ]
    return Columns(panels, padding=(1, 4))


# The figures by name; each takes `lang` as a keyword (unfold also `steps`, `many_to_many`).
FIGURES: dict[str, Callable[..., RenderableType]] = {
    "lstm-cell": lstm_cell,
    "lstm-unfold": partial(unfold, "lstm"),
    "rnn-unfold": partial(unfold, "rnn"),
    "gru-unfold": partial(unfold, "gru"),
    "seq2seq-plain": partial(seq2seq, False),
    "seq2seq-attention": partial(seq2seq, True),
    "seq2seq-both": seq2seq_both,
    "seq2seq-exam": partial(seq2seq_both, reveal=False),
    "gradient-flow": gradient_flow,
}
