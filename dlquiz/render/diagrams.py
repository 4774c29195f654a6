"""Where the figures used to be drawn; kept only for imports not yet moved.

The figures now live one concept per module: `render.canvas` (the character canvas),
`render.lstm_cell`, `render.unfold`, `render.seq2seq`, `render.gradflow`, `render.heatmap`;
`render.figures` draws any of them by name. Import from those; this module goes once
nothing imports it.
"""

from __future__ import annotations

from dlquiz.render.heatmap import attention_heatmap

__all__ = ["attention_heatmap"]
