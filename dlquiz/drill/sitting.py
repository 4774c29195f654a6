"""One sitting of a mock exam: the questions with their numbers, how answers score, the report.

Pure logic: no printing, no clock, no files. `dlquiz.drill.exam` runs the session,
`dlquiz.render.exam` and `dlquiz.render.report` draw it; how a right answer is written for
the student (here, in the Markdown report, on the screen) is `dlquiz.drill.shown`.

An exam (`dlquiz.drill.exams`) is a list of slots, one per bank question, each worth that
question's `points`. With
`variant` 0 every question keeps the exam's own numbers. With another variant, a question that
is a template (`vary`, or several `cases`) draws fresh numbers with that seed; an exam question
with nothing to vary may name a *twin*, a bank template asking the same task, whose numbers
are drawn instead. Once the exam question itself gains `vary`, it is used and the twin is not.

A question's earned points are `points × score` (the grader's 0..1 share: parts right, entries
right, key points covered), rounded to 2 decimals; the total is the sum of those rounded
values, so a report always adds up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dlquiz.bank.grade import Grade, grade, grade_explain
from dlquiz.bank.model import Question
from dlquiz.bank.variant import Variant, make_variant
from dlquiz.drill.exams import ExamSpec
from dlquiz.errors import input_error
from dlquiz.numfmt import points
from dlquiz.solvers._common import jsonable

NOT_ANSWERED = "not answered"


@dataclass(frozen=True)
class Item:
    """One question of a built exam: its slot, its points, and the numbers it is asked with."""

    number: int  # 1-based position in the exam
    label: str
    slot_id: str
    points: float
    variant: Variant

    @property
    def question(self) -> Question:
        return self.variant.question


def build_exam(spec: ExamSpec, questions: Sequence[Question], variant: int = 0) -> list[Item]:
    """The exam's questions in order, with the numbers of `variant` (0: the exam's own)."""
    by_id = {q.id: q for q in questions}
    items: list[Item] = []
    for number, slot in enumerate(spec.slots, 1):
        q = by_id.get(slot.id)
        if q is None:
            raise input_error("command_input.exam_missing_question", id=slot.id, exam=spec.name)
        asked = q
        if variant and not q.is_template and slot.twin is not None and slot.twin in by_id:
            asked = by_id[slot.twin]
        items.append(Item(number, slot.label, slot.id, q.points, make_variant(asked, variant)))
    return items


def find_item(items: Sequence[Item], ref: str) -> Item:
    """The item a student means by `4`, `Q4`, `5a` or `q5a`; bad input names the choices."""
    key = ref.strip().lower().removeprefix("q")
    for item in items:
        if item.label == key:
            return item
    parts = [i.label for i in items if i.label.rstrip("abcdefgh") == key]
    if parts:
        raise input_error("exam.which_part", q=key, parts=", ".join(parts), first=parts[0])
    raise input_error("exam.no_question", ref=ref, labels=" ".join(i.label for i in items))


def score_answer(item: Item, lines: Sequence[str], self_mark: int | None = None) -> Grade:
    """Grade the answer lines (one per part for symbols / diagram questions).

    An explanation scores `self_mark` of its rubric's key points when given, else the key
    points found automatically. An unreadable answer raises InputError.
    """
    q = item.question
    if q.type == "explain":
        n = len(q.rubric)
        mark = None if self_mark is None else max(0, min(n, self_mark)) / n
        return grade_explain(q, " ".join(lines), self_score=mark)
    return grade(item.variant, lines)


def answer_text(item: Item, lines: Sequence[str]) -> str:
    """The answer as one line: parts joined with ' | '."""
    if item.question.type in ("symbols", "diagram"):
        return " | ".join(lines)
    return " ".join(lines)


def expected(item: Item, lang: str = "en") -> Any:
    """The right answer, JSON-ready: numbers, a choice key, part answers or key points (the
    sentences in `lang`)."""
    from dlquiz.drill.shown import squeezed

    q = item.question
    if q.type == "numeric":
        return jsonable(squeezed(item).tolist())
    if q.type == "choice":
        return q.answer
    if q.type in ("symbols", "diagram"):
        return [p.answer for p in q.parts]
    return [p.text.get(lang) for p in q.rubric]


@dataclass(frozen=True)
class Response:
    """A graded answer to one item."""

    lines: tuple[str, ...]
    grade: Grade

    def text(self, item: Item) -> str:
        return answer_text(item, self.lines)


@dataclass(frozen=True)
class Row:
    item: Item
    response: Response | None

    @property
    def answered(self) -> bool:
        return self.response is not None

    @property
    def score(self) -> float:
        return 0.0 if self.response is None else self.response.grade.score

    @property
    def earned(self) -> float:
        return round(self.item.points * self.score, 2)

    @property
    def correct(self) -> bool:
        return self.response is not None and self.response.grade.correct

    @property
    def answer(self) -> str:
        return "" if self.response is None else self.response.text(self.item)

    @property
    def diagnosis(self) -> str | None:
        return self.diagnosis_in("en")

    def diagnosis_in(self, lang: str) -> str | None:
        """Why the answer is wrong, in `lang` ("both": English, a line break, Chinese);
        for no answer, the verdict itself."""
        if self.response is None:
            from dlquiz.messages import msg

            return msg(VERDICT_KEYS[NOT_ANSWERED]).get(lang)
        d = self.response.grade.diagnosis
        return None if d is None else d.get(lang)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """Sentences (the diagnosis, an explanation's key points) in `lang`, as in
        `dlquiz check --json`; ids, numbers and the answers as typed are the same in all."""
        item = self.item
        return {
            "id": item.slot_id,
            "label": f"Q{item.label}",
            "points": item.points,
            "earned": self.earned,
            "score": round(self.score, 4),
            "correct": self.correct,
            "answered": self.answered,
            "answer": self.answer,
            "expected": expected(item, lang),
            "diagnosis": self.diagnosis_in(lang),
            "asked": item.question.id,
            "seed": item.variant.seed,
        }


@dataclass(frozen=True)
class Report:
    spec: ExamSpec
    variant: int
    rows: tuple[Row, ...]
    time_up: bool = False

    @property
    def total(self) -> float:
        return round(sum(r.earned for r in self.rows), 2)

    @property
    def max(self) -> float:
        return sum(r.item.points for r in self.rows)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "exam": self.spec.name,
            "lang": lang,
            "variant": self.variant,
            "total": self.total,
            "max": self.max,
            "time_up": self.time_up,
            "questions": [r.to_json(lang) for r in self.rows],
        }

    def to_markdown(self, lang: str = "en") -> str:
        """The report as a Markdown document, its words in `lang` ("both": each cell's
        English, then its Chinese)."""
        from dlquiz.drill.shown import expected_text
        from dlquiz.latex import prose
        from dlquiz.messages import say

        def cell(text: str | None) -> str:
            return (text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", " / ")

        ran_out = say("report.time_ran_out", lang) if self.time_up else ""
        heads = [say(f"report.col.{k}", lang) for k in COLUMNS]
        lines = [
            f"# {self.spec.title.get(lang, sep=' · ')}",
            "",
            say("report.intro", lang, exam=self.spec.name, variant=self.variant, ran_out=ran_out),
            "",
            f"**{say('report.score', lang, total=points(self.total), max=points(self.max))}**",
            "",
            "| " + " | ".join(heads) + " |",
            "|---|---|---:|---:|---|---|---|---|",
        ]
        for r in self.rows:
            item = r.item
            asked = item.slot_id
            if item.question.id != item.slot_id:
                asked += say("report.asked_twin", lang, id=item.question.id,
                             seed=item.variant.seed)  # fmt: skip
            why = prose(r.diagnosis_in(lang) or "")  # symbols as on the screen
            lines.append(
                f"| Q{item.label} | {cell(asked)} | {points(item.points)} | {points(r.earned)} | "
                f"{say(VERDICT_KEYS[verdict(r)], lang)} | {cell(r.answer) or '—'} | "
                f"{cell(expected_text(item, lang))} | {cell(why)} |"
            )
        total = say("report.total", lang)
        lines.append(
            f"| | **{total}** | **{points(self.max)}** | **{points(self.total)}** | | | | |"
        )
        return "\n".join(lines) + "\n"


COLUMNS = ("q", "question", "points", "earned", "result", "answer", "right", "why")
VERDICT_KEYS = {
    "right": "verdict.right",
    "partly right": "verdict.partly",
    "wrong": "verdict.wrong",
    NOT_ANSWERED: "verdict.unanswered",
}


def verdict(row: Row) -> str:
    """The verdict's id (a key of VERDICT_KEYS)."""
    if not row.answered:
        return NOT_ANSWERED
    if row.correct:
        return "right"
    return "partly right" if row.score > 0 else "wrong"


def make_report(
    spec: ExamSpec,
    variant: int,
    items: Sequence[Item],
    responses: Mapping[int, Response],
    time_up: bool = False,
) -> Report:
    """The report of a submitted exam; `responses` maps item numbers to graded answers."""
    rows = tuple(Row(item, responses.get(item.number)) for item in items)
    return Report(spec, variant, rows, time_up)
