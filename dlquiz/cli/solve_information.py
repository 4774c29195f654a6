"""`dlquiz solve entropy | xent | kl | gan`: information theory and the GAN losses."""

from __future__ import annotations

from typing import Annotated

import typer

from dlquiz.cli._core import Json, Lang, Svg, emit, given
from dlquiz.cli.solve_options import Base, opt


def entropy(
    p: Annotated[str | None, opt("A probability distribution (sums to 1).")] = None,
    base: Base = "2",
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """Entropy H(P) = −Σ P(x)·log P(x)."""
    from dlquiz.render.solve_information import render_entropy
    from dlquiz.solvers.information import entropy as solve

    emit(solve(**given(p=p), base=base), json, render_entropy, svg)


def xent(
    pred: Annotated[str | None, opt("Predicted probabilities, one row per sample.", True)] = None,
    labels: Annotated[str | None, opt("True class of each row, 0-based: 0 1 0 2.")] = None,
    actual: Annotated[
        str | None, opt("True distributions (one-hot rows), instead of --labels.", True)
    ] = None,
    p: Annotated[str | None, opt("True distribution, with --q.")] = None,
    q: Annotated[str | None, opt("Predicted distribution, with --p.")] = None,
    base: Base = "2",
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """Cross-entropy per sample, per class and in total (the notes' boy/girl/other tables)."""
    from dlquiz.render.solve_information import render_xent
    from dlquiz.solvers.information import cross_entropy_table

    inputs = given(pred=pred, labels=labels, actual=actual, p=p, q=q)
    emit(cross_entropy_table(**inputs, base=base), json, render_xent, svg)


def kl(
    p: Annotated[str | None, opt("The true distribution P.")] = None,
    q: Annotated[str | None, opt("The model distribution Q.")] = None,
    base: Base = "2",
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """KL divergence D_KL(P‖Q) = H(P, Q) − H(P), with both entropies."""
    from dlquiz.render.solve_information import render_kl
    from dlquiz.solvers.information import kl_divergence

    emit(kl_divergence(**given(p=p, q=q), base=base), json, render_kl, svg)


def gan(
    dx: Annotated[str | None, opt("D(x): the discriminator's outputs on real samples.")] = None,
    dgz: Annotated[str | None, opt("D(G(z)): its outputs on generated samples.")] = None,
    base: Annotated[str, typer.Option(help="Logarithm base: e (default), 2 or 10.")] = "e",
    json: Annotated[bool, Json] = False,
    lang: Lang = "both",
    svg: Svg = None,
) -> None:
    """GAN losses: L_D, the minimax and non-saturating L_G, and the value V(D, G)."""
    from dlquiz.render.solve import render_gan
    from dlquiz.solvers.gan import gan_losses

    emit(gan_losses(**given(dx=dx, dgz=dgz), base=base), json, render_gan, svg)
