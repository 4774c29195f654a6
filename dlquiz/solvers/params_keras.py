"""Keras 3 layer rules: each layer's parameter count and output shape.

Input = the width of the layer's input (its last axis); Keras keeps one bias vector per gate:
    Dense            units · (input + 1)
    SimpleRNN        units · (units + input + 1)
    LSTM             4 · units · (units + input + 1)
    GRU              3 · units · (units + input + 2) with reset_after=True (the Keras 3
                     default: two biases per gate); 3 · units · (units + input + 1) with False
    Bidirectional    2 · (the wrapped layer's count); merge_mode="concat" doubles the width
    TimeDistributed  the wrapped Dense's count (the same weights at every time step)
    Embedding        input_dim · output_dim
    Conv1D           filters · (kernel_size · channels / groups + 1)
    Flatten, pooling, Dropout, Activation: 0
use_bias=False drops the bias terms (the "+ 1", or "+ 2" for GRU). Shapes are per sample
(batch axis left out), channels last.
"""

from __future__ import annotations

from dlquiz.solvers.code_reader import LayerCall, Value
from dlquiz.solvers.layer_args import Context, Shape, flat
from dlquiz.solvers.layer_count import GATES


def keras_layer(call: LayerCall, shape: Shape, ctx: Context) -> tuple[int, str, Shape]:
    """Parameters, their arithmetic and the output shape of one Keras layer."""
    kind = call.type
    a = ctx.bind(call, ctx.table.common)
    if a.get("return_state"):
        raise ctx.error("code_input.layer.return_state", kind=kind)
    if a.get("data_format") not in (None, "channels_last"):
        raise ctx.error("code_input.layer.data_format", kind=kind)
    if kind in GATES:
        width = ctx.width(shape, kind, 2)
        units = ctx.whole(a, "units")
        bias = (2 if kind == "GRU" and a["reset_after"] else 1) if a["use_bias"] else 0
        params, expr = ctx.knobs.recurrent(kind, units, width, bias)
        return params, expr, (shape[0], units) if a["return_sequences"] else (units,)
    if kind == "Dense":
        units = ctx.whole(a, "units")
        params, expr = ctx.knobs.dense(units, ctx.width(shape, kind), bool(a["use_bias"]))
        return params, expr, (*shape[:-1], units)
    if kind == "Embedding":
        n, dim = ctx.whole(a, "input_dim"), ctx.whole(a, "output_dim")
        return n * dim, f"{n} × {dim}", (*shape, dim)
    if kind == "Conv1D":
        channels, k = ctx.width(shape, kind, 2), ctx.whole(a, "kernel_size")
        filters, groups = ctx.whole(a, "filters"), ctx.whole(a, "groups")
        if channels % groups or filters % groups:
            raise ctx.error(
                "code_input.layer.keras_groups", groups=groups, channels=channels, filters=filters
            )
        params, expr = ctx.knobs.conv(filters, k, channels // groups, bool(a["use_bias"]))
        padding = ctx.choice(a, "padding", ("valid", "same", "causal"))
        size = (ctx.whole(a, "strides"), padding, ctx.whole(a, "dilation_rate"))
        return params, expr, (ctx.steps(shape[0], k, *size), filters)
    if kind in ("MaxPooling1D", "AveragePooling1D"):
        ctx.width(shape, kind, 2)
        pool = ctx.whole(a, "pool_size")
        stride = pool if a["strides"] is None else ctx.whole(a, "strides")
        padding = ctx.choice(a, "padding", ("valid", "same"))
        return 0, "", (ctx.steps(shape[0], pool, stride, padding), shape[1])
    if kind.startswith("Global"):
        ctx.width(shape, kind, 2)
        return 0, "", (1, shape[1]) if a["keepdims"] else (shape[1],)
    if kind == "Flatten":
        return 0, "", flat(shape)
    if kind in ("Dropout", "Activation"):
        return 0, "", shape
    return _wrapper(call, a, shape, ctx)


def _wrapper(
    call: LayerCall, a: dict[str, Value], shape: Shape, ctx: Context
) -> tuple[int, str, Shape]:
    """TimeDistributed(Dense(...)) and Bidirectional(LSTM(...)): the wrapped layer, counted."""
    kind, inner = call.type, a["layer"]
    if not isinstance(inner, LayerCall) or inner.type not in ctx.table:
        raise ctx.error("code_input.layer.wrap_a_layer", kind=kind)
    if kind == "TimeDistributed":
        if inner.type != "Dense" or len(shape) < 2:
            raise ctx.error("code_input.layer.time_distributed")
        ctx.name(inner)
        params, expr, out = keras_layer(inner, shape[1:], ctx)
        return params, expr, (shape[0], *out)
    if inner.type not in GATES:
        raise ctx.error("code_input.layer.bidirectional_inner", inner=inner.type)
    if a["backward_layer"] is not None:
        raise ctx.error("code_input.layer.backward_layer")
    merge = ctx.choice(a, "merge_mode", ("concat", "sum", "mul", "ave"))
    ctx.name(inner)
    params, expr, out = keras_layer(inner, shape, ctx)
    merged = out[-1] * 2 if merge == "concat" and out[-1] else out[-1]
    return 2 * params, f"2 × {expr}", (*out[:-1], merged)
