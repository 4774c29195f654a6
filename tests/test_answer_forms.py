"""Answers as students write them: labels, units, names of parts, in either language.

Each accepted form has a counter-example that looks as right and is not: the same labels on
swapped values, a part's name on another part's symbol, a number rounded past the tolerance.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Check = Callable[..., Any]


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("final-2023-q4", "y1=1.459, y2=2.737"),
        ("final-2023-q4", "y = [1.459, 2.737]"),
        ("final-2023-q4", "y₁ = 1.459, y₂ = 2.737"),
        ("final-2023-q4", "y2 = 2.737, y1 = 1.459"),  # labelled by index, in another order
        ("final-2023-q4", "y_{2}=2.670; y_{1}=1.459"),  # the row convention, also right
        ("final-2023-q5a", "ans: 3840"),
        ("final-2023-q5a", "3840 params"),
        ("final-2023-q5a", "Answer: 3,840 parameters"),
        ("final-2023-q5a", "答：3840 個參數"),
        ("final-2023-q5a", "答案＝3840"),
        ("final-2023-kl", "D_KL(P‖Q) = 0.1187 bits"),
        ("final-2023-xent", "6.97"),
        ("final-2023-q1a", "input gate: i_t, output gate: o_t, forget gate: f_t"),
        ("final-2023-q1a", "forget gate = f_t; input gate = i_t; output gate = o_t"),
        ("final-2023-q1a", "輸入閘：i_t，輸出閘：o_t，遺忘閘：f_t"),
        ("final-2023-q1a", "輸入門 → i_t、輸出門 → o_t、遺忘門 → f_t"),
    ],
)
def test_labelled_answers_are_read_as_their_numbers_or_parts(
    run_json: Check, qid: str, answer: str
) -> None:
    graded = run_json("check", qid, answer)
    assert graded["correct"] is True, graded


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("final-2023-q4", "y1=2.737, y2=1.459"),  # the labels do not fix swapped values
        ("final-2023-q4", "y2 = 1.459, y1 = 2.737"),
        ("final-2023-q4", "y = [2.737, 1.459]"),
        ("final-2023-q5a", "ans: 3720"),
        ("final-2023-q5a", "11191 params"),
        ("final-2023-xent", "7"),  # 6.966 to the nearest whole number is not the answer
        ("final-2023-xent", "6.96"),
        ("final-2023-q1a", "input gate: f_t, output gate: o_t, forget gate: i_t"),
        ("final-2023-q1a", "輸入閘：f_t，輸出閘：o_t，遺忘閘：i_t"),
        ("final-2023-q1a", "forget gate: i_t, input gate: f_t, output gate: o_t"),
    ],
)
def test_labels_never_make_a_wrong_answer_right(run_json: Check, qid: str, answer: str) -> None:
    graded = run_json("check", qid, answer)
    assert graded["correct"] is False, graded


def test_a_labelled_answer_is_right_in_practice_too(run: Check) -> None:
    result = run("practice", "--id", "final-2023-q4", "--lang", "en", input="y1=1.459, y2=2.737\n")
    assert result.exit_code == 0, result.stderr
    assert "✓ right" in result.stdout


def test_what_is_still_unreadable_is_one_line(bad: Callable[..., str]) -> None:
    line = bad("check", "final-2023-q5a", "about three thousand")
    assert "not a number" in line
