"""Grade one answer without the practice loop."""

from __future__ import annotations

import json as jsonlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from dlquiz.cli._core import console, err_console
from dlquiz.errors import InputError

# An answer may start with a minus sign (`check gan-value-equilibrium -1.386`): words that
# are not dlquiz's options reach ANSWER, and one that is not a number is refused below.
CONTEXT_SETTINGS = {"ignore_unknown_options": True}


def check(
    question_id: Annotated[str, typer.Argument(metavar="ID", help="The question id.")],
    answer: Annotated[list[str], typer.Argument(metavar="ANSWER…", help="Your answer.")],
    seed: Annotated[int, typer.Option(help="The variant's seed (0: as written).")] = 0,
    lang: Annotated[str, typer.Option(help="Language of the diagnosis: en or zh.")] = "en",
    bank: Annotated[list[Path] | None, typer.Option(help="Extra question files.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Grade ANSWER for question ID: right or wrong, and which mistake a wrong one matches.

    Example: dlquiz check final-2023-q5a 3720
    """
    from dlquiz.bank.grade import grade
    from dlquiz.bank.variant import make_variant
    from dlquiz.cli.questions import find
    from dlquiz.drill.record import attempt
    from dlquiz.history import History
    from dlquiz.render.question import bilingual

    unknown = next((w for w in answer if w.startswith("--")), None)
    if unknown is not None:
        raise InputError(f"no such option: {unknown} (see 'dlquiz check --help')")
    q = find(question_id, bank)
    variant = make_variant(q, seed)
    result = grade(variant, answer)
    history = History(warn=lambda m: err_console.print(f"warning: {m}", markup=False))
    history.record(attempt(variant, result, " ".join(answer), None, mode="check"))
    if json:
        sys.stdout.write(jsonlib.dumps(result.to_json(lang), ensure_ascii=False) + "\n")
        return
    verdict = "✓ right" if result.correct else ("◐ partly right" if result.score else "✗ not right")
    console.print(verdict, style="bold green" if result.correct else "bold red")
    if result.diagnosis is not None:
        console.print(bilingual(result.diagnosis, lang))
    if result.note is not None:  # which accepted answer (e.g. convention) the numbers match
        console.print(bilingual(result.note, lang))
    from dlquiz.render.fmt import array

    numeric = variant.question.type == "numeric"
    console.print(f"expected: {array(result.expected) if numeric else result.expected}")
