"""The question bank loads, and every kind of broken file is reported with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.bank.load import BankError, Problem, load_bank
from dlquiz.bank.model import TYPES
from dlquiz.bank.reader import ID
from dlquiz.topics import ids

TOPICS = ids()

FINAL_IDS = [
    "final-2023-q1a",
    "final-2023-q1b",
    "final-2023-q1c",
    "final-2023-q2",
    "final-2023-q3",
    "final-2023-q4",
    "final-2023-q5a",
    "final-2023-q5b",
    "final-2023-q6",
    "final-2023-gan",
    "final-2023-kl",
    "final-2023-xent",
]

# One valid question of each type; the broken files below are these with one thing changed.
HEAD = "format_version: 1\nquestions:\n"
COMMON = """\
  source: dlquiz
  points: 5
  prompt:
    en: "Prompt in English"
    zh: "中文題目"
  hints:
  - en: "A hint"
    zh: "提示"
  solution:
    en: "The solution"
    zh: "解答"
"""
CHOICE = f"""\
- id: demo-choice
  topic: rnn
  type: choice
{COMMON}  choices:
  - {{key: a, en: "A", zh: "甲"}}
  - {{key: b, en: "B", zh: "乙"}}
  answer: a
"""
NUMERIC = f"""\
- id: demo-numeric
  topic: rnn
  type: numeric
{COMMON}  solver: rnn
  inputs: {{x: [2, 3], u: [0.5, 0.6], w: [[0.1, 0.2], [0.3, 0.4]], v: [1.0, 2.0],
           bh: [1.0, -1.0], by: [0.1], h0: [0, 0]}}
  answer: y
"""
SYMBOLS = f"""\
- id: demo-symbols
  topic: lstm
  type: symbols
{COMMON}  parts:
  - key: input
    en: "input gate"
    zh: "輸入門"
    answer: "i_t"
"""
EXPLAIN = f"""\
- id: demo-explain
  topic: rnn
  type: explain
{COMMON}  rubric:
  - key: vanishing
    en: "Vanishing gradient"
    zh: "梯度消失"
    subject: [gradient, 梯度]
    claim: [vanish, 消失]
"""


def line_of(text: str, needle: str, after: str = "") -> int:
    """1-based number of the first line containing `needle` (after the line containing `after`)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def problems_of(*paths: Path) -> list[Problem]:
    with pytest.raises(BankError) as info:
        load_bank(paths, bundled=False)
    assert info.value.problems, "BankError without problems"
    return info.value.problems


def only_problem(path: Path, field: str, has_line: bool = True) -> Problem:
    found = [p for p in problems_of(path) if p.where.endswith(field)]
    assert len(found) == 1, (field, problems_of(path))
    p = found[0]
    assert p.file == str(path)
    if has_line:
        assert isinstance(p.line, int) and p.line >= 1
        assert str(p).startswith(f"{path}:{p.line}: ")
    return p


# ------------------------------------------------------------------ the bundled bank


@pytest.fixture(scope="module")
def bank() -> list:
    return load_bank()


def test_bundled_bank_loads_with_unique_valid_ids(bank: list) -> None:
    ids = [q.id for q in bank]
    assert len(ids) == len(set(ids))
    bad = [i for i in ids if not ID.match(i)]
    assert bad == []
    assert all(q.type in TYPES and q.topic in TOPICS for q in bank)


def test_every_final_question_exists(bank: list) -> None:
    ids = {q.id for q in bank}
    assert [i for i in FINAL_IDS if i not in ids] == []
    by_id = {q.id: q for q in bank}
    assert by_id["final-2023-q4"].type == "numeric"
    assert by_id["final-2023-q1a"].type == "symbols"
    assert by_id["final-2023-q3"].answer == "b"
    assert all(by_id[i].source.startswith("final-2023") for i in FINAL_IDS)


def test_at_least_40_own_questions(bank: list) -> None:
    own = [q for q in bank if not q.id.startswith("final-")]
    assert len(own) >= 40
    assert all(not q.source.startswith("final-") for q in own)


def test_every_topic_has_questions(bank: list) -> None:
    topics = {q.topic for q in bank}
    assert [t for t in TOPICS if t not in topics] == []


def test_every_question_is_bilingual_and_hinted(bank: list) -> None:
    for q in bank:
        assert q.prompt.en and q.prompt.zh, q.id
        assert q.solution.en and q.solution.zh, q.id
        assert q.hints and all(h.en and h.zh for h in q.hints), q.id


def test_questions_record_file_and_line(bank: list) -> None:
    q4 = next(q for q in bank if q.id == "final-2023-q4")
    text = Path(q4.file).read_text(encoding="utf-8")
    assert q4.line == line_of(text, "id: final-2023-q4")


# ------------------------------------------------------------------ valid synthetic files


