"""The typed form of a question (docs/question-format.md says what each field means).

Everything here is plain data: frozen dataclasses built by `dlquiz.bank.load`, never by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from dlquiz.text import LANGS as LANGS  # re-exported: the bank's content is bilingual
from dlquiz.text import Text as Text

FORMAT_VERSION = 1
TYPES = ("numeric", "choice", "symbols", "diagram", "explain")


_WORD = re.compile(r"[A-Za-z][A-Za-z '-]*[A-Za-z]")  # "same", "the cell state": not "h_3"
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Mistake:
    """A common mistake: the same solver with some inputs changed (`with`)."""

    id: str
    changes: dict[str, Any]
    answer: str | None  # a different answer path, if the mistake is answering the wrong thing
    text: Text  # why it is wrong, shown as the diagnosis
    label: Text  # a few words naming it, as `dlquiz stats` lists it


@dataclass(frozen=True)
class Alternative:
    """Another right answer: the same solver with some inputs changed (`with`), graded as
    correct with its note shown, e.g. the row-vector convention h·W of an RNN."""

    id: str
    changes: dict[str, Any]
    answer: str | None  # a different answer path, if the alternative answers another path
    text: Text  # the note shown when the student's numbers match this alternative
    label: Text  # a few words naming it


@dataclass(frozen=True)
class Choice:
    key: str
    text: Text
    why: Text | None  # shown when this choice is picked and it is wrong


@dataclass(frozen=True)
class Part:
    """One short answer of a `symbols` or `diagram` question."""

    key: str
    text: Text
    answer: str
    accept: tuple[str, ...]

    def said(self) -> Text:
        """The right answer in each language, symbols as Unicode (i_t → iₜ); an answer in
        English words ("same") is said in Chinese by its first accepted Chinese form."""
        from dlquiz.latex import prose

        zh = self.answer
        if _WORD.fullmatch(zh):
            zh = next((a for a in self.accept if _CJK.search(a)), zh)
        return Text(prose(self.answer), prose(zh))


@dataclass(frozen=True)
class Claim:
    """What must be said about what (dlquiz/bank/claims.py matches it): a `subject` phrase and
    a `claim` phrase in one clause or sentence, tied to each other, not negated, and no
    `block` phrase (YAML `not:`) beside them. No subject: the claim alone suffices."""

    subject: tuple[str, ...]
    claim: tuple[str, ...]
    block: tuple[str, ...] = ()


@dataclass(frozen=True)
class RubricPoint:
    key: str
    text: Text
    claim: Claim
    examples: tuple[str, ...] = ()  # answers that must earn the point (validate checks)
    counter: tuple[str, ...] = ()  # answers that must not


@dataclass(frozen=True)
class Misconception:
    """A wrong claim students make: named with why it is wrong; costs the point it contradicts."""

    id: str
    label: Text
    why: Text
    claim: Claim
    contradicts: str | None = None  # a rubric point's key
    examples: tuple[str, ...] = ()
    counter: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tolerance:
    """An answer counts as right within `abs` or `rel` of the reference, entry by entry."""

    rel: float = 0.01
    abs: float = 0.005

    def close(self, given: Any, reference: Any) -> Any:
        """Entry by entry: is |given − reference| within the tolerance of the reference?"""
        import numpy as np

        ref = np.asarray(reference, dtype=np.float64)
        return np.abs(np.asarray(given, dtype=np.float64) - ref) <= np.maximum(
            self.abs, self.rel * np.abs(ref)
        )

    def agrees(self, given: Any, reference: Any) -> bool:
        """The same number of entries, every one within the tolerance."""
        import numpy as np

        g, r = np.ravel(np.asarray(given, dtype=np.float64)), np.ravel(np.asarray(reference))
        return g.size == r.size and bool(np.all(self.close(g, r)))


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    type: str
    source: str
    points: float
    prompt: Text
    hints: tuple[Text, ...]
    solution: Text
    file: str
    line: int
    figure: str | None = None
    figure_args: dict[str, Any] = field(default_factory=dict)
    answer_figure: str | None = None
    answer_figure_args: dict[str, Any] = field(default_factory=dict)
    # numeric
    solver: str | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    answer: str | None = None  # numeric: a result path; choice: the right key
    tolerance: Tolerance = Tolerance()
    steps: tuple[str, ...] = ()
    stated: dict[str, Any] = field(default_factory=dict)
    mistakes: tuple[Mistake, ...] = ()
    accept: tuple[Alternative, ...] = ()  # other right answers (numeric)
    answer_note: Text | None = None  # shown when the main answer is right and `accept` is set
    cases: tuple[dict[str, Any], ...] = ()
    vary: dict[str, dict[str, Any]] = field(default_factory=dict)
    # templates of one group (e.g. the two parts of one exam question) draw the same case and
    # `vary` values for a seed, so their parts ask about one model
    draw_group: str | None = None
    # choice / symbols / diagram / explain
    choices: tuple[Choice, ...] = ()
    parts: tuple[Part, ...] = ()
    rubric: tuple[RubricPoint, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()  # explain: wrong claims
    # strings that held control characters, now shown as stand-ins (dlquiz.safe_text):
    # (line, field, problem); `questions validate` lists each one
    control_text: tuple[tuple[int | None, str, str], ...] = ()

    @property
    def is_template(self) -> bool:
        """True when each practice draws fresh numbers."""
        return bool(self.vary or len(self.cases) > 1)

    def source_text(self) -> Text:
        """Where the question comes from, in both languages: `final-2023 Q4` as written (an
        exam's own label), `final-2023 notes` as the catalog words it, `dlquiz` for our own."""
        return _source_text(self.source)


@cache
def _source_text(source: str) -> Text:
    from dlquiz.messages import msg

    exam, _, part = source.partition(" ")
    if part == "notes":
        return msg("view.source_notes", exam=exam)
    return Text(source, source)
