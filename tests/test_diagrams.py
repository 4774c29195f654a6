"""The terminal diagrams: what each figure shows, that it fits in 80 columns, and gradflow."""

from __future__ import annotations

import io
import itertools
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, RenderableType

from dlquiz.errors import InputError
from dlquiz.render.diagrams import (
    ALPHA,
    FIGURES,
    attention_heatmap,
    gradient_flow,
    lstm_cell,
    seq2seq,
    seq2seq_both,
    unfold,
)
from dlquiz.solvers.gradflow import GradFlowResult, clip_norms, gradient_norms


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


# ── the LSTM cell ──────────────────────────────────────────────────────────────────────


def test_lstm_cell_has_every_gate_and_its_layer() -> None:
    text = show(lstm_cell())
    for label in ("f_t", "i_t", "C̃_t", "o_t", "C_{t-1}", "C_t", "h_{t-1}", "h_t", "x_t"):
        assert label in text
    assert text.count("│ σ │") == 3  # three sigmoid layers: forget, input, output
    assert text.count("│tanh│") == 2  # the candidate layer and tanh on the cell state
    assert text.count("⊗") >= 3 and "⊕" in text
    for name in ("forget gate", "input gate", "candidate", "output gate"):
        assert name in text
    assert "遺忘門" not in text
    assert "[h_{t-1}, x_t]" in text  # brackets are text, not eaten as markup


def test_lstm_cell_in_chinese_and_both() -> None:
    zh = show(lstm_cell("zh"))
    for name in ("遺忘門", "輸入門", "候選值", "輸出門"):
        assert name in zh
    assert "forget gate" not in zh
    both = show(lstm_cell("both"))
    for name in ("遺忘門", "輸入門", "候選值", "輸出門", "forget gate", "output gate"):
        assert name in both
    for text in (zh, both):
        assert widest(text) <= 80


def test_lstm_cell_gate_names_line_up_with_cjk() -> None:
    lines = [line for line in show(lstm_cell("both")).splitlines() if "門" in line]
    assert len(lines) == 3
    assert len({col(line, next(c for c in line if c >= "\u4e00")) for line in lines}) == 1


def test_lstm_cell_drawing_does_not_depend_on_language() -> None:
    figure = [show(lstm_cell(lang)).split("\n\n")[0] for lang in ("en", "zh", "both")]
    assert figure[0] == figure[1] == figure[2]


def test_bad_language_is_an_input_error() -> None:
    with pytest.raises(InputError, match="language"):
        lstm_cell("fr")


# ── unrolled networks ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("steps", range(1, 13))
@pytest.mark.parametrize("cell", ["lstm", "rnn", "gru"])
def test_unfold_draws_one_box_and_input_per_step(cell: str, steps: int) -> None:
    text = show(unfold(cell, steps))
    name = {"lstm": "LSTM", "rnn": "RNN", "gru": "GRU"}[cell]
    assert count_word(text, name) == steps
    for t in range(1, steps + 1):
        assert count_word(text, f"x_{t}") == 1
    assert count_word(text, f"x_{steps + 1}") == 0
    assert ("c_0" in text) == (cell == "lstm")
    assert ("c_1" in text) == (cell == "lstm" and steps > 1)
    assert widest(text) <= 80


@pytest.mark.parametrize("steps", [1, 3, 4, 7, 12])
def test_unfold_many_to_one_has_one_output(steps: int) -> None:
    text = show(unfold("lstm", steps))
    assert count_word(text, "y") == 1
    assert not re.search(r"\by_\d", text)
    lines = text.splitlines()
    y_line = next(line for line in lines if count_word(line, "y"))
    x_line = next(line for line in lines if f"x_{steps}" in line)
    assert col(y_line, "y") == col(x_line, f"x_{steps}") + 1  # right above the last cell


@pytest.mark.parametrize("steps", [1, 3, 4, 12])
def test_unfold_many_to_many_has_an_output_per_step(steps: int) -> None:
    text = show(unfold("rnn", steps, many_to_many=True))
    assert count_word(text, "y") == 0
    for t in range(1, steps + 1):
        assert count_word(text, f"y_{t}") == 1
    assert widest(text) <= 80


def test_unfold_passes_h_and_c_between_cells() -> None:
    text = show(unfold("lstm", 3))
    for label in ("h_0", "c_0", "h_1", "c_1", "h_2", "c_2", "h_3"):
        assert label in text
    assert "c_3" not in text  # many-to-one: only h_3 goes on, up to y
    gru = show(unfold("gru", 3))
    assert "h_2" in gru and "c_" not in gru


