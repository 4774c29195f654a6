"""Practice views: a question's prompt, the feedback on an answer, the session summary.

Rendering only: each function returns a Rich renderable built from a variant and its grade.
Numbers in the worked steps come from the solver result held by the variant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlquiz.messages import msg, say
from dlquiz.numfmt import points
from dlquiz.render.fmt import array, table
from dlquiz.text import single

if TYPE_CHECKING:
    from dlquiz.bank.grade import Grade
    from dlquiz.bank.model import Question
    from dlquiz.bank.model import Text as Bilingual
    from dlquiz.bank.variant import Variant


def figure(name: str | None, args: dict[str, Any], lang: str) -> RenderableType | None:
    """A named diagram, or None when there is none."""
    if not name:
        return None
    from dlquiz.render.figures import DRAWINGS as FIGURES

    draw: Callable[..., RenderableType] = FIGURES[name]
    return draw(**args, lang=lang)


def bilingual(text: Bilingual, lang: str, style: str = "", indent: str = "") -> Text:
    """The text in one language, or English with the Chinese below it; subscripts as Unicode."""
    from dlquiz.latex import prose

    if lang != "both":
        return Text(prose(text.get(lang)), style=style)
    return Text.assemble((prose(text.en), style), "\n" + indent, (prose(text.zh), style))


def labelled(key: str, text: Bilingual, lang: str) -> Text:
    """A catalog label in bold before a bilingual text; in "both", each language's label
    before its own line (the English "why: …", then the Chinese label and line)."""
    from dlquiz.messages import msg

    label = msg(key)
    if lang != "both":
        return Text.assemble((label.get(lang), "bold"), bilingual(text, lang))
    return Text.assemble(
        (label.en, "bold"), bilingual(text, "en"), "\n", (label.zh, "bold"), bilingual(text, "zh")
    )


def render_prompt(
    variant: Variant,
    lang: str,
    number: int,
    total: int,
    *,
    title: Text | str | None = None,
    commands: str | None = None,
    extra: Sequence[RenderableType] = (),
) -> Panel:
    """The question panel. `title`, `commands` and `extra` lines let the mock exam reuse it."""
    q = variant.question
    title = title or say(
        "view.title", single(lang), number=number, total=total, id=q.id, topic=q.topic,
        points=points(q.points),
    )  # fmt: skip
    from dlquiz.latex import prose

    body: list[RenderableType] = [Text(prose(variant.prompt(lang)))]
    if q.source.startswith("final-"):
        source = msg("view.source", source=q.source_text()).get(lang, sep=" · ")
        body.append(Text(source, style="dim"))
    drawn = figure(q.figure, q.figure_args, lang)
    if drawn is not None:
        body.append(drawn)
    if q.type == "choice":
        for c in q.choices:
            body.append(
                Text.assemble((f"  ({c.key}) ", "bold"), bilingual(c.text, lang, indent="      "))
            )
    keys = ", ".join(c.key for c in q.choices)
    hint = (
        say(INPUT_HELP[q.type], lang, keys=keys)
        if q.type == "choice"
        else say(INPUT_HELP[q.type], lang)
    )
    commands = say("view.commands", single(lang)) if commands is None else commands
    body.append(Text(f"{hint}   {commands}", style="dim"))
    body.extend(extra)
    return Panel(Group(*body), title=title, title_align="left", box=box.ROUNDED)


INPUT_HELP = {
    "numeric": "view.help.numeric",
    "choice": "view.help.choice",
    "symbols": "view.help.parts",
    "diagram": "view.help.parts",
    "explain": "view.help.explain",
}


def render_hint(q: Question, index: int, lang: str) -> Text:
    if index >= len(q.hints):
        return Text(say("view.no_more_hints", lang), style="dim")
    text = bilingual(q.hints[index], lang, "yellow")
    head = say("view.hint", lang, n=index + 1, total=len(q.hints))
    return Text.assemble((head, "bold yellow"), text)


def render_feedback(variant: Variant, grade: Grade, lang: str) -> RenderableType:
    q = variant.question
    parts: list[RenderableType] = []
    if grade.correct:
        verdict = Text(say("view.right", lang), style="bold green")
    elif grade.score > 0:
        share = f"{grade.score:.0%}"
        verdict = Text(say("view.partly", lang, share=share), style="bold yellow")
    else:
        verdict = Text(say("view.not_right", lang), style="bold red")
    parts.append(verdict)
    if grade.diagnosis is not None:
        parts.append(labelled("view.why", grade.diagnosis, lang))
    if grade.note is not None:  # a right answer that matched one of several accepted ones
        parts.append(bilingual(grade.note, lang))
    if q.type == "numeric" and not grade.correct:
        compare = Table(box=box.SIMPLE_HEAD)
        compare.add_column("")
        compare.add_column(say("view.value", single(lang)), justify="right")
        if isinstance(grade.given, str):  # a step-by-step attempt: the steps as typed
            given = grade.given
        else:
            given = array(grade.given) if grade.given is not None else "—"
        compare.add_row(say("view.your_answer", single(lang)), given)
        compare.add_row(say("view.right_answer", single(lang)), array(grade.expected))
        parts.append(compare)
    if q.type in ("symbols", "diagram"):
        rows = [
            [("✓ " if ok else "✗ ") + p.text.get("en" if lang == "en" else lang), p.answer]
            for p, ok in zip(q.parts, grade.parts, strict=False)
        ]
        parts.append(
            table([say("view.part", single(lang)), say("view.answer", single(lang))], rows)
        )
    return Group(*parts, *_worked(variant, lang, steps=not grade.correct or q.type == "numeric"))


def render_answer(variant: Variant, lang: str) -> RenderableType:
    """A skipped question's answer: the expected answer, the worked steps, the solution."""
    q = variant.question
    one = single(lang)
    parts: list[RenderableType] = [Text(say("view.skipped", lang), style="bold yellow")]
    if q.type == "numeric" and variant.expected is not None:
        from dlquiz.bank.grade import as_shown

        right = say("view.right_answer", one)
        parts.append(Text.assemble((f"{right}: ", "bold"), array(as_shown(variant.expected))))
    elif q.type == "choice":
        chosen = next((c for c in q.choices if c.key == q.answer), None)
        key = Text.assemble((say("view.right_answer", one) + ": ", "bold"), f"({q.answer}) ")
        if chosen is not None:
            key.append_text(bilingual(chosen.text, lang))
        parts.append(key)
    elif q.type in ("symbols", "diagram"):
        rows = [[p.text.get("en" if lang == "en" else lang), p.answer] for p in q.parts]
        parts.append(table([say("view.part", one), say("view.answer", one)], rows))
    elif q.rubric:
        rows = [[p.text.get(lang)] for p in q.rubric]
        parts.append(table([say("view.points_wanted", one)], rows))
    return Group(*parts, *_worked(variant, lang))


