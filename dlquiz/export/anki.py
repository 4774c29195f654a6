"""An Anki deck of the bank: one note per question (and per drawn variant of a template) and
one per concept card, written as an `.apkg` package with genanki.

    export(Path("dl.apkg"), questions, cards, lang="both", variants=3)  ->  Summary

Ids are fixed so that importing the deck again updates the notes instead of adding copies:
the deck and the two note types have ids derived from a name, and each note's guid comes
from its question id and seed (`genanki.guid_for`). A question's front holds its prompt
with the variant's numbers and its front figure; the back holds the expected answer, the
solver's named steps, the worked solution, the answer figure and the named mistakes (see
`dlquiz.export.anki_notes`). Figures are SVG media files, drawn from the terminal diagrams.
genanki is imported only when the package is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlquiz.errors import input_error
from dlquiz.export.anki_fields import CARD_FIELDS, QUESTION_FIELDS
from dlquiz.messages import say

if TYPE_CHECKING:
    from dlquiz.bank.cards import Card
    from dlquiz.bank.model import Question
    from dlquiz.export.anki_notes import NoteSpec

MAX_VARIANTS = 20
FIGURE_WIDTH = 80  # terminal columns a figure is drawn at (every figure is whole at 80)


def stable_id(name: str) -> int:
    """A fixed Anki id for `name`, in [2³⁰, 2³¹) as genanki advises for deck and model ids."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


DECK_ID = stable_id("dlquiz deck: 2023 AI-Deep Learning final")
QUESTION_MODEL_ID = stable_id("dlquiz note type: question")
CARD_MODEL_ID = stable_id("dlquiz note type: concept card")

# The note templates hold field references only: every word is inside the fields, in the
# language asked for, so one note type serves en, zh and both.
QUESTION_FRONT = (
    '<div class="dlq-info">{{Info}}</div>\n<div class="dlq-front">{{Front}}</div>\n'
    '{{#Figure}}<div class="dlq-fig">{{Figure}}</div>{{/Figure}}'
)
QUESTION_BACK = (
    '{{FrontSide}}\n<hr id="answer">\n{{Answer}}\n{{Steps}}\n{{Solution}}\n'
    '{{#AnswerFigure}}<div class="dlq-fig">{{AnswerFigure}}</div>{{/AnswerFigure}}\n{{Mistakes}}'
)
CARD_FRONT = '<div class="dlq-title">{{Title}}</div>\n<div class="dlq-info">{{Ask}}</div>'
CARD_BACK = (
    '{{FrontSide}}\n<hr id="answer">\n{{What}}\n{{Formulas}}\n{{Symbols}}\n'
    '{{#Diagrams}}<div class="dlq-fig">{{Diagrams}}</div>{{/Diagrams}}\n{{Exam}}\n{{Mistakes}}'
)
CSS = """\
.card { font-family: system-ui, "Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei",
  sans-serif; font-size: 18px; line-height: 1.5; text-align: left; margin: 0 auto;
  max-width: 46em; }
.dlq-info { opacity: 0.65; font-size: 0.8em; margin-bottom: 0.6em; }
.dlq-title { font-size: 1.3em; font-weight: bold; }
.dlq-h { font-weight: bold; margin-top: 0.9em; }
.dlq-zh { display: inline-block; margin-top: 0.2em; }
.dlq-answer { font-weight: bold; font-size: 1.1em; }
.dlq-summary { font-style: italic; margin-bottom: 0.5em; }
.dlq-fig { margin: 0.8em 0; }
.dlq-fig img { max-width: 100%; height: auto; background: #fff; padding: 4px;
  border-radius: 4px; }
table.dlq-steps, table.dlq-formulas { border-collapse: collapse; margin-top: 0.3em; }
table.dlq-steps td, table.dlq-formulas td { padding: 2px 10px 2px 0; vertical-align: top;
  border-bottom: 1px solid rgba(128, 128, 128, 0.3); }
td.dlq-num, td.dlq-formula { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace;
  overflow-wrap: anywhere; }
ul.dlq-choices, ul.dlq-parts { list-style: none; padding-left: 0.5em; }
ul.dlq-mistakes li, ul.dlq-list li { margin-bottom: 0.4em; }
"""


@dataclass(frozen=True)
class Summary:
    """What was written: notes (questions with their variants, concept cards), Anki cards,
    media files, and the package's size in bytes."""

    path: Path
    questions: int
    cards: int
    anki_cards: int
    media: int
    size: int

    @property
    def notes(self) -> int:
        return self.questions + self.cards


