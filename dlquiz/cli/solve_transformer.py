"""`dlquiz solve attention | context | softmax | posenc | mha | bptt`: attention and its pieces,
the Transformer's multi-head attention, and backpropagation through time (exam Q2 in numbers)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dlquiz.cli._core import Json, Lang, Svg, arr, emit, given, num, vec
from dlquiz.cli.solve_options import opt
from dlquiz.errors import InputError, input_error


def attention(
    q: Annotated[str | None, opt("Queries Q, one row per token.", True)] = None,
    k: Annotated[str | None, opt("Keys K, one row per token.", True)] = None,
    v: Annotated[str | None, opt("Values V, one row per token.", True)] = None,
    x: Annotated[str | None, opt("Token embeddings X (with --wq --wk --wv).", True)] = None,
    wq: Annotated[str | None, opt("Query projection W^Q (d_model×d_k).", True)] = None,
    wk: Annotated[str | None, opt("Key projection W^K (d_model×d_k).", True)] = None,
    wv: Annotated[str | None, opt("Value projection W^V (d_model×d_v).", True)] = None,
    scores: Annotated[
        str | None, opt("Dot products q·k_j given directly (exam Q6: 112 96).")
    ] = None,
    dk: Annotated[str | None, typer.Option(help="Key dimension d_k, with --scores.")] = None,
    heatmap: Annotated[
        bool, typer.Option("--heatmap", help="Also colour the weight matrix as a heat map.")
    ] = False,
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """Single-head self-attention softmax(QKᵀ/√d_k)·V (exam Q6: --scores 112 96 --dk 64)."""
    from dlquiz.render.solve import render_attention, render_attention_heatmap
    from dlquiz.solvers.attention import attention_from_scores, self_attention

    if scores is not None or (q is None and x is None):
        if q is not None or x is not None:
            raise input_error("command_input.scores_or_q")
        kwargs: dict[str, Any] = given(scores=scores, v=v)
        if dk is not None:
            kwargs["dk"] = num(dk)
        result = attention_from_scores(**kwargs)
    else:
        if dk is not None:
            raise input_error("command_input.dk_with_scores")
        result = self_attention(**given(q=q, k=k, v=v, x=x, wq=wq, wk=wk, wv=wv))
    render = render_attention_heatmap if heatmap else render_attention
    emit(result, json, render, svg)


def context(
    states: Annotated[
        str | None, opt("Encoder hidden states, one row per source word.", True)
    ] = None,
    weights: Annotated[
        str | None, opt("Attention weights α (a row per output word).", True)
    ] = None,
    query: Annotated[
        str | None, opt("Decoder state(s) s_i; weights = softmax(s_i·h_j).", True)
    ] = None,
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """Seq2seq attention's context vector c_i = Σ_j α_ij·h_j (exam Q3, Fig. 2(b))."""
    from dlquiz.render.solve import render_context
    from dlquiz.solvers.context import context_vector

    result = context_vector(**given(states=states, weights=weights, query=query))
    emit(result, json, render_context, svg)


