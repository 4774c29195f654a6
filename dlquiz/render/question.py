"""Practice views: a question's prompt, the feedback on an answer, the session summary.

Rendering only: each function returns a Rich renderable built from a variant and its grade.
Numbers in the worked steps come from the solver result held by the variant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dlquiz.messages import msg, say
from dlquiz.numfmt import points
from dlquiz.render.fmt import array
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


def labelled(
    key: str, text: Bilingual | str, lang: str, style: str = "", head: str = "bold", **fields: Any
) -> Text:
    """A catalog label (with its own colon) before a text; in "both", each language's label
    before its own line (the English "why: …", then the Chinese label and line). A text that
    reads the same in both languages (numbers, symbols) follows the English label alone."""
    label = msg(key, **fields)
    if isinstance(text, str):
        return Text.assemble((label.get(single(lang)), head), (text, style))
    if lang != "both":
        return Text.assemble((label.get(lang), head), bilingual(text, lang, style))
    return Text.assemble(
        (label.en, head), bilingual(text, "en", style), "\n",
        (label.zh, head), bilingual(text, "zh", style),
    )  # fmt: skip


def render_prompt(
    variant: Variant,
    lang: str,
    number: int,
    total: int,
    *,
    title: Text | str | None = None,
    commands: str | None = None,
    extra: Sequence[RenderableType] = (),
) -> RenderableType:
    """The question panel. `title`, `commands` and `extra` lines let the mock exam reuse it.
    The input help and the commands close it, each command kept whole with its word."""
    from dlquiz.latex import prose
    from dlquiz.render.flow import Flow, TitledPanel, catalog_items, split_items

    q = variant.question
    title = title or say(
        "view.title", single(lang), number=number, total=total, id=q.id, topic=q.topic,
        points=points(q.points),
    )  # fmt: skip
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
    help_ = msg(INPUT_HELP[q.type], keys=keys) if q.type == "choice" else msg(INPUT_HELP[q.type])
    hint = help_.get(lang)  # in "both", a line for each language
    listed = catalog_items("view.commands", single(lang)) if commands is None else None
    body.append(Flow(listed or split_items(commands or ""), style="dim", lead=hint))
    body.extend(extra)
    return TitledPanel(body, title)


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
    return labelled(
        "view.hint", q.hints[index], lang, "yellow", "bold yellow", n=index + 1,
        total=len(q.hints),
    )  # fmt: skip


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
    listed = q.type in ("symbols", "diagram")  # the parts' table below says what was wrong
    if grade.diagnosis is not None and not listed:
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
    if listed:
        marks = ["✓ " if ok else "✗ " for ok in grade.parts]
        parts.append(_parts_table(q, lang, marks))
    return Group(*parts, *_worked(variant, lang, steps=not grade.correct or q.type == "numeric"))


def _parts_table(q: Question, lang: str, marks: Sequence[str] = ()) -> RenderableType:
    """Each part with its right answer (symbols as on the screen, words in `lang`)."""
    from dlquiz.drill.shown import part_answer
    from dlquiz.latex import prose
    from dlquiz.render.flow import marked
    from dlquiz.render.rubric import grid_table

    one = single(lang)
    rows: list[list[RenderableType]] = []
    for n, p in enumerate(q.parts):
        mark = marks[n] if n < len(marks) else ""
        answer = part_answer(p, "en") if lang == "en" else part_answer(p, "zh")
        if lang == "both" and answer != part_answer(p, "en"):
            answer = f"{part_answer(p, 'en')}\n{answer}"
        rows.append([marked(Text(mark + prose(p.text.get(lang)))), Text(answer)])
    return grid_table([say("view.part", one), say("view.answer", one)], rows)


def render_answer(variant: Variant, lang: str) -> RenderableType:
    """A skipped question's answer: said to be skipped, then its key (`render_key`)."""
    from dlquiz.render.flow import sentence

    return Group(sentence("view.skipped", lang, "bold yellow"), render_key(variant, lang))


def render_key(variant: Variant, lang: str) -> RenderableType:
    """A question's answer: the expected answer (a number named as its steps are), the right
    choice, each part's answer or the points wanted; then the worked steps and the solution."""
    from dlquiz.drill.shown import choice_answer
    from dlquiz.render.flow import marked
    from dlquiz.render.rubric import grid_table
    from dlquiz.text import Text as Both

    q = variant.question
    parts: list[RenderableType] = []
    if q.type == "numeric" and variant.expected is not None:
        from dlquiz.bank.grade import as_shown
        from dlquiz.bank.step_names import step_name

        said: Bilingual | str = array(as_shown(variant.expected))
        if q.answer:  # "weights A = [0.88, 0.12]": the same name as the step prompts use
            name = step_name(q.answer, q.solver or "")
            said = Both(f"{name.en} = {said}", f"{name.zh} = {said}")
            said = said.en if said.en == said.zh else said
        parts.append(labelled("view.label.right_answer", said, lang))
    elif q.type == "choice":
        parts.append(labelled("view.label.right_answer", choice_answer(q), lang))
    elif q.type in ("symbols", "diagram"):
        parts.append(_parts_table(q, lang))
    elif q.rubric:
        rows = [[marked(Text("· ") + bilingual(p.text, lang))] for p in q.rubric]
        parts.append(grid_table([say("view.points_wanted", single(lang))], rows))
    return Group(*parts, *_worked(variant, lang))


def _worked(variant: Variant, lang: str, steps: bool = True) -> list[RenderableType]:
    """What follows an answer: the solver's steps, the worked solution, the answer figure."""
    q = variant.question
    out: list[RenderableType] = []
    drawn_steps = render_steps(variant) if steps else None
    if drawn_steps is not None:
        out.append(drawn_steps)
    out.append(labelled("view.solution", q.solution, lang))
    drawn = figure(q.answer_figure, q.answer_figure_args, lang)
    if drawn is not None:
        out.append(drawn)
    return out


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
