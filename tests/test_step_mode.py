"""Step mode (issue 10): prompts in the chosen language, the typed steps shown, and the mistake
named at the first wrong step when a mistake variant gives the typed value there."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dlquiz.bank.grade import grade_steps
from dlquiz.bank.load import load_bank
from dlquiz.bank.variant import make_variant, resolve, run_solver
from dlquiz.drill.practice import PracticeSession
from dlquiz.history import History
from dlquiz.numfmt import array
from tests.drill_fakes import ScriptedUI

BANK = {q.id: q for q in load_bank()}


def steps_session(tmp_path: Path, qid: str, lines: list[str], lang: str = "en") -> ScriptedUI:
    ui = ScriptedUI(lines, lang=lang)
    history = History(tmp_path / "h.sqlite3")
    PracticeSession(ui, history, random.Random(1), steps=True).run([BANK[qid]])  # type: ignore[arg-type]
    return ui


def test_q6_divided_by_dk_is_named_at_the_scaled_step(tmp_path: Path) -> None:
    ui = steps_session(tmp_path, "final-2023-q6", ["1.75 1.5", "0.56 0.44"])
    (grade,) = ui.of("feedback")
    assert grade.mistake == "divided-by-dk"
    assert grade.diagnosis is not None and "√d_k = 8" in grade.diagnosis.en
    assert grade.diagnosis.en.startswith("The first step that went wrong is scaled")
    assert grade.given == "1.75 1.5 | 0.56 0.44"  # what was typed, for the comparison table
    (row,) = History(tmp_path / "h.sqlite3").attempts()
    assert row["mistake"] == "divided-by-dk"


def test_a_wrong_step_no_mistake_explains_keeps_the_generic_line() -> None:
    v = make_variant(BANK["final-2023-q6"])
    g = grade_steps(v, ["3 1", "0.88 0.12"])
    assert g.mistake == "step:scaled"
    assert g.diagnosis is not None and "first step that went wrong is scaled" in g.diagnosis.en


def test_lstm_candidate_with_sigmoid_is_named() -> None:
    q = BANK["lstm-one-step-template"]
    v = make_variant(q, 3)
    wrong = run_solver(q, {**v.inputs, "candidate": "sigmoid"})
    typed = [array(resolve(v.result if p in ("f[0]", "i[0]") else wrong, p)) for p in q.steps]
    g = grade_steps(v, typed)
    assert g.mistake == "sigmoid-not-tanh", g.diagnosis
    assert g.diagnosis is not None and "g" in g.diagnosis.en and "tanh" in g.diagnosis.en


def test_step_prompts_follow_the_language(tmp_path: Path) -> None:
    ui = steps_session(tmp_path, "final-2023-q6", ["/quit"], lang="zh")
    assert ui.prompts == ["第 1/2 步：縮放後的分數 S' ="]
    ui = steps_session(tmp_path, "final-2023-q6", ["/quit"], lang="en")
    assert ui.prompts == ["step 1/2: scaled scores S' ="]


def test_the_typed_steps_are_shown_through_the_cli(run: Callable[..., Any]) -> None:
    args = ("practice", "--id", "final-2023-q6", "--steps", "--lang", "en")
    result = run(*args, input="1.75 1.5\n0.56 0.44\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "step 1/2: scaled scores S' =" in out and "step 2/2: weights A =" in out
    assert "1.75 1.5 | 0.56 0.44" in out  # "your answer" row: the steps as typed
    assert "divided by dₖ = 64 instead of √dₖ = 8" in " ".join(out.split())


def test_every_step_is_named_in_chinese_without_english_words() -> None:
    """A step prompt in zh names the step in Chinese or in symbols, never by the solver's
    English field name (`scaled`, `per_sample`); in en, by words a student reads."""
    import re

    from dlquiz.bank.step_names import step_name

    symbols = {"pos", "softmax"}
    seen = 0
    for q in BANK.values():
        for path in (*q.steps, *([q.answer] if q.type == "numeric" and q.answer else [])):
            name = step_name(path, q.solver or "")
            words = set(re.findall(r"[A-Za-z]{3,}", name.zh)) - symbols
            assert not words, (q.id, path, name.zh)
            assert not re.search(r"[a-z]{2,}_[a-z]", name.en), (q.id, path, name.en)
            seen += 1
    assert seen > 60


def test_one_name_means_what_its_solver_means() -> None:
    from dlquiz.bank.step_names import step_name

    assert step_name("z", "attention").en == "output Z"
    assert step_name("z[0]", "gru").en == "z₁"  # the update gate at t = 1, not an output
    assert step_name("heads[1].weights[0]", "mha").zh == "第 2 個頭 · 注意力權重 A 第 1 列"
    assert step_name("pe[1]", "mha").en == "PE(pos = 1)"  # positions count from 0
    assert step_name("y[-1]", "rnn").en == "y_T"
