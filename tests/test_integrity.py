"""Issue 10: Q4 under both conventions, and every listed wrong answer named, through the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dlquiz.bank.load import load_bank
from dlquiz.solvers.rnn import rnn_forward

CheckJSON = Callable[..., Any]


def _row_and_column() -> tuple[Any, Any]:
    column = rnn_forward(convention="column")
    row = rnn_forward(convention="row")
    return column, row


@pytest.mark.parametrize(
    ("answer", "accepted", "convention"),
    [
        (["1.459", "2.737"], "main", "column"),
        (["1.4588", "2.7371"], "main", "column"),
        (["1.459", "2.670"], "row-convention", "row"),
        (["[1.4588, 2.6704]"], "row-convention", "row"),
    ],
)
def test_q4_accepts_both_conventions_and_names_the_one_matched(
    answer: list[str], accepted: str, convention: str, run_json: CheckJSON
) -> None:
    data = run_json("check", "final-2023-q4", *answer)
    assert data["correct"] is True and data["score"] == 1.0
    assert data["accepted"] == accepted and data["convention"] == convention
    assert data["diagnosis"] is None and convention in data["note"]


def test_q4_row_note_in_chinese(run_json: CheckJSON) -> None:
    data = run_json("check", "final-2023-q4", "1.459", "2.670", "--lang", "zh")
    assert data["correct"] is True and "橫列向量" in data["note"]


def test_q4_plain_check_says_right_and_names_the_row_convention(run: Callable[..., Any]) -> None:
    result = run("check", "final-2023-q4", "1.459", "2.670", "--lang", "en")
    assert result.exit_code == 0
    assert "✓" in result.stdout and "row convention" in result.stdout


@pytest.mark.parametrize(
    "answer",
    [
        ["1.2", "2.670"],  # the row y_2 with a wrong y_1
        ["1.2", "2.737"],  # the column y_2 with a wrong y_1
        ["2.670", "1.459"],  # the row numbers in the wrong order
        ["1.459", "2.70"],  # between the two conventions
        ["1.459", "2.600"],
        ["2.670"],  # the row y_2 alone
    ],
)
def test_q4_answers_that_look_right_are_wrong(answer: list[str], run_json: CheckJSON) -> None:
    data = run_json("check", "final-2023-q4", *answer)
    assert data["correct"] is False and data["accepted"] is None


def test_q4_mistake_under_the_row_convention_is_still_named(run_json: CheckJSON) -> None:
    y = rnn_forward(convention="row", by=[0.0]).y.ravel()
    data = run_json("check", "final-2023-q4", "[" + ", ".join(f"{v:.4f}" for v in y) + "]")
    assert data["correct"] is False and "b_y" in data["diagnosis"]
    assert data["convention"] == "row"


def test_solve_rnn_row_convention_gives_the_code_example_numbers(run_json: CheckJSON) -> None:
    data = run_json("solve", "rnn", "--convention", "row")
    assert [y[0] for y in data["y"]] == pytest.approx([1.4588, 2.6704], abs=1e-4)
    assert [y[0] for y in data["other_convention_y"]] == pytest.approx([1.4588, 2.7371], abs=1e-4)


def test_template_accepts_the_row_convention_too(run_json: CheckJSON) -> None:
    from dlquiz.bank.variant import make_variant

    q = next(q for q in load_bank() if q.id == "rnn-forward-template")
    for seed in range(1, 30):
        v = make_variant(q, seed)
        row = rnn_forward(**{**v.inputs, "convention": "row"}).y.ravel()
        column = rnn_forward(**{**v.inputs, "convention": "column"}).y.ravel()
        if abs(row[1] - column[1]) > 0.05:
            break
    answer = "[" + ", ".join(f"{y:.4f}" for y in row) + "]"
    data = run_json("check", q.id, answer, "--seed", str(seed))
    assert data["correct"] is True and data["accepted"] == "row-convention"


def test_card_and_solution_show_both_conventions_from_the_solver() -> None:
    column, row = _row_and_column()
    card = Path(__file__).parents[1] / "questions" / "cards" / "rnn.yaml"
    text = card.read_text(encoding="utf-8")
    q4 = next(q for q in load_bank() if q.id == "final-2023-q4")
    for y in (column.y.ravel()[1], row.y.ravel()[1], row.y.ravel()[0]):
        assert f"{y:.3f}" in text
        assert f"{y:.3f}" in q4.solution.en and f"{y:.3f}" in q4.solution.zh
    for h in (*column.h[1], *row.h[1]):
        assert f"{h:.3f}" in text


def test_validate_fails_an_alternative_equal_to_the_main_answer(
    tmp_path: Path, run: Callable[..., Any]
) -> None:
    bank = tmp_path / "q.yaml"
    bank.write_text(
        """format_version: 1
