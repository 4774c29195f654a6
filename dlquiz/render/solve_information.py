"""Step views of entropy, cross-entropy and the KL divergence (`dlquiz solve entropy | xent |
kl`): each `render_<topic>` returns a Rich renderable and prints nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType

from dlquiz.messages import msg
from dlquiz.render.fmt import answer, equations, listed, number, stack, table
from dlquiz.render.lang import sentence, word
from dlquiz.render.summary import GAP, Cut, gap_row
from dlquiz.text import Text as Words

if TYPE_CHECKING:
    from dlquiz.solvers.information import CrossEntropyResult, EntropyResult, KLResult


def render_entropy(r: EntropyResult) -> RenderableType:
    from dlquiz.solvers.information import EQUATIONS

    cut = Cut()
    rows = [
        gap_row(3) if i is None else [str(i + 1), number(r.p[i]), number(r.terms[i])]
        for i in cut.axis(len(r.p), per=2)
    ]
    unit = _unit(r.base)
    t = table(["x", "P(x)", f"−P(x)·log_{r.base} P(x)"], rows, word("solve.steps"))
    h = answer("H(P)", f"{number(r.entropy)} {unit}")
    return stack(equations(EQUATIONS[:1]), t, h, cut.note())


def render_xent(r: CrossEntropyResult) -> RenderableType:
    from dlquiz.solvers.information import EQUATIONS

    cut = Cut()
    array = cut.array
    rows = [
        gap_row(4) if n is None else
        [str(n + 1), array(r.pred[n]), array(r.actual[n]), number(r.per_sample[n])]
        for n in cut.axis(len(r.per_sample), per=2 * r.pred.shape[1] + 1)
    ]  # fmt: skip
    heads = [word("solve.xent.sample"), word("solve.xent.predicted"), word("solve.xent.actual")]
    t = table([*heads, f"−Σ y·log_{r.base} ŷ"], rows, word("solve.xent.per_sample"))
    per_class = listed([
        Words(GAP, GAP) if c is None else msg("solve.xent.class", c=c, v=number(r.per_class[c]))
        for c in cut.axis(len(r.per_class))
    ])  # fmt: skip
    note = sentence("solve.xent.note", per_class=per_class, mean=number(r.mean))
    total = answer(word("solve.total"), f"{number(r.total)} {_unit(r.base)}", note)
    return stack(equations(EQUATIONS[1:2]), t, total, cut.note())


def render_kl(r: KLResult) -> RenderableType:
    from dlquiz.solvers.information import EQUATIONS

    rows = [
        ["H(P)", number(r.entropy_p)],
        ["H(P, Q)", number(r.cross_entropy)],
        ["D_KL(P‖Q) = H(P, Q) − H(P)", number(r.kl)],
    ]
    note = sentence("solve.kl.infinite") if r.kl == float("inf") else None
    cut = Cut()
    t = table(
        [word("solve.quantity"), word("solve.value_in", unit=_unit(r.base))], rows,
        f"P = {cut.array(r.p)}, Q = {cut.array(r.q)}",
    )  # fmt: skip
    return stack(equations(EQUATIONS), t, answer("D_KL(P‖Q)", number(r.kl), note), cut.note())


def _unit(base: str) -> str:
    name = {"2": "solve.unit.bits", "e": "solve.unit.nats", "10": "solve.unit.hartleys"}
    return word(name[str(base)]) if str(base) in name else ""