def softmax(
    z: Annotated[str | None, opt("Scores (a vector, or a matrix row by row).", True)] = None,
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """Softmax with its steps: subtract the max, exponentiate, divide by the sum."""
    from dlquiz.render.solve import render_softmax
    from dlquiz.solvers.softmax import softmax_steps

    emit(softmax_steps(**given(z=z)), json, render_softmax, svg)


def posenc(
    d: Annotated[str | None, typer.Option(help="Model dimension d.")] = None,
    positions: Annotated[str | None, opt("Token positions, e.g. 0 1 2 3.")] = None,
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """Sinusoidal positional encoding PE(pos, 2i) = sin(pos/10000^(2i/d)), cos for 2i+1."""
    from dlquiz.render.solve import render_posenc
    from dlquiz.solvers.posenc import positional_encoding

    kwargs: dict[str, Any] = {}
    if d is not None:
        kwargs["d"] = num(d)
    if positions is not None:
        kwargs["positions"] = vec(positions)
    emit(positional_encoding(**kwargs), json, render_posenc, svg)


# `dlquiz solve mha` with no options: three words, d_model = 4, one head (small whole numbers,
# so Q, K, V and the scores can be checked by hand; W_O is the identity, so C·W_O = Z).
THREE_WORDS: dict[str, Any] = {
    "x": [[1, 0, 1, 0], [0, 1, 0, 1], [1, 1, 0, 0]],
    "wq": [[1, 0, 0, 1], [0, 1, 1, 0], [1, 0, 0, 0], [0, 0, 1, 0]],
    "wk": [[0, 1, 0, 0], [1, 0, 0, 1], [0, 0, 1, 0], [1, 0, 1, 0]],
    "wv": [[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 1, 1], [1, 0, 0, 1]],
}
MASKS = {"none": None, "causal": "causal"}


def parsed(**options: str | None) -> dict[str, Any]:
    """Like `given`, but a value that is not numbers is reported about its option (the
    command then names the flag: "'x' is not a number … (option --x)")."""
    out: dict[str, Any] = {}
    for name, text in options.items():
        if text is None:
            continue
        try:
            out[name] = arr(text)
        except InputError as exc:
            raise InputError(exc.message, param=name, text=exc.text) from None
    return out


def mha(
    x: Annotated[
        str | None, opt("Token embeddings X, one row per token (d_model columns).", True)
    ] = None,
    wq: Annotated[str | None, opt("Query weights W^Q (d_model×d_model).", True)] = None,
    wk: Annotated[str | None, opt("Key weights W^K (d_model×d_model).", True)] = None,
    wv: Annotated[str | None, opt("Value weights W^V (d_model×d_model).", True)] = None,
    wo: Annotated[
        str | None, opt("Output weights W^O (d_model×d_model; default the identity).", True)
    ] = None,
    heads: Annotated[
        int, typer.Option(help="Number of heads H; head h takes columns h·d_k … of Q, K, V.")
    ] = 1,
    mask: Annotated[
        str, typer.Option(help="causal: a decoder's masked self-attention; none (default).")
    ] = "none",
    posenc: Annotated[
        bool, typer.Option("--posenc", help="Add the sinusoidal positional encoding to X first.")
    ] = False,
    memory: Annotated[
        str | None,
        opt("Encoder states M for cross-attention: K and V come from M, Q from X.", True),
    ] = None,
    heatmap: Annotated[
        bool, typer.Option("--heatmap", help="Also draw each head's weights as a heat map.")
    ] = False,
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """Multi-head attention softmax(Q_h·K_hᵀ/√d_k)·V_h per head, concatenated and × W^O.

    With no options: three words with d_model = 4 and one head. Rows are tokens (Q = X·W^Q).
    """
    import numpy as np

    from dlquiz.render.solve_transformer import render_mha, render_mha_heatmap
    from dlquiz.solvers.mha import multi_head_attention

    if mask.lower() not in MASKS:
        raise input_error("command_input.mask", mask=mask)
    inputs: dict[str, Any] = {**THREE_WORDS, **parsed(x=x, wq=wq, wk=wk, wv=wv, wo=wo)}
    inputs.update(parsed(memory=memory))
    if "wo" not in inputs:  # W_O = I: the identity of the model dimension of X
        inputs["wo"] = np.eye(np.atleast_2d(np.asarray(inputs["x"], dtype=float)).shape[-1])
    result = multi_head_attention(**inputs, heads=heads, mask=MASKS[mask.lower()], posenc=posenc)
    emit(result, json, render_mha_heatmap if heatmap else render_mha, svg)


def bptt(
    x: Annotated[
        str | None, opt("Inputs: one number per time step, or one row per step.", True)
    ] = None,
    u: Annotated[str | None, opt("Input weights U (H×D).", True)] = None,
    w: Annotated[str | None, opt("Recurrent weights W (H×H).", True)] = None,
    v: Annotated[str | None, opt("Output weights V (O×H).", True)] = None,
    bh: Annotated[str | None, opt("Hidden bias b_h.")] = None,
    by: Annotated[str | None, opt("Output bias b_y.")] = None,
    h0: Annotated[str | None, opt("Initial hidden state (default zeros).")] = None,
    target: Annotated[str | None, opt("Target y* of the last output (default 1).")] = None,
    clip: Annotated[
        str | None, typer.Option(help="Clip the whole gradient g to norm β: g ← g·β/‖g‖.")
    ] = None,
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """Backpropagation through time in a tanh RNN: ‖∂L/∂h_t‖ for every t, the Jacobians
    diag(1 − h_t²)·W, the gradients, and clipping (exam Q2 in numbers; default: Q4's network)."""
    from dlquiz.render.solve_bptt import render_bptt
    from dlquiz.solvers.bptt import bptt as run_bptt

    kwargs = parsed(x=x, u=u, w=w, v=v, bh=bh, by=by, h0=h0, target=target)
    if clip is not None:
        try:
            kwargs["clip"] = num(clip)
        except InputError as exc:
            raise InputError(exc.message, param="clip", text=exc.text) from None
    emit(run_bptt(**kwargs), json, render_bptt, svg)
