"""Grade one answer without the practice loop."""

from __future__ import annotations

import json as jsonlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dlquiz.cli._core import Lang, console, err_console
from dlquiz.errors import input_error

if TYPE_CHECKING:
    from dlquiz.history import Attempt

# An answer may start with a minus sign (`check gan-value-equilibrium -1.386`): words that
# are not dlquiz's options reach ANSWER, and one that is not a number is refused below.
CONTEXT_SETTINGS = {"ignore_unknown_options": True}


MAX_SEED = 2**31 - 1


def check(
    question_id: Annotated[str, typer.Argument(metavar="ID", help="The question id.")],
    answer: Annotated[list[str], typer.Argument(metavar="ANSWER…", help="Your answer.")],
    seed: Annotated[
        int, typer.Option(min=0, max=MAX_SEED, help="The variant's seed (0: as written).")
    ] = 0,
    lang: Lang = "both",
    bank: Annotated[list[Path] | None, typer.Option(help="Extra question files.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Grade ANSWER for question ID: right or wrong, and which mistake a wrong one matches.

    The answer is stored in the history like a practice answer. Example:
    dlquiz check final-2023-q5a 3720
    """
    from dlquiz.bank.grade import grade
    from dlquiz.bank.variant import make_variant
    from dlquiz.cli._session import check_lang
    from dlquiz.cli.questions import find
    from dlquiz.drill.record import attempt
    from dlquiz.render.check import render_check

    check_lang(lang)
    unknown = next((w for w in answer if w.startswith("--")), None)
    if unknown is not None:
        raise input_error("command_input.check_option", option=unknown)
    q = find(question_id, bank)
    variant = make_variant(q, seed)
    result = grade(variant, answer)
    # shown even when the history cannot keep it (a warning on stderr says so)
    store(attempt(variant, result, " ".join(answer), None, mode="check"), lang)
    if json:
        sys.stdout.write(jsonlib.dumps(result.to_json(lang), ensure_ascii=False) + "\n")
    else:
        console.print(render_check(variant, result, lang))


def store(row: Attempt, lang: str) -> bool:
    """Keep the graded answer; a history that cannot be used is one warning on stderr."""
    import sqlite3

    from dlquiz.history import History, HistoryError
    from dlquiz.messages import say

    try:
        history = History(warn=lambda m: err_console.print(f"warning: {m}", markup=False))
        history.record(row)
    except (HistoryError, sqlite3.Error, OSError) as exc:
        err_console.print(say("check.not_stored", lang, why=exc), markup=False)
        return False
    return True
