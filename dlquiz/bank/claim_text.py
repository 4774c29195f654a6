"""Reading an explanation answer: normalising it, cutting it into sentences and clauses,
finding phrases and negations in it.

The language data (terminology variants, negation cues, conjunctions) is
`questions/vocabulary/claims.yaml`; nothing here knows a word of either language.

Text is NFKC-normalised and lower-cased; `_ { } ^ $ \\` are dropped (`c_{t-1}` reads `ct-1`,
`K^T` and `Kᵀ` read `kt`); variants are folded to one form (longest first, one pass); a
hyphen between two letters reads as a space (`blow-up` is `blow up`, `long-term` is `long term`).
A phrase is literal text; `…` (or `...`) inside it means "and later in the same clause".
A phrase that starts with a letter or digit starts at a word boundary; one of at most three
letters, or ending in a digit, also ends at one (so `kl` is not inside `kleenex`, `0` not
inside `0.5`). Longer ones match as stems (`clip` matches `clipping`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

_DROP = re.compile(r"[_{}^$\\]")
_SPACE = re.compile(r"\s+")
_GAP = re.compile(r"\s*(?:…|\.\.\.)\s*")
_LATIN = re.compile(r"[a-z0-9]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z]+")
_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
_FORMULA = 99
# A sentence ends at . ! ? (followed by a space or the end), ; 。 ； ！ ？ or a line break.
_SENTENCE = re.compile(
    r"(?<!fig)(?<!e\.g)(?<!i\.e)(?<!eq)\.(?=\s|$)|[;!?\n\u3002\uff1b\uff01\uff1f]"
)
# Within a sentence, a clause ends at a comma, an enumeration comma or a colon.
_CLAUSE = re.compile(r",(?!\d)|[:\uff0c\u3001\uff1a]")


@dataclass(frozen=True)
class Vocabulary:
    fold: re.Pattern[str] | None
    folds: dict[str, str]
    negation: re.Pattern[str] | None
    not_negation: re.Pattern[str] | None
    split: re.Pattern[str] | None
    carry: re.Pattern[str] | None


def _alternation(items: list[str], words: bool) -> re.Pattern[str] | None:
    items = sorted({i for i in items if i}, key=len, reverse=True)
    if not items:
        return None
    parts = [re.escape(i) for i in items]
    if words:
        parts = [rf"(?<![a-z0-9']){p}(?![a-z0-9])" for p in parts]
    return re.compile("|".join(parts))


@cache
def vocabulary() -> Vocabulary:
    """The language data, read once."""
    from dlquiz.content import root
    from dlquiz.yaml_data import parse

    path = root() / "vocabulary" / "claims.yaml"
    data: dict[str, Any] = parse(path.read_text("utf-8")) or {}
    folds = {
        unicodedata.normalize("NFKC", str(k)).lower(): str(v)
        for k, v in (data.get("fold") or {}).items()
    }
    glossary = root() / "vocabulary" / "glossary.yaml"  # the zh-TW terms and their variants
    if glossary.is_file():
        for term in (parse(glossary.read_text("utf-8")) or {}).get("terms") or ():
            for variant in term.get("variants") or ():
                folds.setdefault(_base(str(variant)), str(term["zh"]))
            for word in term.get("except") or ():
                folds.setdefault(_base(str(word)), _base(str(word)))
    neg = data.get("negation") or {}
    split = data.get("split") or {}
    carry = data.get("continue") or {}

    def both(entry: dict[str, Any]) -> re.Pattern[str] | None:
        words = [_base(str(w)) for w in entry.get("words") or ()]
        marks = [_base(str(m)) for m in entry.get("marks") or ()]
        a, b = _alternation(words, True), _alternation(marks, False)
        joined = [p.pattern for p in (a, b) if p is not None]
        return re.compile("|".join(joined)) if joined else None

    return Vocabulary(
        fold=_alternation(list(folds), False),
        folds=folds,
        negation=both(neg),
        not_negation=_alternation([_base(str(e)) for e in neg.get("except") or ()], False),
        split=both(split),
        carry=both(carry),
    )


def _base(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = _DROP.sub("", text)
    return _SPACE.sub(" ", text).strip()


def norm(text: str) -> str:
    """The form every answer and every phrase is matched in."""
    text = _base(text)
    vocab = vocabulary()
    if vocab.fold is not None:
        text = vocab.fold.sub(lambda m: vocab.folds[m.group(0)], text)
    return _HYPHEN.sub(" ", text)


@cache
def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A phrase of a rubric as a regular expression over normalised text."""
    segments = [s for s in _GAP.split(norm(phrase)) if s]
    parts = []
    for seg in segments:
        body = r"\s*".join(re.escape(ch) for ch in seg.replace(" ", ""))
        if _LATIN.match(seg[0]):
            body = r"(?<![a-z0-9])" + body
        last = seg[-1]
        letters = re.fullmatch(r"[a-z]+", seg)
        if last.isdigit() or (letters and len(seg) <= 3):
            body += r"(?![a-z0-9]|\.\d)"
        parts.append(body)
    return re.compile(".*?".join(f"(?:{p})" for p in parts) if parts else r"(?!x)x")


