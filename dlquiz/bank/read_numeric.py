"""The fields of a numeric question: its solver and inputs, tolerance, steps, stated numbers,
cases and `vary`, its mistakes and accepted alternatives (docs/question-format.md).

Read with the file's `Reader`, each problem noted with where it is. Every shape that a later
command would crash on (cases that are not mappings, an infinite tolerance, a path that is
not text, an id used twice) is refused here; what needs the solver is `dlquiz.bank.check`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dlquiz.bank import fields as rule
from dlquiz.bank.model import Alternative, Mistake, Tolerance

if TYPE_CHECKING:
    from dlquiz.bank.reader import Reader


def read_numeric(reader: Reader, raw: dict[str, Any], base: tuple[str | int, ...], label: str,
                 need: Any, text: Any) -> dict[str, Any]:  # fmt: skip
    """The numeric fields of a question, for `Question(**...)`."""
    out: dict[str, Any] = {}
    out["solver"] = need("solver", str, "a solver name")
    out["inputs"] = raw.get("inputs") or {}
    out["answer"] = need("answer", str, "a path into the solver's result, e.g. y[1]")
    tol = raw.get("tolerance") or {}
    wrong = rule.tolerance_problem(tol)
    if wrong is not None:
        reader.problem((*base, "tolerance"), f"{label}: tolerance", wrong)
        tol = {}
    out["tolerance"] = Tolerance(**{k: float(v) for k, v in tol.items()})
    faults = {
        "steps": rule.paths_problem(raw.get("steps") or [], "steps"),
        "stated": rule.paths_problem(raw.get("stated") or {}, "stated"),
        "cases": rule.cases_problem(raw.get("cases") or []),
        "inputs": rule.names_problem(raw.get("inputs") or {}, "inputs"),
        "vary": rule.names_problem(raw.get("vary") or {}, "varied inputs"),
    }
    for key, fault in faults.items():
        if fault is not None:
            reader.problem((*base, key), f"{label}: {key}", fault)
    if any(faults.values()):
        return out  # the question is not made: the problems are all that counts
    out["steps"] = tuple(raw.get("steps") or ())
    out["stated"] = raw.get("stated") or {}
    out["cases"] = tuple(raw.get("cases") or ())
    out["vary"] = raw.get("vary") or {}
    group = raw.get("draw_group")
    if group is not None and not isinstance(group, str):
        reader.problem((*base, "draw_group"), f"{label}: draw_group", "must be a name")
        group = None
    out["draw_group"] = group
    out["mistakes"] = tuple(
        Mistake(*v) for v in _variants(reader, raw, "mistakes", base, label, text)
    )
    out["accept"] = tuple(
        Alternative(*v) for v in _variants(reader, raw, "accept", base, label, text)
    )
    if raw.get("answer_note") is not None:
        out["answer_note"] = text(raw["answer_note"], "answer_note")
    return out


def _variants(reader: Reader, raw: dict[str, Any], key: str, base: tuple[str | int, ...],
              label: str, text: Any) -> list[tuple[Any, ...]]:  # fmt: skip
    """The fields of each `mistakes:` / `accept:` entry: id, with, answer, text, label."""
    out: list[tuple[Any, ...]] = []
    entries = raw.get(key) or []
    if not isinstance(entries, list):
        reader.problem((*base, key), f"{label}: {key}", "must be a list")
        return out
    for i, m in enumerate(entries):
        if not isinstance(m, dict) or not isinstance(m.get("id"), str):
            reader.problem((*base, key, i), f"{label}: {key}[{i}]", "needs an id")
            continue
        changes = m.get("with") or {}
        wrong = rule.names_problem(changes, "solver inputs")
        if wrong is not None:
            reader.problem((*base, key, i, "with"), f"{label}: {key}[{i}].with", wrong)
            changes = {}
        if m.get("answer") is not None and not isinstance(m["answer"], str):
            where = f"{label}: {key}[{i}].answer"
            reader.problem((*base, key, i, "answer"), where, "a result path such as y[1]")
        out.append(
            (m["id"], changes, m.get("answer"), text(m, f"{key}[{i}]"),
             text(m.get("label"), f"{key}[{i}].label"))
        )  # fmt: skip
    for _, mid in rule.duplicates(v[0] for v in out):
        reader.problem((*base, key), f"{label}: {key}", f"id '{mid}' is used twice")
    return out
