"""`check_bank`: the bundled bank is clean, each kind of wrong question is named, and every
computed answer is recomputed through its solver, independently of the grader."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dlquiz.bank.check import check_bank
from dlquiz.bank.grade import grade
from dlquiz.bank.load import load_bank
from dlquiz.bank.model import Question
from dlquiz.bank.variant import make_variant, resolve
from dlquiz.solvers import SOLVERS
from tests.sample_banks import DEMO_RNN

BANK = load_bank()
NUMERIC = [q for q in BANK if q.type == "numeric"]

Q4 = DEMO_RNN.replace("  answer: y\n", '  answer: y\n  stated: {"y[0]": 1.459, "y[1]": 2.737}\n')


def load_one(tmp_path: Path, text: str) -> list[Question]:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return load_bank([path], bundled=False)


def messages(tmp_path: Path, text: str) -> list[str]:
    qs = load_one(tmp_path, text)
    problems = check_bank(qs)
    assert all(p.where == "demo-rnn" and p.file == str(tmp_path / "q.yaml") for p in problems)
    assert all(p.line == 3 for p in problems)
    return [p.message for p in problems]


def test_bundled_bank_has_no_problems() -> None:
    assert [str(p) for p in check_bank(BANK)] == []


def test_the_valid_sample_has_no_problems(tmp_path: Path) -> None:
    assert messages(tmp_path, Q4) == []


def test_unknown_solver(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, Q4.replace("solver: rnn", "solver: rnm"))
    assert "solver 'rnm' does not exist" in msg


def test_bad_answer_path(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, Q4.replace("answer: y\n", "answer: z[9]\n"))
    assert "'z[9]'" in msg and "answer" in msg


def test_answer_path_out_of_range(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, Q4.replace("answer: y\n", "answer: y[5]\n"))
    assert "'y[5]'" in msg


def test_bad_step_path(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, Q4.replace("answer: y\n", 'answer: y\n  steps: ["h[0]", "q"]\n'))
    assert "step" in msg and "'q'" in msg


def test_stated_number_disagrees_with_the_solver(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, Q4.replace('"y[0]": 1.459', '"y[0]": 1.5'))
    assert "'y[0]'" in msg and "1.5" in msg and "1.4588" in msg


def test_stated_path_that_does_not_exist(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, Q4.replace('"y[1]": 2.737', '"nope": 2.737'))
    assert "'nope'" in msg


def test_mistake_that_never_changes_the_answer(tmp_path: Path) -> None:
    text = Q4.replace("with: {bh: [0, 0]}", "with: {h0: [0, 0]}")
    [msg] = messages(tmp_path, text)
    assert "'forgot-hidden-bias'" in msg and "never" in msg


def test_mistake_the_solver_rejects(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, Q4.replace("with: {bh: [0, 0]}", "with: {act: softplus}"))
    assert "'forgot-hidden-bias'" in msg


def test_unknown_figure(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, Q4.replace("  points: 5\n", "  points: 5\n  figure: lstm-cel\n"))
    assert "'lstm-cel'" in msg and "lstm-cell" in msg


def test_unknown_answer_figure_on_a_choice(tmp_path: Path) -> None:
    text = Q4.split("  solver: rnn")[0].replace("type: numeric", "type: choice") + (
        "  choices:\n  - {key: a, en: A, zh: 甲}\n  - {key: b, en: B, zh: 乙}\n"
        "  answer: a\n  answer_figure: rnn-unfolded\n"
    )
    [msg] = messages(tmp_path, text)
    assert "'rnn-unfolded'" in msg


def test_unknown_placeholder(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, Q4.replace("x = {{x}}. Compute", "x = {{xs}}. Compute"))
    assert "{{xs}}" in msg and "prompt.en" in msg


def test_solver_rejects_the_inputs(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, Q4.replace("v: [1.0, 2.0]", "v: [1.0, 2.0, 3.0]"))
    assert "rejects" in msg or "cannot run" in msg


def test_vary_without_a_range(tmp_path: Path) -> None:
    text = Q4.replace("  answer: y\n", "  answer: y\n  vary:\n    x: {shape: [2]}\n")
    [msg] = messages(tmp_path, text)
    assert "vary.x" in msg


def test_template_checked_across_draws(tmp_path: Path) -> None:
    """A mistake that matters only for some draws is fine; stated numbers of templates are
    not checked (they change with every draw)."""
    text = Q4.replace(
        "  answer: y\n", "  answer: y\n  vary:\n    x: {low: -2, high: 3, step: 1, shape: [2]}\n"
    )
    assert messages(tmp_path, text) == []


def test_every_problem_is_listed(tmp_path: Path) -> None:
    second = Q4.split("questions:\n", 1)[1].replace("demo-rnn", "demo-rnn-2")
    text = Q4.replace("solver: rnn", "solver: nope") + second.replace(
        '"y[0]": 1.459', '"y[0]": 1.5'
    )
    problems = check_bank(load_one(tmp_path, text))
    assert [p.where for p in problems] == ["demo-rnn", "demo-rnn-2"]


# ------------------------------------------------------------------ every answer, recomputed


def fresh_solver(name: str) -> Any:
    module, function = SOLVERS[name].split(":")
    return getattr(importlib.import_module(module), function)


@pytest.mark.parametrize("q", [q for q in NUMERIC if q.stated], ids=lambda q: q.id)
def test_stated_numbers_agree_with_a_fresh_solver_run(q: Question) -> None:
    assert q.solver is not None
    inputs = {**q.inputs, **(q.cases[0] if q.cases else {})}
    result = fresh_solver(q.solver)(**inputs)
    for path, stated in q.stated.items():
        actual = np.ravel(np.asarray(resolve(result, path), dtype=np.float64))
        claim = np.ravel(np.asarray(stated, dtype=np.float64))
        tol = np.maximum(q.tolerance.abs, q.tolerance.rel * np.abs(actual))
        assert np.all(np.abs(actual - claim) <= tol), (q.id, path, actual, claim)


def test_the_exam_numbers() -> None:
    by_id = {q.id: make_variant(q, 0) for q in NUMERIC}
    np.testing.assert_allclose(
        np.ravel(by_id["final-2023-q4"].expected), [1.4588, 2.7371], atol=1e-4
    )
    assert by_id["final-2023-q5a"].expected == 3840
    assert by_id["final-2023-q5b"].expected == 7320
    np.testing.assert_allclose(by_id["final-2023-q6"].expected, [0.8808, 0.1192], atol=1e-4)
    np.testing.assert_allclose(by_id["final-2023-xent"].expected, 6.966, atol=1e-3)


# ------------------------------------------------------------------ every mistake, diagnosed


def mistake_cases() -> list[tuple[Question, int]]:
    return [(q, i) for q in NUMERIC for i in range(len(q.mistakes))]


@pytest.mark.parametrize(
    ("q", "index"),
    mistake_cases(),
    ids=lambda x: x.id if isinstance(x, Question) else str(x),
)
def test_every_mistake_typed_as_the_answer_is_diagnosed(q: Question, index: int) -> None:
    v = make_variant(q, 0)
    value = np.ravel(np.asarray(v.mistake_value(index), dtype=np.float64))
    if not np.all(np.isfinite(value)):
        pytest.skip("an infinite mistake value cannot be typed")
    expected = np.ravel(np.asarray(v.expected, dtype=np.float64))

    def close(a: np.ndarray, b: np.ndarray) -> bool:
        tol = np.maximum(q.tolerance.abs, q.tolerance.rel * np.abs(b))
        return a.size == b.size and bool(np.all(np.abs(a - b) <= tol))

    if close(value, expected):
        pytest.skip("this mistake makes no difference for the numbers as written")
    g = grade(v, [" ".join(repr(float(x)) for x in value)])
    assert not g.correct and g.score == 0.0
    others = []
    for j in range(len(q.mistakes)):
        if j != index:
            try:
                other = np.ravel(np.asarray(v.mistake_value(j), dtype=np.float64))
            except Exception:
                continue
            if close(value, other):
                others.append(q.mistakes[j].id)
    m = q.mistakes[index]
    if others:
        assert g.mistake in {m.id, *others}
    else:
        assert g.mistake == m.id
        assert g.diagnosis == m.text
