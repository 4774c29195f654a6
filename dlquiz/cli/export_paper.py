"""dlquiz export paper FILE.html|FILE.pdf: the mock exam to print, with its answer key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dlquiz.cli import _complete as complete
from dlquiz.cli._core import Lang, console

MAX_VARIANT = 2**31 - 1


def paper(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE.html|FILE.pdf", help="The page to write (.html or .pdf)."),
    ],
    exam: Annotated[
        str, typer.Option(help="Which exam (known: final-2023).", autocompletion=complete.exams)
    ] = "final-2023",
    variant: Annotated[
        int, typer.Option(help="Fresh numbers with this seed (0: the exam's own numbers).")
    ] = 0,
    key: Annotated[
        bool, typer.Option("--key/--no-key", help="Add the answer key on its own pages.")
    ] = True,
    lang: Lang = "both",
) -> None:
    """Write the mock exam to print: each question with its weight, its figure and room to
    write, then the answer key (worked steps and final numbers from the solvers).

    A .pdf is printed by a headless Chromium or Chrome when one is installed; an .html page
    prints from any browser. Same --variant, same numbers as `dlquiz exam --variant`.
    """
    from dlquiz.cli._session import check_lang, load_questions
    from dlquiz.cli.export_anki import counted
    from dlquiz.drill.exams import get_spec
    from dlquiz.drill.sitting import build_exam
    from dlquiz.errors import input_error
    from dlquiz.export.paper import paper_html
    from dlquiz.export.paper_file import check_target, write_paper
    from dlquiz.messages import msg

    check_lang(lang)
    if not 0 <= variant <= MAX_VARIANT:
        raise input_error("export_paper.error.variant", most=MAX_VARIANT, value=variant)
    check_target(file)
    spec = get_spec(exam)
    items = build_exam(spec, load_questions(None, None), variant)
    done = write_paper(file, paper_html(spec, items, lang, variant, key))
    if done.pages is not None and key:
        pages = counted("export_paper.pdf_pages", done.pages)
    else:
        pages = msg("export_paper.with_key" if key else "export_paper.without_key")
    console.print(
        msg("export_paper.written", path=done.path, size=f"{done.size / 1024:.0f}",
            exam=spec.title, questions=counted("export_paper.count.questions", len(items)),
            pages=pages).get(lang),
        markup=False, highlight=False,
    )  # fmt: skip
