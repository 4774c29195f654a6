"""`dlquiz check` as a renderable: the verdict, why a wrong answer is wrong, and the answer.

Shorter than practice's feedback (no worked solution): check grades one line, and its
reader wants the verdict and the number, then `dlquiz solve` for the steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from dlquiz.bank.outcome import as_shown
from dlquiz.messages import say
from dlquiz.numfmt import array
from dlquiz.render.question import bilingual, labelled

if TYPE_CHECKING:
    from dlquiz.bank.outcome import Grade
    from dlquiz.bank.variant import Variant


def render_check(variant: Variant, grade: Grade, lang: str) -> RenderableType:
    from dlquiz.drill.shown import choice_answer, part_answer
    from dlquiz.latex import prose
    from dlquiz.render.flow import Hanging

    q = variant.question
    if grade.correct:
        verdict = Text(say("view.right", lang), style="bold green")
    elif grade.score > 0:
        verdict = Text(say("view.partly", lang, share=f"{grade.score:.0%}"), style="bold yellow")
    else:
        verdict = Text(say("view.not_right", lang), style="bold red")
    parts: list[RenderableType] = [verdict]
    listed = q.type in ("symbols", "diagram")  # each part below, marked ✓ or ✗
    if grade.diagnosis is not None and not listed:
        parts.append(labelled("view.why", grade.diagnosis, lang))
    if grade.note is not None:  # which accepted answer (a convention) the numbers match
        parts.append(bilingual(grade.note, lang))
    if q.type == "numeric":
        if not grade.correct and grade.given is not None and not isinstance(grade.given, str):
            given = as_shown(grade.given)
            if isinstance(given, list) and len(given) == 1:
                given = given[0]
            parts.append(labelled("check.your_answer", array(given), lang))
        parts.append(labelled("check.right_answer", array(as_shown(grade.expected)), lang))
    elif q.type == "choice":
        parts.append(labelled("check.right_answer", choice_answer(q), lang))
    elif listed:
        for p, ok in zip(q.parts, grade.parts, strict=False):
            lines = [
                say("check.part", one, part=prose(p.text.get(one)), answer=part_answer(p, one))
                for one in (("en", "zh") if lang == "both" else (lang,))
            ]
            mark = Text("✓ " if ok else "✗ ", style="green" if ok else "red")
            parts.append(Hanging(mark, Text("\n".join(lines))))
    return Group(*parts)
