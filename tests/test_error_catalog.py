"""Every input error is said from the catalog, so a Chinese screen says it in Chinese.

The behaviour is tested command by command (tests/test_zh_*errors.py); this test keeps a new
`raise InputError("English sentence")` from slipping in where those tests do not reach.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dlquiz

SOURCE = Path(dlquiz.__file__).parent


def test_every_input_error_carries_both_languages() -> None:
    english_only = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name == "InputError" and "text" not in {k.arg for k in node.keywords}:
                english_only.append(f"{path.relative_to(SOURCE.parent)}:{node.lineno}")
    assert english_only == [], "use dlquiz.errors.input_error(key, ...): " + ", ".join(english_only)


def test_an_error_keeps_its_languages_when_tagged_with_its_argument() -> None:
    from dlquiz.errors import InputError
    from dlquiz.solvers._common import about, vector

    try:
        with about("x"):
            vector([[1, 2], [3, 4]], "x")
    except InputError as exc:
        assert exc.param == "x" and exc.text is not None and exc.text.zh != exc.text.en
    else:
        raise AssertionError("a matrix is not a vector")


def test_a_words_field_is_said_in_each_language() -> None:
    from dlquiz.errors import Words, input_error

    err = input_error("errors.option", flag=Words("errors.aborted"))
    assert err.text is not None
    assert (err.text.en, err.text.zh) == (" (option aborted)", "（選項 已中止）")
    assert err.message == " (option aborted)"
