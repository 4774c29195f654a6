"""The words and marks of short answers (`questions/vocabulary/answers.yaml`), as patterns."""

from __future__ import annotations

import re
from functools import cache


@cache
def _data() -> dict[str, list[str]]:
    from dlquiz.content import folder
    from dlquiz.yaml_data import parse

    path = folder("vocabulary") / "answers.yaml"
    data = parse(path.read_text("utf-8"))
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


# A label: a name (letters, then letters, digits, subscripts or primes, an optional _{…} or
# _k index, an optional argument list as in H(P)) or a label word, then = or : (after NFKC,
# full-width equals and colon are ASCII).
_NAME = r"[^\W\d][\w\u2080-\u2089'′]{0,24}(?:_\{[^{}]{0,12}\}|_\w{1,12})?(?:\([^()=:]{0,24}\))?"
_INDEX = re.compile(r"(\d+)\}?$|([\u2080-\u2089]+)$")


@cache
def _labelled() -> re.Pattern[str]:
    words = _any(_data()["label_words"])
    return re.compile(rf"(?:(?<=^)|(?<=[\s,;(\[]))({words}|{_NAME})\s*[:=]\s*", re.IGNORECASE)


@cache
def _units() -> re.Pattern[str]:
    return re.compile(rf"(?<=[\d)\]])\s*(?:{_any(_data()['unit_words'])})(?![^\W\d_])", re.I)


def answer_numbers(answer: str) -> str:
    """The numbers of an answer with its labels and units taken off: "y1=1.459, y2=2.737",
    "y = [1.459, 2.737]", "ans: 3840" and "3840 params" read as the numbers (a Chinese label too).
    When every number has an indexed label (y2=…, y1=…, or y₂, y₁), they are put in the
    order of the indices. Anything else is left for the number reader to accept or refuse."""
    import unicodedata

    text = unicodedata.normalize("NFKC", answer)
    text = _units().sub("", text)
    labels = list(_labelled().finditer(text))
    if not labels:
        return text
    if len(labels) > 1:
        ordered = _by_index(text, labels)
        if ordered is not None:
            return ordered
    return _labelled().sub("", text)


def _by_index(text: str, labels: list[re.Match[str]]) -> str | None:
    """The labelled values in the order of their labels' indices, when the labels are
    indexed 1…n (or 0…n−1) each once and nothing but separators comes before the first."""
    if text[: labels[0].start()].strip(" ,;"):
        return None
    values, indices = [], []
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        found = _INDEX.search(m.group(1))
        if found is None:
            return None
        digits = found.group(1) or "".join(str(ord(c) - 0x2080) for c in found.group(2))
        indices.append(int(digits))
        values.append(text[m.end() : end].strip().rstrip(",;").strip())
    if sorted(indices) not in (list(range(1, len(labels) + 1)), list(range(len(labels)))):
        return None
    return " ".join(v for _, v in sorted(zip(indices, values, strict=True)))
