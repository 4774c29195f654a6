"""Arithmetic that stays right near the ends of the float range, for every solver.

A float holds magnitudes up to about 1.8e308 (and down to 5e-324). A product of two large
inputs, or the square of one, can leave that range although the result asked for is an
ordinary number: ‖[1e200, 1e200]‖ = 1.41e200, and softmax([1e400, 2e200]) = [1, 0]. Here such
values are computed on copies scaled by a power of two (exact: only the exponent changes),
so no intermediate overflows or underflows, and a result that really is beyond the range is
an `InputError` naming it instead of an inf or a NaN.

    ‖v‖ = 2^e·√(Σ_i (v_i·2^−e)²)           e = the binary exponent of max_i |v_i|
    a·bᵀ = (a·2^−α)·(b·2^−β)ᵀ·2^(α+β)
    softmax(t·2^e)_j = exp((t_j − max_k t_k)·2^e) / Σ_k exp((t_k − max t)·2^e)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from dlquiz.errors import Words, input_error

Array = NDArray[np.float64]

SMALLER = Words("solver_input.hint.smaller")  # give smaller numbers


def exponent(a: Array) -> int:
    """e with max |a|·2^−e in [0.5, 1): dividing by 2^e brings a near 1 (0 for all zeros)."""
    top = float(np.max(np.abs(a))) if a.size else 0.0
    return math.frexp(top)[1] if math.isfinite(top) else 0


def norm(v: Array) -> float:
    """‖v‖ = √(Σ v_i²) of all entries, scaled by a power of two so no square overflows or
    underflows; inf only when the norm itself is beyond the largest float."""
    e = exponent(v)
    root = math.sqrt(float(np.sum(np.square(np.ldexp(v, -e)))))
    try:
        return math.ldexp(root, e)
    except OverflowError:
        return math.inf


def row_norms(m: Array) -> Array:
    """‖m_i‖ for each row of a matrix, each row scaled by its own power of two."""
    e = np.frexp(np.max(np.abs(m), axis=1) if m.size else np.zeros(len(m)))[1]
    with np.errstate(over="ignore"):
        out: Array = np.ldexp(np.sqrt(np.sum(np.square(np.ldexp(m, -e[:, None])), axis=1)), e)
    return out


class Clipped(NamedTuple):
    norm: float  # ‖g‖
    clipped: Array  # β·g/‖g‖ when ‖g‖ > β, else g
    scaled: bool
    factor: float  # β/‖g‖ when scaled, else 1


def clip_by_norm(g: Array, beta: float, what: str, param: str | None) -> Clipped:
    """g rescaled to length β when ‖g‖ > β: β·g/‖g‖ is computed as β·u/‖u‖ with u = g·2^−e,
    so a huge or tiny g keeps its direction (β/‖g‖ itself may round to 0)."""
    size = norm(g)
    if not math.isfinite(size):
        raise input_error("solver_input.norm_beyond", param=param, name=what)
    if not size > beta:
        return Clipped(size, g.copy(), False, 1.0)
    u = np.ldexp(g, -exponent(g))
    return Clipped(size, beta * (u / math.sqrt(float(np.sum(u * u)))), True, beta / size)


def finite(
    value: Array,
    what: str | Words,
    param: str | None,
    hint: Words = SMALLER,
    *,
    entry: bool = False,
) -> None:
    """A computed value must be floats: else an InputError saying that `what` (a symbol, or
    catalog words) overflowed, or with `entry` "an entry of `what`", and what to do (`hint`)."""
    if not np.all(np.isfinite(value)):
        key = "solver_input.entry_beyond" if entry else "solver_input.beyond"
        raise input_error(key, param=param, what=what, hint=hint)


def first_overflow(
    names: Sequence[str], params: Sequence[str | None], steps: Sequence[Array], outputs: set[int]
) -> None:
    """Check a recurrence whose `steps` (one row per time step, in the order computed) have
    these `names` and come from these `params`; `outputs` are the indices of the results. At
    the first time step where a result is not finite, name the first value that is not, among
    that result and what was computed since the last finite one. An intermediate beyond the
    range whose results stay right (tanh(∞) = 1) is let be."""
    rows = [np.isfinite(steps[i]).reshape(len(steps[i]), -1).all(axis=1) for i in outputs]
    bad = np.flatnonzero(~np.logical_and.reduce(rows))
    if not bad.size:
        return
    t = int(bad[0])
    since: list[int] = []
    for i, values in enumerate(steps):
        ok = bool(np.all(np.isfinite(values[t])))
        since = [] if ok and i in outputs else since + ([] if ok else [i])
        if i in outputs and not ok:
            first = since[0]
            raise input_error(
                "solver_input.beyond_at", param=params[first], name=names[first], t=t + 1
            )


class Scores(NamedTuple):
    """Attention scores S = a·bᵀ and S' = S / divisor as the nearest floats (±inf beyond the
    range), and S' held exactly as t·2^e with t finite."""

    s: Array
    scaled: Array
    t: Array
    e: int


