"""The exam's Fig. 2: seq2seq translation by two RNNs, without and with attention.

Three forms with the same labels and weights, the widest that fits the width given: the
encoder row above the decoder row, as the exam draws it (75 columns); the encoder turned to
run downwards beside the decoder row, its states crossing the decoder's context lines like
the rows of a weight matrix (40 columns); and, narrower still, the same as lines of text.
The notes under the figure wrap; they are never part of the drawing.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from dlquiz.messages import msg
from dlquiz.render.canvas import (
    CELL_STATE,
    INPUT,
    LABEL,
    LAYER,
    OUTPUT,
    POINTWISE,
    Canvas,
    Forms,
    sub,
)
from dlquiz.render.canvas import caption as wrapped
from dlquiz.text import Text as Bilingual

Alpha = Sequence[Sequence[float]]
_ENC, _DEC = (6, 19, 32), (45, 58, 71)  # the wide form: centre columns of the cells
_GAP = 4  # columns between the two panels side by side


def seq2seq(attention: bool, alpha: Alpha, lang: str = "en", caption: bool = True) -> Group:
    """An encoder RNN reads the source sentence ("Tom chase Jerry") and a decoder RNN writes
    its Chinese translation; both sentences come from the catalog. Without attention, one
    context vector C, the last encoder state h₃, feeds every decoder step. With attention,
    decoder step i gets its own context cᵢ = Σⱼ αᵢⱼ·hⱼ: every encoder state h₁..h₃ runs along
    its own line and each cᵢ taps all three (● with the weight alpha[i][j]). With `caption`,
    a note says what the figure shows and the sums are written out below. Words in `lang`
    ("en", "zh" or "both")."""
    forms = Forms(
        _wide(attention, alpha, lang), _compact(attention, alpha, lang),
        _listing(attention, alpha, lang),
    )  # fmt: skip
    if not caption:
        return Group(forms)
    key = "figure.seq2seq.attention_note" if attention else "figure.seq2seq.plain_note"
    parts: list[RenderableType] = [forms, Text(""), _note(key, lang)]
    parts += [Padding(wrapped(s, LABEL), (0, 0, 0, 2)) for s in _sums(alpha)] if attention else []
    return Group(*parts)


def _note(key: str, lang: str) -> Text:
    """A note in `lang`; in "both", the English paragraph and the Chinese one below it."""
    return wrapped(msg(key).get(lang))


def _sums(alpha: Alpha) -> list[str]:
    """c₁ = 0.6·h₁ + 0.2·h₂ + 0.2·h₃, one per decoder step."""
    return [
        f"c{sub(i + 1)} = " + " + ".join(f"{a:.1f}·h{sub(j + 1)}" for j, a in enumerate(row))
        for i, row in enumerate(alpha)
    ]


def _words(key: str, lang: str) -> list[str]:
    """The three words of an example sentence; in "both", the English (a sentence is drawn
    once, and the example's two languages are the same anyway)."""
    return msg(key).get("en" if lang == "both" else lang).split()


def _label(key: str, lang: str) -> str:
    return msg(key).get(lang, " ")


def _wide(attention: bool, alpha: Alpha, lang: str) -> Text:
    """The encoder row above the decoder row, the context lines between them."""
    cv = Canvas()
    _rnn_row(cv, _ENC, 3, _words("figure.seq2seq.source", lang), above=True)
    _rnn_row(cv, _DEC, 15, _words("figure.seq2seq.target", lang), above=False)
    cv.put(4, _ENC[-1] + 6, _label("figure.seq2seq.encoder", lang), LABEL)
    decoder = _label("figure.seq2seq.decoder", lang)
    cv.put(16, _DEC[0] - 5 - cell_len(decoder), decoder, LABEL)
    if attention:
        for j, col in enumerate(_ENC):
            bus = 12 - 2 * j  # h₃ turns first, so no line crosses another
            cv.vline(col, 5, bus)
            cv.put(6, col + 2, f"h{sub(j + 1)}", LABEL)
            cv.hline(bus, col, _DEC[-1])
        for i, col in enumerate(_DEC):
            cv.centre(7, col, f"c{sub(i + 1)}", CELL_STATE)
            cv.vline(col, 8, 13, CELL_STATE)
            cv.put(14, col, "▼", CELL_STATE)
            for j in range(3):
                cv.put(12 - 2 * j, col, "●", POINTWISE)
                cv.put(12 - 2 * j, col + 1, f"{alpha[i][j]:.1f}", POINTWISE)
        return cv.render()
    col = _ENC[-1]
    cv.vline(col, 5, 10)
    cv.hline(10, col, _DEC[-1])
    cv.put(9, col + 2, f"C = h₃ {_label('figure.seq2seq.context', lang)}", LABEL)
    for j in range(2):
        cv.centre(3, (_ENC[j] + _ENC[j + 1]) // 2 + 1, f"h{sub(j + 1)}", LABEL)
    for col in _DEC:
        cv.vline(col, 10, 13, CELL_STATE)
        cv.put(14, col, "▼", CELL_STATE)
    return cv.render()


def _rnn_row(
    cv: Canvas,
    centres: tuple[int, ...],
    top: int,
    words: Sequence[str],
    above: bool,
    half: int = 3,
) -> None:
    """RNN cells in a row joined left to right, with a word in above or out below; a cell is
    2·half + 1 columns wide (" RNN " in 7, "RNN" in 5)."""
    for n, (col, word) in enumerate(zip(centres, words, strict=True)):
        cv.box(top, col - half, 3, 2 * half + 1, LAYER)
        cv.put(top + 1, col - half + 1, "RNN".center(2 * half - 1), LAYER)
        if n:
            cv.hline(top + 1, centres[n - 1] + half, col - half - 1)
            cv.put(top + 1, col - half - 1, "▶")
        if above:
            cv.centre(top - 3, col, word, INPUT)
            cv.put(top - 2, col, "│", INPUT)
            cv.put(top - 1, col, "▼", INPUT)
        else:
            cv.vline(col, top + 2, top + 3, OUTPUT)
            cv.put(top + 3, col, "▼", OUTPUT)
            cv.centre(top + 4, col, word, OUTPUT)


def _compact(attention: bool, alpha: Alpha, lang: str) -> Text:
    """The encoder cells one below the other, each word entering from the left; the decoder
    row below and to the right. With attention each hⱼ runs right across the three context
    lines c₁..c₃ (● and the weight where cᵢ takes αᵢⱼ·hⱼ); without, h₃ alone goes on as C."""
    cv = Canvas()
    source = _words("figure.seq2seq.source", lang)
    wide = max(map(cell_len, source))
    box = wide + 4  # the encoder boxes' left side; their centre is box + 2
    mid, cols = box + 2, tuple(box + 10 + 8 * i for i in range(3))
    cv.centre(0, mid, _label("figure.seq2seq.encoder", lang), LABEL)
    for j, word in enumerate(source):
        top = 1 + 4 * j
        cv.box(top, box, 3, 5, LAYER)
        cv.put(top + 1, box + 1, "RNN", LAYER)
        cv.put(top + 1, wide - cell_len(word), word, INPUT)
        cv.hline(top + 1, wide + 1, box - 1, INPUT)
        cv.put(top + 1, box - 1, "▶", INPUT)
        if j < 2:
            cv.vline(mid, top + 2, top + 3)
            cv.put(top + 3, mid, "▼")
            if not attention:
                cv.put(top + 3, mid + 2, f"h{sub(j + 1)}", LABEL)
    if attention:
        for j in range(3):
            row = 2 + 4 * j
            cv.put(row - 1, box + 6, f"h{sub(j + 1)}", LABEL)
            cv.hline(row, box + 4, cols[-1])
        row = 12
        for i, col in enumerate(cols):
            cv.vline(col, 2, row + 1, CELL_STATE)
            cv.put(row, col + 2, f"c{sub(i + 1)}", CELL_STATE)
            for j in range(3):
                cv.put(2 + 4 * j, col, "●", POINTWISE)
                cv.put(2 + 4 * j, col + 1, f"{alpha[i][j]:.1f}", POINTWISE)
    else:
        context = msg("figure.seq2seq.context")
        said = [context.en, context.zh] if lang == "both" else [context.get(lang)]
        lines = ["C = h₃", *said]
        row = 12 + len(lines)
        cv.vline(mid, 11, row)
        for k, line in enumerate(lines):
            cv.put(12 + k, mid + 2, line, LABEL)
        cv.hline(row, mid, cols[-1])
        for col in cols:
            cv.vline(col, row, row + 1, CELL_STATE)
    row += 1
    for col in cols:
        cv.put(row, col, "▼", CELL_STATE)
    _rnn_row(cv, cols, row + 1, _words("figure.seq2seq.target", lang), above=False, half=2)
    decoder = _label("figure.seq2seq.decoder", lang)
    cv.put(row + 2, cols[0] - 3 - cell_len(decoder), decoder, LABEL)
    return cv.render()


def _listing(attention: bool, alpha: Alpha, lang: str) -> Group:
    """The figure as lines of text, for a width too narrow to draw it."""
    source = ", ".join(_words("figure.seq2seq.source", lang))
    target = ", ".join(_words("figure.seq2seq.target", lang))
    states = ", ".join(f"h{sub(j + 1)}" for j in range(3))
    encoder = _label("figure.seq2seq.encoder", lang)
    decoder = _label("figure.seq2seq.decoder", lang)
    lines = [f"{encoder}: {source} ▶ RNN ▶ RNN ▶ RNN ▶ {states}"]
    if attention:
        lines += _sums(alpha)
        given = ", ".join(f"c{sub(i + 1)}" for i in range(3))
    else:
        lines.append(f"C = h₃ {_label('figure.seq2seq.context', lang)}")
        given = "C, C, C"
    lines.append(f"{decoder}: {given} ▶ RNN ▶ RNN ▶ RNN ▶ {target}")
    return Group(*(Text(line, style=LABEL) for line in lines))


def _title(tag: str, attention: bool, reveal: bool, lang: str) -> str:
    """A panel's title, "Fig. 2(a) without attention"; only "Fig. 2(a)" if not `reveal`."""
    panel = msg("figure.seq2seq.panel", tag=tag)
    name = msg("figure.seq2seq.with" if attention else "figure.seq2seq.without")
    if not reveal:
        return panel.get(lang, " · ")
    return Bilingual(f"{panel.en} {name.en}", f"{panel.zh} {name.zh}").get(lang, " · ")


def seq2seq_both(alpha: Alpha, lang: str = "en", reveal: bool = True) -> RenderableType:
    """Fig. 2(a) and 2(b) together, titled "(a) without attention" and "(b) with attention":
    side by side when the width given holds two wide drawings (154 columns), else one above
    the other, each in the form that fits. With reveal=False (the exam's question) they are
    titled only "Fig. 2(a)" / "Fig. 2(b)" and drawn without captions, so that telling them
    apart is left to the student."""
    panels = [
        Group(
            Text(_title(tag, attention, reveal, lang), style="bold underline"),
            seq2seq(attention, alpha, lang, caption=reveal),
        )
        for tag, attention in (("a", False), ("b", True))
    ]
    wide = max(cell_len(line) for line in _wide(True, alpha, lang).plain.splitlines())
    beside = Table.grid(padding=(0, _GAP))
    for _ in panels:
        beside.add_column(width=wide)
    beside.add_row(*panels)
    return Forms(beside, Group(panels[0], Text(""), panels[1]))
