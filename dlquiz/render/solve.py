"""Step views of the solver results: equations, a table of every intermediate, the answer.

One `render_<topic>` per solver result; each returns a Rich renderable and prints nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.text import Text

from dlquiz.latex import prose
from dlquiz.messages import msg
from dlquiz.render.fmt import answer, array, equations, number, stack, table
from dlquiz.render.lang import sentence, word

if TYPE_CHECKING:
    from dlquiz.solvers.attention import AttentionResult
    from dlquiz.solvers.clip import ClipResult
    from dlquiz.solvers.context import ContextResult
    from dlquiz.solvers.gan import GANResult
    from dlquiz.solvers.gru import GRUResult
    from dlquiz.solvers.information import CrossEntropyResult, EntropyResult, KLResult
    from dlquiz.solvers.lstm import LSTMResult
    from dlquiz.solvers.params import ParamsResult
    from dlquiz.solvers.posenc import PosEncResult
    from dlquiz.solvers.rnn import RNNResult
    from dlquiz.solvers.softmax import SoftmaxResult


def _per_step(result: Any, names: list[tuple[str, str]]) -> RenderableType:
    """One row per named step and one column per time step (T is small, vectors are wide)."""
    steps = range(len(result.h))
    rows = [[head, *(array(getattr(result, attr)[t]) for t in steps)] for attr, head in names]
    return table(
        [word("solve.step"), *(f"t = {t + 1}" for t in steps)], rows, title=word("solve.steps")
    )


def _steps(rows: list[list[Any]]) -> RenderableType:
    return table([word("solve.step"), word("solve.value")], rows, word("solve.steps"))


def render_rnn(r: RNNResult) -> RenderableType:
    from dlquiz.solvers.rnn import EQUATIONS, EQUATIONS_ROW

    T, D = r.x.shape
    row = r.convention == "row"
    other = "vector" if r.reading == "sequence" else "sequence"
    shape = f"{r.u.shape[0]}×{r.u.shape[1]}"
    if r.reading == "sequence":
        reading = sentence("solve.rnn.reading_sequence", T=T, D=D, shape=shape)
    else:
        reading = sentence("solve.rnn.reading_vector", D=D)
    convention = sentence("solve.rnn.row" if row else "solve.rnn.column")
    notes = []
    if r.other_y is not None:
        command = f"dlquiz solve rnn --reading {other}{' --convention row' if row else ''}"
        u_shape = "1×H" if row else "H×1"
        notes.append(
            sentence("solve.rnn.other_reading", other=other, y=array(r.other_y.reshape(-1)),
                     command=command, u_shape=u_shape)
        )  # fmt: skip
    if r.other_convention_y is not None:
        name = "solve.rnn.name_column" if row else "solve.rnn.name_row"
        command = f"dlquiz solve rnn --convention {'column' if row else 'row'}" + (
            " --reading vector" if r.reading == "vector" else ""
        )
        y = array(r.other_convention_y.reshape(-1))
        notes.append(sentence("solve.rnn.other_convention", name=msg(name), y=y, command=command))
    inputs = Text(
        prose(
            f"U = {array(r.u)}   W = {array(r.w)}   V = {array(r.v)}\n"
            f"b_h = {array(r.bh)}   b_y = {array(r.by)}   h_0 = {array(r.h0)}   "
            f"f = {r.act}   g = {r.out}\n{reading}\n{convention}"
        )
    )
    ux, wh = ("x_t·U", "h_{t−1}·W") if row else ("U·x_t", "W·h_{t−1}")
    steps = _per_step(
        r,
        [("x", "x_t"), ("ux", ux), ("wh", wh), ("a", "a_t"), ("h", "h_t"), ("o", "o_t"),
         ("y", "y_t")],
    )  # fmt: skip
    ys = ", ".join(f"y_{t + 1} = {array(y if y.size > 1 else y[0])}" for t, y in enumerate(r.y))
    note = "\n".join(notes) or None
    lines = EQUATIONS_ROW if row else EQUATIONS
    return stack(equations(lines), inputs, steps, answer(None, ys, note))


def render_lstm(r: LSTMResult) -> RenderableType:
    from dlquiz.solvers.lstm import EQUATIONS

    steps = _per_step(
        r,
        [("x", "x_t"), ("f", "f_t"), ("i", "i_t"), ("g", "g_t = C̃_t"), ("o", "o_t"),
         ("c", "c_t"), ("h", "h_t")],
    )  # fmt: skip
    note = sentence("solve.lstm.note", h0=array(r.h0), c0=array(r.c0))
    return stack(equations(EQUATIONS), steps, answer("h_T", array(r.h[-1]), note))


def render_gru(r: GRUResult) -> RenderableType:
    from dlquiz.solvers.gru import EQUATIONS, EQUATIONS_RESET_AFTER

    lines = EQUATIONS if r.reset == "before" else EQUATIONS_RESET_AFTER
    steps = _per_step(r, [("x", "x_t"), ("z", "z_t"), ("r", "r_t"), ("n", "n_t"), ("h", "h_t")])
    other = "after" if r.reset == "before" else "before"
    note = sentence(f"solve.gru.reset_{r.reset}", other=other)
    return stack(equations(lines), steps, answer("h_T", array(r.h[-1]), note))


def render_attention(r: AttentionResult) -> RenderableType:
    from dlquiz.solvers.attention import EQUATIONS, z_formula

    lines = EQUATIONS if r.projected else EQUATIONS[1:]
    rows = []
    if r.projected:
        rows += [["Q = X·W^Q", array(r.q)], ["K = X·W^K", array(r.k)], ["V = X·W^V", array(r.v)]]
    rows += [
        ["S = Q·Kᵀ", array(r.scores)],
        [f"S / √d_k  (√{number(r.dk)} = {number(r.dk**0.5)})" if r.scale else "S (not scaled)",
         array(r.scaled)],
        ["A = softmax", array(r.weights)],
    ]  # fmt: skip
    if r.z is not None:
        rows.append(["Z = A·V", array(r.z)])
    formula = z_formula(r.weights)
    first = formula if isinstance(formula, str) else formula[0]
    value = array(r.z[0]) if r.z is not None else first
    note = f"z_1 = {first}" if r.z is not None else sentence("solve.attention.row_one")
    return stack(equations(lines), _steps(rows), answer("z_1", value, note))


def render_attention_heatmap(r: AttentionResult) -> RenderableType:
    """The step view followed by the weights as a heat map (rows: queries, columns: keys)."""
    from dlquiz.render.heatmap import attention_heatmap

    weights = r.weights.reshape(-1, r.weights.shape[-1])
    rows = [f"q{i + 1}" for i in range(weights.shape[0])]
    cols = [f"k{j + 1}" for j in range(weights.shape[1])]
    return stack(render_attention(r), attention_heatmap(weights.tolist(), rows, cols))


def render_context(r: ContextResult) -> RenderableType:
    from dlquiz.solvers.context import EQUATIONS

    rows = [["h_j (encoder states)", array(r.states)]]
    if r.scores is not None:
        rows += [["s_i (decoder query)", array(r.query)], ["e_ij = s_i·h_j", array(r.scores)]]
    rows += [["α_ij", array(r.weights)], ["c_i = Σ_j α_ij·h_j", array(r.context)]]
    lines = EQUATIONS if r.scores is not None else EQUATIONS[2:]
    return stack(equations(lines), _steps(rows), answer("c", array(r.context)))


def render_params(r: ParamsResult) -> RenderableType:
    rows = [[f"{x.name} ({x.type})", x.output_shape, x.formula, f"{x.params:,}"] for x in r.layers]
    t = table(
        [
            word("solve.params.layer"),
            word("solve.params.shape"),
            word("solve.params.count"),
            word("solve.params.params"),
        ],
        rows,
        title=word("solve.params.model", framework=r.framework),
    )
    return stack(t, answer(word("solve.total"), f"{r.total:,}"))


def render_entropy(r: EntropyResult) -> RenderableType:
    from dlquiz.solvers.information import EQUATIONS

    rows = [
        [str(i + 1), number(p), number(t)]
        for i, (p, t) in enumerate(zip(r.p, r.terms, strict=True))
    ]
    unit = _unit(r.base)
    t = table(["x", "P(x)", f"−P(x)·log_{r.base} P(x)"], rows, word("solve.steps"))
    return stack(equations(EQUATIONS[:1]), t, answer("H(P)", f"{number(r.entropy)} {unit}"))


def render_xent(r: CrossEntropyResult) -> RenderableType:
    from dlquiz.solvers.information import EQUATIONS

    rows = [
        [str(n + 1), array(r.pred[n]), array(r.actual[n]), number(r.per_sample[n])]
        for n in range(len(r.per_sample))
    ]
    heads = [word("solve.xent.sample"), word("solve.xent.predicted"), word("solve.xent.actual")]
    t = table([*heads, f"−Σ y·log_{r.base} ŷ"], rows, word("solve.xent.per_sample"))
    per_class = ", ".join(
        word("solve.xent.class", c=c, v=number(v)) for c, v in enumerate(r.per_class)
    )
    note = sentence("solve.xent.note", per_class=per_class, mean=number(r.mean))
    return stack(
        equations(EQUATIONS[1:2]),
        t,
        answer(word("solve.total"), f"{number(r.total)} {_unit(r.base)}", note),
    )


def render_kl(r: KLResult) -> RenderableType:
    from dlquiz.solvers.information import EQUATIONS

    rows = [
        ["H(P)", number(r.entropy_p)],
        ["H(P, Q)", number(r.cross_entropy)],
        ["D_KL(P‖Q) = H(P, Q) − H(P)", number(r.kl)],
    ]
    note = None
    if r.kl == float("inf"):
        note = sentence("solve.kl.infinite")
    t = table(
        [word("solve.quantity"), word("solve.value_in", unit=_unit(r.base))], rows,
        f"P = {array(r.p)}, Q = {array(r.q)}",
    )  # fmt: skip
    return stack(equations(EQUATIONS), t, answer("D_KL(P‖Q)", number(r.kl), note))


def render_gan(r: GANResult) -> RenderableType:
    from dlquiz.solvers.gan import EQUATIONS

    rows = [
        ["D(x)", array(r.dx)], ["log D(x)", array(r.log_dx)], ["D(G(z))", array(r.dgz)],
        ["log(1 − D(G(z)))", array(r.log_1_minus_dgz)], ["log D(G(z))", array(r.log_dgz)],
        ["V(D, G)", number(r.value)], ["L_D", number(r.loss_d)],
        [f"L_G {word('solve.gan.minimax')}", number(r.loss_g_minimax)],
        [f"L_G {word('solve.gan.nonsaturating')}", number(r.loss_g_nonsaturating)],
    ]  # fmt: skip
    return stack(
        equations(EQUATIONS),
        _steps(rows),
        answer("L_D", number(r.loss_d)),
    )


def render_clip(r: ClipResult) -> RenderableType:
    from dlquiz.solvers.clip import EQUATIONS

    rows = [["g", array(r.g)], ["‖g‖", number(r.norm)], ["β", number(r.threshold)]]
    if r.scaled:
        rows += [["β/‖g‖", number(r.factor)], ["β·g/‖g‖", array(r.clipped)]]
    note = None if r.scaled else sentence("solve.clip.unchanged", norm=number(r.norm))
    return stack(
        equations(EQUATIONS),
        _steps(rows),
        answer("g", array(r.clipped), note),
    )


def render_softmax(r: SoftmaxResult) -> RenderableType:
    from dlquiz.solvers.softmax import EQUATIONS

    rows = [
        ["z", array(r.z)],
        ["z − max z", array(r.shifted)],
        ["e = exp(z − max z)", array(r.exp)],
        ["Σ e", array(r.total)],
        ["e / Σ e", array(r.softmax)],
    ]
    return stack(
        equations(EQUATIONS),
        _steps(rows),
        answer("softmax", array(r.softmax)),
    )


def render_posenc(r: PosEncResult) -> RenderableType:
    from dlquiz.solvers.posenc import EQUATIONS

    heads = ["pos", *(f"{'sin' if j % 2 == 0 else 'cos'} d{j}" for j in range(r.d))]
    rows = [
        [number(p), *(number(v) for v in row)] for p, row in zip(r.positions, r.pe, strict=True)
    ]
    return stack(equations(EQUATIONS), table(heads, rows, "PE"))


def _unit(base: str) -> str:
    name = {"2": "solve.unit.bits", "e": "solve.unit.nats", "10": "solve.unit.hartleys"}
    return word(name[str(base)]) if str(base) in name else ""


# The modules holding step views; a solver's view is `render_<name>` in one of them.
STEP_VIEWS = ("dlquiz.render.solve", "dlquiz.render.solve_transformer")


def renderer(solver: str) -> Callable[[Any], RenderableType]:
    """The step view of a solver of `dlquiz.solvers.SOLVERS`: by convention `render_<name>`
    in one of `STEP_VIEWS` (a test checks that every solver has one)."""
    import importlib

    for module in STEP_VIEWS:
        found = getattr(importlib.import_module(module), f"render_{solver}", None)
        if found is not None:
            return found  # type: ignore[no-any-return]
    raise KeyError(f"no step view render_{solver} in {', '.join(STEP_VIEWS)}")


render_attention_scores = render_attention  # the scores mode shares the attention view
