"""The figure renderers: what each draws, that it fits in 80 columns, and its words.

Each figure is rendered to plain text as a terminal without colour would show it. In English
no Chinese is left, in Chinese no English word but the symbols (and the example sentences,
which are English in the source of the translation and in the exam's Q6).
"""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console, RenderableType

from dlquiz import figures_data
from dlquiz.errors import InputError
from dlquiz.figures import FIGURES
from dlquiz.latex import prose
from dlquiz.messages import msg
from dlquiz.render.canvas import Canvas
from dlquiz.render.figures import DRAWINGS, draw
from dlquiz.render.gradflow import gradient_flow
from dlquiz.render.heatmap import attention_heatmap, exam_heatmap
from dlquiz.render.lstm_cell import lstm_cell
from dlquiz.render.seq2seq import seq2seq, seq2seq_both
from dlquiz.render.unfold import unfold

ALPHA = figures_data.SEQ2SEQ_ALPHA
LANGS = ("en", "zh", "both")
# Words that are symbols, names of models or the examples' own English words.
SYMBOL_WORDS = {"tanh", "softmax", "LSTM", "RNN", "GRU", "Tom", "chase", "Jerry", "Thinking",
                "Machines"}  # fmt: skip
TARGET_WORDS = ("湯姆", "追逐", "傑瑞")  # the translation the seq2seq example produces
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def show(renderable: RenderableType, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def widest(text: str) -> int:
    return max(cell_len(line.rstrip()) for line in text.splitlines())


def col(line: str, s: str) -> int:
    """The terminal column where s starts in line (CJK characters count as two)."""
    return cell_len(line[: line.index(s)])


def count_word(text: str, word: str) -> int:
    return len(re.findall(rf"(?<![\w]){re.escape(word)}(?![\w])", text))


def english_words(text: str) -> set[str]:
    """Runs of two or more Latin letters that are not symbols (h_t, C_{t-1}, W_f are)."""
    return set(re.findall(r"(?<![\w{])[A-Za-z]{2,}(?![\w}])", text)) - SYMBOL_WORDS


def flow(
    scales: tuple[float, ...] = (0.5, 1.0, 1.5), steps: int = 10, clip: float | None = 1.0
) -> figures_data.GradientFlow:
    return figures_data.gradient_flow(scales, steps, clip)


# ── the canvas ─────────────────────────────────────────────────────────────────────────


def test_canvas_joins_crossing_lines_and_keeps_cjk_columns() -> None:
    cv = Canvas()
    cv.hline(0, 0, 4)
    cv.vline(2, 0, 2)
    cv.hline(1, 1, 3)
    cv.hline(2, 2, 4)
    cv.put(3, 0, "湯姆x")
    cv.box(4, 0, 3, 4)
    lines = cv.render().plain.splitlines()
    assert lines[:3] == ["──┬──", " ─┼─", "  └──"]
    assert col(lines[3], "x") == 4  # 湯姆 takes four cells
    assert lines[4:] == ["┌──┐", "│  │", "└──┘"]


def test_canvas_frame_stays_under_lines() -> None:
    cv = Canvas()
    cv.frame(0, 0, 2, 4)
    cv.vline(2, 0, 2)
    assert cv.render().plain.splitlines() == ["╭┄│┄╮", "┆ │ ┆", "╰┄│┄╯"]


# ── the LSTM cell ──────────────────────────────────────────────────────────────────────


def test_lstm_cell_has_every_gate_and_its_layer() -> None:
    text = show(lstm_cell())
    for label in ("f_t", "i_t", "C̃_t", "o_t", "C_{t-1}", "C_t", "h_{t-1}", "h_t", "x_t"):
        assert prose(label) in text  # subscripts in Unicode, as on the cards
    assert text.count("│ σ │") == 3  # three sigmoid layers: forget, input, output
    assert text.count("│tanh│") == 2  # the candidate layer and tanh on the cell state
    assert text.count("⊙") >= 3 and "⊕" in text and "⊗" not in text  # ⊙, as on the cards
    for name in ("forget gate", "input gate", "candidate", "output gate", "cell state"):
        assert name in text
    assert "[hₜ₋₁, xₜ]" in text  # brackets are text, not eaten as markup
    assert "Cₜ = fₜ ⊙ Cₜ₋₁ + iₜ ⊙ C̃ₜ" in text  # the card's equation


def test_lstm_cell_in_chinese_and_both() -> None:
    zh = show(lstm_cell("zh"))
    for name in ("遺忘閘", "輸入閘", "候選值", "輸出閘", "記憶單元狀態", "隱藏狀態", "逐元素相乘"):
        assert name in zh
    both = show(lstm_cell("both"))
    for name in ("遺忘閘", "輸出閘", "forget gate", "output gate", "element-wise product"):
        assert name in both


def test_lstm_cell_gate_names_line_up_with_cjk() -> None:
    lines = [line for line in show(lstm_cell("both")).splitlines() if "閘" in line]
    assert len(lines) == 3
    assert len({col(line, next(c for c in line if c >= "\u4e00")) for line in lines}) == 1


def test_lstm_cell_drawing_does_not_depend_on_language() -> None:
    figure = [show(lstm_cell(lang)).split("\n\n")[0] for lang in LANGS]
    assert figure[0] == figure[1] == figure[2]


# ── unrolled networks ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("steps", range(1, 13))
@pytest.mark.parametrize("cell", ["lstm", "rnn", "gru"])
def test_unfold_draws_one_box_and_input_per_step(cell: str, steps: int) -> None:
    text = show(unfold(cell, steps))
    assert count_word(text, cell.upper()) == steps
    for t in range(1, steps + 1):
        assert count_word(text, prose(f"x_{{{t}}}")) == 1
    assert count_word(text, prose(f"x_{{{steps + 1}}}")) == 0
    assert ("c₀" in text) == (cell == "lstm")
    assert ("c₁" in text) == (cell == "lstm" and steps > 1)
    assert widest(text) <= 80


@pytest.mark.parametrize("steps", [1, 3, 4, 7, 12])
def test_unfold_many_to_one_has_one_output(steps: int) -> None:
    text = show(unfold("lstm", steps))
    assert count_word(text, "y") == 1
    assert not re.search(r"\by[₀-₉]", text)
    lines = text.splitlines()
    last = prose(f"x_{{{steps}}}")
    y_line = next(line for line in lines if count_word(line, "y"))
    x_line = next(line for line in lines if count_word(line, last))
    assert col(y_line, "y") == col(x_line, last) + (0 if steps < 10 else 1)  # above the last


@pytest.mark.parametrize("steps", [1, 3, 4, 12])
def test_unfold_many_to_many_has_an_output_per_step(steps: int) -> None:
    text = show(unfold("rnn", steps, many_to_many=True))
    assert count_word(text, "y") == 0
    for t in range(1, steps + 1):
        assert count_word(text, prose(f"y_{{{t}}}")) == 1
    assert widest(text) <= 80


def test_unfold_passes_h_and_c_between_cells() -> None:
    text = show(unfold("lstm", 3))
    for label in ("h₀", "c₀", "h₁", "c₁", "h₂", "c₂", "h₃"):
        assert label in text
    assert "c₃" not in text  # many-to-one: only h₃ goes on, up to y
    gru = show(unfold("gru", 3))
    assert "h₂" in gru and "c₀" not in gru and "c₁" not in gru


def test_unfold_wraps_long_sequences_into_rows_that_continue() -> None:
    lines = show(unfold("lstm", 12)).splitlines()
    for k in ("₄", "₈"):
        assert any(line.rstrip().endswith(f"▶ h{k}") for line in lines)
        assert any(line.startswith(f"h{k} ──▶") for line in lines)
        assert any(line.startswith(f"c{k} ──▶") for line in lines)


def test_unfold_caption_language() -> None:
    zh = show(unfold("rnn", 3, lang="zh"))
    assert "展開成 3 個時間步" in zh and "多對一" in zh and "time steps" not in zh
    both = show(unfold("rnn", 3, True, lang="both"))
    assert "時間步" in both and "time steps" in both and "多對多" in both
    assert "Many-to-many" in both
    assert "1 time step:" in show(unfold("rnn", 1))


# ── seq2seq ────────────────────────────────────────────────────────────────────────────


def test_seq2seq_without_attention_has_one_context_vector() -> None:
    text = show(seq2seq(False, ALPHA))
    assert count_word(text, "C") == 1 and "context vector" in text
    assert "α" not in text
    assert not re.search(r"\bc[₀-₉]", text)
    for word in ("Tom", "chase", "Jerry", *TARGET_WORDS, "encoder", "decoder"):
        assert word in text
    assert widest(text) <= 80


def test_seq2seq_with_attention_has_a_context_per_output_word() -> None:
    text = show(seq2seq(True, ALPHA))
    for i in "₁₂₃":
        assert count_word(text, f"c{i}") >= 2  # drawn, and written out as a sum
    assert "α" in text and count_word(text, "C") == 0
    assert "c₁ = 0.6·h₁ + 0.2·h₂ + 0.2·h₃" in text
    assert text.count("●") == 9  # every context taps every encoder state
    assert widest(text) <= 80


def test_seq2seq_draws_the_weights_it_is_given() -> None:
    text = show(seq2seq(True, ((0.1, 0.3, 0.6), (0.4, 0.4, 0.2), (0.9, 0.0, 0.1))))
    assert "c₁ = 0.1·h₁ + 0.3·h₂ + 0.6·h₃" in text and "●0.9" in text


def test_seq2seq_without_caption_has_no_note() -> None:
    text = show(seq2seq(True, ALPHA, "both", caption=False))
    assert "weighted" not in text and "加權" not in text and "c₁ =" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_seq2seq_cjk_words_sit_under_their_cells(lang: str) -> None:
    lines = show(seq2seq(True, ALPHA, lang=lang)).splitlines()
    words = next(line for line in lines if "湯姆" in line and "傑瑞" in line)
    arrows = lines[lines.index(words) - 1]
    boxes = next(
        line for line in lines if "│ RNN" in line and ("decoder" in line or "解碼器" in line)
    )
    tops = [m.start() for m in re.finditer("▼", arrows)]
    assert [col(words, w) + 1 for w in TARGET_WORDS] == [cell_len(arrows[:t]) for t in tops]
    assert col(boxes, "│ RNN") == cell_len(arrows[: tops[0]]) - 3


def test_seq2seq_both_stacks_when_narrow_and_pairs_when_wide() -> None:
    narrow = show(seq2seq_both(ALPHA)).splitlines()
    a = next(i for i, line in enumerate(narrow) if "Fig. 2(a) without attention" in line)
    b = next(i for i, line in enumerate(narrow) if "Fig. 2(b) with attention" in line)
    assert a < b
    assert widest("\n".join(narrow)) <= 80
    wide = show(seq2seq_both(ALPHA), width=170)
    assert any(
        "(a) without attention" in ln and "(b) with attention" in ln for ln in wide.split("\n")
    )
    zh = show(seq2seq_both(ALPHA, "zh"))
    assert "圖 2(a) 無注意力" in zh and "圖 2(b) 有注意力" in zh


def test_seq2seq_exam_panels_do_not_give_the_answer_away() -> None:
    """Q3 asks which figure has attention: the question's figure must not say so."""
    for lang in LANGS:
        exam = show(seq2seq_both(ALPHA, lang, reveal=False), width=200)
        assert ("Fig. 2(a)" in exam) == (lang != "zh") and ("圖 2(b)" in exam) == (lang != "en")
        for word in ("attention", "注意力", "weighted sum", "加權"):
            assert word not in exam


# ── gradient flow ──────────────────────────────────────────────────────────────────────


def test_gradient_flow_shows_vanishing_exploding_and_clipping() -> None:
    text = show(gradient_flow(flow()))
    assert "vanishing" in text and "exploding" in text
    assert "0.000977" in text and "57.7" in text  # 0.5**10 and 1.5**10
    vanish = next(line for line in text.splitlines() if "vanishing" in line)
    explode = next(line for line in text.splitlines() if "exploding" in line)
    assert "▁" in vanish and "█" not in vanish
    assert "█" in explode and "▁" not in explode
    assert "k = 0…10 steps back" in text and "‖g‖ ≤ β = 1" in text
    assert "once per update on the whole gradient" in text and "0.0173" in text
    assert "capped" not in text and "clipped" not in text  # no bar is clipped step by step
    assert widest(text) <= 80
    assert "β" not in show(gradient_flow(flow(clip=None)))
    zh = show(gradient_flow(flow(), "zh"))
    for word in ("消失", "穩定", "爆炸", "每次更新", "倍數", "對數刻度", "正交矩陣"):
        assert word in zh


def test_gradient_flow_draws_the_norms_it_is_given() -> None:
    given = figures_data.GradientFlow(
        2, None, (figures_data.FlowRow(3.0, (1.0, 2.0, 123.0), "exploding"),)
    )
    text = show(gradient_flow(given))
    assert "s = 3" in text and "123" in text and "k = 0 → 2" in text


def test_gradient_flow_with_many_steps_fits() -> None:
    assert widest(show(gradient_flow(flow(steps=40)))) <= 80


# ── heat maps ──────────────────────────────────────────────────────────────────────────


def test_heatmap_shows_every_value_and_aligns_cjk_rows() -> None:
    weights = [[0.6, 0.2, 0.2], [0.25, 0.7, 0.05], [0.1, 0.2, 0.7]]
    text = show(attention_heatmap(weights, TARGET_WORDS, ["Tom", "chase", "Jerry"]))
    for row in weights:
        for v in row:
            assert f"{v:.2f}" in text
    rows = [line for line in text.splitlines() if "0." in line]
    starts = [
        [cell_len(line[: m.start()]) for m in re.finditer(r"\d\.\d\d", line)] for line in rows
    ]
    assert len(rows) == 3 and starts[0] == starts[1] == starts[2]


def test_heatmap_scale_covers_values_outside_0_1() -> None:
    text = show(attention_heatmap([[-0.5, 1.5]], ["q1"], ["k1", "k2"]))
    assert "-0.50" in text and "1.50" in text


@pytest.mark.parametrize("lang", LANGS)
def test_exam_heatmap_shows_q6(lang: str) -> None:
    text = show(exam_heatmap(figures_data.exam_attention(), lang))
    assert "0.88" in text and "0.12" in text and "112, 96" in text and "√64" in text
    assert "q1 Thinking" in text and "k2 Machines" in text
    assert ("for the query of" in text) == (lang != "zh") and ("為查詢" in text) == (lang != "en")


# ── by name ────────────────────────────────────────────────────────────────────────────


def test_every_registered_figure_has_a_drawing() -> None:
    assert set(DRAWINGS) == set(FIGURES)


@pytest.mark.parametrize("name", sorted(FIGURES))
@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_fits_in_80_columns_and_speaks_one_language(
    name: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    renderable = DRAWINGS[name](lang=lang)
    assert capsys.readouterr().out == ""  # figures are returned, never printed
    text = show(renderable)
    assert widest(text) <= 80, name
    if lang == "en":
        for word in TARGET_WORDS:
            text = text.replace(word, "")
        assert not CJK.search(text), name
    elif lang == "zh":
        assert english_words(text) == set(), name
    else:
        assert CJK.search(text) and english_words(text), name


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("lstm-cell", ["forget_gate", "input_gate", "candidate", "output_gate", "cell_state",
                       "hidden_state", "key"]),
        ("seq2seq-plain", ["encoder", "decoder", "context", "plain_note"]),
        ("seq2seq-attention", ["encoder", "decoder", "attention_note"]),
        ("seq2seq-both", ["without", "with", "plain_note", "attention_note"]),
        ("gradient-flow", ["scale", "vanishing", "steady", "exploding", "note"]),
        ("lstm-unfold", ["many_to_one"]),
    ],
)  # fmt: skip
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_label_is_shown(name: str, keys: list[str], lang: str) -> None:
    text = re.sub(r"\s", "", show(DRAWINGS[name](lang=lang), width=150))  # notes wrap
    prefix = {"lstm-cell": "figure.lstm", "gradient-flow": "figure.flow",
              "lstm-unfold": "figure.unfold"}.get(name, "figure.seq2seq")  # fmt: skip
    for key in keys:
        for line in msg(f"{prefix}.{key}").get(lang).splitlines():
            assert re.sub(r"\s", "", line) in text, (key, line)


