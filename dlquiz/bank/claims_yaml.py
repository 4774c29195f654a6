"""Explanation questions in YAML: reading their claims and checking their examples.

`read_explain` reads a question's `rubric:` points and `misconceptions:` (format in
docs/question-format.md); `check_claims` is what `dlquiz questions validate` runs on them:
every point and misconception has example answers in both languages that it matches, and
counter-examples that it must not match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dlquiz.bank import claim_text as ct
from dlquiz.bank.claims import found_claims, patterns
from dlquiz.bank.model import Claim, Misconception, Question, RubricPoint

if TYPE_CHECKING:
    from dlquiz.bank.reader import Reader


def _phrases(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(value)
    return None


def _claim(reader: Reader, raw: dict[str, Any], path: tuple[str | int, ...], where: str) -> Claim:
    subject = _phrases(raw.get("subject", []))
    claim = _phrases(raw.get("claim"))
    block = _phrases(raw.get("not", []))
    if subject is None or block is None:
        reader.problem(path, where, "subject: and not: are lists of phrases")
    if not claim:
        reader.problem(path, where, "needs claim: phrases (keywords: are not read any more)")
    return Claim(subject or (), claim or (), block or ())


def _answers(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    """`examples:` / `counter:` as a list of answers, or {en: [...], zh: [...]}."""
    value = raw.get(key) or ()
    if isinstance(value, dict):
        return tuple(str(a) for lang in ("en", "zh") for a in value.get(lang) or ())
    return tuple(str(a) for a in value)


def read_explain(
    reader: Reader, raw: dict[str, Any], base: tuple[str | int, ...], label: str, text: Any
) -> dict[str, Any]:
    """The `rubric:` and `misconceptions:` of an explain question."""
    rubric = []
    for i, r in enumerate(raw.get("rubric") or []):
        path, where = (*base, "rubric", i), f"{label}: rubric[{i}]"
        if not isinstance(r, dict) or not isinstance(r.get("key"), str):
            reader.problem(path, where, "needs key, subject and claim (keywords are not read)")
            continue
        point = RubricPoint(
            r["key"],
            text(r, f"rubric[{i}]"),
            _claim(reader, r, path, where),
            _answers(r, "examples"),
            _answers(r, "counter"),
        )
        rubric.append(point)
    if not rubric:
        reader.problem((*base, "rubric"), f"{label}: rubric", "at least one rubric point")
    wrong = []
    for i, m in enumerate(raw.get("misconceptions") or []):
        path, where = (*base, "misconceptions", i), f"{label}: misconceptions[{i}]"
        if not isinstance(m, dict) or not isinstance(m.get("id"), str):
            reader.problem(path, where, "needs an id")
            continue
        wrong.append(
            Misconception(
                m["id"],
                text(m.get("label"), f"misconceptions[{i}].label"),
                text(m.get("why"), f"misconceptions[{i}].why"),
                _claim(reader, m, path, where),
                m.get("contradicts"),
                _answers(m, "examples"),
                _answers(m, "counter"),
            )
        )
    return {"rubric": tuple(rubric), "misconceptions": tuple(wrong)}


def check_claims(q: Question) -> list[str]:
    """What `questions validate` finds wrong with an explain question's claims: a point or
    misconception without examples in both languages, an example it does not match, a
    counter-example it does match, an unknown `contradicts`."""
    if q.type != "explain":
        return []
    out: list[str] = []
    keys = {p.key for p in q.rubric}
    items: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
        ("rubric", p.key, p.examples, p.counter) for p in q.rubric
    ]
    items += [("misconception", m.id, m.examples, m.counter) for m in q.misconceptions]
    n = len(q.rubric)
    for index, (kind, key, examples, counter) in enumerate(items):
        for what, answers in (("examples", examples), ("counter", counter)):
            langs = {"zh" if ct.has_cjk(a) else "en" for a in answers}
            if langs != {"en", "zh"}:
                out.append(f"{kind} {key}: {what}: needs answers in English and in Chinese")
        for a in examples:
            if not _stated(q, index, a):
                out.append(f"{kind} {key}: example does not match: {a!r}")
        for a in counter:
            if _stated(q, index, a):
                out.append(f"{kind} {key}: counter-example matches: {a!r}")
        if index >= n and q.misconceptions[index - n].contradicts not in keys:
            out.append(f"{kind} {key}: contradicts: must name a rubric point ({', '.join(keys)})")
    return out


def _stated(q: Question, index: int, answer: str) -> bool:
    return found_claims(patterns(q), answer)[index] is not None
