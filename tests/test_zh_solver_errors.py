"""A solver's bad input is one line in the student's language: `dlquiz solve … --lang zh`
says it in Chinese, --lang en in the English it always said, and both on one line.

The messages are `solver_input.*` of the catalog (questions/messages/solver_input.yaml); a
name with words in it ("the hidden activation f") is said in each language as well.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from tests.test_zh_errors import HAN, english_words

M = "1.7976931348623157e308"  # the largest float
# Words a Chinese line keeps as the student types them: option values, and the frameworks
# the gate orders are named after. A symbol with an underscore (d_model, W_f) is no word.
TYPED = {"before", "after", "sequence", "vector", "column", "row", "causal", "none", "ifog"}
TYPED |= {"ifco", "ifgo", "identity", "relu", "keras", "pytorch"}
SYMBOL = re.compile(r"[A-Za-z0-9^]*_[A-Za-z0-9{}^]*")


def foreign(line: str) -> list[str]:
    """The English words of a Chinese line, but for symbols and what the student types."""
    return [w for w in english_words(SYMBOL.sub(" ", line)) if w.lower() not in TYPED]


PRED = "--pred '0.5 0.5; 0.5 0.5'"
STACKED = "lstm --w '1 2 3; 4 5 6; 1 2 3; 4 5 6'"
POSITIONS = " ".join(map(str, range(513)))
BEYOND = "is beyond ±1.8e308, the largest floating-point number"
EXPLODES = "the gradient explodes: use a smaller W, fewer steps or a target nearer y_T"

# (the command line after `dlquiz solve`, the English the line has always said)
CASES: list[tuple[str, str]] = [
    # the shared checks: vectors, matrices, probabilities, activations
    ("lstm --bf '1 2 3'", "b_f must have 2 entries, but has 3 (option --bf)"),
    ("lstm --bf '1 2; 3 4'", "b_f must be a vector, but has shape 2×2"),
    ("lstm --wf '0.1 0.2; 0.3 0.4'", "W_f (acting on [h; x]) must be H×(H+D) = 2×(2+1) = 2×3"),
    ("gru --wz '1 2; 3 4'", "W_z (acting on [h; x]) must be H×(H+D) = 2×(2+1) = 2×3"),
    ("entropy --p '0.5 0.6'", "P sums to 1.1; a probability distribution sums to 1"),
    ("entropy --p '0.5 1.6'", "P has an entry above 1 (1.6); probabilities are ≤ 1"),
    ("entropy --p '-0.5 1.5'", "P has a negative entry (-0.5); probabilities are ≥ 0"),
    ("rnn --act foo", "the hidden activation f must be one of tanh, relu, sigmoid, not 'foo'"),
    ("rnn --out foo", "the output function g must be one of identity, sigmoid, softmax"),
    # beyond the float range
    ("clip --g '1.7e308 1.7e308'", f"‖g‖ {BEYOND}; give smaller numbers (option --g)"),
    ("rnn --x '1e300 1' --u '1e300 1e300' --act relu", f"U·x_t at t = 1 {BEYOND}; give smaller"),
    (
        "attention --x '1e200 1e200' --wq '1e200; 1e200' --wk '1; 1' --wv '1; 1'",
        f"an entry of Q = X·W^Q {BEYOND}; scale X or the weights down (option --wq)",
    ),
    (
        f"attention --scores '5 1 2 3 4' --dk 1 --v '{M}; {M}; {M}; {M}; {M}'",
        f"an entry of Z = A·V {BEYOND}; scale V down",
    ),
    (
        f"context --states '{M}; {M}' --weights '0.502 0.502'",
        f"an entry of c_i = Σ_j α_ij·h_j {BEYOND}; scale the states down",
    ),
    ("mha --x '1e308 1e308 1e308 1e308'", f"{BEYOND}; scale the inputs or the weights down"),
    # attention and the context vector
    ("attention --x '1 2; 3 4'", "X needs all three projections W^Q, W^K and W^V"),
    ("attention --q '1 2' --k '1 2'", "V is missing: give Q, K and V; or X with W^Q"),
    ("attention --scores '112 96' --dk 0", "d_k is the key dimension and must be positive"),
    ("attention --q '1 2; 3 4' --k '1 2 3; 4 5 6' --v '1; 2'", "K must be n×d_k = n×2, but"),
    ("context --weights '0.5 0.5' --query '1 0'", "give either the weights α or a decoder"),
    ("context --states '1 0; 0 1'", "give the weights α (one per encoder state) or a decoder"),
    (
        "context --states '1 0; 0 1' --weights '0.5 0.5; 0.2 0.9'",
        "α sums to 1.1 (row 2); a probability distribution sums to 1 (option --weights)",
    ),
    ("context --states '1 0; 0 1' --weights '0.5 0.5 0'", "the weights α must be n×2, but is"),
    ("context --states '1 0; 0 1' --query '1 0 1'", "the query s_i must be n×2, but is 1×3"),
    # the recurrent networks
    ("lstm --order xx", "the gate order of the stacked W must be ifog (the notes), ifco"),
    ("lstm --w '1 2 3; 4 5 6'", "the stacked W must be 4H×(H+D): four gate blocks of H rows"),
    (f"{STACKED} --wf '1 2 3; 4 5 6'", "the stacked W replaces the gate matrices; W_f cannot"),
    (f"{STACKED} --b '1 2 3 4' --bf 1", "give the biases once: the stacked b or b_f, not both"),
    (f"{STACKED} --x '1 2'", "the stacked W must be 4H×(H+D) = 4×(1+1) = 4×2, but is 4×3"),
    (f"{STACKED} --b '1 2'", "b (stacked) must have 4 entries, but has 2"),
    ("gru --reset xx", "reset must be before or after (where r_t acts), not 'xx'"),
    ("gru --bhn '1 1'", "b_hn is the recurrent bias of the reset-after form; it goes with"),
    ("rnn --reading xx", "the reading must be sequence or vector, not 'xx'"),
    ("rnn --convention xx", "the convention must be column (W·h, as the exam prints it) or"),
    ("rnn --w '1 2 3; 4 5 6'", "W must be square (H×H), but is 2×3"),
    ("rnn --u '1 2 3'", "U has 3 entries but the hidden state has 2: under the sequence"),
    ("rnn --u '1 2 3' --reading vector", "under the vector reading U holds one weight per"),
    ("rnn --wcat '1 2; 3 4'", "W_cat must be H×(H+D) with D ≥ 1 (it acts on [h_{t−1}; x_t])"),
    ("rnn --wcat '1 2 3; 4 5 6' --w '1 0; 0 1'", "W_cat on [h_{t−1}; x_t] already holds W"),
    # backpropagation through time
    ("bptt --w '1 2 3; 4 5 6'", "W must be H×H (square), but is 2×3 (option --w)"),
    ("bptt --u '1 2 3'", "U must be H×D = 2×1, but is 3×1"),
    ("bptt --bh '1 2 3'", "b_h must have H = 2 entries, but has 3"),
    ("bptt --target '1 2'", "target must have O = 1 entries, but has 2 (option --target)"),
    ("bptt --clip 0", "the clipping threshold β must be a positive number, not 0.0"),
    (f"bptt --target -{M} --by {M}", f"δy = y_T − target {BEYOND}; give smaller numbers"),
    (
        "bptt --target -1e200 --v '1e200 1e200'",
        f"the loss L = ½‖y_T − target‖² {BEYOND}; use a target nearer y_T",
    ),
    (
        "bptt --x '0 0 0' --u '1 1' --w '0 1e200; 1e200 0' --bh '0 0'",
        f"a product of Jacobians ∂h_T/∂h_t {BEYOND}; {EXPLODES}",
    ),
    (
        f"bptt --x 0 --bh '0 0' --v '{M} {M}' --by 0 --target -2",
        f"a gradient ∂L/∂h_t {BEYOND}; {EXPLODES}",
    ),
    (
        f"bptt --x '0 0' --u '1 1' --w '{M} {M}; {M} {M}' --bh '0 0' --target 0.1 --by 0.1",
        f"a norm ‖∂h_T/∂h_t‖₂ {BEYOND}; {EXPLODES}",
    ),
    # clipping, the GAN, information
    ("clip --threshold 0", "the threshold β must be a positive number, not 0"),
    ("clip --g '1 2; 3 4'", "the gradient g must be a vector, but has shape 2×2"),
    ("gan --dx 1.5", "D(x) holds discriminator outputs, which are probabilities in [0, 1]"),
    ("entropy --base 3", "the logarithm base must be 2, e or 10, not '3' (option --base)"),
    (f"xent --p '0.5 0.5' {PRED}", "give either one pair P, Q or a table of predictions"),
    ("xent --q '0.5 0.5'", "Q needs the true distribution P with it (option --p)"),
    ("xent --p '0.5 0.5'", "P needs the predicted distribution Q with it (option --q)"),
    (f"xent --labels 0 --actual '1 0' {PRED}", "give the true classes either as labels or as"),
    (f"xent --labels '0 5' {PRED}", "the labels are class numbers 0 to 1, one per row of"),
    (f"xent --labels '0 1 2' {PRED}", "the labels must have 2 entries, but has 3"),
    (f"xent --actual '1 0 0; 0 1 0' {PRED}", "the true rows y must be N×C = 2×2 like the"),
    (f"xent {PRED}", "the true classes are missing: give labels such as 0 1 0 2, or one-hot"),
    (
        "xent --pred '0.5 0.5; 0.5 0.6' --labels '0 1'",
        "ŷ (the predictions) sums to 1.1 (row 2); a probability distribution sums to 1",
    ),
    ("xent --actual '0.5 0.7' --pred '0.5 0.5'", "y (the true rows) sums to 1.2 (row 1)"),
    # the Transformer
    ("mha --heads 0", "the number of heads H must be a whole number ≥ 1, not 0"),
    ("mha --heads 3", "d_model = 4 is not divisible by H = 3 heads; d_k = d_model / H must"),
    ("mha --wq '1 0; 0 1'", "W_Q must be d_model×d_model = 4×4, but is 2×2 (option --wq)"),
    ("mha --memory '1 0 1'", "M (the encoder states) must be m×d_model = m×4, but is 1×3"),
    (
        "mha --mask causal --memory '1 0 1 0; 0 1 0 1'",
        "a causal mask hides the keys after each query, so it needs as many keys as queries; "
        "X has n = 3 tokens but M has m = 2 (option --mask)",
    ),
    ("posenc --d 0", "d is the model dimension, a whole number from 1 to 4096, not 0.0"),
    ("posenc --positions -1", "the positions are token positions 0, 1, 2, …; none may be"),
    (
        f"posenc --d 4096 --positions '{POSITIONS}'",
        "513 positions × d = 4096 is 2,101,248 numbers; at most 2,097,152 (e.g. 512 positions "
        "with d = 4096)",
    ),
]
IDS = [command[:60] for command, _ in CASES]


@pytest.mark.parametrize(("command", "english"), CASES, ids=IDS)
def test_a_solver_error_is_one_line_in_chinese(
    bad: Callable[..., str], command: str, english: str
) -> None:
    line = bad("solve", *shlex.split(command), "--lang", "zh")
    assert line.startswith("錯誤：") and HAN.search(line[3:]), line
    assert foreign(line) == [], line
    assert "(option" not in line and "（選項 --" in line, line


@pytest.mark.parametrize(("command", "english"), CASES, ids=IDS)
def test_a_solver_error_says_what_it_said_in_english(
    bad: Callable[..., str], command: str, english: str
) -> None:
    line = bad("solve", *shlex.split(command), "--lang", "en")
    assert line.startswith("error: ") and english in line, line
    assert not HAN.search(line), line


@pytest.mark.parametrize(("command", "english"), CASES, ids=IDS)
def test_a_solver_error_in_both_is_english_then_chinese(
    bad: Callable[..., str], monkeypatch: pytest.MonkeyPatch, command: str, english: str
) -> None:
    monkeypatch.delenv("DLQUIZ_LANG", raising=False)
    line = bad("solve", *shlex.split(command))
    en, _, zh = line.partition(" · 錯誤：")
    assert en.startswith("error: ") and english in en and not HAN.search(en), line
    assert HAN.search(zh) and foreign(zh) == [], line


def _direct() -> list[tuple[Callable[[], Any], str]]:
    """Solver calls with input the command line cannot give (it checks or parses it first),
    and the English each has always said."""
    from dlquiz.solvers import _common, _stable
    from dlquiz.solvers.attention import attention_from_scores
    from dlquiz.solvers.context import context_vector
    from dlquiz.solvers.gan import gan_losses
    from dlquiz.solvers.gradflow import gradient_norms
    from dlquiz.solvers.gru import gru_forward
    from dlquiz.solvers.information import log_base
    from dlquiz.solvers.lstm import lstm_forward
    from dlquiz.solvers.mha import multi_head_attention
    from dlquiz.solvers.posenc import positional_encoding
    from dlquiz.solvers.rnn import rnn_forward
    from dlquiz.solvers.softmax import softmax_steps

    X, I4 = [[1, 0, 1, 0], [0, 1, 0, 1], [1, 1, 0, 0]], np.eye(4)

    def gru_nan() -> Any:  # W_z·[h; x] = ∞ − ∞ on x = [1e308, 1e308]
        wz, zeros = [[0, 0, 1e308, -1e308]] * 2, [[0] * 4] * 2
        return gru_forward(x=[[1e308, 1e308]], wz=wz, wr=zeros, wn=zeros)

    def mha(**kwargs: Any) -> Any:
        return multi_head_attention(X, I4, I4, I4, I4, **kwargs)

    return [
        (lambda: _common.matrix(5, "W", (2, 2)), "W must be a matrix, but has shape a scalar"),
        (lambda: _common.matrix(np.zeros((2, 2, 2)), "W", (2, 2)), "has shape 2×2×2"),
        (lambda: _common.vector([1, np.inf], "b"), "b has a non-finite entry; give finite"),
        (lambda: _common.sequence(np.zeros((0, 2)), "x"), "x must be one number per time step"),
        (lambda: _stable.finite(np.array([np.inf]), "‖g‖", None), "‖g‖ is beyond ±1.8e308"),
        (lambda: attention_from_scores([1, np.inf]), "the scores q·k_j has a non-finite entry"),
        (lambda: attention_from_scores([[1, np.inf]]), "the scores q_i·k_j has a non-finite"),
        (
            lambda: context_vector(states=[[[1.0]]], weights=[1.0]),
            "the encoder states h_j must be a matrix, but has shape 1×1×1",
        ),
        (lambda: gan_losses(reduce="max"), "reduce must be mean or sum, not 'max'"),
        (lambda: log_base(3.5), "the logarithm base must be 2, e or 10, not '3.5'"),
        (lambda: gradient_norms(-1, 3), "scale must be a finite number ≥ 0, not -1"),
        (lambda: gradient_norms(1, 5000), "steps must be between 0 and 1000, not 5000"),
        (lambda: gradient_norms(1, 3, hidden=0), "hidden must be at least 1, not 0"),
        (lambda: gradient_norms(1e10, 1000), "‖g_k‖ = s^k = 1e+10^1000 is beyond ±1.8e308"),
        (gru_nan, "W_z·[h_{t−1}; x_t] + b_z at t = 1 is beyond ±1.8e308"),
        (lambda: lstm_forward(candidate="relu"), "candidate must be tanh or sigmoid, not 'relu'"),
        (lambda: mha(heads=1.5), "the number of heads H must be a whole number ≥ 1, not 1.5"),
        (lambda: mha(mask="foo"), "mask must be causal or none, not 'foo'"),
        (lambda: mha(scale="bad"), "scale must be one of dk, tokens, dmodel, none, not 'bad'"),
        (lambda: mha(softmax_axis=1), "softmax_axis must be -1 (rows) or 0 (columns), not 1"),
        (lambda: mha(transpose_q=True), "transpose_q: Q_hᵀ·K_h is only defined here when"),
        (
            lambda: multi_head_attention([[1] * 4], I4, I4, I4, np.ones((4, 4)) * 1e308),
            "an entry of out = C·W_O is beyond ±1.8e308",
        ),
        (lambda: positional_encoding(4, [[1, 2], [3, 4]]), "the positions must be a vector"),
        (lambda: rnn_forward(x=[]), "x must be numbers: one per time step, or one row per"),
        (lambda: softmax_steps([np.inf]), "z must be finite numbers: a vector, or a matrix"),
    ]


def test_a_solver_error_the_command_line_cannot_reach_has_both_languages() -> None:
    from dlquiz.errors import InputError
    from dlquiz.text import Text

    for call, english in _direct():
        with pytest.raises(InputError) as caught:
            call()
        said = caught.value.text
        assert isinstance(said, Text) and said.en == caught.value.message, english
        assert english in said.en and not HAN.search(said.en), said.en
        assert HAN.search(said.zh), said.zh


def test_every_solver_message_of_the_catalog_is_said_above(
    bad: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each `solver_input.*` message (names and hints too) is one that some case above says,
    so none is left untested, or unused."""
    import dlquiz.messages as messages
    from dlquiz.errors import InputError

    said: set[str] = set()
    real = messages.msg

    def recording(key: str, **fields: object) -> Any:
        said.add(key)
        return real(key, **fields)

    monkeypatch.setattr(messages, "msg", recording)
    for command, _ in CASES:
        bad("solve", *shlex.split(command), "--lang", "en")
    for call, _ in _direct():
        with pytest.raises(InputError):
            call()
    catalog = {key for key in messages.catalog() if key.startswith("solver_input.")}
    assert sorted(catalog - said) == []


def test_a_name_inside_a_message_is_said_in_each_language() -> None:
    from dlquiz.errors import InputError
    from dlquiz.solvers.rnn import rnn_forward
    from dlquiz.text import Text

    with pytest.raises(InputError) as caught:
        rnn_forward(act="foo")
    said = caught.value.text
    assert isinstance(said, Text) and caught.value.param == "act"
    assert said.en.startswith("the hidden activation f must be one of tanh, relu, sigmoid,")
    assert said.zh.startswith("隱藏層的活化函數 f 必須是 tanh、relu、sigmoid 其中之一")