def test_figures_take_their_arguments_by_name() -> None:
    assert count_word(show(DRAWINGS["gru-unfold"](steps=4)), "GRU") == 4
    assert count_word(show(draw("rnn-unfold", "en", steps=2, many_to_many=True)), "y₂") == 1
    assert count_word(show(DRAWINGS["seq2seq-plain"]()), "C") == 1
    assert "k = 0 → 5" in show(DRAWINGS["gradient-flow"](steps=5, clip=None, scales=[2]))


@pytest.mark.parametrize(
    ("name", "args", "lang", "error"),
    [
        ("lstm-cell", {}, "fr", "the language must be one of en, zh, both, not 'fr'"),
        ("lstm-unfold", {"steps": 0}, "en", "--unfold must be between 1 and 12, not 0"),
        ("gradient-flow", {"steps": 0}, "zh", "--steps must be between 1 and 40, not 0"),
        ("gradient-flow", {"scales": (0.0,)}, "en", "the scales must be numbers > 0, not [0.0]"),
        ("gradient-flow", {"clip": -1.0}, "en", "threshold must be a number > 0, not -1.0"),
    ],
)
def test_bad_arguments_are_input_errors(
    name: str, args: dict[str, object], lang: str, error: str
) -> None:
    with pytest.raises(InputError, match=re.escape(error)):
        DRAWINGS[name](lang=lang, **args)
