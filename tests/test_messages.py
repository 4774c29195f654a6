"""The message catalog: both languages name the same fields, and every message fills in."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.messages import catalog, check_catalog, msg, say


def test_the_bundled_catalog_has_no_problems() -> None:
    assert check_catalog() == []
    assert len(catalog()) > 100


def test_a_doubled_brace_is_a_brace_with_or_without_fields() -> None:
    assert "h_{t−1}" in msg("solve.rnn.column").en
    assert "{" not in say("solve.lstm.note", "en", h0="[0]", c0="[0]").replace("h_{t−1}", "")


def test_both_joins_the_two_languages() -> None:
    assert say("view.right", "both") == "✓ right · ✓ 正確"


def test_a_broken_catalog_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "messages"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "format_version: 1\nmessages:\n"
        "  x.one: {en: 'one {n}', zh: '一'}\n"
        "  x.two: {en: 'a { brace', zh: '括號'}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DLQUIZ_CONTENT", str(tmp_path))
    from dlquiz import content

    content.root.cache_clear()
    catalog.cache_clear()
    try:
        problems = check_catalog()
    finally:
        content.root.cache_clear()
        catalog.cache_clear()
    assert any("'x.one': en names ['n'], zh []" in p for p in problems)
    assert any("'x.two' cannot be filled in" in p for p in problems)
