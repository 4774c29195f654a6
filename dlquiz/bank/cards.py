"""Concept cards for `dlquiz explain`: one YAML file per topic under `questions/cards/`.

A card file holds `format_version` and `card` with: id (a topic of
`questions/vocabulary/topics.yaml`, which also holds its other names), title, summary, what,
formulas (each `latex` plus en/zh meaning), symbols (each `latex` plus en/zh), exam, mistakes
(en/zh each), try (commands to run next) and diagrams (figure names). Cards are read with the
question bank's reader, so problems carry file and line the same way; `check_cards` also
converts every formula, so a formula the terminal cannot show cannot ship.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlquiz.bank.load import BankError, Problem, read_yaml
from dlquiz.bank.model import Text


@dataclass(frozen=True)
class Formula:
    latex: str
    text: Text  # what it says


@dataclass(frozen=True)
class Card:
    id: str
    title: Text
    summary: Text
    what: Text
    formulas: tuple[Formula, ...]
    symbols: tuple[Formula, ...]
    exam: Text
    mistakes: tuple[Text, ...]
    try_: tuple[str, ...]
    diagrams: tuple[str, ...]
    file: str


def card_folder() -> Path:
    from dlquiz.content import folder

    return folder("cards")


def card_ids() -> list[str]:
    return [p.stem for p in card_files()]


def card_files() -> list[Path]:
    return sorted(card_folder().glob("*.yaml"))


def load_card(path: Path) -> Card:
    """One card; BankError lists every problem in the file."""
    data, reader, problems = read_yaml(path, "card")
    if data is None or reader is None or problems:
        raise BankError(problems)
    raw = data["card"]
    base: tuple[str | int, ...] = ("card",)
    if not isinstance(raw, dict):
        reader.problem(base, "card", "must be a mapping")
        raise BankError(reader.problems)

    def text(key: str, value: Any = None, path: tuple[str | int, ...] = ()) -> Text:
        return reader.bilingual(raw.get(key) if value is None else value, (*base, *path, key), key)

    def formulas(key: str) -> tuple[Formula, ...]:
        items = raw.get(key) or []
        out = []
        for i, f in enumerate(items):
            if not isinstance(f, dict) or not isinstance(f.get("latex"), str):
                reader.problem((*base, key, i), f"{key}[{i}]", "needs latex, en and zh")
                continue
            out.append(Formula(f["latex"], reader.bilingual(f, (*base, key, i), f"{key}[{i}]")))
        return tuple(out)

    card_id = raw.get("id")
    if card_id != path.stem:
        reader.problem((*base, "id"), "id", f"must be the file name '{path.stem}', not {card_id!r}")
    mistakes = tuple(
        reader.bilingual(m, (*base, "mistakes", i), f"mistakes[{i}]")
        for i, m in enumerate(raw.get("mistakes") or [])
    )
    card = Card(
        id=str(card_id),
        title=text("title"), summary=text("summary"), what=text("what"),
        formulas=formulas("formulas"), symbols=formulas("symbols"), exam=text("exam"),
        mistakes=mistakes, try_=tuple(map(str, raw.get("try") or ())),
        diagrams=tuple(map(str, raw.get("diagrams") or ())), file=str(path),
    )  # fmt: skip
    if not card.formulas:
        reader.problem((*base, "formulas"), "formulas", "at least one formula")
    if not card.mistakes:
        reader.problem((*base, "mistakes"), "mistakes", "at least one usual mistake")
    if reader.problems:
        raise BankError(reader.problems)
    return card


def load_cards() -> list[Card]:
    cards, problems = [], []
    for path in card_files():
        try:
            cards.append(load_card(path))
        except BankError as exc:
            problems.extend(exc.problems)
    if problems:
        raise BankError(problems)
    return cards


def find_card(name: str) -> Card:
    """The card of a topic, named by its id or any alias of the topic vocabulary."""
    from dlquiz.topics import resolve

    return load_card(card_folder() / f"{resolve(name)}.yaml")


def check_cards(cards: list[Card]) -> list[Problem]:
    """Every formula converts, every diagram exists, every `try` command is a dlquiz one."""
    from dlquiz.figures import FIGURES
    from dlquiz.latex import LatexError, to_unicode

    problems = []
    for card in cards:
        for f in (*card.formulas, *card.symbols):
            try:
                to_unicode(f.latex)
            except LatexError as exc:
                problems.append(Problem(card.file, None, f"{card.id}: formula", str(exc)))
        for name in card.diagrams:
            if name not in FIGURES:
                problems.append(
                    Problem(card.file, None, f"{card.id}: diagrams", f"unknown '{name}'")
                )
        for cmd in card.try_:
            if not cmd.startswith("dlquiz "):
                problems.append(
                    Problem(card.file, None, f"{card.id}: try", f"'{cmd}' is not a dlquiz command")
                )
    return problems
