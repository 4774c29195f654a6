"""Reading a question file's raw YAML values into typed questions, with where each problem is.

Every problem is noted with its file and line (recovered by composing the file again, only
when there is a problem), so `dlquiz questions validate` can list them all at once.

A bank is untrusted: every string is made visible here (`dlquiz.safe_text`: no control
character reaches a terminal), and what a later command would crash on is refused here.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from dlquiz.bank import fields as rule
from dlquiz.bank.model import TYPES, Choice, Part, Question, Text
from dlquiz.safe_text import describe, field_name, sanitise, visible
from dlquiz.topics import ids as topic_ids

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ID_LINE = re.compile(r"^\s*-?\s*id:\s*(\S+)\s*$")
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# YAML folds a line break into a space; between Chinese characters that space is wrong.
_CJK_GAP = re.compile(
    f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])|(?<=[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20])[ \t]+"
)


def id_lines(text: str) -> dict[str, int]:
    """The line of each `id:` in a file's text, first one first (read from the text alone)."""
    out: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        m = _ID_LINE.match(line)
        if m:
            out.setdefault(m.group(1).strip("'\""), number)
    return out


def tidy_zh(text: str) -> str:
    """Drop the spaces YAML folding leaves between Chinese characters and after 、，。"""
    return _CJK_GAP.sub("", text)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    where: str  # "final-2023-q4: tolerance.rel"
    message: str

    def __str__(self) -> str:  # every part may come from outside: shown with stand-ins
        at = f"{self.file}:{self.line}" if self.line else self.file
        return visible(f"{at}: {self.where}: {self.message}")


