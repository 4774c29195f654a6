"""List, show and validate the question bank."""

from __future__ import annotations

import json as jsonlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dlquiz.cli import _complete as complete
from dlquiz.cli._core import Lang, console, err_console
from dlquiz.cli._groups import WholeSummaries

if TYPE_CHECKING:
    from dlquiz.bank.load import Problem
    from dlquiz.bank.model import Question

app = typer.Typer(
    cls=WholeSummaries, help=__doc__, no_args_is_help=True, rich_markup_mode=None,
    add_completion=False,
)  # fmt: skip
Bank = Annotated[list[Path] | None, typer.Option(help="Extra question files or folders.")]


@app.command("list")
def list_(
    topic: Annotated[
        str | None, typer.Option(help="Only this topic.", autocompletion=complete.topics)
    ] = None,
    bank: Bank = None,
    json: Annotated[bool, typer.Option("--json", help="Print one JSON list.")] = False,
    lang: Lang = "both",
) -> None:
    """Every question: id, topic, type, source and points."""
    from dlquiz.cli._session import check_lang, load_questions
    from dlquiz.render.question import render_question_list

    check_lang(lang)
    questions = sorted(load_questions(bank, topic), key=lambda q: q.id)
    if json:
        items = [{"id": q.id, "topic": q.topic, "type": q.type, "source": q.source,
                  "points": q.points} for q in questions]  # fmt: skip
        sys.stdout.write(jsonlib.dumps(items, ensure_ascii=False) + "\n")
        return
    console.print(render_question_list(questions, lang))


@app.command()
def show(
    question_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="A question id.", autocompletion=complete.question_ids),
    ],
    seed: Annotated[int, typer.Option(help="0: the numbers as written; other: fresh ones.")] = 0,
    lang: Lang = "both",
    bank: Bank = None,
) -> None:
    """One question with its answer, worked steps and solution."""
    from dlquiz.bank.variant import make_variant
    from dlquiz.cli._session import check_lang
    from dlquiz.render.lang import drawn_in
    from dlquiz.render.question import render_key, render_prompt

    check_lang(lang)
    v = make_variant(find(question_id, bank), seed)
    with drawn_in(lang):
        console.print(render_prompt(v, lang, 1, 1))
        console.print(render_key(v, lang))


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the bundled bank).")
    ] = None,
    lang: Lang = "en",
) -> None:
    """Check question files: schema, unique ids, and every number recomputed by its solver.

    Without PATH, the bundled bank and its concept cards (every formula must render).

    Exits 1 and lists every problem when there is one (in English: they are for authors).
    """
    from dlquiz.bank.cards import check_cards, load_cards
    from dlquiz.bank.check import check_bank
    from dlquiz.bank.load import BankError, load_bank
    from dlquiz.cli._session import check_lang
    from dlquiz.messages import say

    check_lang(lang)
    questions, cards = [], []
    try:
        questions = load_bank(paths or [], bundled=not paths)
        problems = check_bank(questions)
        problems += per_question(questions, faulted={p.where.split(":")[0] for p in problems})
        if paths:
            problems += bundled_ids([(q.file, q.id, q.line) for q in questions])
    except BankError as exc:
        problems = exc.problems
        if paths:  # a question with problems still must not reuse a bundled id
            problems += bundled_ids(ids_of(exc.problems, paths))
    if not paths:  # the bundled bank: its cards, exams and messages are checked with it
        try:
            cards = load_cards()
            problems += check_cards(cards)
        except BankError as exc:
            problems += exc.problems
        problems += check_content(questions)
    for p in problems:
        err_console.print(str(p), markup=False, highlight=False)
    if problems:
        err_console.print(say("validate.problems", lang, n=len(problems)), style="bold red")
        raise typer.Exit(1)
    key = "validate.ok_with_cards" if cards else "validate.ok"
    console.print(say(key, lang, n=len(questions), cards=len(cards)), markup=False)


def per_question(questions: list[Question], faulted: set[str]) -> list[Problem]:
    """The wording and give-away checks, one question at a time: a question the solver check
    already faults (its id in `faulted`) is left to it, and a check that fails on a question
    is a problem of that question, never an internal error (a bank's content is untrusted)."""
    from dlquiz.bank.load import Problem
    from dlquiz.bank.wording import check_wording
    from dlquiz.integrity import check_giveaways
    from dlquiz.safe_text import visible

    out: list[Problem] = []
    for q in questions:
        try:
            out += check_wording([q])
            if q.id not in faulted:
                out += check_giveaways([q])
        except Exception as exc:  # a bank's content never stops validate
            out.append(Problem(q.file, q.line, q.id, f"cannot be checked: {visible(repr(exc))}"))
    return out


