"""`dlquiz export anki FILE.apkg`, tested by reading the package back: a zip holding an SQLite
collection and a `media` map. Every expected number is computed here by the solver, through
the question's variant, never typed."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from dlquiz.bank.cards import load_cards
from dlquiz.bank.load import load_bank
from dlquiz.bank.model import Question
from dlquiz.bank.outcome import as_shown
from dlquiz.bank.variant import make_variant, resolve
from dlquiz.cli import app
from dlquiz.latex import prose
from dlquiz.messages import say
from dlquiz.numfmt import array

BANK = load_bank()
CARDS = load_cards()
BY_ID = {q.id: q for q in BANK}
IMG = re.compile(r'<img src="([^"]+)"')
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@dataclass
class Note:
    guid: str
    model: str
    tags: list[str]
    fields: dict[str, str]

    def text(self, *names: str) -> str:
        """The fields' words as a student reads them: tags gone, entities decoded."""
        chosen = names or tuple(self.fields)
        return unescape(re.sub(r"<[^>]+>", "\n", "\n".join(self.fields[n] for n in chosen)))

    def line(self, name: str) -> str:
        """One field's words with the tags taken out (bold text joins its line)."""
        return unescape(re.sub(r"<[^>]+>", "", self.fields[name]))


@dataclass
class Deck:
    notes: dict[str, Note]  # by the first field (the note's key)
    cards: int
    media: dict[str, bytes]  # file name -> content
    decks: dict[str, Any]
    models: dict[str, Any]
    path: Path
    stdout: str


def read_deck(path: Path, stdout: str = "") -> Deck:
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        collection = next(n for n in ("collection.anki21", "collection.anki2") if n in names)
        db_file = path.with_suffix(".anki2")
        db_file.write_bytes(z.read(collection))
        media_map = json.loads(z.read("media"))
        media = {name: z.read(index) for index, name in media_map.items()}
    db = sqlite3.connect(db_file)
    try:
        models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
        notes = {}
        for guid, mid, tags, flds in db.execute("SELECT guid, mid, tags, flds FROM notes"):
            model = models[str(mid)]
            values = flds.split("\x1f")
            fields = dict(zip([f["name"] for f in model["flds"]], values, strict=True))
            notes[values[0]] = Note(guid, model["name"], tags.split(), fields)
        cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    finally:
        db.close()
    return Deck(notes, cards, media, decks, models, path, stdout)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Deck]:
    """Export with these options (each set once per module) and read the deck back."""
    made: dict[tuple[str, ...], Deck] = {}

    def run(*options: str, name: str = "deck") -> Deck:
        key = (name, *options)
        if key not in made:
            path = tmp_path_factory.mktemp("anki") / f"{name}.apkg"
            result = CliRunner().invoke(app, ["export", "anki", str(path), *options])
            assert result.exit_code == 0, (result.stdout, result.stderr)
            made[key] = read_deck(path, result.stdout)
        return made[key]

    return run


def shown(value: Any) -> str:
    return array(as_shown(value))


def questions(deck: Deck) -> dict[str, Note]:
    return {k: n for k, n in deck.notes.items() if n.model == "dlquiz question"}


def expected_count(q: Question, n: int) -> int:
    """How many notes a question makes with --variants n: a template as many distinct sets of
    numbers as it can draw, up to n."""
    if not q.is_template:
        return 1
    if q.vary:
        return n
    return min(n, len({json.dumps(c, sort_keys=True) for c in q.cases}))


def test_one_note_per_question_and_per_card_with_a_one_line_summary(
    export: Callable[..., Deck],
) -> None:
    deck = export()
    assert len(deck.notes) == len(BANK) + len(CARDS)
    assert deck.cards == len(deck.notes)  # one card per note
    assert set(questions(deck)) == {q.id for q in BANK}
    assert {k for k, n in deck.notes.items() if n.model == "dlquiz concept card"} == {
        f"card:{c.id}" for c in CARDS
    }
    from dlquiz.cli.export_anki import summary
    from dlquiz.export.anki import Summary

    # a sentence a language, wrapped to the terminal (it was one unwrapped line)
    done = Summary(deck.path, len(BANK), len(CARDS), deck.cards, len(deck.media),
                   deck.path.stat().st_size)  # fmt: skip
    said = summary(done, "both")
    assert said.startswith(f"Wrote {deck.path}: {len(deck.notes)} notes (") and "\n已寫入" in said
    assert re.sub(r"\s", "", deck.stdout) == re.sub(r"\s", "", said)


