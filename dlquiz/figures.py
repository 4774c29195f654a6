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

from dlquiz.errors import input_error
from dlquiz.text import LANGS


@dataclass(frozen=True)
class Arg:
    """One keyword argument of a figure: its default, the test a value must pass, and the
    catalog key of the message for a value that fails it (the message's field: `value`).

    `error` may name the command-line flag that gives the value (`--unfold`); then
    `bank_error` is the message for the same value written in a question's `figure_args`,
    which names the argument instead (fields: `name`, `value`, `low` and `high`)."""

    default: object
    ok: Callable[[Any], bool]
    error: str
    bank_error: str | None = None
    bounds: tuple[int, int] | None = None


def _real(v: object) -> TypeGuard[float]:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _count(default: int, low: int, high: int, error: str) -> Arg:
    """A whole number from `low` to `high`; `error` names the flag that gives it."""

    def ok(v: object) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and low <= v <= high

    return Arg(default, ok, error, "bank_problems.figure_count", (low, high))


def _positive(v: object) -> bool:
    return _real(v) and v > 0


def _scales(v: object) -> bool:
    return isinstance(v, list | tuple) and bool(v) and all(map(_positive, v))


UNFOLD = {
    "steps": _count(3, 1, 12, "figure.error.unfold_steps"),
    "many_to_many": Arg(False, lambda v: isinstance(v, bool), "figure.error.many_to_many"),
}
GRADIENT_FLOW = {
    "scales": Arg((0.5, 1.0, 1.5), _scales, "figure.error.scales"),
    "steps": _count(10, 1, 40, "figure.error.flow_steps"),
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


def resolve(
    name: str, given: Mapping[str, Any], lang: str, *, from_bank: bool = False
) -> dict[str, Any]:
    """The arguments to draw figure `name` with: those `given`, checked, and the defaults of
    the rest. Bad input (an unknown language or argument, a value out of range) raises
    InputError; an unknown figure name is a KeyError, since the bank checks names.

    `from_bank`: the arguments were written in a question's YAML (`figure_args`), so a
    message names the argument, never the command-line flag that gives it elsewhere."""
    args = FIGURES[name]
    if lang not in LANGS:
        raise input_error("figure.error.lang", value=lang)
    for key, value in given.items():
        if key not in args:
            known = ", ".join(args) or "-"
            shown_key = key if isinstance(key, str) else repr(key)
            raise input_error("figure.error.argument", name=name, value=shown_key, known=known)
        arg = args[key]
        if not arg.ok(value):
            shown = list(value) if isinstance(value, tuple) else value
            if from_bank and arg.bank_error is not None:
                low, high = arg.bounds or (0, 0)
                raise input_error(arg.bank_error, name=key, value=shown, low=low, high=high)
            raise input_error(arg.error, value=shown)
    return {key: given.get(key, arg.default) for key, arg in args.items()}
