"""The exam's Fig. 2: seq2seq translation by two RNNs, without and with attention."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.text import Text

from dlquiz.messages import msg
from dlquiz.render.canvas import CELL_STATE, FRAME, INPUT, LABEL, LAYER, OUTPUT, POINTWISE, Canvas
from dlquiz.text import Text as Bilingual

_ENC, _DEC = (6, 19, 32), (47, 60, 73)  # centre columns of the encoder and decoder cells


def seq2seq(
    attention: bool, alpha: Sequence[Sequence[float]], lang: str = "en", caption: bool = True
) -> Text:
    """An encoder RNN reads the source sentence (top row, "Tom chase Jerry") and a decoder
    RNN writes its Chinese translation (bottom row); both sentences come from the catalog.
    Without attention, one context vector C, the last encoder state h_3, feeds every decoder
    step. With attention, decoder step i gets its own context c_i = Σ_j α_ij·h_j: every
    encoder state h_1..h_3 runs along its own line and each c_i taps all three (● with the
    weight alpha[i][j]), e.g. c_1 = 0.6·h_1 + 0.2·h_2 + 0.2·h_3. With `caption`, a note says
    what the figure shows and the sums are written out below. Words in `lang` ("en", "zh"
    or "both")."""
    cv = Canvas()
    _rnn_row(cv, _ENC, 3, _words("figure.seq2seq.source", lang), above=True)
    _rnn_row(cv, _DEC, 15, _words("figure.seq2seq.target", lang), above=False)
    cv.put(4, _ENC[-1] + 6, msg("figure.seq2seq.encoder").get(lang, " "), LABEL)
    decoder = msg("figure.seq2seq.decoder").get(lang, " ")
    cv.put(16, _DEC[0] - 5 - cell_len(decoder), decoder, LABEL)
    sums: list[str] = []
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
                cv.put(12 - 2 * j, col + 1, f"{alpha[i][j]:.1f}", POINTWISE)
        note = msg("figure.seq2seq.attention_note")
        sums = [
            f"  c_{i + 1} = " + " + ".join(f"{a:.1f}·h_{j + 1}" for j, a in enumerate(row))
            for i, row in enumerate(alpha)
        ]
    else:
        col = _ENC[-1]
        cv.vline(col, 5, 10)
        cv.hline(10, col, _DEC[-1])
        context = msg("figure.seq2seq.context").get(lang, " ")
        cv.put(9, col + 2, f"C = h_3 {context}", LABEL)
        for j in range(2):
            cv.centre(3, (_ENC[j] + _ENC[j + 1]) // 2 + 1, f"h_{j + 1}", LABEL)
        for col in _DEC:
            cv.vline(col, 10, 13, CELL_STATE)
            cv.put(14, col, "▼", CELL_STATE)
        note = msg("figure.seq2seq.plain_note")
    text = cv.render()
    if not caption:
        return text
    text.append("\n\n" + note.get(lang), FRAME)
    if sums:
        text.append("\n" + "\n".join(sums), LABEL)
    return text


def _words(key: str, lang: str) -> list[str]:
    """The three words of an example sentence; in "both", the English (a sentence is drawn
    once, and the example's two languages are the same anyway)."""
    return msg(key).get("en" if lang == "both" else lang).split()


def _rnn_row(
    cv: Canvas, centres: tuple[int, ...], top: int, words: Sequence[str], above: bool
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


def _title(tag: str, attention: bool, reveal: bool, lang: str) -> str:
    """A panel's title, "Fig. 2(a) without attention"; only "Fig. 2(a)" if not `reveal`."""
    panel = msg("figure.seq2seq.panel", tag=tag)
    name = msg("figure.seq2seq.with" if attention else "figure.seq2seq.without")
    if not reveal:
        return panel.get(lang, " · ")
    return Bilingual(f"{panel.en} {name.en}", f"{panel.zh} {name.zh}").get(lang, " · ")


def seq2seq_both(
    alpha: Sequence[Sequence[float]], lang: str = "en", reveal: bool = True
) -> RenderableType:
    """Fig. 2(a) and 2(b) together, titled "(a) without attention" and "(b) with attention":
    side by side when the console is wide enough for both (about 160 columns), else stacked.
    With reveal=False (the exam's question) they are titled only "Fig. 2(a)" / "Fig. 2(b)" and
    drawn without captions, so that telling them apart is left to the student."""
    panels = [
        Group(
            Text(_title(tag, attention, reveal, lang), style="bold underline"),
            seq2seq(attention, alpha, lang, caption=reveal),
        )
        for tag, attention in (("a", False), ("b", True))
    ]
    return Columns(panels, padding=(1, 4))
