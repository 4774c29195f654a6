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
from dlquiz.text import single

if TYPE_CHECKING:
    from dlquiz.bank.outcome import Grade
    from dlquiz.bank.variant import Variant


def render_check(variant: Variant, grade: Grade, lang: str) -> RenderableType:
    q = variant.question
    one = single(lang)
    if grade.correct:
        verdict = Text(say("view.right", lang), style="bold green")
    elif grade.score > 0:
        verdict = Text(say("view.partly", lang, share=f"{grade.score:.0%}"), style="bold yellow")
    else:
        verdict = Text(say("view.not_right", lang), style="bold red")
    parts: list[RenderableType] = [verdict]
    if grade.diagnosis is not None:
        parts.append(labelled("view.why", grade.diagnosis, lang))
    if grade.note is not None:  # which accepted answer (a convention) the numbers match
        parts.append(bilingual(grade.note, lang))
    right = say("check.right_answer", one)
    if q.type == "numeric":
        if not grade.correct and grade.given is not None and not isinstance(grade.given, str):
            mine = say("check.your_answer", one)
            given = as_shown(grade.given)
            if isinstance(given, list) and len(given) == 1:
                given = given[0]
            parts.append(Text.assemble((mine, "bold"), array(given)))
        parts.append(Text.assemble((right, "bold"), array(as_shown(grade.expected))))
    elif q.type == "choice":
        chosen = next((c for c in q.choices if c.key == q.answer), None)
        line = Text.assemble((right, "bold"), f"({q.answer}) ")
        if chosen is not None:
            line.append_text(bilingual(chosen.text, lang))
        parts.append(line)
    elif q.type in ("symbols", "diagram"):
        marks = zip(q.parts, grade.parts, strict=False)
        for p, ok in marks:
            parts.append(Text(f"{'✓' if ok else '✗'} {p.text.get(lang, sep=' · ')}: {p.answer}"))
    return Group(*parts)
