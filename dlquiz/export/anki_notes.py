"""Which notes the deck holds: each question's variants, their tags and guids, and the notes
of the concept cards.

A question that draws no numbers is one note, with its own numbers (seed 0, as practice and
the exam use them). A template is `n` notes: seed 0, then fresh draws (seeds 1, 2, …), each
with its own numbers and the answer its solver computes. A draw is left out when it repeats
numbers an earlier note already has, or when what the front shows (prompt, figure) gives its
answer away by the bank's own giveaway check (`dlquiz.integrity`); the next seed is tried.
The guid of a note is `guid_for("dlquiz", question id, seed)`: the same in every export.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dlquiz.export.anki_fields import card_fields, question_fields

if TYPE_CHECKING:
    from dlquiz.bank.cards import Card
    from dlquiz.bank.model import Question
    from dlquiz.bank.variant import Variant
    from dlquiz.export.anki import Media
    from dlquiz.text import Text

TRIES = 5  # seeds tried per variant wanted, for templates whose draws repeat


@dataclass(frozen=True)
class NoteSpec:
    kind: str  # "question" or "card": which note type
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]


def guid(*parts: object) -> str:
    """Anki's guid for a note, from the parts that name it (genanki's `guid_for`)."""
    from genanki import guid_for  # type: ignore[import-untyped]

    value: str = guid_for("dlquiz", *parts)
    return value


def note_key(q: Question, seed: int) -> str:
    """The note's first field (its sort field, unique in the deck)."""
    return q.id if seed == 0 else f"{q.id}@{seed}"


def variants(q: Question, n: int) -> list[Variant]:
    """The variants of `q` the deck holds (see the module docstring)."""
    from dlquiz.bank.variant import make_variant
    from dlquiz.errors import InputError

    first = make_variant(q, 0)
    out = [first]
    if not q.is_template:
        return out
    seen = {_numbers(first)}
    for seed in range(1, n * TRIES):
        if len(out) >= n:
            break
        try:
            v = make_variant(q, seed)
        except InputError:  # a draw the solver rejects: not a question to ask
            continue
        if _numbers(v) in seen or gives_away(v):
            continue
        seen.add(_numbers(v))
        out.append(v)
    return out


def _numbers(v: Variant) -> str:
    return json.dumps(v.inputs, sort_keys=True, default=str)


def gives_away(v: Variant) -> bool:
    """Does the front of `v` (prompt with its numbers, front figure) show its answer?"""
    from dlquiz.integrity import mapping_giveaways, numeric_giveaways, shown_before_answering

    q = v.question
    if q.type not in ("numeric", "symbols"):
        return False
    for lang in ("en", "zh"):
        text = shown_before_answering(v, lang)
        if q.type == "numeric" and numeric_giveaways(v, text):
            return True
        if q.type == "symbols" and mapping_giveaways(q, text, lang):
            return True
    return False


def question_tags(q: Question) -> tuple[str, ...]:
    """dlquiz, the topic, the question type, and the exam question it comes from
    (`source: final-2023 Q4` → exam::final-2023::Q4), as Anki tags (no spaces)."""
    tags = ["dlquiz", f"topic::{q.topic}", f"type::{q.type}"]
    words = q.source.split()
    if words and words[0] != "dlquiz":
        exam = f"exam::{words[0]}"
        if len(words) > 1 and re.fullmatch(r"Q\w+", words[1]):
            exam += f"::{words[1]}"
        tags.append(exam)
    if q.is_template:
        tags.append("template")
    return tuple(_tag(t) for t in tags)


def _tag(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip())


def info_line(q: Question, seed: int, titles: Mapping[str, Text]) -> Text:
    """The small line above a question: the exam it is from, its points, its topic and, for
    a template, which numbers it has."""
    from dlquiz.messages import msg
    from dlquiz.text import Text

    source = q.source_text() if q.source != "dlquiz" else None
    parts = [source, msg("export_anki.points", points=f"{q.points:g}"),
             titles.get(q.topic, Text(q.topic, q.topic))]  # fmt: skip
    if q.is_template:
        parts.append(msg("export_anki.variant", n=seed) if seed else msg("export_anki.as_written"))
    shown = [p for p in parts if p is not None]
    return Text(" · ".join(p.en for p in shown), " · ".join(p.zh for p in shown))


def question_notes(
    questions: list[Question], lang: str, n: int, media: Media, titles: Mapping[str, Text]
) -> list[NoteSpec]:
    """The notes of `questions`, in bank order, each template as up to `n` variants.
    `titles` names the topics (the concept cards' titles) in the Info line."""
    out = []
    for q in questions:
        for v in variants(q, n):
            info = info_line(q, v.seed, titles)
            front = back = ""
            if q.figure is not None:
                figure = media.image(q.figure, q.figure_args, lang)
                # a question whose figure shows its answer (validate forbids it in the bank;
                # an extra --bank file may not be checked) keeps the figure for the back
                if v.seed == 0 and gives_away(v):
                    back = figure
                else:
                    front = figure
            if q.answer_figure is not None:
                back += media.image(q.answer_figure, q.answer_figure_args, lang)
            fields = question_fields(v, lang, note_key(q, v.seed), info, front, back)
            out.append(NoteSpec("question", guid(q.id, v.seed), tuple(fields), question_tags(q)))
    return out


def card_notes(cards: list[Card], lang: str, media: Media) -> list[NoteSpec]:
    """One note per concept card, its diagrams as images."""
    out = []
    for card in cards:
        diagrams = "".join(media.image(name, {}, lang) for name in card.diagrams)
        tags = ("dlquiz", _tag(f"topic::{card.id}"), "concept-card")
        fields = card_fields(card, lang, diagrams)
        out.append(NoteSpec("card", guid("card", card.id), tuple(fields), tags))
    return out