def test_fields_hold_the_prompt_the_solvers_answer_its_steps_and_the_mistakes(
    export: Callable[..., Deck],
) -> None:
    notes = questions(export("--lang", "en"))
    for q in BANK:
        note, v = notes[q.id], make_variant(q, 0)
        for line in prose(v.prompt("en")).splitlines():
            assert line in note.text("Front"), q.id
        answer = note.text("Answer")
        if q.type == "numeric":
            assert shown(v.expected) in answer, q.id
            for path in q.steps:
                assert shown(resolve(v.result, path)) in note.text("Steps"), (q.id, path)
            for i, m in enumerate(q.mistakes):
                assert f"{prose(m.label.en)} → {shown(v.mistake_value(i))}" in note.line("Mistakes")
        elif q.type == "choice":
            assert f"({q.answer})" in answer
        elif q.parts:
            assert all(prose(p.answer) in answer for p in q.parts), q.id
        else:
            assert all(prose(p.text.en) in answer for p in q.rubric), q.id
        assert prose(q.solution.en).splitlines()[0] in note.text("Solution"), q.id
        for m in q.misconceptions:
            assert prose(m.label.en) in note.text("Mistakes"), (q.id, m.id)


def test_q4_back_names_the_other_convention_and_tags_name_the_exam_question(
    export: Callable[..., Deck],
) -> None:
    q = BY_ID["final-2023-q4"]
    note = questions(export("--lang", "en"))[q.id]
    row = make_variant(q, 0).accepted_value(0)
    assert f"{prose(q.accept[0].label.en)}: {shown(row)}" in note.line("Answer")
    assert {"dlquiz", "topic::rnn", "type::numeric", "exam::final-2023::Q4"} <= set(note.tags)


def test_figures_are_svg_media_referenced_by_the_notes_and_answers_stay_off_the_front(
    export: Callable[..., Deck],
) -> None:
    deck = export()
    referenced = {
        src for n in deck.notes.values() for f in n.fields.values() for src in IMG.findall(f)
    }
    assert referenced == set(deck.media)
    for name, content in deck.media.items():
        assert name.endswith(".svg")
        assert ElementTree.fromstring(content).tag == "{http://www.w3.org/2000/svg}svg"
    notes = questions(deck)
    for q in BANK:
        front = IMG.findall(notes[q.id].fields["Figure"] + notes[q.id].fields["Front"])
        back = IMG.findall(notes[q.id].fields["AnswerFigure"])
        assert [s.startswith(f"dlquiz-{q.figure}-") for s in front] == ([True] if q.figure else [])
        if q.answer_figure:
            assert back and back[-1].startswith(f"dlquiz-{q.answer_figure}-")
            assert not set(back) & set(front), q.id  # the answer's drawing is not on the front
    lstm = deck.notes["card:lstm"].fields["Diagrams"]
    assert [s.split("-")[1] for s in IMG.findall(lstm)] == ["lstm", "lstm"]


def test_ids_are_stable_so_importing_again_updates_the_notes(
    export: Callable[..., Deck],
) -> None:
    import genanki  # type: ignore[import-untyped]

    first, again, chinese = export(), export(name="again"), export("--lang", "zh")
    guids = {k: n.guid for k, n in first.notes.items()}
    assert guids == {k: n.guid for k, n in again.notes.items()}
    assert guids == {k: n.guid for k, n in chinese.notes.items()}  # another language: an update
    assert len(set(guids.values())) == len(guids)
    assert guids["final-2023-q4"] == genanki.guid_for("dlquiz", "final-2023-q4", 0)
    assert set(first.models) == set(again.models) == set(chinese.models)
    dlquiz_decks = {d for d, v in first.decks.items() if v["name"] != "Default"}
    assert dlquiz_decks == {d for d, v in chinese.decks.items() if v["name"] != "Default"}


