"""dlquiz export anki FILE.apkg: the bank and the concept cards as an Anki deck."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dlquiz.cli import _complete as complete
from dlquiz.cli._core import Lang, console

if TYPE_CHECKING:
    from dlquiz.export.anki import Summary
    from dlquiz.text import Text


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
    console.print(summary(done, lang), markup=False, highlight=False)


def counted(key: str, n: int) -> Text:
    """`{n} notes` or `{n} note`: the catalog's phrase for this count."""
    from dlquiz.messages import msg

    return msg(f"{key}_one" if n == 1 else key, n=n)


def summary(done: Summary, lang: str) -> str:
    """What was written, one sentence a language ("both": the English line, then the
    Chinese), wrapped by the console to the terminal."""
    from dlquiz.messages import msg

    return msg(
        "export_anki.written", path=done.path, notes=counted("export_anki.count.notes", done.notes),
        questions=counted("export_anki.count.questions", done.questions),
        cards=counted("export_anki.count.cards", done.cards),
        anki_cards=counted("export_anki.count.anki_cards", done.anki_cards),
        media=counted("export_anki.count.media", done.media), size=f"{done.size / 1024:.0f}",
    ).get(lang)  # fmt: skip
