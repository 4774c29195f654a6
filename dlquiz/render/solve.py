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
from dlquiz.render.fmt import answer, equations, number, stack, table
from dlquiz.render.lang import sentence, word
from dlquiz.render.summary import ACROSS, GAP, Cut, gap_row, labelled, picks, scalar

if TYPE_CHECKING:
    from dlquiz.solvers.attention import AttentionResult
    from dlquiz.solvers.clip import ClipResult
    from dlquiz.solvers.context import ContextResult
    from dlquiz.solvers.gan import GANResult
    from dlquiz.solvers.gru import GRUResult
    from dlquiz.solvers.lstm import LSTMResult
    from dlquiz.solvers.params import ParamsResult
    from dlquiz.solvers.posenc import PosEncResult
    from dlquiz.solvers.rnn import RNNResult
    from dlquiz.solvers.softmax import SoftmaxResult


def _per_step(result: Any, names: list[tuple[str, str]], cut: Cut) -> RenderableType:
    """One row per named step and one column per time step (the first and last few of a long
    sequence), each cell a vector."""
    per = sum(getattr(result, a)[0].size for a, _ in names)
    steps = cut.axis(len(result.h), per, across=True)
    rows = [
        [head, *(GAP if t is None else cut.array(getattr(result, attr)[t]) for t in steps)]
        for attr, head in names
    ]
    heads = labelled(steps, lambda t: f"t = {t + 1}")
    return table([word("solve.step"), *heads], rows, title=word("solve.steps"))


def _steps(rows: list[list[Any]]) -> RenderableType:
    return table([word("solve.step"), word("solve.value")], rows, word("solve.steps"))


def render_rnn(r: RNNResult) -> RenderableType:
    from dlquiz.solvers.rnn import EQUATIONS, EQUATIONS_ROW

    T, D = r.x.shape
    row, cut = r.convention == "row", Cut()
    array = cut.array
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
         ("y", "y_t")], cut,
    )  # fmt: skip
    ys = ", ".join(  # the y_t left out are counted in the table
        GAP
        if t is None
        else f"y_{t + 1} = {array(r.y[t] if r.y[t].size > 1 else r.y[t][0], count=False)}"
        for t in picks(T)
    )
    note = "\n".join(notes) or None
    lines = EQUATIONS_ROW if row else EQUATIONS
    return stack(equations(lines), inputs, steps, answer(None, ys, note), cut.note())


def render_lstm(r: LSTMResult) -> RenderableType:
    from dlquiz.solvers.lstm import EQUATIONS

    cut = Cut()
    steps = _per_step(
        r,
        [("x", "x_t"), ("f", "f_t"), ("i", "i_t"), ("g", "g_t = C̃_t"), ("o", "o_t"),
         ("c", "c_t"), ("h", "h_t")], cut,
    )  # fmt: skip
    note = sentence("solve.lstm.note", h0=cut.array(r.h0), c0=cut.array(r.c0))
    h_T = cut.array(r.h[-1], count=False)
    return stack(equations(EQUATIONS), steps, answer("h_T", h_T, note), cut.note())


def render_gru(r: GRUResult) -> RenderableType:
    from dlquiz.solvers.gru import EQUATIONS, EQUATIONS_RESET_AFTER

    lines, cut = EQUATIONS if r.reset == "before" else EQUATIONS_RESET_AFTER, Cut()
    names = [("x", "x_t"), ("z", "z_t"), ("r", "r_t"), ("n", "n_t"), ("h", "h_t")]
    other = "after" if r.reset == "before" else "before"
    note = sentence(f"solve.gru.reset_{r.reset}", other=other)
    h_T = answer("h_T", cut.array(r.h[-1], count=False), note)
    return stack(equations(lines), _per_step(r, names, cut), h_T, cut.note())


def render_attention(r: AttentionResult) -> RenderableType:
    from dlquiz.solvers.attention import EQUATIONS

    lines, cut = EQUATIONS if r.projected else EQUATIONS[1:], Cut()
    array = cut.array
    rows = []
    if r.projected:
        rows += [["Q = X·W^Q", array(r.q)], ["K = X·W^K", array(r.k)], ["V = X·W^V", array(r.v)]]
    scaled = f"S / √d_k  (√{number(r.dk)} = {number(r.dk**0.5)})"
    rows += [
        ["S = Q·Kᵀ", array(r.scores)],
        [scaled if r.scale else word("solve.attention.not_scaled"), array(r.scaled)],
        ["A = softmax", array(r.weights)],
    ]
    if r.z is not None:
        rows.append(["Z = A·V", array(r.z)])
    w = r.weights.reshape(-1, r.weights.shape[-1])[0]  # z_1 = Σ_j A_1j·v_j, its ends if long
    first = " + ".join("…" if j is None else f"{w[j]:.4f}·v{j + 1}" for j in picks(len(w)))
    value = array(r.z[0], count=False) if r.z is not None else first
    note = f"z_1 = {first}" if r.z is not None else sentence("solve.attention.row_one")
    return stack(equations(lines), _steps(rows), answer("z_1", value, note), cut.note())


