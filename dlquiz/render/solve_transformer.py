"""Step views of multi-head attention (`dlquiz solve mha`) and backpropagation through time
(`dlquiz solve bptt`).

Each view draws a solver result as it is: every number comes from the result, nothing is
computed here (the bars and shades only show numbers the result holds). Words come from the
message catalog (`questions/messages/transformer.yaml`) in the language of the command
(`dlquiz.render.lang`); matrices are small grids with a label per row, laid side by side
while they fit the terminal and stacked below each other when they do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.columns import Columns
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from dlquiz.latex import prose
from dlquiz.render.fmt import answer, array, equations, number, stack
from dlquiz.render.lang import sentence, word

if TYPE_CHECKING:
    from dlquiz.solvers.bptt import BPTTResult
    from dlquiz.solvers.mha import HeadResult, MHAResult

BAR = 16  # cells of the longest bar
_EIGHTHS = " ▏▎▍▌▋▊▉"


# ------------------------------------------------------------------ shared pieces


def grid(title: str, matrix: Any, rows: Sequence[str]) -> Table:
    """A matrix under its title: one line per row, the row's label first (q1, k2, …)."""
    t = Table(
        title=prose(title), box=None, show_header=False, title_justify="left",
        title_style="bold", padding=(0, 1),
    )  # fmt: skip
    t.add_column(style="dim", no_wrap=True)
    values = matrix.tolist() if hasattr(matrix, "tolist") else matrix
    for _ in values[0] if values else ():
        t.add_column(justify="right", overflow="fold")
    for label, row in zip(rows, values, strict=True):
        t.add_row(prose(label), *(number(v) for v in row))
    return t


def side_by_side(*parts: RenderableType | None) -> Columns:
    """Grids next to each other while they fit the width, else one below the other."""
    return Columns([p for p in parts if p is not None], padding=(0, 3))


def heading(text: str) -> Text:
    return Text("\n" + prose(text), style="bold underline")


def note(text: str) -> Text:
    return Text(prose(text), style="dim")