def scores(a: Array, b: Array, divisor: float = 1.0) -> Scores:
    """S = a·bᵀ and S' = S / divisor; where a sum overflows, also exactly as
    t·2^(α+β) with t = (a·2^−α)·(b·2^−β)ᵀ / divisor (products rounded one by one, then summed,
    so that [1e200, −1e200]·[1e200, 1e200] is 0, as it is)."""
    with np.errstate(over="ignore", invalid="ignore"):
        s = a @ b.T  # ±∞, or ∞ − ∞ = NaN, where a partial sum overflows
        scaled = s / divisor
    if np.all(np.isfinite(scaled)):
        return Scores(s, scaled, scaled, 0)
    alpha, beta = exponent(a), exponent(b)
    e = alpha + beta
    product = np.sum(np.ldexp(a, -alpha)[:, None, :] * np.ldexp(b, -beta)[None, :, :], axis=-1)
    t = product / divisor
    with np.errstate(over="ignore"):
        s = np.where(np.isfinite(s), s, np.ldexp(product, e))
        scaled = np.where(np.isfinite(scaled), scaled, np.ldexp(t, e))
    return Scores(s, scaled, t, e)


def given_scores(s: Array, divisor: float) -> Scores:
    """Scores given directly: S' = S / divisor, exact as t·2^e even where it overflows."""
    e = exponent(s)
    t = np.ldexp(s, -e) / divisor
    with np.errstate(over="ignore"):
        scaled = s / divisor
        scaled = np.where(np.isfinite(scaled), scaled, np.ldexp(t, e))
    return Scores(s, scaled, t, e)


def softmax_scaled(t: Array, e: int = 0, axis: int = -1) -> Array:
    """softmax(t·2^e) along `axis`: exp((t_j − max t)·2^e) / Σ_k exp((t_k − max t)·2^e).

    −∞ gets weight 0 (a masked score) and a slice that is −∞ throughout gets zeros; a
    difference beyond the range is −∞ (weight 0), so equal maxima share the weight."""
    top = np.max(t, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):  # +∞ in t (a caller's overflow): NaN
        x = np.exp(np.ldexp(t - top, e))
        total = np.sum(x, axis=axis, keepdims=True)
        out: Array = np.divide(x, total, out=np.zeros_like(x), where=total > 0)
    return out


def weights(sc: Scores, axis: int = -1, mask: Array | None = None) -> Array:
    """softmax(S') along `axis`, −∞ where `mask` is True: from S' itself where it is finite,
    else from the exact t·2^e, so scores beyond the float range still get the right weights."""
    plain, exact = sc.scaled, sc.t
    if mask is not None:
        plain, exact = np.where(mask, -np.inf, plain), np.where(mask, -np.inf, exact)
    over = ~np.isfinite(sc.scaled)
    if not over.any():
        return softmax_scaled(plain, 0, axis)
    out: Array = np.where(
        over.any(axis=axis, keepdims=True),
        softmax_scaled(exact, sc.e, axis),
        softmax_scaled(np.where(over, 0.0, plain), 0, axis),
    )
    return out