def test_unfold_wraps_long_sequences_into_rows_that_continue() -> None:
    text = show(unfold("lstm", 12))
    lines = text.splitlines()
    for k in (4, 8):
        assert any(line.rstrip().endswith(f"▶ h_{k}") for line in lines)
        assert any(line.startswith(f"h_{k} ──▶") for line in lines)
        assert any(line.startswith(f"c_{k} ──▶") for line in lines)


@pytest.mark.parametrize("steps", [0, 13, -1])
def test_unfold_steps_out_of_range(steps: int) -> None:
    with pytest.raises(InputError, match=f"^--unfold must be between 1 and 12, not {steps}$"):
        unfold("lstm", steps)


def test_unfold_unknown_cell() -> None:
    with pytest.raises(InputError, match="lstm, rnn, gru"):
        unfold("transformer", 3)


def test_unfold_caption_language() -> None:
    assert "時間步" in show(unfold("rnn", 3, lang="zh"))
    assert "time steps" not in show(unfold("rnn", 3, lang="zh"))
    both = show(unfold("rnn", 3, lang="both"))
    assert "時間步" in both and "time steps" in both


# ── seq2seq ────────────────────────────────────────────────────────────────────────────


def test_seq2seq_without_attention_has_one_context_vector() -> None:
    text = show(seq2seq(attention=False))
    assert count_word(text, "C") == 1
    assert "α" not in text
    assert not re.search(r"\bc_\d", text)
    for word in ("Tom", "chase", "Jerry", "湯姆", "追逐", "傑瑞"):
        assert word in text
    assert widest(text) <= 80


def test_seq2seq_with_attention_has_a_context_per_output_word() -> None:
    text = show(seq2seq(attention=True))
    for i in (1, 2, 3):
        assert count_word(text, f"c_{i}") >= 2  # drawn, and written out as a sum
    assert "α" in text and count_word(text, "C") == 0
    assert "c_1 = 0.6·h_1 + 0.2·h_2 + 0.2·h_3" in text
    assert text.count("●") == 9  # every context taps every encoder state
    for row in ALPHA:
        assert math.isclose(sum(row), 1.0)
    assert widest(text) <= 80


@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_seq2seq_cjk_words_sit_under_their_cells(lang: str) -> None:
    lines = show(seq2seq(attention=True, lang=lang)).splitlines()
    words = next(line for line in lines if "湯姆" in line and "傑瑞" in line)
    arrows = lines[lines.index(words) - 1]
    boxes = next(
        line for line in lines if "│ RNN" in line and ("decoder" in line or "解碼器" in line)
    )
    tops = [m.start() for m in re.finditer("▼", arrows)]
    assert [col(words, w) + 1 for w in ("湯姆", "追逐", "傑瑞")] == [
        cell_len(arrows[:t]) for t in tops
    ]
    assert col(boxes, "│ RNN") == cell_len(arrows[: tops[0]]) - 3


def test_seq2seq_both_stacks_when_narrow_and_pairs_when_wide() -> None:
    narrow = show(seq2seq_both()).splitlines()
    a = next(i for i, line in enumerate(narrow) if "(a) without attention" in line)
    b = next(i for i, line in enumerate(narrow) if "(b) with attention" in line)
    assert a < b
    assert widest("\n".join(narrow)) <= 80
    wide = show(seq2seq_both(), width=170)
    assert any(
        "(a) without attention" in ln and "(b) with attention" in ln for ln in wide.split("\n")
    )
    zh = show(seq2seq_both("zh"))
    assert "無注意力" in zh and "有注意力" in zh


# ── heatmap and gradient flow ──────────────────────────────────────────────────────────


def test_heatmap_shows_every_value_and_aligns_cjk_rows() -> None:
    weights = [[0.6, 0.2, 0.2], [0.25, 0.7, 0.05], [0.1, 0.2, 0.7]]
    text = show(attention_heatmap(weights, ["湯姆", "追逐", "傑瑞"], ["Tom", "chase", "Jerry"]))
    for row in weights:
        for v in row:
            assert f"{v:.2f}" in text
    rows = [line for line in text.splitlines() if "0." in line]
    starts = [
        [cell_len(line[: m.start()]) for m in re.finditer(r"\d\.\d\d", line)] for line in rows
    ]
    assert len(rows) == 3 and starts[0] == starts[1] == starts[2]


