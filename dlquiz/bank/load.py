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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from dlquiz.bank.model import FORMAT_VERSION, Question
from dlquiz.bank.reader import Problem as Problem  # re-exported for the card reader
from dlquiz.bank.reader import Reader

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    from dlquiz.paths import home

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
