"""Grading: the spellings of numbers, symbols and choices, rounding, partial credit, mistakes,
keyword hits in explanations, and unreadable answers."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlquiz.bank.grade import grade, grade_explain, grade_steps, rubric_hits
from dlquiz.bank.load import load_bank
from dlquiz.bank.variant import Variant, make_variant
from dlquiz.errors import InputError
from dlquiz.numparse import parse_array, parse_number

BANK = {q.id: q for q in load_bank()}


def v(qid: str, **changes: Any) -> Variant:
    q = BANK[qid]
    return make_variant(replace(q, **changes) if changes else q, 0)


# ------------------------------------------------------------------ numbers


H1 = {"answer": "h[0]", "mistakes": ()}  # Q4's first hidden state, tanh([2.0, 0.2])


@pytest.mark.parametrize(
    "answer",
    [
        "0.964 0.197",
        "[0.964, 0.197]",
        "0.964, 0.197",
        "0.964,0.197",
        "(0.964, 0.197)",
        "0.96 0.2",
        "[0.96, 0.2]",
        "tanh(2) tanh(0.2)",
        "tanh(2), tanh(1/5)",
        "[tanh(2), tanh(0.2)]",
        "0.964; 0.197",
        "９６４/1000 0.197",
        "0.964 19.7%",
        "96.4%, 19.7%",
    ],
)
def test_vector_spellings_are_right(answer: str) -> None:
    g = grade(v("final-2023-q4", **H1), [answer])
    assert g.correct and g.score == 1.0, g


def test_space_separated_percentages() -> None:
    g = grade(v("final-2023-q6"), ["88% 12%"])
    assert g.correct


def test_single_number_spellings() -> None:
    first = v("final-2023-q4", answer="h[0][0]", mistakes=())
    for answer in ("0.96", "0.964", "tanh(2)", "0.9640", ".964", "964/1000", "1 - 0.036"):
        assert grade(first, [answer]).correct, answer
    assert not grade(first, ["0.95"]).correct
    assert not grade(first, ["tanh(1)"]).correct


def test_q4_answers() -> None:
    q4 = v("final-2023-q4")
    for answer in ("1.459 2.737", "[1.459, 2.737]", "1.4588, 2.7371", "[[1.459], [2.737]]"):
        assert grade(q4, [answer]).correct, answer
    assert grade(q4, ["1.459", "2.737"]).correct  # several words, as the CLI passes them
    assert not grade(q4, ["2.737 1.459"]).correct


Q5A_SPELLINGS = ["3840", "3,840", "3840.0", "4*30*(30+1+1)", "4·30·32", "4×30×(30 + 1 + 1)"]


@pytest.mark.parametrize("answer", [*Q5A_SPELLINGS, "7680/2", "3.84e3", "３８４０"])
def test_q5a_spellings(answer: str) -> None:
    g = grade(v("final-2023-q5a"), [answer])
    assert g.correct and g.score == 1.0 and g.expected == 3840


def test_q5a_forgotten_bias_is_diagnosed() -> None:
    g = grade(v("final-2023-q5a"), ["3720"])
    assert not g.correct and g.score == 0.0
    assert g.mistake == "no-bias"
    assert g.diagnosis is not None and "bias" in g.diagnosis.en and "偏差" in g.diagnosis.zh
    assert grade(v("final-2023-q5a"), ["4*30*(30+1)"]).mistake == "no-bias"
    assert grade(v("final-2023-q5a"), ["2880"]).mistake == "three-gates"
    assert grade(v("final-2023-q5a"), ["3,960"]).mistake == "two-biases"


def test_q5a_plain_wrong_number_has_no_diagnosis() -> None:
    g = grade(v("final-2023-q5a"), ["1234"])
    assert not g.correct and g.score == 0.0 and g.mistake is None and g.diagnosis is None


def test_q4_other_reading_is_wrong_but_diagnosed() -> None:
    for answer in ("2.993", "2.9926", "[2.993]"):
        g = grade(v("final-2023-q4"), [answer])
        assert not g.correct and g.score == 0.0
        assert g.mistake == "vector-reading"
        assert g.diagnosis is not None and "[2, 3]" in g.diagnosis.en


def test_q4_mistakes() -> None:
    q4 = v("final-2023-q4")
    assert grade(q4, ["2.737"]).mistake == "only-last-step"
    assert grade(q4, ["1.459"]).mistake == "only-first-step"
    assert grade(q4, ["1.359 2.637"]).mistake == "forgot-output-bias"


def test_coarse_rounding_gets_half_and_says_rounded() -> None:
    g = grade(v("final-2023-q4"), ["1.5 2.7"])
    assert not g.correct and g.score == 0.5 and g.mistake == "rounded"
    assert g.diagnosis is not None and "rounded" in g.diagnosis.en
    g = grade(v("final-2023-q6"), ["0.9 0.1"])
    assert g.score == 0.5 and g.mistake == "rounded"


def test_whole_numbers_are_not_taken_as_rounding() -> None:
    g = grade(v("final-2023-q4"), ["1 3"])
    assert g.mistake != "rounded" and g.score == 0.0


def test_partial_vector_credit() -> None:
    g = grade(v("final-2023-q4"), ["1.459 9"])
    assert not g.correct and g.score == 0.5
    assert g.parts == (True, False)
    assert g.diagnosis is not None and "1" in g.diagnosis.en and g.mistake is None


def test_wrong_count_is_explained() -> None:
    g = grade(v("final-2023-q4"), ["1 2 3"])
    assert not g.correct and g.score == 0.0
    assert g.diagnosis is not None and "2 numbers" in g.diagnosis.en and "3" in g.diagnosis.en


def test_grade_json_keys() -> None:
    data = grade(v("final-2023-q5a"), ["3720"]).to_json("zh")
    assert set(data) == {"correct", "score", "expected", "diagnosis"}
    assert data["diagnosis"] == BANK["final-2023-q5a"].mistakes[1].text.zh


UNREADABLE = ["abc", "", "   ", "1 +", "import os", "__import__('os')", "os.system('true')"]


@pytest.mark.parametrize(
    "answer",
    [
        *UNREADABLE,
        "x",
        "[1, [2, [3]]]",
        "1/0",
        "2**1000",
        "lambda x: 1",  # ("lambda: 1" reads as the label λ and the number 1)
        "__import__('os')",
        "[1, 'a']",
        "1e999",
        "(1, 2",
    ],
)
def test_unreadable_numbers_raise_input_error(answer: str) -> None:
    with pytest.raises(InputError):
        grade(v("final-2023-q4"), [answer])


def test_no_eval_of_answers(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for answer in (
        f"__import__('os').system('touch {marker}')",
        f"open('{marker}', 'w')",
        f"[__import__('pathlib').Path('{marker}').touch()]",
    ):
        with pytest.raises(InputError):
            grade(v("final-2023-q5a"), [answer])
    assert not marker.exists()


def test_unreadable_answer_through_the_cli(bad: Callable[..., str]) -> None:
    line = bad("check", "final-2023-q4", "abc")
    assert line.startswith("error: ") and "'abc'" in line
    bad("check", "final-2023-q3", "zzz")


# ------------------------------------------------------------------ steps


def test_steps_point_at_the_first_wrong_step() -> None:
    q4 = v("final-2023-q4")
    g = grade_steps(q4, ["0.964 0.197", "1.459", "0.5 0.5", "2.737"])
    assert not g.correct and g.score == 0.75 and g.mistake == "step:h[1]"
    assert g.diagnosis is not None and "h₂" in g.diagnosis.en
    assert grade_steps(q4, ["0.964 0.197", "1.459", "0.8 0.71", "2.737"]).correct is False
    ok = grade_steps(q4, ["tanh(2) tanh(0.2)", "1.459", "0.99 0.824", "2.737"])
    assert ok.correct and ok.score == 1.0


# ------------------------------------------------------------------ symbols


@pytest.mark.parametrize(
    "answers",
    [
        ["i_t", "o_t", "f_t"],
        ["it", "ot", "ft"],
        ["i", "o", "f"],
        ["σ_i", "σ_o", "σ_f"],
        ["I_t", "O_T", "F_t"],
        ["i_{t}", "o_{t}", "f_{t}"],
        ["i(t)", " o_t ", "f t"],
        ["i_t, o_t, f_t"],
        ["i_t o_t f_t"],
        ["it；ot；ft"],
        ["σ_i、σ_o、σ_f"],
    ],
)
def test_q1a_symbol_spellings(answers: list[str]) -> None:
    g = grade(v("final-2023-q1a"), answers)
    assert g.correct and g.score == 1.0 and g.parts == (True, True, True)
    assert g.expected == ["i_t", "o_t", "f_t"]


def test_q1a_wrong_order_gets_partial_credit() -> None:
    g = grade(v("final-2023-q1a"), ["f_t", "o_t", "i_t"])
    assert not g.correct and g.score == pytest.approx(1 / 3)
    assert g.parts == (False, True, False)
    assert g.diagnosis is not None
    assert g.diagnosis.en == "To fix: input gate → iₜ; forget gate → fₜ"
    assert g.diagnosis.zh == "要更正的部分：輸入閘 → iₜ；遺忘閘 → fₜ"


def test_a_part_answered_in_words_is_said_in_chinese() -> None:
    g = grade(v("final-2023-q1c"), ["2", "h_1", "c_t", "different"])
    assert g.diagnosis is not None and "same" in g.diagnosis.en
    assert "same" not in g.diagnosis.zh and "相同" in g.diagnosis.zh, g.diagnosis.zh


def test_q1a_missing_parts_are_wrong() -> None:
    g = grade(v("final-2023-q1a"), ["i_t"])
    assert g.parts == (True, False, False) and not g.correct


# ------------------------------------------------------------------ choices


@pytest.mark.parametrize(
    "answer", ["b", "B", "(b)", " b. ", "Fig. 2(b)", "fig 2 (b)", "Fig.2(b)", "圖2(b)", "圖 2(b)",
               "圖２（ｂ）"],
)  # fmt: skip
def test_q3_choice_spellings(answer: str) -> None:
    g = grade(v("final-2023-q3"), [answer])
    assert g.correct and g.score == 1.0 and g.expected == "b"


def test_q3_wrong_choice_says_why() -> None:
    g = grade(v("final-2023-q3"), ["Fig. 2(a)"])
    assert not g.correct and g.score == 0.0 and g.mistake == "chose-a"
    assert g.diagnosis is not None and "final state" in g.diagnosis.en
    g = grade(v("final-2023-q3"), ["both"])  # the choice's words work as well as its key
    assert not g.correct and g.mistake == "chose-c"
    assert grade(v("final-2023-q3"), ["兩者都有"]).mistake == "chose-c"
    assert grade(v("final-2023-q3"), ["d"]).mistake == "chose-d"


def test_choice_by_its_chinese_text() -> None:
    q = BANK["rnn-weight-sharing"]
    right = next(c for c in q.choices if c.key == q.answer)
    assert grade(make_variant(q), [right.text.zh]).correct
    wrong = next(c for c in q.choices if c.key != q.answer)
    assert grade(make_variant(q), [wrong.text.zh]).mistake == f"chose-{wrong.key}"


def test_choice_by_its_english_text() -> None:
    q = BANK["rnn-weight-sharing"]
    right = next(c for c in q.choices if c.key == q.answer)
    assert right.text.en.endswith(".")
    assert grade(make_variant(q), [right.text.en]).correct


# ------------------------------------------------------------------ explanations


def test_explain_keywords_in_english() -> None:
    q2 = BANK["final-2023-q2"]
    answer = (
        "Gradients vanish or explode over many steps; fix exploding ones by clipping and "
        "vanishing ones with an LSTM."
    )
    assert rubric_hits(q2, answer) == (True, True, True, True)
    g = grade(make_variant(q2), [answer])
    assert g.correct and g.score == 1.0 and g.diagnosis is None


def test_explain_keywords_in_chinese() -> None:
    q2 = BANK["final-2023-q2"]
    answer = "簡單 RNN 會有梯度消失與梯度爆炸；爆炸用梯度裁剪，消失改用 LSTM 或 GRU。"
    assert rubric_hits(q2, answer) == (True, True, True, True)
    assert grade(make_variant(q2), [answer]).correct


def test_explain_partial_and_missing_points() -> None:
    q2 = BANK["final-2023-q2"]
    g = grade(make_variant(q2), ["簡單 RNN 的梯度會消失。"])  # a bare keyword earns nothing
    assert not g.correct and g.score == 0.25 and g.parts == (True, False, False, False)
    assert g.diagnosis is not None
    assert g.diagnosis.en.startswith("Not shown: Exploding gradient")  # names the missing points
    assert "Vanishing gradient:" not in g.diagnosis.en
    nothing = grade(make_variant(q2), ["I do not know"])
    assert nothing.score == 0.0 and not nothing.correct


def test_explain_is_case_and_width_insensitive() -> None:
    q2 = BANK["final-2023-q2"]
    answer = "ＥＸＰＬＯＤＩＮＧ gradients are fixed by CLIPPING."
    assert rubric_hits(q2, answer) == (False, True, True, False)


def test_self_assessment_overrides_the_keyword_score() -> None:
    q2 = BANK["final-2023-q2"]
    g = grade_explain(q2, "no keywords here", self_score=1.0)
    assert g.correct and g.score == 1.0
    g = grade_explain(q2, "vanish explode clip LSTM", self_score=0.5)
    assert not g.correct and g.score == 0.5


# ------------------------------------------------------------------ the number reader


finite = st.floats(allow_nan=False, allow_infinity=False)
vectors = st.lists(finite, min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(vectors)
def test_parse_array_round_trips_space_separated(vec: list[float]) -> None:
    assert parse_array(" ".join(map(repr, vec))) == vec


@settings(max_examples=300, deadline=None)
@given(vectors)
def test_parse_array_round_trips_str_of_list(vec: list[float]) -> None:
    assert parse_array(str(vec)) == vec


@settings(max_examples=300, deadline=None)
@given(vectors)
def test_parse_array_round_trips_comma_separated(vec: list[float]) -> None:
    assert parse_array(",".join(map(repr, vec))) == vec
    assert parse_array(", ".join(map(repr, vec))) == vec


@settings(max_examples=200, deadline=None)
@given(finite)
def test_parse_number_round_trips(x: float) -> None:
    assert parse_number(repr(x)) == x
    assert math.copysign(1, parse_number(repr(x))) == math.copysign(1, x)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(finite, min_size=2, max_size=2), min_size=1, max_size=5))
def test_parse_array_round_trips_matrices(rows: list[list[float]]) -> None:
    text = "; ".join(" ".join(map(repr, r)) for r in rows)
    # one row without ';' is a vector; with ';' (or several rows) it is a matrix
    assert parse_array(text) == (rows if len(rows) > 1 else rows[0])
    assert parse_array(str(rows)) == rows


def test_free_text_ending_in_a_letter_is_not_a_choice() -> None:
    """'maybe a' is not an answer of (a): the student is asked for a key instead."""
    q = BANK["final-2023-q3"]
    with pytest.raises(InputError):
        grade(make_variant(q), ["I don't know, maybe a"])
    assert grade(make_variant(q), ["Figure 2(b)"]).correct