questions:
- id: my-rnn-one-unit
  topic: rnn
  type: numeric
  source: dlquiz
  points: 1
  prompt: {en: "A one-unit RNN.", zh: "一個單元的 RNN。"}
  hints: [{en: "tanh", zh: "tanh"}]
  solution: {en: "Forward pass.", zh: "前向計算。"}
  solver: rnn
  inputs: {x: [1, 2], u: [0.5], w: [[0.3]], v: [1.0], bh: [0.1], by: [0], h0: [0]}
  answer: y
  accept:
  - id: row-convention
    label: {en: "row", zh: "橫列"}
    with: {convention: row}
    en: "Row convention."
    zh: "橫列慣例。"
""",
        encoding="utf-8",
    )
    result = run("questions", "validate", str(bank))
    assert result.exit_code != 0
    assert "accepted answer 'row-convention' is the main answer" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("qid", "answer", "mistake_words"),
    [
        ("final-2023-gan", ["1.0625"], "averages over each batch"),
        ("final-2023-xent", ["1.7414"], "averaged over the 4 samples"),
        ("final-2023-q4", ["2.429", "2.905"], "both biases"),
        ("final-2023-q6", ["0.1192", "0.8808"], "swapped the two weights"),
        ("final-2023-q5a", ["11191"], "whole model"),
        ("params-simplernn-shape", ["432"], "10 time steps as the input size"),
    ],
)
def test_every_listed_wrong_answer_is_named(
    qid: str, answer: list[str], mistake_words: str, run_json: CheckJSON
) -> None:
    data = run_json("check", qid, *answer)
    assert data["correct"] is False
    assert mistake_words in data["diagnosis"]


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("final-2023-gan", ["0.5312"]),
        ("final-2023-xent", ["6.966"]),
        ("final-2023-q6", ["0.8808", "0.1192"]),
        ("final-2023-q5a", ["3840"]),
        ("params-simplernn-shape", ["336"]),
    ],
)
def test_the_right_answers_stay_right(qid: str, answer: list[str], run_json: CheckJSON) -> None:
    data = run_json("check", qid, *answer)
    assert data["correct"] is True and data["diagnosis"] is None


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("final-2023-gan", ["1.0"]),  # near the summed loss, but not it
        ("final-2023-xent", ["1.80"]),  # near the mean, but not it
        ("final-2023-q6", ["0.12", "0.80"]),  # one weight swapped, the other not
        ("final-2023-q5a", ["11000"]),
        ("params-simplernn-shape", ["430"]),
    ],
)
def test_near_misses_are_not_given_a_mistake_they_did_not_make(
    qid: str, answer: list[str], run_json: CheckJSON
) -> None:
    data = run_json("check", qid, *answer)
    assert data["correct"] is False
    diagnosis = data["diagnosis"] or ""
    for words in ("swapped", "summed", "averaged", "whole model", "time steps"):
        assert words not in diagnosis


def test_labels_for_the_notes_material_do_not_claim_the_printed_exam() -> None:
    by_id = {q.id: q for q in load_bank()}
    for qid in ("final-2023-gan", "final-2023-kl", "final-2023-xent"):
        assert by_id[qid].source.startswith("final-2023 notes")
    printed = [q for q in by_id.values() if q.id.startswith("final-2023-q")]
    assert sum(q.points for q in printed) == 100
    xent = by_id["final-2023-xent"]
    assert "一大半" not in xent.solution.zh and "47.7" in xent.solution.zh
    assert "47.7" in xent.solution.en


# ---------------------------------------------------------------- no giveaways


def _one_question_bank(tmp_path: Path, body: str) -> Path:
    bank = tmp_path / "planted.yaml"
    bank.write_text("format_version: 1\nquestions:\n" + body, encoding="utf-8")
    return bank


PLANTED_Q5A = """- id: my-lstm-count
  topic: params
  type: numeric
  source: dlquiz
  points: 1
  prompt:
    en: "How many parameters has {{model}}? (It is 4*30*(30+1+1).)"
    zh: "{{model}} 有多少個參數？"
  hints: [{en: "4 blocks", zh: "4 組"}]
  solution: {en: "4·30·32.", zh: "4·30·32。"}
  solver: params
  inputs: {model: "LSTM(30, input_shape=(3,1))", framework: keras}
  answer: "layers[0].params"
  tolerance: {rel: 0, abs: 0.5}
