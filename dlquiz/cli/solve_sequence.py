"""`dlquiz solve rnn | lstm | gru | clip`: the recurrent networks and gradient clipping."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dlquiz.cli._core import Json, Lang, Svg, emit, given, num
from dlquiz.cli.solve_options import opt

Inputs = Annotated[str | None, opt("Inputs: one number per time step, or one row per step.", True)]
H0 = Annotated[str | None, opt("Initial hidden state (default zeros).")]


def rnn(
    x: Inputs = None,
    u: Annotated[str | None, opt("Input weights U (H×D; D×H with --convention row).", True)] = None,
    w: Annotated[str | None, opt("Recurrent weights W (H×H).", True)] = None,
    v: Annotated[
        str | None, opt("Output weights V (O×H; H×O with --convention row).", True)
    ] = None,
    bh: Annotated[str | None, opt("Hidden bias b_h.")] = None,
    by: Annotated[str | None, opt("Output bias b_y.")] = None,
    h0: H0 = None,
    act: Annotated[str, typer.Option(help="Hidden activation f: tanh, relu or sigmoid.")] = "tanh",
    out: Annotated[
        str, typer.Option(help="Output function g: identity, sigmoid, softmax or tanh.")
    ] = "identity",
    reading: Annotated[
        str, typer.Option(help="How to read a flat --x: sequence (x_t scalars) or vector.")
    ] = "sequence",
    convention: Annotated[
        str,
        typer.Option(
            help="column: W·h_{t−1}, U·x_t, V·h_t, as the exam prints them; row: h_{t−1}·W, "
            "x_t·U, h_t·V with row vectors, as in the forward-RNN code example."
        ),
    ] = "column",
    wcat: Annotated[
        str | None,
        opt("W and U as one matrix on [h_{t−1}; x_t]: [W U], H×(H+D) ([W; U] with row).", True),
    ] = None,
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """Simple RNN forward pass (exam Q4): h_t = f(U·x_t + W·h_{t−1} + b_h), y_t = g(V·h_t + b_y)."""
    from dlquiz.render.solve import render_rnn
    from dlquiz.solvers.rnn import rnn_forward

    inputs = given(x=x, u=u, w=w, v=v, bh=bh, by=by, h0=h0, wcat=wcat)
    result = rnn_forward(**inputs, act=act, out=out, reading=reading, convention=convention)
    emit(result, json, render_rnn, svg)


def lstm(
    x: Inputs = None,
    wf: Annotated[str | None, opt("Forget-gate weights, H×(H+D) on [h; x].", True)] = None,
    wi: Annotated[str | None, opt("Input-gate weights, H×(H+D).", True)] = None,
    wc: Annotated[str | None, opt("Candidate weights, H×(H+D).", True)] = None,
    wo: Annotated[str | None, opt("Output-gate weights, H×(H+D).", True)] = None,
    bf: Annotated[str | None, opt("Forget-gate bias.")] = None,
    bi: Annotated[str | None, opt("Input-gate bias.")] = None,
    bc: Annotated[str | None, opt("Candidate bias.")] = None,
    bo: Annotated[str | None, opt("Output-gate bias.")] = None,
    h0: H0 = None,
    c0: Annotated[str | None, opt("Initial cell state (default zeros).")] = None,
    w: Annotated[
        str | None,
        opt("All four gates as one stacked 4H×(H+D) matrix on [h; x] (blocks in --order).", True),
    ] = None,
    b: Annotated[str | None, opt("The stacked biases (4H, in --order) with --w.")] = None,
    order: Annotated[
        str,
        typer.Option(
            help="Blocks of --w/--b top to bottom: ifog (the notes' [i; f; o; g]), ifco "
            "(Keras i, f, c, o) or ifgo (PyTorch i, f, g, o)."
        ),
    ] = "ifog",
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """LSTM forward pass: every gate f, i, o, the candidate C̃ and the states c, h per step."""
    from dlquiz.render.solve import render_lstm
    from dlquiz.solvers.lstm import lstm_forward

    inputs = given(x=x, wf=wf, wi=wi, wc=wc, wo=wo, bf=bf, bi=bi, bc=bc, bo=bo, h0=h0, c0=c0,
                   w=w, b=b)  # fmt: skip
    emit(lstm_forward(**inputs, order=order), json, render_lstm, svg)


def gru(
    x: Inputs = None,
    wz: Annotated[str | None, opt("Update-gate weights, H×(H+D) on [h; x].", True)] = None,
    wr: Annotated[str | None, opt("Reset-gate weights, H×(H+D).", True)] = None,
    wn: Annotated[str | None, opt("Candidate weights, H×(H+D).", True)] = None,
    bz: Annotated[str | None, opt("Update-gate bias.")] = None,
    br: Annotated[str | None, opt("Reset-gate bias.")] = None,
    bn: Annotated[str | None, opt("Candidate bias.")] = None,
    bhn: Annotated[str | None, opt("Recurrent candidate bias (reset after only).")] = None,
    h0: H0 = None,
    reset: Annotated[
        str,
        typer.Option(
            help="before: r⊙h inside the product (Cho 2014, Keras reset_after=False); "
            "after: r⊙(W·h) (PyTorch, Keras 3 default)."
        ),
    ] = "before",
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """GRU forward pass: update gate z, reset gate r, candidate n and h per step."""
    from dlquiz.render.solve import render_gru
    from dlquiz.solvers.gru import gru_forward

    inputs = given(x=x, wz=wz, wr=wr, wn=wn, bz=bz, br=br, bn=bn, bhn=bhn, h0=h0)
    emit(gru_forward(**inputs, reset=reset), json, render_gru, svg)


def clip(
    g: Annotated[str | None, opt("The gradient vector.")] = None,
    threshold: Annotated[str | None, typer.Option(help="The threshold β.")] = None,
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """Gradient clipping by norm: if ‖g‖ > β then g ← β·g/‖g‖."""
    from dlquiz.render.solve import render_clip
    from dlquiz.solvers.clip import clip_gradient

    kwargs: dict[str, Any] = dict(given(g=g))
    if threshold is not None:
        kwargs["threshold"] = num(threshold)
    emit(clip_gradient(**kwargs), json, render_clip, svg)
