"""`dlquiz solve attention | context | softmax | posenc`: attention and its pieces."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dlquiz.cli._core import Json, Lang, Svg, emit, given, num, vec
from dlquiz.cli.solve_options import opt
from dlquiz.errors import InputError


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
            raise InputError("--scores replaces --q/--k (or --x); give one or the other")
        kwargs: dict[str, Any] = given(scores=scores, v=v)
        if dk is not None:
            kwargs["dk"] = num(dk)
        result = attention_from_scores(**kwargs)
    else:
        if dk is not None:
            raise InputError("--dk goes with --scores; with --q/--k, d_k is the width of K")
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
