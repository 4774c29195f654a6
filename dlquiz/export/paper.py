"""A mock exam to print, set out as the real one is, with its answer key on its own pages.

    paper_html(spec, items, lang, variant=3, key=True)  ->  one self-contained HTML page

The exam's questions are grouped as the paper numbers them (1a, 1b, 1c under question 1, with
the question's weight), each with its prompt in the variant's numbers, its figure as an
inline SVG (the form shown before answering), its choices or parts, and room to write. The
key starts on a new page: for each part, the answer the solver computes (and the other
accepted convention), the worked steps, the solution, the answer figure and the `dlquiz
check` line that grades an answer of one's own. No script, no web font, no outside link:
the page prints the same with no network. Words come from the catalog (`export_paper.*`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dlquiz.export.html import answer, bi, escape, heading, items, short, step_rows, table
from dlquiz.export.paper_style import CSS
from dlquiz.messages import msg, say
from dlquiz.numfmt import points

if TYPE_CHECKING:
    from dlquiz.drill.exams import ExamSpec
    from dlquiz.drill.sitting import Item

FIGURE_WIDTH = 80  # terminal columns a figure is drawn at (every figure is whole at 80)
# Room to write, in lines of the ruled answer box, by question type.
ROOM = {"numeric": 9, "explain": 10, "diagram": 16, "symbols": 0, "choice": 0}


def groups(exam_items: Sequence[Item]) -> list[tuple[str, list[Item]]]:
    """The items under the exam question they belong to: 1a, 1b, 1c → ("1", [...])."""
    out: list[tuple[str, list[Item]]] = []
    for item in exam_items:
        number = re.match(r"\d+", item.label)
        head = number.group(0) if number else item.label
        if out and out[-1][0] == head:
            out[-1][1].append(item)
        else:
            out.append((head, [item]))
    return out


def figure_svg(name: str | None, args: dict[str, Any], lang: str) -> str:
    """Figure `name` as an inline SVG, or "" when there is none."""
    if not name:
        return ""
    from dlquiz.render.figures import draw
    from dlquiz.render.svg import to_svg

    svg = to_svg(draw(name, lang, **args), FIGURE_WIDTH, title=name)
    return f'<div class="fig">{svg}</div>'


def paper_html(
    spec: ExamSpec, exam_items: Sequence[Item], lang: str, variant: int = 0, key: bool = True
) -> str:
    """The whole printable page: cover lines, the questions, and (with `key`) the key."""
    title = short(spec.title, lang)
    body = [cover(spec, exam_items, lang, variant)]
    for number, parts in groups(exam_items):
        body.append(question_section(number, parts, lang))
    if key:
        body.append(key_section(spec, exam_items, lang, variant))
    html_lang = {"en": "en", "zh": "zh-Hant-TW"}.get(lang, "en")
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def cover(spec: ExamSpec, exam_items: Sequence[Item], lang: str, variant: int) -> str:
    total = sum(i.points for i in exam_items)
    which = msg("export_paper.variant", n=variant) if variant else msg("export_paper.as_set")
    time = short(msg("export_paper.time", minutes=f"{spec.minutes:g}", total=points(total)), lang)
    name = short(msg("export_paper.name"), lang)
    student = short(msg("export_paper.student_id"), lang)
    lines = [
        f"<h1>{bi(spec.title, lang)}</h1>",
        f'<p class="meta">{time} · {short(which, lang)}</p>',
        f'<table class="who"><tr><td>{name}</td><td class="blank"></td>'
        f'<td>{student}</td><td class="blank"></td></tr></table>',
        f'<p class="rules">{bi(msg("export_paper.instructions"), lang)}</p>',
    ]
    return '<header class="cover">' + "\n".join(lines) + "</header>"


def question_section(number: str, parts: Sequence[Item], lang: str) -> str:
    weight = points(sum(i.points for i in parts))
    title = short(msg("export_paper.question", n=number, weight=weight), lang)
    drawn: set[str] = set()  # a figure the question's parts share is printed once
    shown = [part(item, lang, alone=len(parts) == 1, drawn=drawn) for item in parts]
    # the heading goes inside the first part, which is never split: no heading ends a page
    shown[0] = shown[0].replace('<div class="part">', f'<div class="part"><h2>{title}</h2>', 1)
    return '<section class="question">\n' + "\n".join(shown) + "\n</section>"


def part(item: Item, lang: str, alone: bool, drawn: set[str]) -> str:
    """One part as asked: its label and weight, prompt, figure (unless `drawn` already holds
    it), choices or parts, and room to write."""
    q = item.question
    v = item.variant
    head = ""
    if not alone:
        letter = escape(item.label.lstrip("0123456789"))
        weight = short(msg("export_paper.weight", weight=points(item.points)), lang)
        head = f"<h3>({letter}) <span>{weight}</span></h3>"
    prompt = f'<div class="prompt">{bi(_prompt(v), lang)}</div>'
    which = json.dumps([q.figure, q.figure_args], sort_keys=True, default=str)
    fig = "" if which in drawn else figure_svg(q.figure, q.figure_args, lang)
    drawn.add(which)
    asked = ""
    if q.type == "choice":
        asked = items(
            [f"<b>({escape(c.key)})</b> {bi(c.text, lang)}" for c in q.choices], "choices"
        )
        label = short(msg("export_paper.choice_answer"), lang)
        asked += f'<p class="fill">{label} <span class="box"></span></p>'
    elif q.type in ("symbols", "diagram"):
        blanks = q.type == "symbols"
        rows = [short(p.text, lang) + (' <span class="line"></span>' if blanks else "")
                for p in q.parts]  # fmt: skip
        asked = items(rows, "parts")
    room = ROOM.get(q.type, 8)
    space = f'<div class="room" style="height: {room * 0.9:.1f}cm"></div>' if room else ""
    return f'<div class="part">{head}{prompt}{fig}{asked}{space}</div>'


def _prompt(v: Any) -> Any:
    from dlquiz.text import Text

    return Text(v.prompt("en"), v.prompt("zh"))


def key_section(spec: ExamSpec, exam_items: Sequence[Item], lang: str, variant: int) -> str:
    """The answer key: every part's answer, steps, solution and its `dlquiz check` line."""
    title = short(msg("export_paper.key_title", exam=spec.title), lang)
    out = [
        f'<section class="key">\n<h2>{title}</h2>',
        f'<p class="rules">{bi(msg("export_paper.key_note"), lang)}</p>',
    ]
    for item in exam_items:
        out.append(key_part(item, lang, variant))
    return "\n".join(out) + "\n</section>"


