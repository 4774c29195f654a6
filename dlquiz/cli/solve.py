"""Do any exam computation step by step, with every intermediate value.

Run with no options, each topic uses the exam's own numbers: `dlquiz solve rnn` is Q4,
`dlquiz solve params` is Q5, `dlquiz solve attention` is Q6. Several values follow one flag:
`--x 2 3`, `--x 2,3` or `--x "[2, 3]"`; a matrix is rows separated by `;`:
`--w "0.1 0.2; 0.3 0.4"`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from dlquiz.cli._core import Json, MultiValueCommand, Svg, emit, given, num, vec
from dlquiz.errors import InputError

app = typer.Typer(help=__doc__, no_args_is_help=True, rich_markup_mode=None, add_completion=False)
command = app.command

Base = Annotated[str, typer.Option(help="Logarithm base: 2 (bits), e (nats) or 10.")]


def _opt(help: str, matrix: bool = False) -> Any:
    """An option taking several numbers (NUMS) or rows separated by ';' (MATRIX)."""
    return typer.Option(help=help, metavar="MATRIX" if matrix else "NUMS")


@command(cls=MultiValueCommand)
def rnn(
    x: Annotated[
        str | None, _opt("Inputs: one number per time step, or one row per step.", True)
    ] = None,
    u: Annotated[str | None, _opt("Input weights U (H×D).", True)] = None,
    w: Annotated[str | None, _opt("Recurrent weights W (H×H).", True)] = None,
    v: Annotated[str | None, _opt("Output weights V (O×H).", True)] = None,
    bh: Annotated[str | None, _opt("Hidden bias b_h.")] = None,
    by: Annotated[str | None, _opt("Output bias b_y.")] = None,
    h0: Annotated[str | None, _opt("Initial hidden state (default zeros).")] = None,
    act: Annotated[str, typer.Option(help="Hidden activation f: tanh, relu or sigmoid.")] = "tanh",
    out: Annotated[
        str, typer.Option(help="Output function g: identity, sigmoid, softmax or tanh.")
    ] = "identity",
    reading: Annotated[
        str, typer.Option(help="How to read a flat --x: sequence (x_t scalars) or vector.")
    ] = "sequence",
    json: Annotated[bool, Json] = False,
    svg: Svg = None,
) -> None:
    """Simple RNN forward pass (exam Q4): h_t = f(U·x_t + W·h_{t−1} + b_h), y_t = g(V·h_t + b_y)."""
    from dlquiz.render.solve import render_rnn
    from dlquiz.solvers.rnn import rnn_forward

    inputs = given(x=x, u=u, w=w, v=v, bh=bh, by=by, h0=h0)
    emit(rnn_forward(**inputs, act=act, out=out, reading=reading), json, render_rnn, svg)


@command(cls=MultiValueCommand)
def lstm(
    x: Annotated[
        str | None, _opt("Inputs: one number per time step, or one row per step.", True)
    ] = None,
    wf: Annotated[str | None, _opt("Forget-gate weights, H×(H+D) on [h; x].", True)] = None,
    wi: Annotated[str | None, _opt("Input-gate weights, H×(H+D).", True)] = None,
    wc: Annotated[str | None, _opt("Candidate weights, H×(H+D).", True)] = None,
    wo: Annotated[str | None, _opt("Output-gate weights, H×(H+D).", True)] = None,
    bf: Annotated[str | None, _opt("Forget-gate bias.")] = None,
    bi: Annotated[str | None, _opt("Input-gate bias.")] = None,
    bc: Annotated[str | None, _opt("Candidate bias.")] = None,
    bo: Annotated[str | None, _opt("Output-gate bias.")] = None,
    h0: Annotated[str | None, _opt("Initial hidden state (default zeros).")] = None,
    c0: Annotated[str | None, _opt("Initial cell state (default zeros).")] = None,
    json: Annotated[bool, Json] = False,
    svg: Svg = None,
) -> None:
    """LSTM forward pass: every gate f, i, o, the candidate C̃ and the states c, h per step."""
    from dlquiz.render.solve import render_lstm
    from dlquiz.solvers.lstm import lstm_forward

    inputs = given(x=x, wf=wf, wi=wi, wc=wc, wo=wo, bf=bf, bi=bi, bc=bc, bo=bo, h0=h0, c0=c0)
    emit(lstm_forward(**inputs), json, render_lstm, svg)


@command(cls=MultiValueCommand)
def gru(
    x: Annotated[
        str | None, _opt("Inputs: one number per time step, or one row per step.", True)
    ] = None,
    wz: Annotated[str | None, _opt("Update-gate weights, H×(H+D) on [h; x].", True)] = None,
    wr: Annotated[str | None, _opt("Reset-gate weights, H×(H+D).", True)] = None,
    wn: Annotated[str | None, _opt("Candidate weights, H×(H+D).", True)] = None,
    bz: Annotated[str | None, _opt("Update-gate bias.")] = None,
    br: Annotated[str | None, _opt("Reset-gate bias.")] = None,
    bn: Annotated[str | None, _opt("Candidate bias.")] = None,
    bhn: Annotated[str | None, _opt("Recurrent candidate bias (reset after only).")] = None,
    h0: Annotated[str | None, _opt("Initial hidden state (default zeros).")] = None,
    reset: Annotated[
        str,
        typer.Option(
            help="before: r⊙h inside the product (Cho 2014, Keras reset_after=False); "
            "after: r⊙(W·h) (PyTorch, Keras 3 default)."
        ),
    ] = "before",
    json: Annotated[bool, Json] = False,
    svg: Svg = None,
) -> None:
    """GRU forward pass: update gate z, reset gate r, candidate n and h per step."""
    from dlquiz.render.solve import render_gru
    from dlquiz.solvers.gru import gru_forward

    inputs = given(x=x, wz=wz, wr=wr, wn=wn, bz=bz, br=br, bn=bn, bhn=bhn, h0=h0)
    emit(gru_forward(**inputs, reset=reset), json, render_gru, svg)


@command(cls=MultiValueCommand)
def attention(
    q: Annotated[str | None, _opt("Queries Q, one row per token.", True)] = None,
    k: Annotated[str | None, _opt("Keys K, one row per token.", True)] = None,
    v: Annotated[str | None, _opt("Values V, one row per token.", True)] = None,
    x: Annotated[str | None, _opt("Token embeddings X (with --wq --wk --wv).", True)] = None,
    wq: Annotated[str | None, _opt("Query projection W^Q (d_model×d_k).", True)] = None,
    wk: Annotated[str | None, _opt("Key projection W^K (d_model×d_k).", True)] = None,
    wv: Annotated[str | None, _opt("Value projection W^V (d_model×d_v).", True)] = None,
    scores: Annotated[
        str | None, _opt("Dot products q·k_j given directly (exam Q6: 112 96).")
    ] = None,
    dk: Annotated[str | None, typer.Option(help="Key dimension d_k, with --scores.")] = None,
    heatmap: Annotated[
        bool, typer.Option("--heatmap", help="Also colour the weight matrix as a heat map.")
    ] = False,
    json: Annotated[bool, Json] = False,
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


@command(cls=MultiValueCommand)
def context(
    states: Annotated[
        str | None, _opt("Encoder hidden states, one row per source word.", True)
    ] = None,
    weights: Annotated[
        str | None, _opt("Attention weights α (a row per output word).", True)
    ] = None,
    query: Annotated[
        str | None, _opt("Decoder state(s) s_i; weights = softmax(s_i·h_j).", True)
    ] = None,
    json: Annotated[bool, Json] = False,
    svg: Svg = None,
) -> None:
    """Seq2seq attention's context vector c_i = Σ_j α_ij·h_j (exam Q3, Fig. 2(b))."""
    from dlquiz.render.solve import render_context
    from dlquiz.solvers.context import context_vector

    emit(
        context_vector(**given(states=states, weights=weights, query=query)),
        json,
        render_context,
        svg,
    )