def find(phrase: str, text: str) -> list[tuple[int, int]]:
    """Every place `phrase` occurs in normalised `text`, as (start, end)."""
    return [m.span() for m in compile_phrase(phrase).finditer(text)]


def sentences(text: str) -> list[str]:
    """Normalised text cut into sentences."""
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def clauses(sentence: str, keep: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The clauses of a sentence as spans; a conjunction inside a `keep` span (a phrase such as
    "between 0 and 1") does not cut."""
    cuts: list[tuple[int, int]] = [m.span() for m in _CLAUSE.finditer(sentence)]
    split = vocabulary().split
    if split is not None:
        cuts += [
            m.span()
            for m in split.finditer(sentence)
            if not any(a <= m.start() and m.end() <= b for a, b in keep)
        ]
    out, start = [], 0
    for a, b in sorted(cuts):
        if a < start:
            continue
        if sentence[start:a].strip():
            out.append((start, a))
        start = b
    if sentence[start:].strip():
        out.append((start, len(sentence)))
    return out


def negated(text: str, masked: list[tuple[int, int]]) -> bool:
    """Does `text` hold a negation cue outside the `masked` spans (the matched phrases)?"""
    vocab = vocabulary()
    if vocab.negation is None:
        return False
    spared = list(masked)
    if vocab.not_negation is not None:
        spared += [m.span() for m in vocab.not_negation.finditer(text)]
    return any(
        not any(a <= m.start() < b for a, b in spared) for m in vocab.negation.finditer(text)
    )


def continues(sentence: str) -> bool:
    """Does the sentence open with a pronoun or a continuation word ("it", "we", "then",
    the Chinese cues of the vocabulary), so that it goes on about the previous one?"""
    carry = vocabulary().carry
    if carry is None:
        return False
    m = carry.match(sentence.lstrip(" ([（「\"'"))
    return m is not None


def short(text: str) -> bool:
    """A clause of a keyword list: at most three words, or at most six Chinese characters."""
    return len(_WORD.findall(text)) <= 3 and len(_CJK.findall(text)) <= 6


def leftover(text: str, spans: list[tuple[int, int]], words: bool = False) -> int:
    """How much a sentence says besides its matched phrases: letters left unmatched, plus
    three per other Chinese character. With `words`, a word whose stem a phrase matched counts
    as matched (for the items of a keyword list: "vanishing" is the phrase `vanish`)."""
    chars = list(text)
    for a, b in spans:
        while words and b < len(text) and text[b].isascii() and text[b].isalpha() and b > a:
            b += 1
        for i in range(a, b):
            chars[i] = " "
    rest = "".join(chars)
    if re.search(r"[=→]", text):
        return _FORMULA  # a formula states a relation
    return len("".join(_WORD.findall(rest))) + 3 * len(_CJK.findall(rest))


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None