class Media:
    """The figures of the deck as SVG files in `folder`, each drawn once and named by its
    content, so an unchanged figure keeps its name from one export to the next."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, Path] = {}
        self._tags: dict[str, str] = {}

    def image(self, name: str, args: dict[str, Any], lang: str) -> str:
        """An `<img>` tag showing figure `name` drawn with `args` in `lang`."""
        memo = json.dumps([name, args, lang], sort_keys=True, default=str)
        if memo not in self._tags:
            from dlquiz.render.figures import draw
            from dlquiz.render.svg import to_svg

            svg = to_svg(draw(name, lang, **args), FIGURE_WIDTH, title=name)
            digest = hashlib.sha256(svg.encode("utf-8")).hexdigest()[:12]
            filename = f"dlquiz-{name}-{digest}.svg"
            if filename not in self.files:
                self.folder.mkdir(parents=True, exist_ok=True)
                path = self.folder / filename
                path.write_text(svg, encoding="utf-8")
                self.files[filename] = path
            self._tags[memo] = f'<img src="{escape(filename)}" alt="{escape(name)}">'
        return self._tags[memo]


def check_variants(n: int, lang: str) -> int:
    """`n`, if it is a number of variants to draw. (`lang`, here and in `check_target`, is
    not used: an error carries both languages and the error line says the one asked for.)"""
    if not 1 <= n <= MAX_VARIANTS:
        raise input_error("export_anki.error.variants", most=MAX_VARIANTS, value=n)
    return n


def check_target(path: Path, lang: str) -> Path:
    """The package's path, if a deck can be written there; InputError says why not."""
    if path.suffix.lower() != ".apkg":
        raise input_error("export_anki.error.suffix", name=path.name)
    if path.is_dir():
        raise input_error("export_anki.error.folder", path=path)
    folder = path.parent
    if not folder.is_dir():
        raise input_error("export_anki.error.no_folder", path=path, folder=folder)
    return path


def export(
    path: Path, questions: list[Question], cards: list[Card], lang: str, variants: int = 1
) -> Summary:
    """Write the deck of `questions` (each template as `variants` drawn variants) and `cards`
    to `path`, in `lang` (en, zh or both)."""
    from dlquiz.export.anki_notes import card_notes, question_notes

    check_variants(variants, lang)
    check_target(path, lang)
    with tempfile.TemporaryDirectory(prefix="dlquiz-anki-") as tmp:
        media = Media(Path(tmp) / "media")
        titles = {c.id: c.title for c in cards}
        asked = question_notes(questions, lang, variants, media, titles)
        concepts = card_notes(cards, lang, media)
        if not asked and not concepts:
            raise input_error("export_anki.error.empty")
        write_package(path, [*asked, *concepts], media, Path(tmp), lang)
        return Summary(path, len(asked), len(concepts), len(asked) + len(concepts),
                       len(media.files), path.stat().st_size)  # fmt: skip


def write_package(path: Path, notes: list[NoteSpec], media: Media, tmp: Path, lang: str) -> None:
    """The `.apkg`: genanki's collection and the media, zipped next to `path` and then moved
    over it in one step, so a failed export leaves no half-written deck."""
    import genanki  # type: ignore[import-untyped]

    models = {
        "question": genanki.Model(
            QUESTION_MODEL_ID, "dlquiz question", fields=[{"name": f} for f in QUESTION_FIELDS],
            templates=[{"name": "dlquiz", "qfmt": QUESTION_FRONT, "afmt": QUESTION_BACK}],
            css=CSS,
        ),
        "card": genanki.Model(
            CARD_MODEL_ID, "dlquiz concept card", fields=[{"name": f} for f in CARD_FIELDS],
            templates=[{"name": "dlquiz", "qfmt": CARD_FRONT, "afmt": CARD_BACK}], css=CSS,
        ),
    }  # fmt: skip
    deck = genanki.Deck(DECK_ID, say("export_anki.deck_name", lang),
                        description=say("export_anki.deck_description", lang))  # fmt: skip
    for note in notes:
        deck.add_note(genanki.Note(model=models[note.kind], fields=list(note.fields),
                                   tags=list(note.tags), guid=note.guid))  # fmt: skip
    files = sorted(media.files.items())
    package = genanki.Package(deck, media_files=[str(p) for _, p in files])
    # genanki's own write_to_file leaves its SQLite file behind in the system's temp folder;
    # the same steps here keep it in `tmp`. The timestamp is now: Anki updates a note on
    # import only when the incoming one is newer.
    db = tmp / "collection.anki2"
    conn = sqlite3.connect(db)
    try:
        stamp = time.time()
        package.write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
        conn.commit()
    finally:
        conn.close()
    part = path.with_name(f".{path.name}.part")
    try:
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as out:
            out.write(db, "collection.anki2")
            out.writestr("media", json.dumps({str(i): name for i, (name, _) in enumerate(files)}))
            for i, (_, file) in enumerate(files):
                out.write(file, str(i))
        os.replace(part, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        raise input_error("export_anki.error.write", path=path, reason=reason) from None
