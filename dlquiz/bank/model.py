"""The typed form of a question (docs/question-format.md says what each field means).

Everything here is plain data: frozen dataclasses built by `dlquiz.bank.load`, never by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dlquiz.text import LANGS as LANGS  # re-exported: the bank's content is bilingual
from dlquiz.text import Text as Text

FORMAT_VERSION = 1
TYPES = ("numeric", "choice", "symbols", "diagram", "explain")


@dataclass(frozen=True)
class Mistake:
    """A common mistake: the same solver with some inputs changed (`with`)."""

    id: str
    changes: dict[str, Any]
    answer: str | None  # a different answer path, if the mistake is answering the wrong thing
    text: Text  # why it is wrong, shown as the diagnosis
    label: Text  # a few words naming it, as `dlquiz stats` lists it


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


@dataclass(frozen=True)
class RubricPoint:
    key: str
    text: Text
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Tolerance:
    rel: float = 0.01
    abs: float = 0.005


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
    cases: tuple[dict[str, Any], ...] = ()
    vary: dict[str, dict[str, Any]] = field(default_factory=dict)
    # choice / symbols / diagram / explain
    choices: tuple[Choice, ...] = ()
    parts: tuple[Part, ...] = ()
    rubric: tuple[RubricPoint, ...] = ()

    @property
    def is_template(self) -> bool:
        """True when each practice draws fresh numbers."""
        return bool(self.vary or len(self.cases) > 1)
