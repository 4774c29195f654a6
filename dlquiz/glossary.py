"""The zh-TW glossary (`questions/vocabulary/glossary.yaml`): one term per concept.

`preferred(text)` rewrites the variants students write into the preferred terms (answers are
compared after it); `problems(text)` names the variants and Simplified characters a piece of
content uses, for `dlquiz questions validate`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Term:
    concept: str
    zh: str
    variants: tuple[str, ...]
    exceptions: tuple[str, ...]


@cache
def _data() -> dict[str, object]:
    from dlquiz.content import folder
    from dlquiz.yaml_data import parse

    path = folder("vocabulary") / "glossary.yaml"
    data = parse(path.read_text("utf-8"))
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        raise RuntimeError(f"{path}: wants format_version: {FORMAT_VERSION} and terms")
    return data


@cache
def terms() -> tuple[Term, ...]:
    data: dict[str, Any] = _data()
    return tuple(
        Term(str(t["concept"]), str(t["zh"]), tuple(map(str, t.get("variants") or ())),
             tuple(map(str, t.get("except") or ())))
        for t in data.get("terms") or ()
    )  # fmt: skip


@cache
def _pattern(term: Term) -> re.Pattern[str]:
    """A variant, but not inside one of the term's exceptions (or the preferred term)."""
    keep = "|".join(map(re.escape, sorted({*term.exceptions, term.zh}, key=len, reverse=True)))
    variants = "|".join(map(re.escape, sorted(term.variants, key=len, reverse=True)))
    # any case: "Token" in Chinese text is a variant too, and an answer reads alike either way
    return re.compile(f"({keep})|({variants})" if keep else f"()({variants})", re.IGNORECASE)


def _variants_in(text: str, term: Term) -> list[str]:
    return [m.group(2) for m in _pattern(term).finditer(text) if m.group(2)]


def preferred(text: str) -> str:
    """The text with every glossary variant replaced by its preferred term."""
    for term in terms():
        if term.variants:
            text = _pattern(term).sub(_keep_or(term.zh), text)
    return text


def _keep_or(zh: str) -> Callable[[re.Match[str]], str]:
    """A replacement: an exception (group 1) stays as it is, a variant becomes `zh`."""

    def replace(m: re.Match[str]) -> str:
        return m.group(1) or zh

    return replace


def variant_problems(text: str) -> list[str]:
    return [
        f"'{v}' is not the glossary's term for {t.concept}: write '{t.zh}'"
        for t in terms()
        for v in dict.fromkeys(_variants_in(text, t))
    ]


@cache
def _converters() -> tuple[object, object] | None:
    try:
        import opencc
    except ImportError:  # validate still checks the glossary without it
        return None
    return opencc.OpenCC("s2t"), opencc.OpenCC("t2s")


def simplified(text: str) -> list[str]:
    """Characters of `text` that are Simplified only (they have a different Traditional
    form, and are their own Simplified form)."""
    conv = _converters()
    if conv is None:
        return []
    s2t, t2s = conv
    out = []
    shared = set(map(str, _data().get("shared") or ()))  # type: ignore[call-overload]
    for ch in dict.fromkeys(re.findall(r"[\u3400-\u9fff]", text)):
        if ch not in shared and s2t.convert(ch) != ch and t2s.convert(ch) == ch:  # type: ignore[attr-defined]
            out.append(ch)
    return out


def problems(text: str) -> list[str]:
    """Everything wrong with one piece of zh content."""
    found = variant_problems(text)
    chars = simplified(text)
    if chars:
        found.append(f"Simplified characters {''.join(chars)}: write them in Traditional")
    return found
