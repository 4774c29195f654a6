"""Exam specs: which bank questions an exam asks, in which order, in how much time.

Each exam is a file `questions/exams/<name>.yaml` (format in the file's own comments):
its title in both languages, its time limit and its slots. A slot names a bank question and,
optionally, a *twin*: a bank template asked instead when `--variant` draws fresh numbers and
the exam question itself has nothing to vary.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dlquiz.errors import input_error
from dlquiz.text import Text

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Slot:
    label: str  # as the exam numbers it: "1a", "4"
    id: str  # the bank question
    twin: str | None = None


@dataclass(frozen=True)
class ExamSpec:
    name: str
    title: Text
    minutes: float
    slots: tuple[Slot, ...]


def exam_files() -> dict[str, Path]:
    from dlquiz.content import folder

    return {p.stem: p for p in sorted(folder("exams").glob("*.yaml"))}


def exam_names() -> list[str]:
    return list(exam_files())


def get_spec(name: str) -> ExamSpec:
    """The exam called `name`; an unknown name is bad input that lists the known ones."""
    files = exam_files()
    if name not in files:
        from dlquiz.safe_text import visible

        raise input_error("errors.unknown_exam", name=visible(name), known=", ".join(files))
    return read_spec(files[name])


def read_spec(path: Path) -> ExamSpec:
    """One exam file; a broken one is an InputError naming the file and the field."""
    from dlquiz.yaml_data import Refused, parse

    try:
        data = parse(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, Refused) as exc:
        raise input_error("command_input.exam_file.unreadable", path=path, reason=exc) from None
    exam = data.get("exam") if isinstance(data, dict) else None
    if not isinstance(exam, dict) or data.get("format_version") != FORMAT_VERSION:
        raise input_error("command_input.exam_file.format", path=path, version=FORMAT_VERSION)
    title = exam.get("title") or {}
    minutes = exam.get("minutes")
    slots = exam.get("slots")
    if not (isinstance(title, dict) and isinstance(title.get("en"), str)
            and isinstance(title.get("zh"), str)):  # fmt: skip
        raise input_error("command_input.exam_file.title", path=path)
    if not isinstance(minutes, (int, float)) or isinstance(minutes, bool) or not minutes > 0:
        raise input_error("command_input.exam_file.minutes", path=path)
    if not isinstance(slots, list) or not slots:
        raise input_error("command_input.exam_file.slots", path=path)
    out = []
    for i, s in enumerate(slots):
        if not (isinstance(s, dict) and isinstance(s.get("id"), str) and s.get("label")):
            raise input_error("command_input.exam_file.slot", path=path, index=i)
        twin = s.get("twin")
        out.append(Slot(str(s["label"]), s["id"], None if twin is None else str(twin)))
    labels = [s.label for s in out]
    if len(set(labels)) != len(labels):
        raise input_error("command_input.exam_file.label_twice", path=path)
    name = str(exam.get("name") or path.stem)
    return ExamSpec(name, Text(title["en"], title["zh"]), float(minutes), tuple(out))