def test_heatmap_shape_mismatch() -> None:
    with pytest.raises(InputError, match="2×3"):
        attention_heatmap([[0.5, 0.5]], ["a", "b"], ["x", "y", "z"])


def test_gradient_flow_shows_vanishing_exploding_and_clipping() -> None:
    text = show(gradient_flow())
    assert "vanishing" in text and "exploding" in text and "capped at 1" in text
    assert "0.000977" in text and "57.7" in text  # 0.5**10 and 1.5**10
    vanish = next(line for line in text.splitlines() if "vanishing" in line)
    explode = next(line for line in text.splitlines() if "exploding" in line)
    assert "▁" in vanish and "█" not in vanish
    assert "█" in explode and "▁" not in explode
    assert widest(text) <= 80
    assert "clipped" not in show(gradient_flow(clip=None))
    assert "消失" in show(gradient_flow(lang="zh"))


@pytest.mark.parametrize("kwargs", [{"steps": 0}, {"scales": (0.0,)}, {"clip": -1.0}])
def test_gradient_flow_bad_input(kwargs: dict[str, object]) -> None:
    with pytest.raises(InputError):
        gradient_flow(**kwargs)  # type: ignore[arg-type]


def test_gradient_norms_vanish_and_explode() -> None:
    small, big = gradient_norms(0.5, 10).norms, gradient_norms(1.5, 10).norms
    assert len(small) == len(big) == 11
    assert all(b < a for a, b in itertools.pairwise(small))
    assert all(b > a for a, b in itertools.pairwise(big))
    for k in range(11):
        assert abs(small[k] - 0.5**k) < 1e-9 and abs(big[k] - 1.5**k) < 1e-9


@given(
    scale=st.floats(0.05, 2.0),
    steps=st.integers(0, 30),
    hidden=st.integers(1, 8),
    seed=st.integers(0, 2**16),
)
def test_gradient_norms_are_scale_to_the_k(
    scale: float, steps: int, hidden: int, seed: int
) -> None:
    result = gradient_norms(scale, steps, hidden, seed)
    assert isinstance(result, GradFlowResult)
    assert len(result.norms) == steps + 1
    for k, norm in enumerate(result.norms):
        assert math.isclose(norm, scale**k, rel_tol=1e-9, abs_tol=1e-12)


def test_clip_norms_caps_at_the_threshold() -> None:
    norms = gradient_norms(1.5, 10).norms
    clipped = clip_norms(norms, 2.0)
    assert all(c <= 2.0 for c in clipped)
    assert [float(c) for c in clipped] == [min(float(n), 2.0) for n in norms]
    with pytest.raises(InputError):
        clip_norms(norms, 0.0)


def test_gradient_norms_json_and_bad_input() -> None:
    assert list(gradient_norms(0.5, 3).to_json()) == ["norms"]
    with pytest.raises(InputError):
        gradient_norms(-1.0, 3)
    with pytest.raises(InputError):
        gradient_norms(1.0, -1)


# ── the registry ───────────────────────────────────────────────────────────────────────


def test_every_figure_renders_in_80_columns_in_every_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert set(FIGURES) == {
        "lstm-cell",
        "lstm-unfold",
        "rnn-unfold",
        "gru-unfold",
        "seq2seq-plain",
        "seq2seq-attention",
        "seq2seq-both",
        "seq2seq-exam",
        "gradient-flow",
    }
    for name, figure in FIGURES.items():
        for lang in ("en", "zh", "both"):
            renderable = figure(lang=lang)
            assert capsys.readouterr().out == ""  # figures are returned, never printed
            assert widest(show(renderable)) <= 80, name
    assert count_word(show(FIGURES["gru-unfold"](steps=4)), "GRU") == 4
    assert count_word(show(FIGURES["seq2seq-plain"]()), "C") == 1


def test_exam_figure_does_not_give_the_answer_away() -> None:
    """Q3 asks which figure has attention: the question's figure must not say so."""
    exam = show(FIGURES["seq2seq-exam"](lang="both"), width=200)
    assert "Fig. 2(a)" in exam and "Fig. 2(b)" in exam
    for word in ("attention", "注意力", "weighted sum", "加權"):
        assert word not in exam
    shown_after = show(FIGURES["seq2seq-both"](lang="both"), width=200)
    assert "with attention" in shown_after and "有注意力" in shown_after
