"""The claim grader against a TA's marks (tests/data/explain_answers.yaml), and the rule
that lets a claim go on about the previous sentence's subject."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from dlquiz.bank.claims import ExplainResult, analyse
from dlquiz.bank.load import load_bank
from dlquiz.bank.model import Question

BANK = {q.id: q for q in load_bank()}
DATA: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "explain_answers.yaml").read_text("utf-8")
)
CASES = [(qid, i, item) for qid, items in DATA.items() for i, item in enumerate(items)]
ANSWER_FLOOR = 0.9  # share of answers graded exactly as the TA marked them
POINT_FLOOR = 0.95  # share of (answer, point) pairs the grader and the TA agree on


def _earned(result: ExplainResult, q: Question) -> set[str]:
    return {p.key for p, ok in zip(q.rubric, result.earned, strict=True) if ok}


def _wrong(result: ExplainResult) -> set[str]:
    return {m.id for m, _ in result.misconceptions}


def test_the_set_covers_every_exam_explanation_in_both_languages() -> None:
    kinds = {"full", "plain", "partial", "swapped", "negated", "keywords", "off-topic"}
    for qid, items in DATA.items():
        assert BANK[qid].type == "explain"
        assert len(items) >= 8
        assert {i["kind"] for i in items} == kinds, qid
        zh = [i for i in items if any("\u4e00" <= ch <= "\u9fff" for ch in i["answer"])]
        assert 3 <= len(zh) <= len(items) - 3, qid
        keys = {p.key for p in BANK[qid].rubric}
        ids = {m.id for m in BANK[qid].misconceptions}
        for item in items:
            assert set(item["points"]) <= keys and set(item.get("misconceptions") or ()) <= ids
            assert item["score"] * 4 == int(item["score"] * 4)


@pytest.mark.parametrize(
    ("qid", "item"),
    [
        pytest.param(
            qid,
            item,
            id=f"{qid}-{i}-{item['kind']}",
            marks=[pytest.mark.xfail(strict=True, reason=item["disagrees"])]
            if "disagrees" in item
            else [],
        )
        for qid, i, item in CASES
    ],
)
def test_grader_agrees_with_the_ta(qid: str, item: dict[str, Any]) -> None:
    q = BANK[qid]
    result = analyse(q, item["answer"])
    assert abs(result.score - item["score"]) <= 0.25, (_earned(result, q), item["points"])
    assert _wrong(result) == set(item.get("misconceptions") or ())


def test_agreement_per_answer_and_per_point(capsys: pytest.CaptureFixture[str]) -> None:
    answers = close = points = pairs = 0
    for qid, _, item in CASES:
        q = BANK[qid]
        result = analyse(q, item["answer"])
        earned, want = _earned(result, q), set(item["points"])
        same_wrong = _wrong(result) == set(item.get("misconceptions") or ())
        answers += earned == want and same_wrong
        close += abs(result.score - item["score"]) <= 0.25 and same_wrong
        points += sum((p.key in earned) == (p.key in want) for p in q.rubric)
        pairs += len(q.rubric)
    n = len(CASES)
    with capsys.disabled():
        print(
            f"\nexplain agreement: per answer {answers}/{n} = {answers / n:.0%} exact, "
            f"{close}/{n} = {close / n:.0%} within 0.25; "
            f"per point {points}/{pairs} = {points / pairs:.0%}"
        )
    assert answers / n >= ANSWER_FLOOR
    assert points / pairs >= POINT_FLOOR


# ------------------------------------------------------------------ across sentences


ACROSS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "explain_checks.yaml").read_text("utf-8")
)["across"]


@pytest.mark.parametrize("case", ACROSS, ids=[c["answer"][:40] for c in ACROSS])
def test_a_claim_may_go_on_about_the_previous_sentence(case: dict[str, Any]) -> None:
    q = BANK["final-2023-q2"]
    result = analyse(q, case["answer"])
    want = (set(case["earned"]), set(case.get("wrong") or ()))
    assert (_earned(result, q), _wrong(result)) == want


def test_words_across_sentences_name_both_ends() -> None:
    q = BANK["final-2023-q2"]
    result = analyse(q, "Exploding gradients blow up. We rescale them.")
    clipping = next(p for p in result.to_json()["points"] if p["key"] == "clipping")
    assert clipping["found"] and clipping["words"][-1] == "rescale"
    assert clipping["words"][0] in ("explod", "blow up")
