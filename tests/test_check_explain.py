"""`dlquiz check` on an explanation: points with the words that earned them, misconceptions
by id, and `stats` counting a misconception like any other mistake."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

CASES: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "data" / "explain_checks.yaml").read_text("utf-8")
)["cli"]
SWAPPED = CASES["swapped"]


def _points(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["key"]: p for p in data["points"]}


def test_swapped_cures_fail_and_are_named(run_json: Callable[..., Any]) -> None:
    data = run_json("check", "final-2023-q2", SWAPPED)
    assert data["correct"] is False and data["score"] == 0.5
    ids = {m["id"] for m in data["misconceptions"]}
    assert ids == {"clip-for-vanishing", "lstm-for-exploding"}
    assert all(m["text"] for m in data["misconceptions"])
    points = _points(data)
    assert points["clipping"]["found"] is False and points["gating"]["found"] is False
    assert data["diagnosis"]


def test_plain_chinese_earns_points_with_its_words(run_json: Callable[..., Any]) -> None:
    data = run_json("check", "final-2023-q2", CASES["plain_zh"])
    points = _points(data)
    assert data["correct"] is True
    for key, word in CASES["plain_zh_words"].items():
        assert points[key]["found"] and word in points[key]["words"], key
    assert data["misconceptions"] == []


def test_stats_counts_the_misconception(run_json: Callable[..., Any]) -> None:
    run_json("check", "final-2023-q2", SWAPPED)
    stats = run_json("stats")
    mistakes = {m["id"]: m for m in stats["by_topic"]["rnn"]["mistakes"]}
    first = mistakes["misconception:clip-for-vanishing"]
    assert first["count"] == 1
    assert first["label"] == "gradient clipping cures vanishing gradients"
    assert first["label_zh"]