def render_attention_heatmap(r: AttentionResult) -> RenderableType:
    """The step view followed by the weights as a heat map (rows: queries, columns: keys)."""
    from dlquiz.render.heatmap import attention_heatmap

    weights = r.weights.reshape(-1, r.weights.shape[-1])  # the ends of a big one, as above
    rows = [i for i in picks(weights.shape[0]) if i is not None]
    cols = [j for j in picks(weights.shape[1], *ACROSS) if j is not None]
    shown = weights[rows][:, cols].tolist()
    heat = attention_heatmap(shown, [f"q{i + 1}" for i in rows], [f"k{j + 1}" for j in cols])
    return stack(render_attention(r), heat)


def render_context(r: ContextResult) -> RenderableType:
    from dlquiz.solvers.context import EQUATIONS

    cut = Cut()
    array = cut.array
    rows = [[word("solve.context.states"), array(r.states)]]
    if r.scores is not None:
        query = [word("solve.context.query"), array(r.query)]
        rows += [query, ["e_{ij} = s_i·h_j", array(r.scores)]]
    rows += [["α_ij", array(r.weights)], ["c_i = Σ_j α_ij·h_j", array(r.context)]]
    lines = EQUATIONS if r.scores is not None else EQUATIONS[2:]
    c = answer("c", array(r.context, count=False))
    return stack(equations(lines), _steps(rows), c, cut.note())


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
    note = None
    if r.models:  # the code builds several models: say which one this is
        names = word("list.comma").join(r.models)
        note = sentence("solve.params.which", count=len(r.models), names=names, name=r.models[0])
    return stack(t, answer(word("solve.total"), f"{r.total:,}", note))


def render_gan(r: GANResult) -> RenderableType:
    from dlquiz.solvers.gan import EQUATIONS

    cut = Cut()
    array = cut.array
    rows = [
        ["D(x)", array(r.dx)], ["log D(x)", array(r.log_dx)], ["D(G(z))", array(r.dgz)],
        ["log(1 − D(G(z)))", array(r.log_1_minus_dgz)], ["log D(G(z))", array(r.log_dgz)],
        ["V(D, G)", number(r.value)], ["L_D", number(r.loss_d)],
        [word("solve.eq.loss_g.minimax"), number(r.loss_g_minimax)],
        [word("solve.eq.loss_g.non-saturating"), number(r.loss_g_nonsaturating)],
    ]  # fmt: skip
    return stack(equations(EQUATIONS), _steps(rows), answer("L_D", number(r.loss_d)), cut.note())


def render_clip(r: ClipResult) -> RenderableType:
    from dlquiz.solvers.clip import EQUATIONS

    cut = Cut()
    rows = [["g", cut.array(r.g)], ["‖g‖", scalar(r.norm)], ["β", scalar(r.threshold)]]
    if r.scaled:
        rows += [["β/‖g‖", _factor(r.factor)], ["β·g/‖g‖", cut.array(r.clipped)]]
    note = None if r.scaled else sentence("solve.clip.unchanged", norm=scalar(r.norm))
    g = answer("g", cut.array(r.clipped, count=not r.scaled), note)
    return stack(equations(EQUATIONS), _steps(rows), g, cut.note())


def _factor(f: float) -> str:
    """β/‖g‖: 4 decimals, or 3 digits when it is smaller than that (7.07e-201, not 0)."""
    return f"{f:.3g}" if 0 < abs(f) < 1e-4 else number(f)


def render_softmax(r: SoftmaxResult) -> RenderableType:
    from dlquiz.solvers.softmax import EQUATIONS

    cut = Cut()
    array = cut.array
    rows = [
        ["z", array(r.z)],
        ["z − max z", array(r.shifted)],
        ["e = exp(z − max z)", array(r.exp)],
        ["Σ e", array(r.total)],
        ["e / Σ e", array(r.softmax)],
    ]
    s = answer("softmax", array(r.softmax, count=False))
    return stack(equations(EQUATIONS), _steps(rows), s, cut.note())


def render_posenc(r: PosEncResult) -> RenderableType:
    from dlquiz.solvers.posenc import EQUATIONS

    cut = Cut()  # the first and last few positions and dimensions of a big one
    rows, cols = cut.grid(*r.pe.shape)
    heads = ["pos", *labelled(cols, lambda j: f"{'sin' if j % 2 == 0 else 'cos'} d{j}")]
    cells = [
        gap_row(len(heads)) if i is None else
        [scalar(r.positions[i]), *(GAP if j is None else number(r.pe[i, j]) for j in cols)]
        for i in rows
    ]  # fmt: skip
    return stack(equations(EQUATIONS), table(heads, cells, "PE"), cut.note())


# The modules holding step views; a solver's view is `render_<name>` in one of them.
STEP_VIEWS = (
    "dlquiz.render.solve", "dlquiz.render.solve_information", "dlquiz.render.solve_transformer",
    "dlquiz.render.solve_bptt",
)  # fmt: skip


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