"""


@pytest.mark.parametrize(
    ("planted", "words"),
    [
        (PLANTED_Q5A, "4*30*(30+1+1)"),
        (PLANTED_Q5A.replace("(It is 4*30*(30+1+1).)", "(Hint: 3840.)"), "3840"),
        (
            PLANTED_Q5A.replace(
                'zh: "{{model}} 有多少個參數？"', 'zh: "{{model}} 有 3840 個參數嗎？"'
            ).replace(" (It is 4*30*(30+1+1).)", ""),
            "3840",
        ),
    ],
)
def test_validate_catches_a_planted_numeric_giveaway(
    planted: str, words: str, tmp_path: Path, run: Callable[..., Any]
) -> None:
    result = run("questions", "validate", str(_one_question_bank(tmp_path, planted)))
    assert result.exit_code == 1
    out = result.stdout + result.stderr
    assert "gives the answer away" in out and words in out


PLANTED_GATES = """- id: my-gate-symbols
  topic: lstm
  type: symbols
  source: dlquiz
  points: 1
  figure: lstm-cell
  prompt:
    en: "Name the symbol of the forget gate."
    zh: "請寫出遺忘閘的符號。"
  hints: [{en: "σ", zh: "σ"}]
  solution: {en: "f_t.", zh: "f_t。"}
  parts:
  - {key: forget, en: "forget gate", zh: "遺忘閘", answer: "f_t", accept: ["ft", "forget gate f_t"]}
  - {key: input, en: "input gate", zh: "輸入閘", answer: "i_t", accept: ["it"]}
"""


def test_validate_catches_the_figure_legend_naming_the_gates(
    tmp_path: Path, run: Callable[..., Any]
) -> None:
    result = run("questions", "validate", str(_one_question_bank(tmp_path, PLANTED_GATES)))
    assert result.exit_code == 1
    out = result.stdout + result.stderr
    assert "gives the answer away" in out and "f_t" in out


def test_the_legend_free_figure_passes(tmp_path: Path, run: Callable[..., Any]) -> None:
    fixed = PLANTED_GATES.replace(
        "figure: lstm-cell\n", "figure: lstm-cell\n  figure_args: {legend: false}\n"
    )
    result = run("questions", "validate", str(_one_question_bank(tmp_path, fixed)))
    assert result.exit_code == 0, result.stdout + result.stderr


def test_validate_catches_a_prompt_that_states_the_mapping(
    tmp_path: Path, run: Callable[..., Any]
) -> None:
    planted = PLANTED_GATES.replace("  figure: lstm-cell\n", "").replace(
        "Name the symbol of the forget gate.", "The forget gate f_t: name its symbol."
    )
    result = run("questions", "validate", str(_one_question_bank(tmp_path, planted)))
    assert result.exit_code == 1 and "next to 'forget gate'" in result.stdout + result.stderr


def test_the_bundled_bank_gives_nothing_away() -> None:
    from dlquiz.integrity import giveaways

    found = {q.id: giveaways(q) for q in load_bank()}
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize(
    "qid", ["final-2023-q1a", "final-2023-q1b", "lstm-gate-roles", "lstm-update-equations"]
)
def test_questions_on_the_gates_show_the_cell_without_its_legend(qid: str) -> None:
    from dlquiz.bank.variant import make_variant
    from dlquiz.integrity import shown_before_answering

    q = next(q for q in load_bank() if q.id == qid)
    for lang in ("en", "zh"):
        text = shown_before_answering(make_variant(q), lang)
        assert "fₜ" in text and "oₜ" in text  # the symbols are on the cell (as on the cards)
        assert "σ(W_f" not in text and "fₜ ⊙ Cₜ₋₁" not in text
        assert "gate" not in text.split("\x00figure")[1] and "閘" not in text.split("\x00figure")[1]
