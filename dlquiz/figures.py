"""The figures by name: which exist, and the keyword arguments each one takes.

The one registry of figures. The bank reads it to check the figure names a question or a card
uses; the renderer (`dlquiz.render.figures`) reads it to map a name to its drawing function,
after `resolve` has checked the arguments and filled in the defaults. Every figure also takes
`lang`. Nothing heavy is imported here: no Rich, no NumPy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from dlquiz.errors import InputError
from dlquiz.text import LANGS


@dataclass(frozen=True)
class Arg:
    """One keyword argument of a figure: its default, the test a value must pass, and the
    catalog key of the message for a value that fails it (the message's field: `value`)."""

    default: object
    ok: Callable[[Any], bool]
    error: str


def _real(v: object) -> TypeGuard[float]:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _count(low: int, high: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def _positive(v: object) -> bool:
    return _real(v) and v > 0


def _scales(v: object) -> bool:
    return isinstance(v, list | tuple) and bool(v) and all(map(_positive, v))


UNFOLD = {
    "steps": Arg(3, _count(1, 12), "figure.error.unfold_steps"),
    "many_to_many": Arg(False, lambda v: isinstance(v, bool), "figure.error.many_to_many"),
}
GRADIENT_FLOW = {
    "scales": Arg((0.5, 1.0, 1.5), _scales, "figure.error.scales"),
    "steps": Arg(10, _count(1, 40), "figure.error.flow_steps"),
    "clip": Arg(1.0, lambda v: v is None or _positive(v), "figure.error.clip"),
}

FIGURES: Mapping[str, Mapping[str, Arg]] = {
    # the exam's Figure 1; legend=false leaves out the equations and gate names below it
    "lstm-cell": {
        "legend": Arg(True, lambda v: isinstance(v, bool), "figure.error.legend"),
    },
    "lstm-unfold": UNFOLD,
    "rnn-unfold": UNFOLD,
    "gru-unfold": UNFOLD,
    "seq2seq-plain": {},  # the exam's Fig. 2, one panel at a time
    "seq2seq-attention": {},
    "seq2seq-both": {},  # both panels, titled and explained
    "seq2seq-exam": {},  # both panels as the exam shows them: not saying which is which
    "gradient-flow": GRADIENT_FLOW,  # numbers from dlquiz.solvers.gradflow
    "attention-heatmap": {},  # the exam's Q6 weights, from dlquiz.solvers.attention
}


def resolve(name: str, given: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The arguments to draw figure `name` with: those `given`, checked, and the defaults of
    the rest. Bad input (an unknown language or argument, a value out of range) raises
    InputError; an unknown figure name is a KeyError, since the bank checks names."""
    from dlquiz.messages import msg

    args = FIGURES[name]
    if lang not in LANGS:
        raise InputError(msg("figure.error.lang", value=lang).en)
    for key, value in given.items():
        if key not in args:
            known = ", ".join(args) or "-"
            raise InputError(msg("figure.error.argument", name=name, value=key, known=known).en)
        if not args[key].ok(value):
            shown = list(value) if isinstance(value, tuple) else value
            raise InputError(msg(args[key].error, value=shown).en)
    return {key: given.get(key, arg.default) for key, arg in args.items()}
