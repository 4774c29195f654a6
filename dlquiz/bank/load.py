"""Load question files: safe YAML, a typed result, and problems with file and line.

Files are read with PyYAML's C safe loader when available (never the unsafe loader: a
`!!python/object` tag is a problem to report, not code to run). Structural problems are
collected, not raised one at a time, so `dlquiz questions validate` lists them all. Line
numbers are recovered only when there is a problem, by composing the failing file again.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dlquiz.bank.model import (
    FORMAT_VERSION,
    TOPICS,
    TYPES,
    Choice,
    Mistake,
    Part,
    Question,
    RubricPoint,
    Text,
    Tolerance,
)

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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


class BankError(Exception):
    """The bank could not be loaded; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the question bank")
        self.problems = problems


def bundled_files() -> list[Path]:
    """The question files shipped inside the package."""
    from dlquiz.content import root

    return sorted(p for p in root().iterdir() if p.name.endswith((".yaml", ".yml")))


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files from paths that may be folders."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted([*p.glob("*.yaml"), *p.glob("*.yml")]) if p.is_dir() else [p])
    return out


def load_bank(extra: Iterable[str | Path] = (), bundled: bool = True) -> list[Question]:
    """Every question of the bundled bank and the extra files; BankError lists all problems."""
    files = [*(bundled_files() if bundled else []), *expand(extra)]
    questions: list[Question] = []
    problems: list[Problem] = []
    collecting = gc.isenabled()
    gc.disable()  # thousands of small objects and no cycles: the collector only costs time
    try:
        for path in files:
            qs, ps = load_file(path)
            questions.extend(qs)
            problems.extend(ps)
    finally:
        if collecting:
            gc.enable()
    seen: dict[str, Question] = {}
    for q in questions:
        if q.id in seen:
            first = seen[q.id]
            problems.append(
                Problem(q.file, q.line, q.id, f"duplicate id (first at {first.file}:{first.line})")
            )
        seen.setdefault(q.id, q)
    if problems:
        raise BankError(problems)
    return questions


def _cache_file(path: Path) -> Path | None:
    from dlquiz.history import home

    try:
        key = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:20]
    except OSError:
        return None
    return home() / "cache" / f"{key}.json"


def _parse(path: Path, text: str) -> Any:
    """The file's data: from the JSON cache when the file is unchanged, else safe YAML.

    The cache (in $DLQUIZ_HOME/cache) holds plain JSON keyed by the file's size and mtime:
    reading it runs no code, and JSON loads several times faster than YAML parses.
    """
    stat = path.stat()
    stamp = [stat.st_size, stat.st_mtime_ns]
    cache = _cache_file(path)
    if cache is not None:
        try:
            cached = json.loads(cache.read_text(encoding="utf-8"))
            if cached.get("stamp") == stamp:
                return cached["data"]
        except (OSError, ValueError, AttributeError):
            pass
    data = yaml.load(text, Loader=Loader)  # Loader is a safe loader (C or pure Python)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"stamp": stamp, "data": data}, ensure_ascii=False), "utf-8")
            tmp.replace(cache)
        except (OSError, TypeError, ValueError):
            pass  # not cacheable (a date, say) or no room: parse again next time
    return data


def read_yaml(path: Path, body: str) -> tuple[Any, Reader | None, list[Problem]]:
    """A content file's data and its reader, or the problems that stop it being read.

    `body` names the top-level key that holds the content (questions, card).
    """
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, None, [Problem(name, None, "file", f"cannot be read: {exc}")]
    try:
        data = _parse(path, text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, None, [Problem(name, line, "yaml", f"not valid YAML here: {reason}")]
    reader = Reader(name, text)
    if not isinstance(data, dict) or body not in data:
        reader.problem((), "file", f"must be a mapping with format_version and {body}")
        return None, reader, reader.problems
    if data.get("format_version") != FORMAT_VERSION:
        version = data.get("format_version")
        reader.problem(
            ("format_version",), "format_version", f"must be {FORMAT_VERSION}, not {version!r}"
        )
    return data, reader, reader.problems


def load_file(path: Path) -> tuple[list[Question], list[Problem]]:
    """The questions of one file and the problems found in it."""
    data, reader, problems = read_yaml(path, "questions")
    if data is None or reader is None:
        return [], problems
    raw = data.get("questions")
    if not isinstance(raw, list):
        reader.problem(("questions",), "questions", "must be a list of questions")
        return [], reader.problems
    questions = [q for i, item in enumerate(raw) if (q := reader.question(i, item)) is not None]
    return questions, reader.problems


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
        topic = need("topic", str, f"one of {', '.join(TOPICS)}")
        if topic is not None and topic not in TOPICS:
            self.problem((*base, "topic"), f"{label}: topic", f"'{topic}' is not one of {TOPICS}")
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
            mistakes = []
            for i, m in enumerate(raw.get("mistakes") or []):
                if not isinstance(m, dict) or not isinstance(m.get("id"), str):
                    self.problem((*base, "mistakes", i), f"{label}: mistakes[{i}]", "needs an id")
                    continue
                changes = m.get("with") or {}
                if not isinstance(changes, dict):
                    self.problem(
                        (*base, "mistakes", i), f"{label}: mistakes[{i}].with", "a mapping"
                    )
                    changes = {}
                mistakes.append(
                    Mistake(m["id"], changes, m.get("answer"), text(m, f"mistakes[{i}]"))
                )
            out["mistakes"] = tuple(mistakes)
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
            rubric = []
            for i, r in enumerate(raw.get("rubric") or []):
                kws = r.get("keywords") if isinstance(r, dict) else None
                if not isinstance(r, dict) or not isinstance(r.get("key"), str) or not kws:
                    self.problem(
                        (*base, "rubric", i), f"{label}: rubric[{i}]", "needs key and keywords"
                    )
                    continue
                rubric.append(RubricPoint(r["key"], text(r, f"rubric[{i}]"), tuple(map(str, kws))))
            if not rubric:
                self.problem((*base, "rubric"), f"{label}: rubric", "at least one rubric point")
            out["rubric"] = tuple(rubric)
        return out