@command()
def params(
    model: Annotated[
        str | None,
        typer.Option(help='Layers separated by ";", e.g. "LSTM(30, input_shape=(3,1)); Dense(1)".'),
    ] = None,
    code: Annotated[
        str | None, typer.Option(help="A file of Keras code as the exam prints it (- for stdin).")
    ] = None,
    framework: Annotated[
        str, typer.Option(help="keras (one bias per gate) or pytorch (two).")
    ] = "keras",
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="A name the code uses but never assigns: --set n_steps=3."),
    ] = None,
    json: Annotated[bool, Json] = False,
    svg: Svg = None,
) -> None:
    """Parameter counts per layer of a Keras or PyTorch model (exam Q5), code never executed."""
    from dlquiz.render.solve import render_params
    from dlquiz.solvers.params import count_params

    if model is not None and code is not None:
        raise InputError("give --model or --code, not both")
    text = None
    if code is not None:
        text = _read_code(code)
    settings = dict(_setting(s) for s in set_ or [])
    result = count_params(model=model, code=text, framework=framework, settings=settings)
    emit(result, json, render_params, svg)


def _read_code(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read --code {path}: {getattr(exc, 'strerror', None) or exc}"
        ) from None


def _setting(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise InputError(f"--set takes NAME=VALUE, e.g. --set n_steps=3, not '{text}'")
    return name.strip(), num(value)


@command(cls=MultiValueCommand)
def entropy(
    p: Annotated[str | None, _opt("A probability distribution (sums to 1).")] = None,
    base: Base = "2",
    json: Annotated[bool, Json] = False,
    svg: Svg = None,
) -> None:
    """Entropy H(P) = −Σ P(x)·log P(x)."""
    from dlquiz.render.solve import render_entropy
    from dlquiz.solvers.information import entropy as solve

    emit(solve(**given(p=p), base=base), json, render_entropy, svg)


@command(cls=MultiValueCommand)
def xent(
    pred: Annotated[str | None, _opt("Predicted probabilities, one row per sample.", True)] = None,
    labels: Annotated[str | None, _opt("True class of each row, 0-based: 0 1 0 2.")] = None,
    actual: Annotated[
        str | None, _opt("True distributions (one-hot rows), instead of --labels.", True)
    ] = None,
    p: Annotated[str | None, _opt("True distribution, with --q.")] = None,
    q: Annotated[str | None, _opt("Predicted distribution, with --p.")] = None,
    base: Base = "2",
    json: Annotated[bool, Json] = False,
    svg: Svg = None,
) -> None:
    """Cross-entropy per sample, per class and in total (the notes' boy/girl/other tables)."""
    from dlquiz.render.solve import render_xent
    from dlquiz.solvers.information import cross_entropy_table

    inputs = given(pred=pred, labels=labels, actual=actual, p=p, q=q)
    emit(cross_entropy_table(**inputs, base=base), json, render_xent, svg)


@command(cls=MultiValueCommand)
def kl(
    p: Annotated[str | None, _opt("The true distribution P.")] = None,
    q: Annotated[str | None, _opt("The model distribution Q.")] = None,
    base: Base = "2",
    json: Annotated[bool, Json] = False,
    svg: Svg = None,
) -> None:
    """KL divergence D_KL(P‖Q) = H(P, Q) − H(P), with both entropies."""
    from dlquiz.render.solve import render_kl
    from dlquiz.solvers.information import kl_divergence

    emit(kl_divergence(**given(p=p, q=q), base=base), json, render_kl, svg)


@command(cls=MultiValueCommand)
def gan(
    dx: Annotated[str | None, _opt("D(x): the discriminator's outputs on real samples.")] = None,
    dgz: Annotated[str | None, _opt("D(G(z)): its outputs on generated samples.")] = None,
    base: Annotated[str, typer.Option(help="Logarithm base: e (default), 2 or 10.")] = "e",
    json: Annotated[bool, Json] = False,
    svg: Svg = None,
) -> None:
    """GAN losses: L_D, the minimax and non-saturating L_G, and the value V(D, G)."""
    from dlquiz.render.solve import render_gan
    from dlquiz.solvers.gan import gan_losses

    emit(gan_losses(**given(dx=dx, dgz=dgz), base=base), json, render_gan, svg)


@command(cls=MultiValueCommand)
def clip(
    g: Annotated[str | None, _opt("The gradient vector.")] = None,
    threshold: Annotated[str | None, typer.Option(help="The threshold β.")] = None,
    json: Annotated[bool, Json] = False,
    svg: Svg = None,
) -> None:
    """Gradient clipping by norm: if ‖g‖ > β then g ← β·g/‖g‖."""
    from dlquiz.render.solve import render_clip
    from dlquiz.solvers.clip import clip_gradient

    kwargs: dict[str, Any] = dict(given(g=g))
    if threshold is not None:
        kwargs["threshold"] = num(threshold)
    emit(clip_gradient(**kwargs), json, render_clip, svg)


@command(cls=MultiValueCommand)
def softmax(
    z: Annotated[str | None, _opt("Scores (a vector, or a matrix row by row).", True)] = None,
    json: Annotated[bool, Json] = False,
    svg: Svg = None,
) -> None:
    """Softmax with its steps: subtract the max, exponentiate, divide by the sum."""
    from dlquiz.render.solve import render_softmax
    from dlquiz.solvers.softmax import softmax_steps

    emit(softmax_steps(**given(z=z)), json, render_softmax, svg)


@command(cls=MultiValueCommand)
def posenc(
    d: Annotated[str | None, typer.Option(help="Model dimension d.")] = None,
    positions: Annotated[str | None, _opt("Token positions, e.g. 0 1 2 3.")] = None,
    json: Annotated[bool, Json] = False,
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
