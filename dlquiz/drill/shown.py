"""How a right answer is written for the student, in their language.

Pure text, no Rich: the live screens (`dlquiz.render`), the exam's Markdown and JSON reports
all show the same words. Symbols are written as the screen writes them (`h_3` → h₃, through
`dlquiz.latex.prose`); a part answer that is an English word ("same") is shown in Chinese
by the first Chinese form the question accepts for it; an explanation's right answer is its
key points, as sentences (their keys are identifiers, not words for the student).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlquiz.text import Text

if TYPE_CHECKING:
    import numpy as np

    from dlquiz.bank.model import Part, Question
    from dlquiz.drill.sitting import Item


def part_answer(part: Part, lang: str) -> str:
    """A part's right answer in `lang` (en or zh)."""
    return part.said().get(lang)


def parts_answer(q: Question, lang: str, sep: str = " | ") -> str:
    return sep.join(part_answer(p, lang) for p in q.parts)


def bilingual(en: str, zh: str) -> Text | str:
    """One string when both languages write it alike, else the two."""
    return en if en == zh else Text(en, zh)


def in_lang(text: Text | str, lang: str, sep: str = " / ") -> str:
    return text if isinstance(text, str) else text.get(lang, sep=sep)


def choice_answer(q: Question) -> Text | str:
    """`(b) Fig. 2(b)`: the key and the choice's text."""
    from dlquiz.latex import prose

    chosen = next((c for c in q.choices if c.key == q.answer), None)
    if chosen is None:
        return f"({q.answer})"
    return Text(f"({q.answer}) {prose(chosen.text.en)}", f"({q.answer}) {prose(chosen.text.zh)}")


def key_points(q: Question) -> list[Text]:
    """An explanation's key points as sentences, symbols as on the screen."""
    from dlquiz.latex import prose

    return [Text(prose(p.text.en), prose(p.text.zh)) for p in q.rubric]


def squeezed(item: Item) -> np.ndarray:
    """The expected numbers without length-1 axes: y of shape (2, 1) reads as [y_1, y_2]."""
    import numpy as np

    return np.squeeze(np.asarray(item.variant.expected, dtype=np.float64))


def expected_shown(item: Item) -> Text | str:
    """The right answer of an item on one line (key points: joined by the list separator)."""
    from dlquiz.messages import msg
    from dlquiz.numfmt import array

    q = item.question
    if q.type == "numeric":
        return array(squeezed(item))
    if q.type == "choice":
        return choice_answer(q)
    if q.type in ("symbols", "diagram"):
        return bilingual(parts_answer(q, "en"), parts_answer(q, "zh"))
    sep = msg("list.semicolon")
    points = key_points(q)
    listed = Text(sep.en.join(p.en for p in points), sep.zh.join(p.zh for p in points))
    return msg("report.key_points", keys=listed)


def expected_text(item: Item, lang: str = "en") -> str:
    """The right answer in `lang` on one line ("both": English / Chinese)."""
    return in_lang(expected_shown(item), lang)
