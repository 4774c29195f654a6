"""Practice and the mock exam as domain code: driven by a scripted UI, no Typer, no Rich."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from dlquiz.bank.load import load_bank
from dlquiz.drill.exam import ExamSession
from dlquiz.drill.exams import get_spec
from dlquiz.drill.practice import PracticeSession, SaveError
from dlquiz.drill.select import by_ids
from dlquiz.errors import InputError
from dlquiz.history import History
from tests.drill_fakes import ScriptedUI

BANK = load_bank()
BANK_BY_ID = {q.id: q for q in BANK}


def session(tmp_path: Path, lines: list[str], **kw: object) -> tuple[PracticeSession, ScriptedUI]:
    ui = ScriptedUI(lines)
    history = History(tmp_path / "h.sqlite3")
    return PracticeSession(ui, history, random.Random(1), **kw), ui  # type: ignore[arg-type]


def test_each_answer_is_stored_before_the_next_question(tmp_path: Path) -> None:
    s, ui = session(tmp_path, ["3720", "3840"])
    stored: list[int] = []
    real_show = ui.show_question

    def show(variant: object, number: int, total: int) -> None:
        stored.append(len(s.history.attempts()))
        real_show(variant, number, total)

    ui.show_question = show  # type: ignore[method-assign]
    s.run(by_ids(BANK, ["final-2023-q5a", "final-2023-q5a"]))
    assert stored == [0, 1]
    rows = s.history.attempts()
    assert [r["correct"] for r in rows] == [0, 1]
    assert rows[0]["mistake"] == "no-bias"  # 4·30·(30+1): the bias left out
    assert ui.kinds()[-1] == "summary"
    q5a = BANK_BY_ID["final-2023-q5a"].points
    assert ui.of("summary")[-1] == [("params", 2, q5a, 2 * q5a)]  # wrong, then right


def test_skip_reveals_the_answer_and_is_stored_quit_stores_nothing(tmp_path: Path) -> None:
    s, ui = session(tmp_path, ["/skip", "", "/quit"])
    s.run(by_ids(BANK, ["final-2023-q5a", "final-2023-q3", "final-2023-q4"]))
    rows = s.history.attempts()
    assert [r["question_id"] for r in rows] == ["final-2023-q5a", "final-2023-q3"]
    for r in rows:  # a skip is a stored attempt: no points, the mistake "skipped", no answer
        assert (r["score"], r["correct"], r["mistake"], r["answer"]) == (0, 0, "skipped", "")
    shown = ui.of("answer")
    assert [v.question.id for v in shown] == ["final-2023-q5a", "final-2023-q3"]
    assert "feedback" not in ui.kinds()  # the answer view, not a verdict on an answer
    assert ui.kinds().count("question") == 3  # /quit on the third stores nothing for it
    worth = {q: BANK_BY_ID[f"final-2023-{q}"].points for q in ("q3", "q5a")}
    assert ui.of("summary")[-1] == [("attention", 1, 0.0, worth["q3"]),
                                    ("params", 1, 0.0, worth["q5a"])]  # fmt: skip
    assert set(s.history.cards()) == {"final-2023-q5a", "final-2023-q3"}  # due again soon


def test_the_skip_view_shows_the_answer_steps_and_solution() -> None:
    from rich.console import Console

    from dlquiz.bank.variant import make_variant
    from dlquiz.render.question import render_answer

    q = next(q for q in BANK if q.id == "final-2023-q5a")
    out = Console(width=100, record=True, file=None)
    with out.capture() as captured:
        out.print(render_answer(make_variant(q), "en"))
    text = captured.get()
    assert "Skipped" in text and "right answer: layer 1 · parameters = 3840" in text
    assert "4 × 30 × (30 + 1 + 1)" in text  # the worked steps
    assert "solution:" in text


def test_a_question_answered_right_is_not_served_again(tmp_path: Path) -> None:
    s, ui = session(tmp_path, ["3840", "3720"])
    s.run(by_ids(BANK, ["final-2023-q5a", "final-2023-q5a"]))
    assert [r["correct"] for r in s.history.attempts()] == [1]
    assert ui.kinds().count("question") == 1
    assert len(ui.prompts) == 1


def test_seed_tells_the_seed_of_the_draw(tmp_path: Path) -> None:
    s, ui = session(tmp_path, ["/seed", "/quit"])
    s.run(by_ids(BANK, ["self-attention-scores-template"]))
    (variant,) = ui.of("question")
    assert variant.seed != 0
    assert "practice.seed" in ui.told()


def test_an_unreadable_answer_is_asked_again(tmp_path: Path) -> None:
    s, ui = session(tmp_path, ["three thousand", "3840"])
    s.run(by_ids(BANK, ["final-2023-q5a"]))
    assert "drill.cant_read" in ui.told()
    assert [r["answer"] for r in s.history.attempts()] == ["3840"]


def test_steps_are_asked_one_by_one_and_the_first_wrong_one_is_named(tmp_path: Path) -> None:
    q = next(q for q in BANK if q.id == "final-2023-q4")
    assert q.steps, "Q4 is worked step by step"
    s, ui = session(tmp_path, ["0"] * len(q.steps), steps=True)
    s.run([q])
    steps = ui.of("step")
    assert [name for name, _ in steps] == ["h₁", "y₁", "h₂", "y₂"]  # q.steps, as named
    assert not steps[0][1]
    (row,) = s.history.attempts()
    assert row["mistake"] == f"step:{q.steps[0]}"


def test_steps_on_a_question_without_steps_says_so(tmp_path: Path) -> None:
    s, ui = session(tmp_path, ["/steps", "b"])
    s.run(by_ids(BANK, ["final-2023-q3"]))
    assert "practice.no_steps" in ui.told()
    assert len(s.history.attempts()) == 1


def test_a_history_that_fails_raises_save_error(tmp_path: Path) -> None:
    s, _ = session(tmp_path, ["3840"])

    def broken(*args: object, **kw: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    s.history.record = broken  # type: ignore[method-assign]
    with pytest.raises(SaveError, match="could not be saved"):
        s.run(by_ids(BANK, ["final-2023-q5a"]))


def test_cram_records_without_moving_the_card(tmp_path: Path) -> None:
    s, _ = session(tmp_path, ["3840"], mode="cram", schedule=False)
    s.run(by_ids(BANK, ["final-2023-q5a"]))
    assert len(s.history.attempts()) == 1
    assert s.history.cards() == {}


def test_unknown_id_names_the_nearest(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="did you mean 'final-2023-q5b'"):
        by_ids(BANK, ["final-2023-q5c"])


def exam(lines: list[str], minutes: float = 120) -> tuple[ExamSession, ScriptedUI]:
    from dlquiz.drill.sitting import build_exam

    spec = get_spec("final-2023")
    ui = ScriptedUI(lines)
    return ExamSession(spec, build_exam(spec, BANK), ui, minutes=minutes, variant=0,
                       now=lambda: 0.0), ui  # fmt: skip


def test_exam_revisit_replaces_an_answer_and_submit_scores_it() -> None:
    skip_to_q4 = [""] * 6  # q1a, q1b, q1c, q2, q3 skipped (an empty first line skips)
    lines = [*skip_to_q4[:5], "2.99", "", "", "", "/go 4", "1.4588 2.6704", "/submit"]
    s, ui = exam(lines)
    report = s.run()
    assert report is not None
    q4 = next(r for r in report.rows if r.item.label == "4")
    assert q4.answer == "1.4588 2.6704"
    assert ui.told()[-1] == "exam.submitted"
    assert ui.of("review"), "the review was shown before /go"


def test_exam_go_to_a_question_with_parts_asks_which() -> None:
    s, ui = exam(["/go 5", "/submit"])
    report = s.run()
    assert report is not None and report.total == 0
    assert "exam.no_such_question" in ui.told()


def test_leaving_after_ctrl_c_returns_no_report() -> None:
    class Interrupting(ScriptedUI):
        def ask(self, prompt: str) -> str | None:
            if not self.prompts:
                self.prompts.append(prompt)
                raise KeyboardInterrupt
            return super().ask(prompt)

    from dlquiz.drill.sitting import build_exam

    spec = get_spec("final-2023")
    ui = Interrupting(["l"])
    s = ExamSession(spec, build_exam(spec, BANK), ui, minutes=120, variant=0, now=lambda: 0.0)
    assert s.run() is None
    assert "exam.paused" in ui.told()
