"""`dlquiz questions list/show/validate` and `dlquiz check`: output contracts and exit codes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dlquiz.bank.load import load_bank
from dlquiz.history import History
from dlquiz.topics import ids

TOPICS = ids()

BANK = load_bank()
Q4_Y = [1.4588, 2.7371]
BROKEN = """\
format_version: 1
questions:
- id: broken-one
  topic: cnn
  type: choice
  source: dlquiz
  points: 5
  prompt:
    en: "Pick"
  hints:
  - en: "A hint"
    zh: "提示"
  solution:
    en: "The solution"
    zh: "解答"
  choices:
  - {key: a, en: "A", zh: "甲"}
  - {key: b, en: "B", zh: "乙"}
  answer: c
- id: broken-two
  topic: rnn
  type: numeric
  source: dlquiz
  points: 5
  prompt:
    en: "Compute"
    zh: "計算"
  hints: []
  solution:
    en: "The solution"
    zh: "解答"
  inputs: {x: [1]}
  answer: y
"""


def attempts(home: Path) -> list[dict[str, Any]]:
    db = History(home / "history.sqlite3")
    try:
        return db.attempts()
    finally:
        db.close()


# ------------------------------------------------------------------ questions list


def test_list_json_items(run: Callable[..., Any]) -> None:
    result = run("questions", "list", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1 and "\x1b" not in result.stdout
    items = json.loads(result.stdout)
    assert isinstance(items, list) and len(items) == len(BANK)
    assert all(set(item) == {"id", "topic", "type", "source", "points"} for item in items)
    assert [i["id"] for i in items] == sorted(q.id for q in BANK)
    q4 = next(i for i in items if i["id"] == "final-2023-q4")
    assert q4 == {
        "id": "final-2023-q4",
        "topic": "rnn",
        "type": "numeric",
        "source": "final-2023 Q4",
        "points": 20,
    }


@pytest.mark.parametrize("topic", TOPICS)
def test_list_topic_filter(topic: str, run_json: Callable[..., Any]) -> None:
    items = run_json("questions", "list", "--topic", topic)
    assert items and all(i["topic"] == topic for i in items)
    assert len(items) == sum(q.topic == topic for q in BANK)


def test_list_table(run: Callable[..., Any]) -> None:
    out = run("questions", "list", "--topic", "params").stdout
    assert "final-2023-q5a" in out and "final-2023-q4" not in out
    assert f"{sum(q.topic == 'params' for q in BANK)} questions" in out


def test_list_unknown_topic_suggests(bad: Callable[..., str]) -> None:
    line = bad("questions", "list", "--topic", "rnm")
    assert "unknown topic 'rnm'" in line and "did you mean 'rnn'" in line
    assert "did you mean 'self-attention'" in bad("questions", "list", "--topic", "selfattention")


def test_list_with_an_extra_bank(tmp_path: Path, run_json: Callable[..., Any]) -> None:
    path = tmp_path / "extra.yaml"
    path.write_text(
        BROKEN.split("- id: broken-two")[0]
        .replace("topic: cnn", "topic: kl")
        .replace('    en: "Pick"\n', '    en: "Pick"\n    zh: "選"\n')
        .replace("answer: c", "answer: a"),
        encoding="utf-8",
    )
    items = run_json("questions", "list", "--bank", str(path), "--topic", "kl")
    assert "broken-one" in [i["id"] for i in items]


def test_list_with_a_broken_bank_fails_with_one_line(
    tmp_path: Path, bad: Callable[..., str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    line = bad("questions", "list", "--bank", str(path))
    assert str(path) in line and "more" in line


# ------------------------------------------------------------------ questions show


def test_show_q4(run: Callable[..., Any]) -> None:
    result = run("questions", "show", "final-2023-q4")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "1.4588" in out and "2.7371" in out
    assert "final-2023-q4" in out and "solution" in out
    assert "U = [0.5, 0.6]" in out  # the placeholders are filled in


def test_show_in_chinese(run: Callable[..., Any]) -> None:
    out = run("questions", "show", "final-2023-q5a", "--lang", "zh").stdout
    assert "3840" in out and "第一個 LSTM 層" in out
    assert "How many parameters" not in out


def test_show_choice_and_symbols(run: Callable[..., Any]) -> None:
    out = run("questions", "show", "final-2023-q3", "--lang", "en").stdout
    assert "right answer: (b) Fig. 2(b)" in out
    out = run("questions", "show", "final-2023-q1a").stdout
    assert "iₜ" in out and "oₜ" in out and "fₜ" in out  # each part's answer, as symbols


def test_show_unknown_id(bad: Callable[..., str]) -> None:
    assert "did you mean 'final-2023-q4'" in bad("questions", "show", "final-2023-q44")


# ------------------------------------------------------------------ questions validate


def test_validate_bundled_bank(run: Callable[..., Any]) -> None:
    result = run("questions", "validate")
    assert result.exit_code == 0, result.stderr
    assert f"{len(BANK)} questions and 12 concept cards OK" in result.stdout
    assert result.stderr == ""


def test_validate_checks_the_cards_formulas(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import dlquiz.latex

    monkeypatch.delitem(dlquiz.latex.SYMBOLS, "sigma")  # \sigma now cannot be shown
    result = run("questions", "validate")
    assert result.exit_code == 1
    assert "\\sigma is not supported" in result.stderr and "lstm.yaml" in result.stderr


def test_validate_lists_every_problem(tmp_path: Path, run: Callable[..., Any]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = run("questions", "validate", str(path))
    assert result.exit_code == 1
    err = result.stderr
    lines = err.strip().splitlines()
    expected = [
        "broken-one: topic",
        "broken-one: prompt.zh",
        "broken-one: answer",
        "broken-two: hints",
        "broken-two: solver",
    ]
    for where in expected:
        assert sum(where in line for line in lines) == 1, (where, err)
    assert all(line.startswith(f"{path}:") for line in lines[:-1])
    assert lines[-1] == f"{len(expected)} problem(s)"
    assert "Traceback" not in err and result.stdout == ""


def test_validate_reports_solver_problems(tmp_path: Path, run: Callable[..., Any]) -> None:
    q4 = next(q for q in BANK if q.id == "final-2023-q4")
    text = Path(q4.file).read_text(encoding="utf-8")
    start = text.index("- id: final-2023-q4")
    end = text.index("\n- id:", start)
    body = text[start:end].replace("final-2023-q4", "my-q4").replace('"y[0]": 1.459', '"y[0]": 1.5')
    path = tmp_path / "q4.yaml"
    path.write_text("format_version: 1\nquestions:\n" + body + "\n", encoding="utf-8")
    result = run("questions", "validate", str(path))
    assert result.exit_code == 1
    assert "my-q4" in result.stderr and "stated 'y[0]' = 1.5" in result.stderr
    assert result.stderr.strip().endswith("1 problem(s)")


def test_validate_a_folder(tmp_path: Path, run: Callable[..., Any]) -> None:
    (tmp_path / "a.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("format_version: 7\nquestions: []\n", encoding="utf-8")
    result = run("questions", "validate", str(tmp_path))
    assert result.exit_code == 1
    assert "b.yaml:1: format_version" in result.stderr
    assert "6 problem(s)" in result.stderr


# ------------------------------------------------------------------ check


def test_check_right(run: Callable[..., Any]) -> None:
    result = run("check", "final-2023-q5a", "3840")
    assert result.exit_code == 0, result.stderr
    assert "✓ right" in result.stdout and "right answer: 3840" in result.stdout


def test_check_takes_an_answer_that_starts_with_a_minus_sign(
    run: Callable[..., Any], bad: Callable[..., str]
) -> None:
    result = run("check", "gan-value-equilibrium", "-1.386", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("✓ right")
    assert "--jsn" in bad("check", "gan-value-equilibrium", "-1.386", "--jsn")


def test_check_grades_and_shows_when_the_history_cannot_keep_it(
    run: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DLQUIZ_HOME", str(blocker))
    result = run("check", "final-2023-q5a", "3720", "--lang", "en")
    assert result.exit_code == 0
    assert "✗ not right" in result.stdout and "right answer: 3840" in result.stdout
    assert result.stderr.count("\n") == 1 and "not stored" in result.stderr
    data = json.loads(run("check", "final-2023-q5a", "3840", "--json").stdout)
    assert data["correct"] is True


def test_check_says_everything_in_the_students_language(run: Callable[..., Any]) -> None:
    zh = run("check", "final-2023-q5a", "3720", "--lang", "zh").stdout
    assert zh.splitlines()[0] == "✗ 不正確"
    assert "原因：你忘了偏差" in zh and "正確答案：3840" in zh
    assert not re.search(r"[A-Za-z]{4,}", zh.replace("units", "").replace("input_dim", ""))
    both = run("check", "final-2023-q5a", "3720", "--lang", "both").stdout.splitlines()
    assert any(line.startswith("why: You forgot") for line in both)
    assert any(line.startswith("原因：你忘了偏差") for line in both)


def test_check_refuses_a_seed_it_cannot_store(bad: Callable[..., str]) -> None:
    assert "--seed" in bad("check", "final-2023-q3", "b", "--seed", str(2**40))


def test_check_wrong_names_the_forgotten_bias(run: Callable[..., Any]) -> None:
    result = run("check", "final-2023-q5a", "3720")
    assert result.exit_code == 0, result.stderr
    assert "✗ not right" in result.stdout
    assert "You forgot the biases" in result.stdout and "3840" in result.stdout


def test_check_zh_diagnosis(run: Callable[..., Any]) -> None:
    out = run("check", "final-2023-q5a", "3720", "--lang", "zh").stdout
    assert "你忘了偏差" in out and "You forgot" not in out


@pytest.mark.parametrize(
    ("args", "correct", "score", "expected", "diagnosis"),
    [
        (["final-2023-q5a", "3840"], True, 1.0, 3840, None),
        (["final-2023-q5a", "3,840"], True, 1.0, 3840, None),
        (["final-2023-q5a", "4*30*(30+1+1)"], True, 1.0, 3840, None),
        (["final-2023-q5a", "3720"], False, 0.0, 3840, "You forgot the biases"),
        (["final-2023-q4", "1.459", "2.737"], True, 1.0, Q4_Y, None),
        (["final-2023-q4", "[1.459, 2.737]"], True, 1.0, Q4_Y, None),
        (["final-2023-q4", "2.993"], False, 0.0, Q4_Y, "You treated [2, 3]"),
        (["final-2023-q4", "1.5 2.7"], False, 0.5, Q4_Y, "rounded too coarsely"),
        (["final-2023-q3", "Fig. 2(b)"], True, 1.0, "b", None),
        (["final-2023-q3", "a"], False, 0.0, "b", "final state"),
        (["final-2023-q1a", "i_t", "o_t", "f_t"], True, 1.0, ["i_t", "o_t", "f_t"], None),
    ],
)
def test_check_json(
    args: list[str],
    correct: bool,
    score: float,
    expected: Any,
    diagnosis: str | None,
    run: Callable[..., Any],
) -> None:
    result = run("check", *args, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.endswith("\n") and out.count("\n") == 1 and "\x1b" not in out
    data = json.loads(out)
    extra = {"accepted", "convention", "note"} if args[0] == "final-2023-q4" else set()
    assert set(data) == {"correct", "score", "expected", "diagnosis"} | extra
    assert data["correct"] is correct and data["score"] == score
    if expected is Q4_Y:  # y_1, y_2 (however they are nested)
        assert np.ravel(data["expected"]) == pytest.approx(Q4_Y, abs=1e-4)
    else:
        assert data["expected"] == expected
    if diagnosis is None:
        assert data["diagnosis"] is None
    else:
        assert diagnosis in data["diagnosis"]


def test_check_json_zh(run: Callable[..., Any]) -> None:
    data = json.loads(run("check", "final-2023-q5a", "3720", "--json", "--lang", "zh").stdout)
    assert "偏差" in data["diagnosis"]


def test_check_unknown_id_suggests_the_nearest(bad: Callable[..., str]) -> None:
    line = bad("check", "final-2023-q5", "3840")
    assert "no question with id 'final-2023-q5'" in line
    assert "did you mean 'final-2023-q5" in line
    assert "did you mean 'final-2023-q4'" in bad("check", "final2023-q4", "1", "--json")


def test_check_bad_answer_is_one_line(bad: Callable[..., str]) -> None:
    assert "'3840x'" in bad("check", "final-2023-q5a", "3840x")
    bad("check", "final-2023-q5a", "3840x", "--json")


def test_check_stores_an_attempt(run: Callable[..., Any], _home: Path) -> None:
    assert run("check", "final-2023-q5a", "3720").exit_code == 0
    assert run("check", "final-2023-q4", "1.459", "2.737", "--json").exit_code == 0
    rows = attempts(_home)
    assert [(r["question_id"], r["answer"], r["correct"], r["score"]) for r in rows] == [
        ("final-2023-q5a", "3720", 0, 0.0),
        ("final-2023-q4", "1.459 2.737", 1, 1.0),
    ]
    first = rows[0]
    assert first["mode"] == "check" and first["mistake"] == "no-bias"
    assert first["topic"] == "params" and first["seed"] == 0
    assert "biases" in first["diagnosis"]


def test_check_unreadable_answer_stores_nothing(
    run: Callable[..., Any], bad: Callable[..., str], _home: Path
) -> None:
    bad("check", "final-2023-q5a", "nonsense")
    db = _home / "history.sqlite3"
    assert not db.exists() or attempts(_home) == []


def test_check_answer_that_is_not_utf8(run: Callable[..., Any]) -> None:
    result = run("check", "final-2023-q2", "caf\udce9 vanish")
    assert result.exit_code in (0, 2), result.stderr
    assert "internal error" not in result.stderr


def test_show_states_only_the_questions_answer(run: Callable[..., Any]) -> None:
    out = run("questions", "show", "final-2023-q5a", "--lang", "en").stdout
    answers = [line for line in out.splitlines() if line.startswith("right answer:")]
    assert answers and all("3840" in line or "3,840" in line for line in answers), answers
