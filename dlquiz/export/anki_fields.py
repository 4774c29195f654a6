"""The HTML of an Anki note's fields, from a question's variant or a concept card.

Plain data in, HTML strings out, built from the shared pieces of `dlquiz.export.html`; the
words come from the bank, the cards and the message catalog (`export_anki.*`). Figures
arrive as ready `<img>` tags; the deck itself is put together in `dlquiz.export.anki`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dlquiz.export.html import (
    answer,
    bi,
    escape,
    heading,
    items,
    line,
    mistakes,
    short,
    step_rows,
    table,
)  # fmt: skip
from dlquiz.latex import to_unicode
from dlquiz.text import Text

if TYPE_CHECKING:
    from dlquiz.bank.cards import Card, Formula
    from dlquiz.bank.variant import Variant

# The fields of the two note types, in order; the first is the sort field (unique per note).
QUESTION_FIELDS = (
    "Key", "Info", "Front", "Figure", "Answer", "Steps", "Solution", "AnswerFigure", "Mistakes",
)  # fmt: skip
CARD_FIELDS = ("Key", "Title", "Ask", "What", "Formulas", "Symbols", "Diagrams", "Exam", "Mistakes")


# ------------------------------------------------------------------ questions


def question_fields(
    v: Variant, lang: str, key: str, info: Text, figure: str, answer_figure: str
) -> list[str]:
    """The fields of a question note (QUESTION_FIELDS), `figure` and `answer_figure` as
    `<img>` tags or empty. `figure` goes on the front: the caller has checked it gives
    nothing away."""
    q = v.question
    steps = step_rows(v, lang)
    return [
        escape(key),
        bi(info, lang),
        front(v, lang),
        figure,
        heading("export.answer", lang) + answer(v, lang),
        heading("export.steps", lang) + table(steps) if steps else "",
        heading("export.solution", lang) + f"<div>{bi(q.solution, lang)}</div>",
        answer_figure,
        mistakes(v, lang),
    ]


def front(v: Variant, lang: str) -> str:
    """The prompt with this variant's numbers, then the choices or the parts asked for."""
    q = v.question
    prompt = Text(v.prompt("en"), v.prompt("zh"))
    out = f'<div class="dlq-prompt">{bi(prompt, lang)}</div>'
    if q.type == "choice":
        out += items([f"<b>({escape(c.key)})</b> {bi(c.text, lang)}" for c in q.choices],
                     "dlq-choices")  # fmt: skip
    elif q.type in ("symbols", "diagram"):
        out += items([short(p.text, lang) for p in q.parts], "dlq-parts")
    return out


# ------------------------------------------------------------------ concept cards


def card_fields(card: Card, lang: str, diagrams: str) -> list[str]:
    """The fields of a concept card note (CARD_FIELDS); `diagrams` as `<img>` tags."""
    symbols = ""
    if card.symbols:
        symbols = heading("export_anki.card_symbols", lang) + formulas(card.symbols, lang)
    return [
        escape(f"card:{card.id}"),
        bi(card.title, lang),
        line("export_anki.card_ask", lang),
        f'<div class="dlq-summary">{bi(card.summary, lang)}</div><div>{bi(card.what, lang)}</div>',
        heading("export_anki.card_formulas", lang) + formulas(card.formulas, lang),
        symbols,
        diagrams,
        heading("export_anki.card_exam", lang) + f"<div>{bi(card.exam, lang)}</div>",
        heading("export.mistakes", lang) + items([bi(m, lang) for m in card.mistakes]),
    ]


def formulas(rows: Sequence[Formula], lang: str) -> str:
    """Each formula in Unicode beside what it says."""
    cells = "".join(
        f'<tr><td class="dlq-formula">{escape(to_unicode(f.latex))}</td>'
        f"<td>{bi(f.text, lang)}</td></tr>"
        for f in rows
    )
    return f'<table class="dlq-formulas">{cells}</table>'