def table(headers: Sequence[str], rows: Sequence[Sequence[str | Text]], title: str) -> Table:
    """A step table whose cells fold rather than being cut."""
    from rich import box

    t = Table(title=prose(title), box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
    for i, h in enumerate(headers):
        t.add_column(prose(h), justify="left" if i == 0 else "right", overflow="fold")
    for row in rows:
        t.add_row(*(Text(prose(c)) if isinstance(c, str) else c for c in row))
    return t


def bar(value: float, top: float) -> Text:
    """A bar BAR cells long for `top`, in eighths of a cell, for a value in [0, top]."""
    eighths = 0 if top <= 0 else round(BAR * 8 * max(0.0, min(value / top, 1.0)))
    full, part = divmod(eighths, 8)
    return Text("█" * full + (_EIGHTHS[part] if part else ""), style="cyan")


def small(value: Any) -> str:
    """A number or array like `array`, but values below 10⁻³ keep their size (1.2e-06, not 0):
    a vanishing gradient must not read as exactly zero."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return "[" + ", ".join(small(v) for v in value) + "]"
    f = float(value)
    return f"{f:.3g}" if f != 0 and abs(f) < 1e-3 else number(f)


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


def _inputs(r: MHAResult) -> RenderableType:
    n = r.x.shape[0]
    tokens = labels("x", n)
    parts: list[RenderableType] = [grid("X", r.x, tokens)]
    if r.pe is not None and r.x_pe is not None:
        positions = [str(i) for i in range(n)]
        parts += [grid(word("mha.pe"), r.pe, positions), grid("X + PE", r.x_pe, tokens)]
    if r.memory is not None:
        parts.append(grid(word("mha.memory"), r.memory, labels("m", r.memory.shape[0])))
    return side_by_side(*parts)


def _projections(r: MHAResult) -> RenderableType:
    source = "X" if r.x_pe is None else "(X + PE)"
    keys = source if r.memory is None else "M"
    return side_by_side(
        grid(f"Q = {source}·W_Q", r.q, labels("q", r.q.shape[0])),
        grid(f"K = {keys}·W_K", r.k, labels("k", r.k.shape[0])),
        grid(f"V = {keys}·W_V", r.v, labels("v", r.v.shape[0])),
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


def _head(r: MHAResult, h: int, head: HeadResult, heatmap: bool) -> list[RenderableType]:
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
                grid(f"Q{s}", head.q, labels("q", head.q.shape[0])),
                grid(f"K{s}", head.k, labels("k", head.k.shape[0])),
                grid(f"V{s}", head.v, labels("v", head.v.shape[0])),
            )
        )
    else:
        out.append(note(sentence("mha.one_head")))
    product = f"Q{s}ᵀ·K{s}" if r.transpose_q else f"Q{s}·K{s}ᵀ"
    out.append(
        side_by_side(
            grid(f"S{s} = {product}", head.scores, queries),
            grid(_scaled_title(r, s), head.scaled, queries),
            None if head.masked is None else grid(word("mha.masked", h=s), head.masked, queries),
        )
    )
    weights = f"A{s} = softmax(S'{s})"
    if r.softmax_axis == 0:
        weights = word("mha.softmax.columns", h=s)
    out.append(
        side_by_side(
            grid(weights, head.weights, queries),
            grid(f"Z{s} = A{s}·V{s}", head.z, labels("z", head.z.shape[0])),
        )
    )
    if heatmap:
        from dlquiz.render.heatmap import attention_heatmap

        out.append(note(word("mha.heatmap", h=h + 1)))
        out.append(attention_heatmap(head.weights.tolist(), queries, keys))
    return out


def _mha(r: MHAResult, heatmap: bool) -> RenderableType:
    parts: list[RenderableType | None] = [
        equations(_equations(r)), _setup(r), heading(word("mha.inputs")), _inputs(r),
        heading(word("mha.projections")), _projections(r),
    ]  # fmt: skip
    for h, head in enumerate(r.heads):
        parts += _head(r, h, head, heatmap)
    parts.append(heading(word("mha.output")))
    n = r.concat.shape[0]
    out_title = word("mha.skip_wo") if r.skip_wo else "Z = C·W_O"
    parts.append(
        side_by_side(
            grid("C = [Z_1 … Z_H]", r.concat, labels("c", n)) if r.n_heads > 1 else None,
            grid(out_title, r.out, labels("o", n)),
        )
    )
    label = "Z = C" if r.skip_wo else "Z = C·W_O"
    parts.append(answer(label, array(r.out), sentence("mha.answer_note")))
    return stack(*parts)


def render_mha(r: MHAResult) -> RenderableType:
    """Every step of every head: inputs, Q/K/V, the scores, their scaling (and mask), the
    weights, Z_h, then C = [Z_1 … Z_H] and C·W_O."""
    return _mha(r, heatmap=False)


def render_mha_heatmap(r: MHAResult) -> RenderableType:
    """The step view with each head's weights also drawn as a heat map."""
    return _mha(r, heatmap=True)


# ------------------------------------------------------------------ backpropagation through time


def render_bptt(r: BPTTResult) -> RenderableType:
    """The forward pass, the loss, ∂L/∂h_t going back in time with the Jacobians and the
    norms as bars, the parameter gradients, and clipping of the whole gradient."""
    from dlquiz.solvers.bptt import EQUATIONS

    T, D = r.x.shape
    H, n_out = r.h.shape[1], r.y.shape[1]
    setup = sentence("bptt.setup", T=T, D=D, H=H, O=n_out)
    given = word("bptt.given", x=array(r.x), h0=array(r.h0), target=array(r.target))
    forward = table(
        ["t", "x_t", "a_t", "h_t", "y_t"],
        [[str(t + 1), array(r.x[t]), array(r.a[t]), array(r.h[t]), array(r.y[t])]
         for t in range(T)],
        word("bptt.forward"),
    )  # fmt: skip
    loss = Text(prose(f"L = ½‖y_T − y*‖² = {number(r.loss)}   δy = y_T − y* = {array(r.dy)}"))
    backward = table(
        ["t", "∂L/∂h_t", "δa_t", "J_t"],
        [[str(t + 1), small(r.dh[t]), small(r.da[t]), small(r.jacobians[t])]
         for t in range(T - 1, -1, -1)],
        word("bptt.backward"),
    )  # fmt: skip
    top_dh, top_p = float(max(r.dh_norm)), float(max(r.jacobian_norm))
    norms = table(
        ["t", "‖∂L/∂h_t‖", "", "‖∂h_T/∂h_t‖₂", ""],
        [[str(t + 1), small(r.dh_norm[t]), bar(float(r.dh_norm[t]), top_dh),
          small(r.jacobian_norm[t]), bar(float(r.jacobian_norm[t]), top_p)]
         for t in range(T)],
        word("bptt.norms"),
    )  # fmt: skip
    headers = [word("bptt.parameter"), "∂L/∂θ"]
    if r.clipped is not None and r.clip is not None:
        headers.append(word("bptt.clipped", beta=number(r.clip)))
    rows = []
    for key in r.grads.JSON_KEYS:
        row = [key, small(getattr(r.grads, key))]
        if r.clipped is not None:
            row.append(small(getattr(r.clipped, key)))
        rows.append(row)
    grads = table(headers, rows, word("bptt.grads"))
    if r.clip is None:
        clipping = sentence("bptt.no_clip", norm=number(r.grad_norm))
    elif r.scale < 1:
        clipping = sentence(
            "bptt.clip_scaled", norm=number(r.grad_norm), beta=number(r.clip),
            scale=number(r.scale),
        )  # fmt: skip
    else:
        clipping = sentence("bptt.clip_kept", norm=number(r.grad_norm), beta=number(r.clip))
    return stack(
        equations([line.replace("target", "y*") for line in EQUATIONS]),
        note(f"{setup}\n{given}"),
        forward,
        loss,
        backward,
        norms,
        note(sentence("bptt.norms_note")),
        grads,
        Text(prose(clipping)),
        answer(word("bptt.answer", T=T), small(r.dh_norm)),
    )
