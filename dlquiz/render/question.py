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

from dlquiz.render.fmt import array, table

if TYPE_CHECKING:
    from dlquiz.bank.grade import Grade
    from dlquiz.bank.model import Question
    from dlquiz.bank.model import Text as Bilingual
    from dlquiz.bank.variant import Variant

COMMANDS = "/hint  /steps  /skip  /quit"


def figure(name: str | None, args: dict[str, Any], lang: str) -> RenderableType | None:
    """A named diagram, or None when there is none."""
    if not name:
        return None
    from dlquiz.render.diagrams import FIGURES

    draw: Callable[..., RenderableType] = FIGURES[name]
    return draw(**args, lang=lang)


def bilingual(text: Bilingual, lang: str, style: str = "", indent: str = "") -> Text:
    """The text in one language, or English with the Chinese below it; subscripts as Unicode."""
    from dlquiz.latex import prose

    if lang != "both":
        return Text(prose(text.get(lang)), style=style)
    return Text.assemble((prose(text.en), style), "\n" + indent, (prose(text.zh), style))


def render_prompt(
    variant: Variant,
    lang: str,
    number: int,
    total: int,
    *,
    title: Text | str | None = None,
    commands: str = COMMANDS,
    extra: Sequence[RenderableType] = (),
) -> Panel:
    """The question panel. `title`, `commands` and `extra` lines let the mock exam reuse it."""
    q = variant.question
    title = title or f"[{number}/{total}] {q.id} · {q.topic} · {q.points:g} pts"
    from dlquiz.latex import prose

    body: list[RenderableType] = [Text(prose(variant.prompt(lang)))]
    if q.source.startswith("final-"):
        body.append(Text(f"source: {q.source}", style="dim"))
    drawn = figure(q.figure, q.figure_args, lang)
    if drawn is not None:
        body.append(drawn)
    if q.type == "choice":
        for c in q.choices:
            body.append(
                Text.assemble((f"  ({c.key}) ", "bold"), bilingual(c.text, lang, indent="      "))
            )
    hint = {
        "numeric": "Answer with numbers: 0.5 -1.2 or [0.5, -1.2]; arithmetic works: 4*30*(30+1+1)",
        "choice": f"Answer with one of: {', '.join(c.key for c in q.choices)}",
        "symbols": "One answer per line, as asked.",
        "diagram": "One answer per line, as asked.",
        "explain": "Answer in a few sentences on one line (English or 中文).",
    }[q.type]
    body.append(Text(f"{hint}   {commands}", style="dim"))
    body.extend(extra)
    return Panel(Group(*body), title=title, title_align="left", box=box.ROUNDED)


def render_hint(q: Question, index: int, lang: str) -> Text:
    if index >= len(q.hints):
        return Text("No more hints.", style="dim")
    text = bilingual(q.hints[index], lang, "yellow")
    return Text.assemble((f"hint {index + 1}/{len(q.hints)}: ", "bold yellow"), text)


def render_feedback(variant: Variant, grade: Grade, lang: str) -> RenderableType:
    q = variant.question
    parts: list[RenderableType] = []
    if grade.correct:
        verdict = Text("✓ right", style="bold green")
    elif grade.score > 0:
        verdict = Text(f"◐ partly right ({grade.score:.0%})", style="bold yellow")
    else:
        verdict = Text("✗ not right", style="bold red")
    parts.append(verdict)
    if grade.diagnosis is not None:
        parts.append(Text.assemble(("why: ", "bold"), bilingual(grade.diagnosis, lang)))
    if q.type == "numeric" and not grade.correct:
        compare = Table(box=box.SIMPLE_HEAD)
        compare.add_column("")
        compare.add_column("value", justify="right")
        compare.add_row("your answer", array(grade.given) if grade.given is not None else "—")
        compare.add_row("right answer", array(grade.expected))
        parts.append(compare)
    if q.type in ("symbols", "diagram"):
        rows = [
            [("✓ " if ok else "✗ ") + p.text.get("en" if lang == "en" else lang), p.answer]
            for p, ok in zip(q.parts, grade.parts, strict=False)
        ]
        parts.append(table(["part", "answer"], rows))
    if not grade.correct or q.type == "numeric":
        steps = render_steps(variant)
        if steps is not None:
            parts.append(steps)
    parts.append(Text.assemble(("solution: ", "bold"), bilingual(q.solution, lang)))
    drawn = figure(q.answer_figure, q.answer_figure_args, lang)
    if drawn is not None:
        parts.append(drawn)
    return Group(*parts)


def render_rubric(q: Question, hits: Sequence[bool], lang: str) -> RenderableType:
    """The key points of an explanation, ✓ where the answer mentions them."""
    rows = [
        [("✓ " if hit else "· ") + p.text.get(lang)] for p, hit in zip(q.rubric, hits, strict=False)
    ]
    return table(["key points (✓ found in your answer)"], rows)


def render_steps(variant: Variant) -> RenderableType | None:
    """The solver's own step view of this variant's numbers."""
    q = variant.question
    if q.solver is None or variant.result is None:
        return None
    from dlquiz.render import solve

    renderers: dict[str, Callable[[Any], RenderableType]] = {
        "rnn": solve.render_rnn, "lstm": solve.render_lstm, "gru": solve.render_gru,
        "attention": solve.render_attention, "attention_scores": solve.render_attention,
        "context": solve.render_context, "params": solve.render_params,
        "entropy": solve.render_entropy, "xent": solve.render_xent, "kl": solve.render_kl,
        "gan": solve.render_gan, "clip": solve.render_clip, "softmax": solve.render_softmax,
        "posenc": solve.render_posenc,
    }  # fmt: skip
    render = renderers.get(q.solver)
    if render is None:
        return None
    view = render(variant.result)
    if isinstance(view, Group):  # the question states its own answer; drop the solver's
        from dlquiz.render.fmt import AnswerLine

        view = Group(*(r for r in view.renderables if not isinstance(r, AnswerLine)))
    return view


def render_summary(
    rows: Sequence[tuple[str, int, float]], total: float, answered: int
) -> RenderableType:
    """rows: (topic, answered, points scored) per topic."""
    t = Table(title="session summary", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("topic")
    t.add_column("answered", justify="right")
    t.add_column("score", justify="right")
    t.add_column("accuracy", justify="right")
    for topic, n, score in rows:
        t.add_row(topic, str(n), f"{score:g}", f"{score / n:.0%}" if n else "—")
    t.add_row(
        "all",
        str(answered),
        f"{total:g}",
        f"{total / answered:.0%}" if answered else "—",
        style="bold",
    )
    return t


def render_question_list(questions: Sequence[Question]) -> RenderableType:
    """The bank as a table; ids are never cut, since they are what other commands take."""
    t = Table(title=f"{len(questions)} questions", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("id", no_wrap=True, style="bold")
    t.add_column("topic", no_wrap=True)
    t.add_column("type", no_wrap=True)
    t.add_column("source")
    t.add_column("pts", justify="right")
    for q in questions:
        kind = q.type + (" ↻" if q.is_template else "")
        t.add_row(Text(q.id), q.topic, kind, Text(q.source), f"{q.points:g}")
    return Group(t, Text("↻ fresh numbers every time", style="dim"))
