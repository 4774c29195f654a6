"""Step views of multi-head attention (`dlquiz solve mha`); backpropagation through time
(`dlquiz solve bptt`) is drawn with these pieces in `dlquiz.render.solve_bptt`.

Each view draws a solver result as it is: every number comes from the result, nothing is
computed here (the bars and shades only show numbers the result holds). Words come from the
message catalog (`questions/messages/transformer.yaml`) in the language of the command
(`dlquiz.render.lang`); matrices are small grids with a label per row, laid side by side
while they fit the terminal and stacked below each other when they do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.columns import Columns
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from dlquiz.latex import prose
from dlquiz.render.fmt import answer, equations, stack
from dlquiz.render.lang import sentence, word
from dlquiz.render.summary import ACROSS, GAP, ROW_GAP, Cut, gap_row, picks, scalar

if TYPE_CHECKING:
    from dlquiz.solvers.mha import HeadResult, MHAResult


# ------------------------------------------------------------------ shared pieces


def grid(title: str, matrix: Any, rows: Sequence[str], cut: Cut) -> Table:
    """A matrix under its title: one line per row, the row's label first (q1, k2, …); of a
    big one the first and last few rows and columns, with ⋮ and … between."""
    t = Table(  # min_width: a narrow matrix ([[1, 0]]) must not cut its title
        title=prose(title), box=None, show_header=False, title_justify="left",
        title_style="bold", padding=(0, 1), min_width=cell_len(prose(title)),
    )  # fmt: skip
    t.add_column(style="dim", no_wrap=True)
    kept, cols = cut.grid(*matrix.shape)
    for _ in cols:
        t.add_column(justify="right", overflow="fold")
    for i in kept:
        if i is None:
            t.add_row(*gap_row(len(cols) + 1))
        else:
            t.add_row(prose(rows[i]), *(GAP if j is None else scalar(matrix[i, j]) for j in cols))
    return t


def side_by_side(*parts: RenderableType | None) -> Columns:
    """Grids next to each other while they fit the width, else one below the other."""
    return Columns([p for p in parts if p is not None], padding=(0, 3))


def heading(text: str) -> Text:
    return Text("\n" + prose(text), style="bold underline")


def note(text: str) -> Text:
    return Text(prose(text), style="dim")


def labels(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i + 1}" for i in range(n)]


# ------------------------------------------------------------------ multi-head attention


def _equations(r: MHAResult) -> list[str]:
    from dlquiz.solvers.mha import EQUATIONS

    # the view names the output Z (as the cards do) and writes symbols only, in every language
    lines = [line.replace("out = ", "Z = ") for line in EQUATIONS]
    if r.memory is None:
        lines[0] = "Q = X·W_Q,  K = X·W_K,  V = X·W_V"
    if r.mask == "causal":
        lines.insert(3, "S'_h[i, j] = −∞  (j > i)")
    if r.x_pe is not None:
        lines.insert(0, "X_pe = X + PE")
    return lines


def _setup(r: MHAResult) -> Text:
    n, d_model = r.x.shape
    lines = [sentence("mha.setup", n=n, d_model=d_model, heads=r.n_heads, d_k=r.d_k)]
    if r.memory is not None:
        lines.append(sentence("mha.kind.cross", m=r.memory.shape[0]))
    elif r.mask == "causal":
        lines.append(sentence("mha.kind.causal"))
    else:
        lines.append(sentence("mha.kind.self"))
    if r.x_pe is not None:
        lines.append(sentence("mha.posenc_cross" if r.memory is not None else "mha.posenc"))
    return note("\n".join(lines))


def _inputs(r: MHAResult, cut: Cut) -> RenderableType:
    n = r.x.shape[0]
    tokens = labels("x", n)
    parts: list[RenderableType] = [grid("X", r.x, tokens, cut)]
    if r.pe is not None and r.x_pe is not None:
        positions = [str(i) for i in range(n)]
        parts += [grid(word("mha.pe"), r.pe, positions, cut), grid("X + PE", r.x_pe, tokens, cut)]
    if r.memory is not None:
        parts.append(grid(word("mha.memory"), r.memory, labels("m", r.memory.shape[0]), cut))
    return side_by_side(*parts)


def _projections(r: MHAResult, cut: Cut) -> RenderableType:
    source = "X" if r.x_pe is None else "(X + PE)"
    keys = source if r.memory is None else "M"
    return side_by_side(
        grid(f"Q = {source}·W_Q", r.q, labels("q", r.q.shape[0]), cut),
        grid(f"K = {keys}·W_K", r.k, labels("k", r.k.shape[0]), cut),
        grid(f"V = {keys}·W_V", r.v, labels("v", r.v.shape[0]), cut),
    )


def _sub(n: int) -> str:
    from dlquiz.latex import SUB

    return "".join(SUB[c] for c in str(n))


def _scaled_title(r: MHAResult, s: str) -> str:
    if r.scale == "dk":
        return f"S'{s} = S{s} / √{r.d_k}"
    if r.scale == "tokens":
        return word("mha.scale.tokens", h=s, n=r.x.shape[0])
    if r.scale == "dmodel":
        return f"S'{s} = S{s} / √{r.x.shape[1]} (√d_model)"
    return word("mha.scale.none", h=s)


def _head(r: MHAResult, h: int, head: HeadResult, heatmap: bool, cut: Cut) -> list[RenderableType]:
    n, m = head.scores.shape
    queries, keys = labels("q", n), labels("k", m)
    s = _sub(h + 1)
    first, last = h * r.d_k + 1, (h + 1) * r.d_k
    out: list[RenderableType] = [
        heading(word("mha.head", h=h + 1, H=r.n_heads, first=first, last=last))
    ]
    if r.n_heads > 1:
        out.append(
            side_by_side(
                grid(f"Q{s}", head.q, labels("q", head.q.shape[0]), cut),
                grid(f"K{s}", head.k, labels("k", head.k.shape[0]), cut),
                grid(f"V{s}", head.v, labels("v", head.v.shape[0]), cut),
            )
        )
    else:
        out.append(note(sentence("mha.one_head")))
    product = f"Q{s}ᵀ·K{s}" if r.transpose_q else f"Q{s}·K{s}ᵀ"
    out.append(
        side_by_side(
            grid(f"S{s} = {product}", head.scores, queries, cut),
            grid(_scaled_title(r, s), head.scaled, queries, cut),
            None
            if head.masked is None
            else grid(word("mha.masked", h=s), head.masked, queries, cut),
        )
    )
    weights = f"A{s} = softmax(S'{s})"
    if r.softmax_axis == 0:
        weights = word("mha.softmax.columns", h=s)
    out.append(
        side_by_side(
            grid(weights, head.weights, queries, cut),
            grid(f"Z{s} = A{s}·V{s}", head.z, labels("z", head.z.shape[0]), cut),
        )
    )
    if heatmap:
        from dlquiz.render.heatmap import attention_heatmap

        n, m = head.weights.shape
        rows = [i for i in picks(n) if i is not None]
        cols = [j for j in picks(m, *ACROSS) if j is not None]
        shown = head.weights[rows][:, cols].tolist()  # the ends of a big one, as in the grid
        out.append(note(word("mha.heatmap", h=h + 1)))
        out.append(attention_heatmap(shown, [queries[i] for i in rows], [keys[j] for j in cols]))
    return out


def _mha(r: MHAResult, heatmap: bool) -> RenderableType:
    cut = Cut()
    parts: list[RenderableType | None] = [
        equations(_equations(r)), _setup(r), heading(word("mha.inputs")), _inputs(r, cut),
        heading(word("mha.projections")), _projections(r, cut),
    ]  # fmt: skip
    for h in picks(len(r.heads), *_HEADS):  # of many heads, the first and last two
        if h is None:
            cut.left += sum(_size(r.heads[i]) for i in range(_HEADS[1], len(r.heads) - _HEADS[1]))
            parts.append(heading(ROW_GAP))
        else:
            parts += _head(r, h, r.heads[h], heatmap, cut)
    parts.append(heading(word("mha.output")))
    n = r.concat.shape[0]
    out_title = word("mha.skip_wo") if r.skip_wo else "Z = C·W_O"
    parts.append(
        side_by_side(
            grid("C = [Z_1 … Z_H]", r.concat, labels("c", n), cut) if r.n_heads > 1 else None,
            grid(out_title, r.out, labels("o", n), cut),
        )
    )
    label = "Z = C" if r.skip_wo else "Z = C·W_O"
    out = cut.array(r.out, count=False)
    parts += [answer(label, out, sentence("mha.answer_note")), cut.note()]
    return stack(*parts)


_HEADS = (6, 2)  # up to 6 heads are drawn; of more, the first and last two


def _size(head: HeadResult) -> int:
    """The numbers a head's part of the view shows."""
    shown = (head.q, head.k, head.v, head.scores, head.scaled, head.masked, head.weights, head.z)
    return sum(x.size for x in shown if x is not None)


def render_mha(r: MHAResult) -> RenderableType:
    """Every step of every head: inputs, Q/K/V, the scores, their scaling (and mask), the
    weights, Z_h, then C = [Z_1 … Z_H] and C·W_O."""
    return _mha(r, heatmap=False)


def render_mha_heatmap(r: MHAResult) -> RenderableType:
    """The step view with each head's weights also drawn as a heat map."""
    return _mha(r, heatmap=True)