def key_part(item: Item, lang: str, variant: int) -> str:
    q = item.question
    v = item.variant
    weight = short(msg("export_paper.weight", weight=points(item.points)), lang)
    out = [f'<div class="key-part"><h3>{escape(item.label)} <span>{weight}</span></h3>']
    out.append(heading("export.answer", lang) + answer(v, lang))
    steps = step_rows(v, lang)
    if steps:
        out.append(heading("export.steps", lang) + table(steps))
    out.append(heading("export.solution", lang) + f"<div>{bi(q.solution, lang)}</div>")
    out.append(figure_svg(q.answer_figure, q.answer_figure_args, lang))
    command = check_command(item, variant)
    if command:
        label = escape(say("export_paper.check", lang))
        out.append(f'<p class="check">{label} <code>{escape(command)}</code></p>')
    return "\n".join(out) + "</div>"


def check_command(item: Item, variant: int) -> str | None:
    """The `dlquiz check` line that grades the key's own answer (numbers and choices)."""
    import numpy as np

    from dlquiz.drill.sitting import expected
    from dlquiz.numfmt import number

    q = item.question
    seed = f" --seed {variant}" if variant and q.is_template else ""
    if q.type == "numeric":
        numbers = " ".join(number(x) for x in np.ravel(np.asarray(expected(item), dtype=float)))
        return f"dlquiz check {q.id}{seed} {numbers}"
    if q.type == "choice":
        return f"dlquiz check {q.id} {q.answer}"
    return None
