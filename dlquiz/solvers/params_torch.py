"""PyTorch layer rules: each module's parameter count and, when known, its output shape.

PyTorch keeps two bias vectors per gate (b_ih and b_hh); per stacked layer and direction:
    RNN   hidden · (hidden + input + 2)
    LSTM  4 · hidden · (hidden + input + 2)
    GRU   3 · hidden · (hidden + input + 2)
Layer k > 1 of a num_layers stack takes hidden · directions as input; bidirectional=True
doubles every layer. Linear out · (in + 1); Embedding n · dim; Conv1d out · (k · in/groups + 1).
bias=False drops the bias terms. A module's sizes are its own arguments, so the shapes are
only followed (batch first; channels first for Conv1d and pooling) when the model starts with
Input(shape=(...)), and then a size that does not fit the layer before is an error.
"""

from __future__ import annotations

from dlquiz.solvers.code_reader import LayerCall, Value
from dlquiz.solvers.layer_args import Context, Shape, flat
from dlquiz.solvers.layer_count import GATES, Term


def torch_layer(
    call: LayerCall, shape: Shape | None, ctx: Context
) -> tuple[list[Term], Shape | None]:
    """Parameters (one term per stacked layer) and output shape of one PyTorch module."""
    kind, a = call.type, ctx.bind(call)

    def check(found: int | None, want: int) -> None:
        if found is not None and found != want:
            raise ctx.error("code_input.layer.features", kind=kind, want=want, found=found)

    if kind in GATES:
        inputs, hidden, layers = (
            ctx.whole(a, k) for k in ("input_size", "hidden_size", "num_layers")
        )
        if a.get("proj_size"):
            raise ctx.error("code_input.layer.proj_size")
        directions = 2 if a["bidirectional"] else 1
        terms = []
        for k in range(layers):
            params, expr = ctx.knobs.recurrent(
                kind, hidden, inputs if k == 0 else hidden * directions, 2 * bool(a["bias"])
            )
            terms.append((directions * params, f"2 × {expr}" if directions == 2 else expr))
        if shape is not None:
            check(ctx.width(shape, kind, 2), inputs)
            shape = (shape[0], hidden * directions)
        return terms, shape
    if kind == "Linear":
        inputs, units = ctx.whole(a, "in_features"), ctx.whole(a, "out_features")
        if shape is not None:
            check(ctx.width(shape, kind), inputs)
            shape = (*shape[:-1], units)
        return [ctx.knobs.dense(units, inputs, bool(a["bias"]))], shape
    if kind == "Embedding":
        n, dim = ctx.whole(a, "num_embeddings"), ctx.whole(a, "embedding_dim")
        return [(n * dim, f"{n} × {dim}")], None if shape is None else (*shape, dim)
    if kind in ("Conv1d", "MaxPool1d", "AvgPool1d"):
        return _window(kind, a, shape, ctx)
    if kind == "Flatten":
        if (a["start_dim"], a["end_dim"]) != (1, -1):
            raise ctx.error("code_input.layer.flatten_dims")
        return [(0, "")], None if shape is None else flat(shape)
    return [(0, "")], shape  # Dropout, ReLU, Tanh, Sigmoid


def _window(
    kind: str, a: dict[str, Value], shape: Shape | None, ctx: Context
) -> tuple[list[Term], Shape | None]:
    """Conv1d and pooling: PyTorch puts channels first, (channels, length) per sample."""
    k = ctx.whole(a, "kernel_size")
    stride = k if a["stride"] is None else ctx.whole(a, "stride")
    padding = a["padding"] if a["padding"] in ("valid", "same") else ctx.whole(a, "padding", 0)
    terms, channels, dilation = [(0, "")], None, 1
    if kind == "Conv1d":
        inputs, channels, groups = (
            ctx.whole(a, k) for k in ("in_channels", "out_channels", "groups")
        )
        if inputs % groups or channels % groups:
            raise ctx.error(
                "code_input.layer.torch_groups", groups=groups, inputs=inputs, channels=channels
            )
        terms = [ctx.knobs.conv(channels, k, inputs // groups, bool(a["bias"]))]
        dilation = ctx.whole(a, "dilation")
    if shape is None:
        return terms, None
    if len(shape) != 2:
        raise ctx.error("code_input.layer.conv_shape", kind=kind, shape=shape)
    if kind == "Conv1d" and shape[0] is not None and shape[0] != inputs:
        raise ctx.error("code_input.layer.conv_channels", inputs=inputs, found=shape[0])
    return terms, (channels or shape[0], ctx.steps(shape[1], k, stride, padding, dilation))