def test_one_valid_question_of_each_type_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(HEAD + CHOICE + NUMERIC + SYMBOLS + EXPLAIN, encoding="utf-8")
    qs = load_bank([path], bundled=False)
    assert [q.id for q in qs] == ["demo-choice", "demo-numeric", "demo-symbols", "demo-explain"]
    assert [q.type for q in qs] == ["choice", "numeric", "symbols", "explain"]
    assert all(q.file == str(path) for q in qs)


def test_a_folder_loads_every_yaml_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(HEAD + CHOICE, encoding="utf-8")
    (tmp_path / "b.yml").write_text(HEAD + EXPLAIN, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a question file", encoding="utf-8")
    assert {q.id for q in load_bank([tmp_path], bundled=False)} == {"demo-choice", "demo-explain"}


def test_extra_files_add_to_the_bundled_bank(tmp_path: Path, bank: list) -> None:
    path = tmp_path / "extra.yaml"
    path.write_text(HEAD + CHOICE, encoding="utf-8")
    ids = [q.id for q in load_bank([path])]
    assert len(ids) == len(bank) + 1 and "demo-choice" in ids


# ------------------------------------------------------------------ broken files


def write(tmp_path: Path, text: str, name: str = "broken.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_invalid_yaml(tmp_path: Path) -> None:
    text = HEAD + CHOICE.replace("  topic: rnn\n", "  topic: rnn: lstm\n")
    path = write(tmp_path, text)
    p = only_problem(path, "yaml")
    assert p.line == line_of(text, "topic: rnn: lstm")
    assert "not valid YAML" in p.message


def test_unclosed_bracket_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + CHOICE.replace("{key: b,", "{key: b, [", 1))
    p = only_problem(path, "yaml")
    assert p.line is not None


def test_python_tag_is_a_problem_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        HEAD + f'- !!python/object/apply:os.system ["echo pwned > {marker}"]\n'
        f'- !!python/object/apply:os.system ["touch {marker}"]\n'
    )
    path = write(tmp_path, text)
    p = only_problem(path, "yaml")
    assert p.line == line_of(text, "!!python")
    assert "python/object" in p.message
    assert not marker.exists()


def test_python_tag_as_a_value_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    tag = f'!!python/object/apply:os.system ["touch {marker}"]'
    text = HEAD + CHOICE.replace("  source: dlquiz\n", f"  source: {tag}\n")
    path = write(tmp_path, text)
    p = only_problem(path, "yaml")
    assert p.line == line_of(text, "!!python")
    assert not marker.exists()


def test_wrong_format_version(tmp_path: Path) -> None:
    text = HEAD.replace("format_version: 1", "format_version: 2") + CHOICE
    path = write(tmp_path, text)
    p = only_problem(path, "format_version")
    assert p.line == 1
    assert "1" in p.message and "2" in p.message


def test_missing_format_version(tmp_path: Path) -> None:
    text = "questions:\n" + CHOICE
    p = only_problem(write(tmp_path, text), "format_version")
    assert "None" in p.message


def test_missing_prompt_zh(tmp_path: Path) -> None:
    text = HEAD + CHOICE.replace('    zh: "中文題目"\n', "")
    path = write(tmp_path, text)
    p = only_problem(path, "prompt.zh")
    assert p.where == "demo-choice: prompt.zh"
    assert p.line == line_of(text, "prompt:")


def test_empty_hints(tmp_path: Path) -> None:
    text = HEAD + EXPLAIN.replace('  hints:\n  - en: "A hint"\n    zh: "提示"\n', "  hints: []\n")
    assert "hints: []" in text
    path = write(tmp_path, text)
    p = only_problem(path, "hints")
    assert p.where == "demo-explain: hints"
    assert p.line == line_of(text, "hints: []")


def test_unknown_topic(tmp_path: Path) -> None:
    text = HEAD + CHOICE.replace("topic: rnn", "topic: cnn")
    path = write(tmp_path, text)
    p = only_problem(path, "topic")
    assert p.line == line_of(text, "topic: cnn")
    assert "'cnn'" in p.message


def test_unknown_type(tmp_path: Path) -> None:
    text = HEAD + EXPLAIN.replace("type: explain", "type: essay")
    path = write(tmp_path, text)
    p = only_problem(path, "type")
    assert p.line == line_of(text, "type: essay")
    assert "'essay'" in p.message


def test_bad_id(tmp_path: Path) -> None:
    text = HEAD + CHOICE.replace("id: demo-choice", "id: Demo_Choice")
    path = write(tmp_path, text)
    p = only_problem(path, ": id")
    assert p.line == line_of(text, "id: Demo_Choice")


def test_duplicate_id_across_two_files(tmp_path: Path) -> None:
    first = write(tmp_path, HEAD + EXPLAIN, "a.yaml")
    second_text = HEAD + CHOICE + EXPLAIN
    second = write(tmp_path, second_text, "b.yaml")
    problems = problems_of(first, second)
    assert len(problems) == 1
    p = problems[0]
    assert p.file == str(second)
    assert p.line == line_of(second_text, "id: demo-explain")
    assert p.where == "demo-explain"
    assert f"first at {first}:{line_of(HEAD + EXPLAIN, 'id: demo-explain')}" in p.message