def test_more_variants_draw_fresh_numbers_each_with_its_own_answer(
    export: Callable[..., Deck],
) -> None:
    import genanki

    deck = export("--variants", "3", "--lang", "en")
    notes = questions(deck)
    assert len(notes) == sum(expected_count(q, 3) for q in BANK)
    assert sum(expected_count(q, 3) for q in BANK) > len(BANK) + 2 * 20  # most draw 3
    for q in BANK:
        mine = {k: n for k, n in notes.items() if k.split("@")[0] == q.id}
        assert len(mine) == expected_count(q, 3), q.id
        fronts = set()
        for key, note in mine.items():
            seed = int(key.split("@")[1]) if "@" in key else 0
            v = make_variant(q, seed)
            assert note.guid == genanki.guid_for("dlquiz", q.id, seed)
            assert prose(v.prompt("en")).splitlines()[0] in note.text("Front")
            if q.type == "numeric":
                assert shown(v.expected) in note.text("Answer"), key
            fronts.add(note.fields["Front"])
        assert len(fronts) == len(mine), q.id  # every variant has numbers of its own
    answers = {n.fields["Answer"] for k, n in notes.items() if k.startswith("rnn-forward-template")}
    assert len(answers) == 3


@pytest.mark.parametrize(("name", "topic"), [("LSTM", "lstm"), ("xent", "cross-entropy")])
def test_topic_filter_takes_any_name_of_the_topic(
    export: Callable[..., Deck], name: str, topic: str
) -> None:
    deck = export("--topic", name)
    assert len(deck.notes) == sum(q.topic == topic for q in BANK) + 1
    assert all(f"topic::{topic}" in n.tags for n in deck.notes.values())
    assert f"card:{topic}" in deck.notes


def test_chinese_deck_has_chinese_labels_and_the_english_one_no_chinese(
    export: Callable[..., Deck],
) -> None:
    zh, en = export("--lang", "zh"), export("--lang", "en")
    keys = (
        "export.answer", "export.steps", "export.solution", "export.mistakes",
        "export_anki.card_formulas", "export_anki.card_symbols", "export_anki.card_exam",
    )  # fmt: skip
    for note in zh.notes.values():
        labels = re.findall(r'<div class="dlq-h">([^<]*)</div>', "".join(note.fields.values()))
        assert labels and not any(re.search("[A-Za-z]", label) for label in labels)
        text = note.text()
        assert not any(say(k, "en") in text for k in keys)
    q4 = zh.notes["final-2023-q4"]
    assert prose(make_variant(BY_ID["final-2023-q4"], 0).prompt("zh")) in q4.text("Front")
    assert "simple RNN" not in q4.text()
    for note in en.notes.values():  # (a card's English may quote a Chinese word as content)
        assert "dlq-zh" not in "".join(note.fields.values())
        assert not CJK.search(note.text() if note.model == "dlquiz question" else note.text("Ask"))
    assert zh.stdout.startswith("已寫入")


def test_the_note_types_hold_no_words_only_fields(export: Callable[..., Deck]) -> None:
    for model in export().models.values():
        for t in model["tmpls"]:
            for side in (t["qfmt"], t["afmt"]):
                words = re.sub(r"<[^>]*>|\{\{[^}]*\}\}", "", side)
                assert not words.strip(), words


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["deck.txt"], ".apkg"),
        (["no/such/folder/deck.apkg"], "does not exist"),
        (["folder.apkg"], "is a folder"),
        (["deck.apkg", "--variants", "0"], "--variants"),
        (["deck.apkg", "--variants", "21"], "from 1 to 20"),
        (["deck.apkg", "--topic", "nosuch"], "unknown topic 'nosuch'"),
        (["deck.apkg", "--lang", "fr"], "--lang"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    bad: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    args: list[str], says: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.apkg").mkdir()
    assert says in bad("export", "anki", *args)
    assert not (tmp_path / "deck.apkg").exists()


def test_a_failed_write_leaves_no_file(
    bad: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    def refuse(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    target = tmp_path / "deck.apkg"
    assert "Permission denied" in bad("export", "anki", str(target), "--topic", "kl")
    assert [p.name for p in tmp_path.iterdir() if "deck" in p.name] == []


@pytest.mark.parametrize(
    "args", [["--help"], ["export", "anki", "--help"], ["export", "paper", "--help"]]
)
def test_help_imports_neither_genanki_nor_numpy_nor_yaml(args: list[str]) -> None:
    from tests.cli_probe import loaded

    proc, heavy = loaded(["genanki", "numpy", "yaml"], *args)
    assert heavy == [] and proc.returncode == 0, proc.stderr