class Reader:
    """Reads raw YAML values into typed fields, noting every problem with where it is.
    `text` is the YAML source the values were parsed from: it gives the line of a problem."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.problems: list[Problem] = []
        self._tree: Any = None  # a yaml.Node once composed; False: composed, no tree
        self._ids: dict[str, int] | None = None
        # A control character reaches the data only through an escape in a quoted string or
        # as a raw NEL (U+0085, the one C1 character YAML allows; the parser refuses the
        # rest): without either there is nothing to sanitise.
        self.escapes = "\\" in text or "\x85" in text

    def problem(self, path: tuple[str | int, ...], where: str, message: str) -> None:
        self.problems.append(Problem(self.file, self._line(path), where, message))

    def _line(self, path: tuple[str | int, ...]) -> int | None:
        import yaml  # only when there is a problem to place

        if self._tree is None:
            try:  # PyYAML's C composer when there is one; no line rather than a crash
                loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
                self._tree = yaml.compose(self.text, Loader=loader) or False
            except (yaml.YAMLError, RecursionError, ValueError):
                self._tree = False  # a file another parser read, but PyYAML cannot
        node = self._tree if isinstance(self._tree, yaml.Node) else None
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
            self._ids = id_lines(self.text)
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
        # every string, before anything reads it (~40 µs a question, when the file has escapes)
        controls = sanitise(raw) if self.escapes else []
        qid = raw.get("id")
        label = qid if isinstance(qid, str) else f"question {index + 1}"
        before = len(self.problems)
        try:
            q = self._question(index, raw, base, label)
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
            self.problem(base, label, f"cannot be read ({type(exc).__name__}: {exc})")
            q = None
        notes = tuple(
            (self._line((*base, *path)), field_name(path),
             f"control characters {describe(text)}: a terminal would obey them (clear the "
             "screen, write the clipboard); they are shown as stand-ins until removed")
            for path, text in controls
        )  # fmt: skip
        if q is None or len(self.problems) > before:
            self.problems.extend(Problem(self.file, n[0], f"{label}: {n[1]}", n[2]) for n in notes)
            return None
        return dataclasses.replace(q, control_text=notes) if notes else q

    def _question(self, index: int, raw: dict[str, Any], base: tuple[str | int, ...],
                  label: str) -> Question | None:  # fmt: skip
        qid = raw.get("id")
        before = len(self.problems)

        def need(key: str, kind: type | tuple[type, ...], what: str) -> Any:
            value = raw.get(key)
            if value is None or not isinstance(value, kind) or isinstance(value, bool):
                self.problem((*base, key), f"{label}: {key}", f"missing or not {what}")
                return None
            return value

        def text(value: Any, key: str) -> Text:
            if isinstance(value, dict):  # the usual case, without building a problem's path
                en, zh = value.get("en"), value.get("zh")
                if isinstance(en, str) and isinstance(zh, str) and en.strip() and zh.strip():
                    return Text(en.strip(), tidy_zh(zh.strip()))
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
        wrong_points = None if points is None else rule.points_problem(points)
        if wrong_points is not None:
            self.problem((*base, "points"), f"{label}: points", wrong_points)
            points = None
        for key in ("figure", "answer_figure"):
            wrong = rule.figure_problem(raw.get(key), raw.get(f"{key}_args"), key)
            if wrong is not None:
                self.problem((*base, wrong[0]), f"{label}: {wrong[0]}", wrong[1])
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
            "figure_args": raw.get("figure_args") or {},  # checked above, as the figure
            "answer_figure": raw.get("answer_figure"),
            "answer_figure_args": raw.get("answer_figure_args") or {},
        }
        specific = self._specific(raw, qtype, base, label, need, text)
        if len(self.problems) > before:
            return None
        return Question(**common, **specific)

    def _specific(self, raw: dict[str, Any], qtype: str | None, base: tuple[str | int, ...],
                  label: str, need: Any, text: Any) -> dict[str, Any]:  # fmt: skip
        out: dict[str, Any] = {}
        if qtype == "numeric":
            from dlquiz.bank.read_numeric import read_numeric

            out.update(read_numeric(self, raw, base, label, need, text))
        elif qtype == "choice":
            choices = []
            for i, c in enumerate(self._list(raw, "choices", base, label)):
                key = c.get("key") if isinstance(c, dict) else None
                if not isinstance(key, str) or not key.strip():
                    self.problem((*base, "choices", i), f"{label}: choices[{i}]", "needs a key")
                    continue
                why = text(c["why"], f"choices[{i}].why") if c.get("why") is not None else None
                choices.append(Choice(key, text(c, f"choices[{i}]"), why))
            if len(choices) < 2:
                self.problem((*base, "choices"), f"{label}: choices", "at least two choices")
            for i, key in rule.duplicates(c.key.strip().lower() for c in choices):  # as graded
                where = f"{label}: choices[{i}].key"
                self.problem((*base, "choices", i, "key"), where, f"'{key}' is used twice")
            out["choices"] = tuple(choices)
            out["answer"] = need("answer", str, "the key of the right choice")
            if out["answer"] is not None and out["answer"] not in {c.key for c in choices}:
                self.problem((*base, "answer"), f"{label}: answer", "is not one of the choice keys")
        elif qtype in ("symbols", "diagram"):
            parts = []
            for i, p in enumerate(self._list(raw, "parts", base, label)):
                if (
                    not isinstance(p, dict)
                    or not isinstance(p.get("key"), str)
                    or p.get("answer") is None
                    or not isinstance(p.get("accept") or [], list)
                ):
                    what = "needs key and answer (and accept: a list of answers)"
                    self.problem((*base, "parts", i), f"{label}: parts[{i}]", what)
                    continue
                accept = tuple(str(a) for a in p.get("accept") or ())
                parts.append(Part(p["key"], text(p, f"parts[{i}]"), str(p["answer"]), accept))
            if not parts:
                self.problem((*base, "parts"), f"{label}: parts", "at least one part")
            for i, key in rule.duplicates(p.key for p in parts):
                self.problem((*base, "parts"), f"{label}: parts[{i}].key", f"'{key}' is used twice")
            out["parts"] = tuple(parts)
        elif qtype == "explain":
            from dlquiz.bank.claims_yaml import read_explain

            shape = rule.explain_problems(raw)
            for path, message in shape:
                self.problem((*base, *path), f"{label}: {field_name(path)}", message)
            if not shape:
                out.update(read_explain(self, raw, base, label, text))
                keys = [*(p.key for p in out["rubric"]), *(m.id for m in out["misconceptions"])]
                for _, key in rule.duplicates(keys):
                    self.problem((*base, "rubric"), f"{label}: rubric", f"'{key}' is used twice")
        return out

    def _list(self, raw: dict[str, Any], key: str, base: tuple[str | int, ...],
              label: str) -> list[Any]:  # fmt: skip
        """`raw[key]` when it is a list (or absent: empty); a problem when it is not."""
        value = raw.get(key) or []
        if isinstance(value, list):
            return value
        self.problem((*base, key), f"{label}: {key}", "must be a list")
        return []