def _worked(variant: Variant, lang: str, steps: bool = True) -> list[RenderableType]:
    """What follows an answer: the solver's steps, the worked solution, the answer figure."""
    q = variant.question
    out: list[RenderableType] = []
    drawn_steps = render_steps(variant) if steps else None
    if drawn_steps is not None:
        out.append(drawn_steps)
    solution = say("view.solution", lang)
    out.append(Text.assemble((solution, "bold"), bilingual(q.solution, lang)))
    drawn = figure(q.answer_figure, q.answer_figure_args, lang)
    if drawn is not None:
        out.append(drawn)
    return out


def render_rubric(q: Question, hits: Sequence[bool], lang: str) -> RenderableType:
    """The key points of an explanation, ✓ where the answer mentions them; given the
    automatic reading (`claims.ExplainResult`), point by point with the words that earned
    each, then the wrong claims with why they are wrong."""
    found = getattr(hits, "found", None)
    if found is not None:
        one = single(lang)
        rows = []
        for p, f, ok in zip(q.rubric, found, hits, strict=False):
            point = p.text.get(lang)
            if ok:
                rows.append([say("claims.earned", one, point=point, words=" … ".join(f.words))])
            elif f is not None:
                rows.append([say("claims.cancelled", one, point=point)])
            else:
                rows.append([say("claims.not_earned", one, point=point)])
        shown: list[RenderableType] = [table([say("claims.heading", one)], rows)]
        wrong = getattr(hits, "misconceptions", ())
        if wrong:
            lines = [
                [say("claims.wrong", one, label=m.label.get(lang), why=m.why.get(lang),
                     words=" … ".join(w.words))]
                for m, w in wrong
            ]  # fmt: skip
            shown.append(table([say("claims.wrong_heading", one)], lines))
        return Group(*shown)
    rows = [
        [("✓ " if hit else "· ") + p.text.get(lang)] for p, hit in zip(q.rubric, hits, strict=False)
    ]
    return table([say("view.key_points", single(lang))], rows)


def render_steps(variant: Variant) -> RenderableType | None:
    """The solver's own step view of this variant's numbers."""
    q = variant.question
    if q.solver is None or variant.result is None:
        return None
    from dlquiz.render.solve import renderer

    render = renderer(q.solver)
    view = render(variant.result)
    if isinstance(view, Group):  # the question states its own answer; drop the solver's
        from dlquiz.render.fmt import AnswerLine

        view = Group(*(r for r in view.renderables if not isinstance(r, AnswerLine)))
    return view


def render_summary(
    rows: Sequence[tuple[str, int, float, float]], lang: str = "en"
) -> RenderableType:
    """rows: (topic, answered, points earned, points possible) per topic."""

    def cells(n: int, earned: float, possible: float) -> tuple[str, str, str]:
        share = f"{earned / possible:.0%}" if possible else "—"
        return (
            str(n),
            say("view.points", single(lang), earned=points(earned), max=points(possible)),
            share,
        )

    t = Table(title=say("view.summary", single(lang)), box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column(say("view.topic", single(lang)), overflow="fold")
    t.add_column(say("view.answered", single(lang)), justify="right", no_wrap=True)
    t.add_column(say("view.score", single(lang)), justify="right", no_wrap=True)
    t.add_column(say("view.accuracy", single(lang)), justify="right", no_wrap=True)
    for topic, n, earned, possible in rows:
        t.add_row(topic, *cells(n, earned, possible))
    total = cells(sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows))
    t.add_row(say("view.all", single(lang)), *total, style="bold")
    return t


def render_question_list(questions: Sequence[Question], lang: str = "en") -> RenderableType:
    """The bank as aligned columns; ids are never cut, since they are what other commands
    take. Where the columns do not fit, each question takes two lines: its id, then the rest."""
    from dlquiz.render.listing import Listing

    one = single(lang)
    header = [say(k, one) for k in ("view.col.id", "view.topic", "view.col.type",
                                    "view.col.source", "view.col.points")]  # fmt: skip
    kinds = {t: say(f"view.type.{t}", one) for t in {q.type for q in questions}}
    rows = [
        (q.id, q.topic, kinds[q.type] + (" ↻" if q.is_template else ""),
         q.source_text().get(one), points(q.points))
        for q in questions
    ]  # fmt: skip
    title = say("view.n_questions", one, n=len(questions))
    listing = Listing(title, header, rows, right={4})
    return Group(listing, Text(say("view.fresh_numbers", lang), style="dim"))
