"""Drawing a figure by name: the renderer's side of the registry in `dlquiz.figures`.

`DRAWINGS[name](lang=..., **args)` checks the arguments against the registry, gets the numbers
a figure shows from `dlquiz.figures_data`, and hands both to the module that draws it. The
drawing modules below receive what they draw; this is the one place that wires them up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from rich.console import RenderableType

from dlquiz import figures_data
from dlquiz.figures import FIGURES, resolve
from dlquiz.render.gradflow import gradient_flow
from dlquiz.render.heatmap import exam_heatmap
from dlquiz.render.lstm_cell import lstm_cell
from dlquiz.render.seq2seq import seq2seq, seq2seq_both
from dlquiz.render.unfold import unfold

_ALPHA = figures_data.SEQ2SEQ_ALPHA


def _gradient_flow(
    scales: tuple[float, ...], steps: int, clip: float | None, lang: str
) -> RenderableType:
    return gradient_flow(figures_data.gradient_flow(scales, steps, clip), lang)


def _attention_heatmap(lang: str) -> RenderableType:
    return exam_heatmap(figures_data.exam_attention(), lang)


# Each takes `lang` and the arguments the registry lists for it, already checked.
_DRAW: dict[str, Callable[..., RenderableType]] = {
    "lstm-cell": lstm_cell,
    "lstm-unfold": partial(unfold, "lstm"),
    "rnn-unfold": partial(unfold, "rnn"),
    "gru-unfold": partial(unfold, "gru"),
    "seq2seq-plain": partial(seq2seq, False, _ALPHA),
    "seq2seq-attention": partial(seq2seq, True, _ALPHA),
    "seq2seq-both": partial(seq2seq_both, _ALPHA),
    "seq2seq-exam": partial(seq2seq_both, _ALPHA, reveal=False),
    "gradient-flow": _gradient_flow,
    "attention-heatmap": _attention_heatmap,
}


def draw(name: str, lang: str = "en", **args: Any) -> RenderableType:
    """Figure `name` in `lang`; InputError for a bad language or argument."""
    return _DRAW[name](lang=lang, **resolve(name, args, lang))


# name → draw(lang=..., **args), for callers that look a figure up by name.
DRAWINGS: Mapping[str, Callable[..., RenderableType]] = {
    name: partial(draw, name) for name in FIGURES
}
