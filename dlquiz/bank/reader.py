"""Reading a question file's raw YAML values into typed questions, with where each problem is.

Every problem is noted with its file and line (recovered by composing the file again, only
when there is a problem), so `dlquiz questions validate` can list them all at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from dlquiz.bank.model import (
    TYPES,
    Alternative,
    Choice,
    Mistake,
    Part,
    Question,
    Text,
    Tolerance,
)
from dlquiz.topics import ids as topic_ids

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ID_LINE = re.compile(r"^\s*-?\s*id:\s*(\S+)\s*$")
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# YAML folds a line break into a space; between Chinese characters that space is wrong.
_CJK_GAP = re.compile(
    f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])|(?<=[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20])[ \t]+"
)


def tidy_zh(text: str) -> str:
    """Drop the spaces YAML folding leaves between Chinese characters and after 、，。"""
    return _CJK_GAP.sub("", text)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    where: str  # "final-2023-q4: tolerance.rel"
    message: str

    def __str__(self) -> str:
        at = f"{self.file}:{self.line}" if self.line else self.file
        return f"{at}: {self.where}: {self.message}"


class Reader:
    """Reads raw YAML values into typed fields, noting every problem with where it is."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.problems: list[Problem] = []
        self._tree: yaml.Node | None = None
        self._ids: dict[str, int] | None = None

    def problem(self, path: tuple[str | int, ...], where: str, message: str) -> None:
        self.problems.append(Problem(self.file, self._line(path), where, message))

    def _line(self, path: tuple[str | int, ...]) -> int | None:
        if self._tree is None:
            self._tree = yaml.compose(self.text, Loader=yaml.SafeLoader)
        node = self._tree
        line = node.start_mark.line + 1 if node is not None else None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                found = [v for k, v in node.value if getattr(k, "value", None) == step]
                if not found:
                    break
                key = next(k for k, _ in node.value if getattr(k, "value", None) == step)
                node, line = found[0], key.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    break
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def id_line(self, qid: Any, index: int) -> int:
        """The line of a question's `id:`, found in the text (composing is slow: only on errors)."""
        if self._ids is None:
            self._ids = {}
            for number, line in enumerate(self.text.splitlines(), 1):
                m = _ID_LINE.match(line)
                if m:
                    self._ids.setdefault(m.group(1).strip("'\""), number)
        if isinstance(qid, str) and qid in self._ids:
            return self._ids[qid]
        return self._line(("questions", index)) or 0

    def bilingual(self, value: Any, path: tuple[str | int, ...], where: str) -> Text:
        """An {en, zh} mapping with both texts non-empty."""
        if not isinstance(value, dict):
            self.problem(path, where, "must have en: and zh: texts")
            return Text("", "")
        texts = []
        for lang in ("en", "zh"):
            t = value.get(lang)
            if not isinstance(t, str) or not t.strip():
                self.problem(path, f"{where}.{lang}", "missing or empty")
            texts.append(t.strip() if isinstance(t, str) else "")
        return Text(texts[0], tidy_zh(texts[1]))

    def question(self, index: int, raw: Any) -> Question | None:
        base: tuple[str | int, ...] = ("questions", index)
        if not isinstance(raw, dict):
            self.problem(base, f"question {index + 1}", "must be a mapping")
            return None
        qid = raw.get("id")
        label = qid if isinstance(qid, str) else f"question {index + 1}"
        before = len(self.problems)

        def need(key: str, kind: type | tuple[type, ...], what: str) -> Any:
            value = raw.get(key)
            if value is None or not isinstance(value, kind) or isinstance(value, bool):
                self.problem((*base, key), f"{label}: {key}", f"missing or not {what}")
                return None
            return value

        def text(value: Any, key: str) -> Text:
            # "hints[1]" is the path ("hints", 1): the problem's line is that item's line
            path = tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^\[\].]+", key))
            return self.bilingual(value, (*base, *path), f"{label}: {key}")

        if not isinstance(qid, str) or not ID.match(qid):
            self.problem((*base, "id"), f"{label}: id", "lowercase letters, digits and dashes")
        known = topic_ids()
        topic = need("topic", str, f"one of {', '.join(known)}")
        if topic is not None and topic not in known:
            self.problem((*base, "topic"), f"{label}: topic", f"'{topic}' is not one of {known}")
        qtype = need("type", str, f"one of {', '.join(TYPES)}")
        if qtype is not None and qtype not in TYPES:
            self.problem((*base, "type"), f"{label}: type", f"'{qtype}' is not one of {TYPES}")
        source = need("source", str, "a string")
        points = need("points", (int, float), "a number")
        hints_raw = raw.get("hints")
        if not isinstance(hints_raw, list) or not hints_raw:
            self.problem((*base, "hints"), f"{label}: hints", "at least one hint (en and zh)")
            hints_raw = []
        hints = tuple(text(h, f"hints[{i}]") for i, h in enumerate(hints_raw))
        common: dict[str, Any] = {
            "id": qid if isinstance(qid, str) else "",
            "topic": topic or "",
            "type": qtype or "",
            "source": source or "",
            "points": float(points or 0),
            "prompt": text(raw.get("prompt"), "prompt"),
            "hints": hints,
            "solution": text(raw.get("solution"), "solution"),
            "file": self.file,
            "line": self.id_line(qid, index),
            "figure": raw.get("figure"),
            "figure_args": raw.get("figure_args") or {},
            "answer_figure": raw.get("answer_figure"),
            "answer_figure_args": raw.get("answer_figure_args") or {},
        }
        specific = self._specific(raw, qtype, base, label, need, text)
        if len(self.problems) > before:
            return None
        return Question(**common, **specific)

    def _variants(self, raw: dict[str, Any], key: str, base: tuple[str | int, ...],
                  label: str, text: Any) -> list[tuple[Any, ...]]:  # fmt: skip
        """The fields of each `mistakes:` / `accept:` entry: id, with, answer, text, label."""
        out: list[tuple[Any, ...]] = []
        entries = raw.get(key) or []
        if not isinstance(entries, list):
            self.problem((*base, key), f"{label}: {key}", "must be a list")
            return out
        for i, m in enumerate(entries):
            if not isinstance(m, dict) or not isinstance(m.get("id"), str):
                self.problem((*base, key, i), f"{label}: {key}[{i}]", "needs an id")
                continue
            changes = m.get("with") or {}
            if not isinstance(changes, dict):
                self.problem((*base, key, i), f"{label}: {key}[{i}].with", "a mapping")
                changes = {}
            out.append(
                (m["id"], changes, m.get("answer"), text(m, f"{key}[{i}]"),
                 text(m.get("label"), f"{key}[{i}].label"))
            )  # fmt: skip
        return out

    def _specific(self, raw: dict[str, Any], qtype: str | None, base: tuple[str | int, ...],
                  label: str, need: Any, text: Any) -> dict[str, Any]:  # fmt: skip
        out: dict[str, Any] = {}
        if qtype == "numeric":
            out["solver"] = need("solver", str, "a solver name")
            out["inputs"] = raw.get("inputs") or {}
            out["answer"] = need("answer", str, "a path into the solver's result, e.g. y[1]")
            tol = raw.get("tolerance") or {}
            if not isinstance(tol, dict) or not all(
                isinstance(tol.get(k, 0), (int, float)) and tol.get(k, 0) >= 0
                for k in ("rel", "abs")
            ):
                self.problem((*base, "tolerance"), f"{label}: tolerance", "rel and abs ≥ 0")
                tol = {}
            out["tolerance"] = Tolerance(
                **{k: float(v) for k, v in tol.items() if k in ("rel", "abs")}
            )
            out["steps"] = tuple(str(s) for s in raw.get("steps") or ())
            out["stated"] = raw.get("stated") or {}
            out["cases"] = tuple(raw.get("cases") or ())
            out["vary"] = raw.get("vary") or {}
            group = raw.get("draw_group")
            if group is not None and not isinstance(group, str):
                self.problem((*base, "draw_group"), f"{label}: draw_group", "must be a name")
                group = None
            out["draw_group"] = group
            out["mistakes"] = tuple(
                Mistake(*v) for v in self._variants(raw, "mistakes", base, label, text)
            )
            out["accept"] = tuple(
                Alternative(*v) for v in self._variants(raw, "accept", base, label, text)
            )
            if raw.get("answer_note") is not None:
                out["answer_note"] = text(raw["answer_note"], "answer_note")
            for key in ("inputs", "stated", "vary"):
                if not isinstance(out[key], dict):
                    self.problem((*base, key), f"{label}: {key}", "must be a mapping")
        elif qtype == "choice":
            choices = []
            for i, c in enumerate(raw.get("choices") or []):
                if not isinstance(c, dict) or not isinstance(c.get("key"), str):
                    self.problem((*base, "choices", i), f"{label}: choices[{i}]", "needs a key")
                    continue
                why = text(c["why"], f"choices[{i}].why") if c.get("why") is not None else None
                choices.append(Choice(c["key"], text(c, f"choices[{i}]"), why))
            if len(choices) < 2:
                self.problem((*base, "choices"), f"{label}: choices", "at least two choices")
            out["choices"] = tuple(choices)
            out["answer"] = need("answer", str, "the key of the right choice")
            if out["answer"] is not None and out["answer"] not in {c.key for c in choices}:
                self.problem((*base, "answer"), f"{label}: answer", "is not one of the choice keys")
        elif qtype in ("symbols", "diagram"):
            parts = []
            for i, p in enumerate(raw.get("parts") or []):
                if (
                    not isinstance(p, dict)
                    or not isinstance(p.get("key"), str)
                    or p.get("answer") is None
                ):
                    self.problem(
                        (*base, "parts", i), f"{label}: parts[{i}]", "needs key and answer"
                    )
                    continue
                accept = tuple(str(a) for a in p.get("accept") or ())
                parts.append(Part(p["key"], text(p, f"parts[{i}]"), str(p["answer"]), accept))
            if not parts:
                self.problem((*base, "parts"), f"{label}: parts", "at least one part")
            out["parts"] = tuple(parts)
        elif qtype == "explain":
            from dlquiz.bank.claims_yaml import read_explain

            out.update(read_explain(self, raw, base, label, text))
        return out
