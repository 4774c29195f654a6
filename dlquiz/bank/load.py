"""Load question files: safe YAML, a typed result, and problems with file and line.

Files are parsed by `dlquiz.yaml_data.parse` (yaml-rs behind a screen: plain data only, no
parse cache, nothing written while loading). Structural problems are collected, not raised one
at a time, so `dlquiz questions validate` lists them all. Line numbers are recovered only when
there is a problem, by composing the failing file.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dlquiz.bank.model import FORMAT_VERSION, Question
from dlquiz.bank.reader import Problem as Problem  # re-exported for the card reader
from dlquiz.bank.reader import Reader
from dlquiz.yaml_data import MAX_BYTES as MAX_BYTES
from dlquiz.yaml_data import Refused as Refused
from dlquiz.yaml_data import parse as parse


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


def _read_text(path: Path) -> str:
    """The file as text, read no further than MAX_BYTES (a larger file is refused)."""
    with path.open("rb") as f:
        raw = f.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise Refused(None, f"larger than {MAX_BYTES // 2**20} MB: not read", "file")
    return raw.decode("utf-8")


def read_yaml(path: Path, body: str) -> tuple[Any, Reader | None, list[Problem]]:
    """A content file's data and its reader, or the problems that stop it being read.

    `body` names the top-level key that holds the content (questions, card).
    """
    name = str(path)
    try:
        text = _read_text(path).removeprefix("\ufeff")
        data = parse(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, None, [Problem(name, None, "file", f"cannot be read: {exc}")]
    except Refused as exc:
        return None, None, [Problem(name, exc.line, exc.where, exc.reason)]
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