def bundled_ids(found: list[tuple[str, str, int | None]]) -> list[Problem]:
    """A question of the files given (file, id, line) whose id the bundled bank already uses
    (it could not be loaded beside it with --bank), with the bundled file and line."""
    from dlquiz.bank.load import BankError, Problem, load_bank
    from dlquiz.content import root

    try:
        bundled = {q.id: q for q in load_bank([], bundled=True)}
    except BankError:
        return []  # the bundled bank's own problems are `questions validate`'s, without PATH
    out = []
    for file, qid, line in found:
        first = bundled.get(qid)
        if first is None or Path(first.file).resolve() == Path(file).resolve():
            continue
        try:
            where = Path(first.file).resolve().relative_to(root().resolve().parent)
        except ValueError:
            where = Path(first.file)
        message = f"id '{qid}' is already used by the bundled bank ({where}:{first.line})"
        out.append(Problem(file, line, qid, message + "; choose another"))
    return out


def ids_of(problems: list[Problem], paths: list[Path]) -> list[tuple[str, str, int | None]]:
    """(file, id, line) of every question of the files given that could be read, with its
    problems or without: the loaded ones, and those a problem names by id."""
    from dlquiz.bank.load import expand, load_file
    from dlquiz.bank.reader import ID, id_lines

    found = {(q.file, q.id): q.line for f in expand(paths) for q in load_file(f)[0]}
    texts: dict[str, str] = {}
    for p in problems:
        qid = p.where.split(": ")[0]
        if not ID.match(qid) or (p.file, qid) in found:
            continue
        if p.file not in texts:
            try:
                texts[p.file] = Path(p.file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                texts[p.file] = ""
        line = id_lines(texts[p.file]).get(qid)
        if line is not None:
            found[(p.file, qid)] = line
    return [(file, qid, line) for (file, qid), line in found.items()]


def check_content(questions: list[Question]) -> list[Problem]:
    """The exams' slots name bank questions; every catalog message has both languages alike."""
    from dlquiz.bank.cards import card_ids, load_cards
    from dlquiz.bank.load import Problem
    from dlquiz.bank.wording import check_messages, check_wording
    from dlquiz.drill.exams import exam_files, read_spec
    from dlquiz.errors import InputError
    from dlquiz.messages import check_catalog
    from dlquiz.topics import check as check_topics

    problems = [Problem("questions/messages", None, "messages", m) for m in check_catalog()]
    problems += check_wording(load_cards()) + check_messages()
    problems += [Problem("questions/vocabulary/topics.yaml", None, "topics", m)
                 for m in check_topics(solve_commands(), card_ids())]  # fmt: skip
    ids = {q.id for q in questions}
    for name, path in exam_files().items():
        try:
            spec = read_spec(path)
        except InputError as exc:
            problems.append(Problem(str(path), None, "exam", str(exc)))
            continue
        for slot in spec.slots:
            for qid in (slot.id, slot.twin):
                if qid is not None and qid not in ids:
                    where = f"exam {name} Q{slot.label}"
                    problems.append(Problem(str(path), None, where, f"no question '{qid}'"))
    return problems


def find(question_id: str, bank: list[Path] | None = None) -> Question:
    """The question with this id; an unknown id names the nearest one."""
    from difflib import get_close_matches

    from dlquiz.cli._session import load_questions
    from dlquiz.errors import input_error
    from dlquiz.messages import msg
    from dlquiz.safe_text import visible

    found = {q.id: q for q in load_questions(bank, None)}
    if question_id in found:
        return found[question_id]
    near = get_close_matches(question_id, list(found), n=1)
    hint = msg("errors.did_you_mean", name=near[0]) if near else msg("errors.see_list")
    raise input_error("errors.no_question", id=visible(question_id), hint=hint)


def solve_commands() -> list[str]:
    """The names of the `dlquiz solve` commands."""
    from typer.main import get_group

    from dlquiz.cli.solve import app as solve_app

    return list(get_group(solve_app).commands)
