"""Starting a sitting of `dlquiz exam`: a fresh one, or the last unfinished one (--resume)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dlquiz.cli._core import err_console
from dlquiz.cli._session import load_questions

if TYPE_CHECKING:
    from dlquiz.drill.exam_resume import Restored
    from dlquiz.drill.exams import ExamSpec
    from dlquiz.drill.sitting import Item
    from dlquiz.history import History
    from dlquiz.sittings import Sitting, SittingLog


@dataclass(frozen=True)
class Plan:
    spec: ExamSpec
    items: list[Item]
    sitting: Sitting
    restored: Restored
    log: SittingLog


def open_history_or_none(lang: str) -> History | None:
    """The history, or None (said on stderr) when it cannot be used: the exam goes on."""
    from dlquiz.history import History, HistoryError
    from dlquiz.messages import say

    try:
        return History(warn=lambda m: err_console.print(f"warning: {m}", markup=False))
    except HistoryError as exc:
        err_console.print(say("exam.no_history", lang, why=str(exc)), markup=False)
        return None


def _warner(lang: str) -> Callable[[str], None]:
    from dlquiz.messages import say

    def warn(why: str) -> None:
        err_console.print(say("exam.not_kept", lang, why=why), markup=False)

    return warn


def fresh(
    history: History | None, name: str, variant: int, minutes: float | None, lang: str
) -> Plan:
    """A new sitting of exam `name`, stored at once."""
    from dlquiz.drill.exam_resume import Restored
    from dlquiz.drill.exams import get_spec
    from dlquiz.drill.sitting import build_exam
    from dlquiz.messages import say
    from dlquiz.sittings import Sitting, SittingLog, latest_open

    spec = get_spec(name)
    items = build_exam(spec, load_questions(None, None), variant)
    if history is not None and (old := latest_open(history)) is not None:
        day = time.strftime("%Y-%m-%d %H:%M", time.localtime(old.started))
        err_console.print(say("exam.unfinished", lang, exam=old.exam, when=day), markup=False)
    sitting = Sitting(uuid.uuid4().hex[:12], spec.name, variant, minutes or spec.minutes,
                      0.0, 1, time.time())  # fmt: skip
    log = SittingLog.start(history, sitting, _warner(lang))
    return Plan(spec, items, sitting, Restored(), log)


def resumed(history: History | None, lang: str) -> Plan:
    """The last unfinished sitting, its answers graded again and its clock where it stopped."""
    from dlquiz.drill.exam_resume import restore
    from dlquiz.drill.exams import get_spec
    from dlquiz.drill.sitting import build_exam
    from dlquiz.errors import input_error
    from dlquiz.messages import say
    from dlquiz.numfmt import clock
    from dlquiz.sittings import SittingLog, drafts, latest_open

    if history is None:
        raise input_error("errors.resume_no_history")
    sitting = latest_open(history)
    if sitting is None:
        raise input_error("errors.no_unfinished")
    spec = get_spec(sitting.exam)
    items = build_exam(spec, load_questions(None, None), sitting.variant)
    restored = restore(items, drafts(history, sitting.id))
    left = clock(max(sitting.minutes * 60 - sitting.used, 0))
    err_console.print(say("exam.resuming", lang, exam=spec.name, count=len(restored.responses),
                          left=left), markup=False)  # fmt: skip
    if restored.dropped:
        labels = ", ".join(f"Q{items[n - 1].label}" for n in restored.dropped if n <= len(items))
        err_console.print(say("exam.dropped", lang, labels=labels or "?"), markup=False)
    log = SittingLog(history, sitting, _warner(lang))
    return Plan(spec, items, sitting, restored, log)
