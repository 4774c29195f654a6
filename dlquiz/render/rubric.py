"""An explanation's key points as a list: ✓ where the answer makes them, with the words that
earned each, and the wrong claims it states; each point's wrapped lines hang under its text.

Also `grid_table`, the plain table of the practice views whose cells may be renderables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table

from dlquiz.messages import say
from dlquiz.text import single

if TYPE_CHECKING:
    from dlquiz.bank.model import Question


def grid_table(headers: Sequence[str], rows: Sequence[Sequence[RenderableType]]) -> Table:
    """A plain table whose cells may be renderables (a marked line hangs under its text)."""
    t = Table(box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
    for i, h in enumerate(headers):
        t.add_column(h, justify="left" if i == 0 else "right", overflow="fold")
    for row in rows:
        t.add_row(*row)
    return t


def render_rubric(q: Question, hits: Sequence[bool], lang: str) -> RenderableType:
    """The key points of an explanation, ✓ where the answer mentions them; given the
    automatic reading (`claims.ExplainResult`), point by point with the words that earned
    each, then the wrong claims with why they are wrong. Each point's wrapped lines hang
    under its text, not under its mark."""
    from dlquiz.latex import prose
    from dlquiz.render.flow import marked

    found = getattr(hits, "found", None)
    one = single(lang)
    if found is not None:
        rows = []
        for p, f, ok in zip(q.rubric, found, hits, strict=False):
            point = p.text.get(lang)
            if ok:
                rows.append(say("claims.earned", one, point=point, words=" … ".join(f.words)))
            elif f is not None:
                rows.append(say("claims.cancelled", one, point=point))
            else:
                rows.append(say("claims.not_earned", one, point=point))
        heading = say("claims.heading", one)
        shown: list[RenderableType] = [grid_table([heading], [[marked(prose(r))] for r in rows])]
        wrong = getattr(hits, "misconceptions", ())
        if wrong:
            lines = [
                [marked(prose(say("claims.wrong", one, label=m.label.get(lang),
                                  why=m.why.get(lang), words=" … ".join(w.words))))]
                for m, w in wrong
            ]  # fmt: skip
            shown.append(grid_table([say("claims.wrong_heading", one)], lines))
        return Group(*shown)
    marks: list[list[RenderableType]] = [
        [marked(("✓ " if hit else "· ") + prose(p.text.get(lang)))]
        for p, hit in zip(q.rubric, hits, strict=False)
    ]
    return grid_table([say("view.key_points", one)], marks)
