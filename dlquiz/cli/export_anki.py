"""dlquiz export anki FILE.apkg: the bank and the concept cards as an Anki deck."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dlquiz.cli import _complete as complete
from dlquiz.cli._core import Lang, console


def anki(
    file: Annotated[
        Path, typer.Argument(metavar="FILE.apkg", help="The deck to write (an .apkg file).")
    ],
    topic: Annotated[
        str | None,
        typer.Option(help="Only this topic (lstm, rnn, kl, …).", autocompletion=complete.topics),
    ] = None,
    variants: Annotated[
        int,
        typer.Option(
            help="Notes per template: 1 = its numbers as written; more = fresh draws too (≤ 20)."
        ),
    ] = 1,
    lang: Lang = "both",
    bank: Annotated[
        list[Path] | None, typer.Option(help="Extra question files or folders (repeatable).")
    ] = None,
) -> None:
    """Write an Anki deck: one note per question and per concept card.

    The front shows the question with its figure; the back the answer, the worked steps,
    the solution and the usual mistakes. Importing it again updates the notes it added.
    """
    from dlquiz.bank.cards import load_cards
    from dlquiz.cli._session import check_lang, load_questions
    from dlquiz.export.anki import check_target, check_variants, export
    from dlquiz.messages import say

    check_lang(lang)
    check_variants(variants, lang)
    check_target(file, lang)
    questions = load_questions(bank, topic)  # an unknown topic stops here, with its line
    cards = load_cards()
    if topic is not None:
        from dlquiz.topics import resolve

        wanted = resolve(topic)
        cards = [c for c in cards if c.id == wanted]
    done = export(file, questions, cards, lang, variants)
    console.print(
        say("export_anki.written", lang, path=done.path, notes=done.notes,
            questions=done.questions, cards=done.cards, anki_cards=done.anki_cards,
            media=done.media, size=f"{done.size / 1024:.0f}"),
        markup=False, highlight=False, soft_wrap=True,
    )  # fmt: skip