def test_duplicate_id_with_the_bundled_bank(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + CHOICE.replace("id: demo-choice", "id: final-2023-q4"))
    with pytest.raises(BankError) as info:
        load_bank([path])
    [p] = info.value.problems
    assert p.file == str(path) and "final-2023.yaml" in p.message


def test_numeric_without_solver(tmp_path: Path) -> None:
    text = HEAD + NUMERIC.replace("  solver: rnn\n", "")
    path = write(tmp_path, text)
    p = only_problem(path, "solver")
    assert p.where == "demo-numeric: solver"
    assert p.line == line_of(text, "id: demo-numeric")


def test_numeric_without_answer(tmp_path: Path) -> None:
    text = HEAD + NUMERIC.replace("  answer: y\n", "")
    p = only_problem(write(tmp_path, text), "answer")
    assert p.where == "demo-numeric: answer"


def test_negative_tolerance(tmp_path: Path) -> None:
    text = HEAD + NUMERIC + "  tolerance: {rel: -0.1}\n"
    path = write(tmp_path, text)
    p = only_problem(path, "tolerance")
    assert p.line == line_of(text, "tolerance:")


def test_choice_whose_answer_is_not_a_key(tmp_path: Path) -> None:
    text = HEAD + CHOICE.replace("  answer: a\n", "  answer: c\n")
    path = write(tmp_path, text)
    p = only_problem(path, "answer")
    assert p.where == "demo-choice: answer"
    assert p.line == line_of(text, "answer: c")


def test_choice_with_one_choice(tmp_path: Path) -> None:
    text = HEAD + CHOICE.replace('  - {key: b, en: "B", zh: "乙"}\n', "")
    p = only_problem(write(tmp_path, text), "choices")
    assert "two" in p.message


def test_parts_without_answer(tmp_path: Path) -> None:
    text = HEAD + SYMBOLS.replace('    answer: "i_t"\n', "")
    path = write(tmp_path, text)
    p = only_problem(path, "parts[0]")
    assert p.where == "demo-symbols: parts[0]"
    assert p.line == line_of(text, "key: input")
    assert "answer" in p.message


def test_explain_without_claim_phrases(tmp_path: Path) -> None:
    text = HEAD + EXPLAIN.replace("    claim: [vanish, 消失]\n", "")
    path = write(tmp_path, text)
    p = only_problem(path, "rubric[0]")
    assert p.where == "demo-explain: rubric[0]"
    assert p.line == line_of(text, "key: vanishing")
    assert "needs claim: phrases" in p.message


def test_every_problem_of_a_file_is_listed(tmp_path: Path) -> None:
    text = (
        HEAD
        + CHOICE.replace("topic: rnn", "topic: cnn").replace("  answer: a\n", "  answer: z\n")
        + EXPLAIN.replace("type: explain", "type: essay")
        + NUMERIC.replace("  solver: rnn\n", "")
    )
    problems = problems_of(write(tmp_path, text))
    wheres = sorted(p.where for p in problems)
    assert wheres == [
        "demo-choice: answer",
        "demo-choice: topic",
        "demo-explain: type",
        "demo-numeric: solver",
    ]
    lines = [p.line for p in problems]
    assert lines == sorted(lines), "problems are listed in file order"


def test_problems_of_several_files_are_all_listed(tmp_path: Path) -> None:
    a = write(tmp_path, HEAD.replace("1", "3") + CHOICE, "a.yaml")
    b = write(tmp_path, HEAD + EXPLAIN.replace("type: explain", "type: essay"), "b.yaml")
    problems = problems_of(a, b)
    assert {(p.file, p.where) for p in problems} == {
        (str(a), "format_version"),
        (str(b), "demo-explain: type"),
    }


def test_not_a_mapping_and_no_question_list(tmp_path: Path) -> None:
    p = only_problem(write(tmp_path, "- just\n- a list\n", "list.yaml"), "file")
    assert "mapping" in p.message
    p = only_problem(write(tmp_path, "format_version: 1\nquestions: 3\n", "q.yaml"), "questions")
    assert p.line == 2


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(HEAD.encode() + b"# caf\xe9\n")
    p = only_problem(path, "file", has_line=False)
    assert p.line is None and "cannot be read" in p.message


def test_problem_inside_a_list_item_points_at_that_item(tmp_path: Path) -> None:
    text = HEAD + CHOICE.replace(
        '  hints:\n  - en: "A hint"\n    zh: "提示"\n',
        '  hints:\n  - en: "A hint"\n    zh: "提示"\n  - en: "Second hint without zh"\n',
    )
    path = write(tmp_path, text)
    p = only_problem(path, "hints[1].zh")
    assert p.line == line_of(text, "Second hint without zh")
