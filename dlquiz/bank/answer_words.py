"""The words and marks of short answers (`questions/vocabulary/answers.yaml`), as patterns."""

from __future__ import annotations

import re
from functools import cache


@cache
def _data() -> dict[str, list[str]]:
    import yaml

    from dlquiz.content import folder

    path = folder("vocabulary") / "answers.yaml"
    data = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict) or data.get("format_version") != 1:
        raise RuntimeError(f"{path}: wants format_version: 1")
    return {k: [str(w) for w in v] for k, v in data.items() if isinstance(v, list)}


def _any(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def figure_choice() -> re.Pattern[str]:
    """`fig. 2b` → group 1 is the choice letter."""
    return re.compile(rf"(?:{_any(_data()['figure_words'])})?\d*([a-z])")


@cache
def item_separator() -> re.Pattern[str]:
    return re.compile(f"(?:{_any(_data()['item_separators'])})")


def strip_end(text: str) -> str:
    """The text without the sentence-ending marks at its end."""
    return text.rstrip("".join(_data()["sentence_ends"]))
