"""`exam --variant N` stays coherent: the parts of one question share one drawn model, and every
exam question computed from numbers gets fresh numbers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dlquiz.bank.load import load_bank
from dlquiz.bank.variant import make_variant, solver
from dlquiz.drill.exams import get_spec
from dlquiz.drill.sitting import build_exam

BANK = load_bank()
BY_ID = {q.id: q for q in BANK}


def items(variant: int) -> dict[str, Any]:
    return {i.label: i for i in build_exam(get_spec("final-2023"), BANK, variant)}


@pytest.mark.parametrize("variant", range(1, 13))
def test_q5a_and_q5b_ask_about_one_drawn_model(variant: int) -> None:
    exam = items(variant)
    a, b = exam["5a"].variant, exam["5b"].variant
    assert a.inputs["model"] == b.inputs["model"]
    assert a.inputs["model"] in a.prompt("en") and a.inputs["model"] in b.prompt("en")
    counted = solver("params")(**a.inputs)
    assert a.expected == counted.layers[0].params
    assert b.expected == counted.layers[1].params


def test_the_variants_draw_other_models_than_the_exam() -> None:
    own = items(0)
    assert own["5b"].variant.expected == 7320 and own["5a"].variant.expected == 3840
    models = {items(v)["5a"].variant.inputs["model"] for v in range(1, 13)}
    assert len(models) > 1 and own["5a"].variant.inputs["model"] not in models


def test_one_draw_group_shares_its_cases() -> None:
    groups: dict[str, list[Any]] = {}
    for q in BANK:
        if q.draw_group is not None:
            groups.setdefault(q.draw_group, []).append(q)
    assert groups, "the Q5 twins form a draw group"
    for members in groups.values():
        assert len(members) > 1
        assert all(m.cases == members[0].cases and m.vary == members[0].vary for m in members)
        for seed in range(1, 20):
            drawn = {str(make_variant(m, seed).inputs) for m in members}
            assert len(drawn) == 1


def test_every_exam_question_with_a_solver_varies() -> None:
    own, other = items(0), items(3)
    for label, item in own.items():
        if item.variant.question.solver is None:
            continue
        assert other[label].variant.inputs != item.variant.inputs, label


def test_exam_variant_through_the_cli(run: Callable[..., Any]) -> None:
    exam = items(5)
    a, b = exam["5a"].variant, exam["5b"].variant
    skip_to_q5 = [""] * 7  # 1a, 1b, 1c, 2, 3a, 3b, 4 left unanswered
    lines = [*skip_to_q5, str(a.expected), str(b.expected), "", "", "/submit"]
    result = run("exam", "final-2023", "--variant", "5", "--lang", "en", input="\n".join(lines))
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert text.count(a.inputs["model"]) >= 2  # 5a and 5b show the same model
    assert "LSTM(30" not in text.split("5b", 1)[1].split("6a", 1)[0]
