"""The zh-TW glossary: one term per concept in content, variants read as the term in answers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dlquiz.glossary import preferred, problems, simplified

BANK = """\
format_version: 1
questions:
- id: wording-demo
  topic: lstm
  type: choice
  source: dlquiz
  points: 1
  prompt:
    en: "Which gate decides what to drop from c_{{t-1}}?"
    zh: "{zh}"
  hints:
  - {{en: "Look at what multiplies c_{{t-1}}.", zh: "看看誰乘上 c_{{t-1}}。"}}
  solution: {{en: "The forget gate.", zh: "遺忘閘。"}}
  choices:
  - {{key: a, en: "forget gate", zh: "遺忘閘"}}
  - {{key: b, en: "output gate", zh: "輸出閘"}}
  answer: a
"""


def validate(tmp_path: Path, run: Callable[..., Any], zh: str) -> Any:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK.format(zh=zh), encoding="utf-8")
    return run("questions", "validate", str(path))


def test_content_in_the_preferred_terms_passes(tmp_path: Path, run: Callable[..., Any]) -> None:
    result = validate(tmp_path, run, "哪一個閘決定從記憶單元狀態丟掉什麼？門檻值是多少？")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("zh", "named"),
    [
        ("哪一個門決定丟掉什麼？", "'門' is not the glossary's term for gate: write '閘'"),
        ("細胞狀態要丟掉什麼？", "write '記憶單元狀態'"),
        ("這個激活函數是什麼？", "write '活化函數'"),
        ("哪一个闸决定丢掉什么？", "Simplified characters"),
    ],
)
def test_a_variant_or_simplified_text_fails_validate(
    tmp_path: Path, run: Callable[..., Any], zh: str, named: str
) -> None:
    result = validate(tmp_path, run, zh)
    assert result.exit_code == 1
    assert named in result.stderr and "bank.yaml:3: wording-demo.prompt" in result.stderr


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("輸入門與遺忘門", "輸入閘與遺忘閘"),
        ("門控循環單元", "閘控遞迴單元"),
        ("細胞狀態與單元狀態", "記憶單元狀態與記憶單元狀態"),
        ("記憶單元狀態", "記憶單元狀態"),
        ("門檻值", "門檻值"),
        ("預激活值與激活函數", "活化前的值與活化函數"),
    ],
)
def test_answers_are_read_in_the_preferred_terms(written: str, read: str) -> None:
    assert preferred(written) == read


def test_traditional_text_has_no_problems() -> None:
    assert problems("遞迴神經網路的隱藏狀態與記憶單元狀態，經過輸出閘。") == []
    assert simplified("记忆单元状态") != []
    assert simplified("記憶單元狀態") == []
