"""Parameter counts of Keras and PyTorch models, the exam's Q5.

Keras 3 (input = the width of the layer's input, its last axis; one bias vector per gate):
    Dense            units · (input + 1)
    SimpleRNN        units · (units + input + 1)
    LSTM             4 · units · (units + input + 1)
    GRU              3 · (units · (input + units) + 2 · units) = 3 · units · (units + input + 2)
                     with reset_after=True (the Keras 3 default: two biases per gate);
                     3 · units · (units + input + 1) with reset_after=False
    Bidirectional    2 · (the wrapped layer's count); merge_mode="concat" doubles the width
    TimeDistributed  the wrapped Dense's count (the same weights at every time step)
    Embedding        input_dim · output_dim
    Conv1D           filters · (kernel_size · channels / groups + 1)
    Flatten, pooling, Dropout, Activation: 0
use_bias=False drops the bias terms (the "+ 1", or "+ 2" for GRU).

PyTorch (two bias vectors per gate, b_ih and b_hh), per layer and direction:
    RNN   hidden · (hidden + input + 2)
    LSTM  4 · hidden · (hidden + input + 2)
    GRU   3 · hidden · (hidden + input + 2)
Layer k > 1 of a num_layers stack takes hidden · directions as input; bidirectional=True
doubles every layer. Linear out · (in + 1); Embedding n · dim; Conv1d out · (k · in/groups + 1).
PyTorch shapes are shown (batch first) only when the model starts with Input(shape=(...)).

Mistake knobs, to reproduce students' errors: `gates` counts LSTM with that many gate blocks;
`biases` is the number of bias vectors per gate in recurrent layers (0 also drops the bias of
Dense, Linear and convolution layers).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from dlquiz.errors import InputError
from dlquiz.solvers._common import Result
from dlquiz.solvers.model_code import LayerCall, Value, parse_code, parse_model

FRAMEWORKS = ("keras", "pytorch")
EXAM_MODEL = (
    "LSTM(30, activation='relu', return_sequences=True, input_shape=(3, 1)); "
    "LSTM(30, activation='relu'); Dense(1)"
)
EXAM_MODEL_TORCH = "Input(shape=(3, 1)); LSTM(1, 30); LSTM(30, 30); Linear(30, 1)"

Shape = tuple[int | None, ...]  # without the batch axis
_REQ = "<required>"
_RNN = ("units", _REQ), ("activation", "tanh"), ("recurrent_activation", "sigmoid")
_RNN_END = ("use_bias", True), ("return_sequences", False), ("return_state", False)
_POOL = ("pool_size", 2), ("strides", None), ("padding", "valid"), ("data_format", None)
_KERAS: dict[str, tuple[tuple[str, Value], ...]] = {
    "Dense": (("units", _REQ), ("activation", None), ("use_bias", True)),
    "SimpleRNN": (("units", _REQ), ("activation", "tanh"), *_RNN_END),
    "LSTM": (*_RNN, *_RNN_END),
    "GRU": (*_RNN, *_RNN_END, ("reset_after", True)),
    "Bidirectional": (("layer", _REQ), ("merge_mode", "concat"), ("backward_layer", None)),
    "TimeDistributed": (("layer", _REQ),),
    "Embedding": (("input_dim", _REQ), ("output_dim", _REQ), ("embeddings_initializer", "")),
    "Conv1D": (
        ("filters", _REQ),
        ("kernel_size", _REQ),
        ("strides", 1),
        ("padding", "valid"),
        ("data_format", None),
        ("dilation_rate", 1),
        ("groups", 1),
        ("activation", None),
        ("use_bias", True),
    ),
    "MaxPooling1D": _POOL,
    "AveragePooling1D": _POOL,
    "GlobalMaxPooling1D": (("data_format", None), ("keepdims", False)),
    "GlobalAveragePooling1D": (("data_format", None), ("keepdims", False)),
    "Flatten": (("data_format", None),),
    "Dropout": (("rate", _REQ),),
    "Activation": (("activation", _REQ),),
    "Input": (("shape", None), ("batch_size", None), ("dtype", None), ("batch_shape", None)),
}
_KERAS["InputLayer"] = _KERAS["Input"]
_KERAS_COMMON = (
    "name",
    "input_shape",
    "input_dim",
    "input_length",
    "batch_size",
    "batch_input_shape",
)
_TORCH_RNN = (
    ("input_size", _REQ), ("hidden_size", _REQ), ("num_layers", 1), ("bias", True),
    ("batch_first", False), ("dropout", 0.0), ("bidirectional", False), ("proj_size", 0),
)  # fmt: skip
_TORCH_POOL = (("kernel_size", _REQ), ("stride", None), ("padding", 0))
_TORCH: dict[str, tuple[tuple[str, Value], ...]] = {
    "RNN": (*_TORCH_RNN[:3], ("nonlinearity", "tanh"), *_TORCH_RNN[3:7]),
    "LSTM": _TORCH_RNN,
    "GRU": _TORCH_RNN[:7],
    "Linear": (("in_features", _REQ), ("out_features", _REQ), ("bias", True)),
    "Embedding": (("num_embeddings", _REQ), ("embedding_dim", _REQ), ("padding_idx", None)),
    "Conv1d": (
        ("in_channels", _REQ),
        ("out_channels", _REQ),
        ("kernel_size", _REQ),
        ("stride", 1),
        ("padding", 0),
        ("dilation", 1),
        ("groups", 1),
        ("bias", True),
    ),
    "MaxPool1d": _TORCH_POOL,
    "AvgPool1d": _TORCH_POOL,
    "Flatten": (("start_dim", 1), ("end_dim", -1)),
    "Dropout": (("p", 0.5),),
    "ReLU": (),
    "Tanh": (),
    "Sigmoid": (),
    "Input": (("shape", _REQ),),
}
_IGNORED = re.compile(
    r".*_(initializer|regularizer|constraint)|dtype|trainable|seed|go_backwards|stateful|unroll"
    r"|unit_forget_bias|implementation|use_cudnn|mask_zero|noise_shape|inplace|device|max_norm"
    r"|norm_type|scale_grad_by_freq|sparse|padding_mode|dropout|recurrent_dropout|weights"
)
_KEYWORD_ONLY = ("return_sequences", "return_state", "reset_after")
_GATES = {"SimpleRNN": 1, "RNN": 1, "LSTM": 4, "GRU": 3}


@dataclass(frozen=True)
class Layer(Result):
    name: str  # as Keras 3 names them: "lstm", "lstm_1", "dense"; PyTorch: "lstm", "linear"
    type: str  # "LSTM", "Dense", ...
    output_shape: str  # as Keras prints it, "(None, 3, 30)"; "" when unknown (PyTorch)
    params: int
    formula: str  # worked arithmetic, "4 × 30 × (30 + 1 + 1) = 3840"
    line: int | None  # source line of the layer in --code input, else None

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("name", "type", "output_shape", "params")


@dataclass(frozen=True)
class ParamsResult(Result):
    layers: tuple[Layer, ...]
    total: int
    framework: str  # "keras" or "pytorch"

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("layers", "total")


@dataclass
class _Ctx:
    table: dict[str, tuple[tuple[str, Value], ...]]
    gates: int | None
    biases: int | None
    where: str = ""
    counters: dict[str, int] = field(default_factory=dict)

    def name(self, call: LayerCall, keras: bool) -> str:
        if call.label or isinstance(call.kwargs.get("name"), str):
            return str(call.label or call.kwargs["name"])
        prefix = call.type.lower()
        if keras:  # keras.src.utils.naming.to_snake_case
            prefix = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", call.type)
            prefix = re.sub(r"([a-z])([A-Z])", r"\1_\2", prefix).lower()
        n = self.counters.get(prefix, 0)
        self.counters[prefix] = n + 1
        return prefix if n == 0 else f"{prefix}_{n}"

    def fail(self, message: str) -> InputError:
        return InputError(f"{self.where}: {message}")

    def bind(self, call: LayerCall, common: tuple[str, ...] = ()) -> dict[str, Value]:
        signature = self.table[call.type]
        names = [n for n, _ in signature]
        positional = next((i for i, n in enumerate(names) if n in _KEYWORD_ONLY), len(names))
        if len(call.args) > positional:
            raise self.fail(
                f"{call.type} takes at most {positional} arguments by position; give the others "
                f"by name, e.g. {names[min(positional, len(names) - 1)]}=..."
            )
        bound = dict(signature) | dict(zip(names, call.args, strict=False))
        for key, value in call.kwargs.items():
            if key in names[: len(call.args)]:
                raise self.fail(f"{call.type} got {key} twice, by position and by name")
            if key not in names and key not in common and not _IGNORED.fullmatch(key):
                raise self.fail(f"{call.type} has no keyword {key}; it takes {', '.join(names)}")
            bound[key] = value
        missing = [n for n in names if bound[n] == _REQ]
        if missing:
            example = _example(call, keras=self.table is _KERAS)
            raise self.fail(f"{call.type} needs {' and '.join(missing)}, e.g. {example}")
        return bound

    def whole(self, bound: Mapping[str, Value], key: str, low: int = 1) -> int:
        value: object = bound[key]
        if isinstance(value, tuple) and len(value) == 1:  # kernel_size=(3,)
            value = value[0]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= 10**9:
            raise self.fail(f"{key} must be a whole number ≥ {low}, not {value!r}")
        return value

    def choice(self, bound: Mapping[str, Value], key: str, options: tuple[Value, ...]) -> Value:
        if bound[key] not in options:
            shown = ", ".join(repr(o) for o in options)
            raise self.fail(f"{key} must be one of {shown}, not {bound[key]!r}")
        return bound[key]

    def width(self, shape: Shape, kind: str, dims: int = 0) -> int:
        if dims and len(shape) != dims:
            want = {2: "(timesteps, features)", 1: "(features,)"}[dims]
            raise self.fail(f"{kind} needs input of shape {want} per sample, not {shape}")
        if shape[-1] is None:
            raise self.fail(f"{kind} needs a known last input dimension, not {shape}")
        return shape[-1]

    def recurrent(self, kind: str, units: int, inputs: int, biases: int) -> tuple[int, str]:
        gates = self.gates if kind == "LSTM" and self.gates is not None else _GATES[kind]
        biases = biases if self.biases is None or not biases else self.biases
        expr = f"{gates} × " if gates > 1 else ""
        expr += f"{units} × ({units} + {inputs}" + (f" + {biases})" if biases else ")")
        return gates * units * (units + inputs + biases), expr

    def dense(self, units: int, inputs: int, bias: bool) -> tuple[int, str]:
        if bias and self.biases != 0:
            return units * (inputs + 1), f"{units} × ({inputs} + 1)"
        return units * inputs, f"{units} × {inputs}"


def _example(call: LayerCall, keras: bool) -> str:
    examples = {"Dense": "Dense(1)", "Linear": "Linear(30, 1)", "Conv1d": "Conv1d(1, 16, 3)"}
    examples |= {"Embedding": "Embedding(1000, 64)", "Conv1D": "Conv1D(16, 3)"}
    if call.type in _GATES:
        return f"{call.type}(30)" if keras else f"{call.type}(1, 30)"
    return examples.get(call.type, f"{call.type}(...)")


def _shape(ctx: _Ctx, value: Value, what: str) -> Shape:
    items = value if isinstance(value, tuple) else (value,)
    if not items or not all(v is None or (type(v) is int and v >= 1) for v in items):
        raise ctx.fail(f"{what} must be a tuple of sizes such as (3, 1), not {value!r}")
    return tuple(v for v in items if v is None or isinstance(v, int))


def _steps(
    ctx: _Ctx, size: int | None, kernel: int, stride: int, padding: Value, dilation: int = 1
) -> int | None:
    """Output length of a 1-d convolution or pooling window over `size` steps."""
    if size is None:
        return None
    if padding in ("same", "causal"):
        return -(-size // stride)
    pad = padding if isinstance(padding, int) else 0
    out = (size + 2 * pad - dilation * (kernel - 1) - 1) // stride + 1
    if out < 1:
        raise ctx.fail(f"the input has only {size} steps, too few for this window")
    return out


def _keras(call: LayerCall, shape: Shape, ctx: _Ctx) -> tuple[int, str, Shape]:
    """Parameters, their arithmetic and the output shape of one Keras layer."""
    kind = call.type
    a = ctx.bind(call, _KERAS_COMMON)
    if a.get("return_state"):
        raise ctx.fail(f"{kind} with return_state=True gives several outputs; leave it out")
    if a.get("data_format") not in (None, "channels_last"):
        raise ctx.fail(f"{kind}: only data_format='channels_last' (the default) is supported")
    if kind in _GATES:
        width = ctx.width(shape, kind, 2)
        units = ctx.whole(a, "units")
        bias = (2 if kind == "GRU" and a["reset_after"] else 1) if a["use_bias"] else 0
        params, expr = ctx.recurrent(kind, units, width, bias)
        return params, expr, (shape[0], units) if a["return_sequences"] else (units,)
    if kind == "Dense":
        units = ctx.whole(a, "units")
        return (
            *ctx.dense(units, ctx.width(shape, kind), bool(a["use_bias"])),
            (*shape[:-1], units),
        )
    if kind == "Embedding":
        n, dim = ctx.whole(a, "input_dim"), ctx.whole(a, "output_dim")
        return n * dim, f"{n} × {dim}", (*shape, dim)
    if kind == "Conv1D":
        channels, k = ctx.width(shape, kind, 2), ctx.whole(a, "kernel_size")
        filters, groups = ctx.whole(a, "filters"), ctx.whole(a, "groups")
        if channels % groups or filters % groups:
            raise ctx.fail(f"groups={groups} must divide both {channels} channels and {filters}")
        params, expr = _conv(ctx, filters, k, channels // groups, bool(a["use_bias"]))
        padding = ctx.choice(a, "padding", ("valid", "same", "causal"))
        size = (ctx.whole(a, "strides"), padding, ctx.whole(a, "dilation_rate"))
        return params, expr, (_steps(ctx, shape[0], k, *size), filters)
    if kind in ("MaxPooling1D", "AveragePooling1D"):
        ctx.width(shape, kind, 2)
        pool = ctx.whole(a, "pool_size")
        stride = pool if a["strides"] is None else ctx.whole(a, "strides")
        padding = ctx.choice(a, "padding", ("valid", "same"))
        return 0, "", (_steps(ctx, shape[0], pool, stride, padding), shape[1])
    if kind.startswith("Global"):
        ctx.width(shape, kind, 2)
        return 0, "", (1, shape[1]) if a["keepdims"] else (shape[1],)
    if kind == "Flatten":
        return 0, "", _flat(shape)
    if kind in ("Dropout", "Activation"):
        return 0, "", shape
    inner = a["layer"]
    if not isinstance(inner, LayerCall) or inner.type not in _KERAS:
        raise ctx.fail(f"{kind} must wrap a layer, such as {kind}(LSTM(30))")
    if kind == "TimeDistributed":
        if inner.type != "Dense" or len(shape) < 2:
            raise ctx.fail("TimeDistributed is supported around Dense, on (timesteps, features)")
        ctx.name(inner, keras=True)
        params, expr, out = _keras(inner, shape[1:], ctx)
        return params, expr, (shape[0], *out)
    if inner.type not in _GATES:
        raise ctx.fail(f"Bidirectional must wrap SimpleRNN, LSTM or GRU, not {inner.type}")
    if a["backward_layer"] is not None:
        raise ctx.fail("Bidirectional with a backward_layer is not supported; leave it out")
    merge = ctx.choice(a, "merge_mode", ("concat", "sum", "mul", "ave"))
    ctx.name(inner, keras=True)
    params, expr, out = _keras(inner, shape, ctx)
    merged = out[-1] * 2 if merge == "concat" and out[-1] else out[-1]
    return 2 * params, f"2 × {expr}", (*out[:-1], merged)


def _torch(
    call: LayerCall, shape: Shape | None, ctx: _Ctx
) -> tuple[list[tuple[int, str]], Shape | None]:
    """Parameters (one term per stacked layer) and output shape of one PyTorch module."""
    kind, a = call.type, ctx.bind(call)

    def check(found: int | None, want: int, what: str) -> None:
        if found is not None and found != want:
            raise ctx.fail(f"{kind} expects {want} {what}, but the layer before gives {found}")

    if kind in _GATES:
        inputs, hidden, layers = (
            ctx.whole(a, k) for k in ("input_size", "hidden_size", "num_layers")
        )
        if a.get("proj_size"):
            raise ctx.fail("LSTM with proj_size is not supported; leave proj_size out")
        directions = 2 if a["bidirectional"] else 1
        terms = []
        for k in range(layers):
            params, expr = ctx.recurrent(
                kind, hidden, inputs if k == 0 else hidden * directions, 2 * bool(a["bias"])
            )
            terms.append((directions * params, f"2 × {expr}" if directions == 2 else expr))
        if shape is not None:
            check(ctx.width(shape, kind, 2), inputs, "input features")
            shape = (shape[0], hidden * directions)
        return terms, shape
    if kind == "Linear":
        inputs, units = ctx.whole(a, "in_features"), ctx.whole(a, "out_features")
        if shape is not None:
            check(ctx.width(shape, kind), inputs, "input features")
            shape = (*shape[:-1], units)
        return [ctx.dense(units, inputs, bool(a["bias"]))], shape
    if kind == "Embedding":
        n, dim = ctx.whole(a, "num_embeddings"), ctx.whole(a, "embedding_dim")
        return [(n * dim, f"{n} × {dim}")], None if shape is None else (*shape, dim)
    if kind in ("Conv1d", "MaxPool1d", "AvgPool1d"):
        return _torch_window(kind, a, shape, ctx)
    if kind == "Flatten":
        if (a["start_dim"], a["end_dim"]) != (1, -1):
            raise ctx.fail("only Flatten() with its default start_dim=1, end_dim=-1 is supported")
        return [(0, "")], None if shape is None else _flat(shape)
    return [(0, "")], shape  # Dropout, ReLU, Tanh, Sigmoid


def _torch_window(
    kind: str, a: dict[str, Value], shape: Shape | None, ctx: _Ctx
) -> tuple[list[tuple[int, str]], Shape | None]:
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
            raise ctx.fail(f"groups={groups} must divide both {inputs} and {channels} channels")
        terms = [_conv(ctx, channels, k, inputs // groups, bool(a["bias"]))]
        dilation = ctx.whole(a, "dilation")
    if shape is None:
        return terms, None
    if len(shape) != 2:
        raise ctx.fail(f"{kind} needs input of shape (channels, length) per sample, not {shape}")
    if kind == "Conv1d" and shape[0] is not None and shape[0] != inputs:
        raise ctx.fail(
            f"Conv1d expects {inputs} input channels, but the layer before gives {shape[0]}"
        )
    return terms, (channels or shape[0], _steps(ctx, shape[1], k, stride, padding, dilation))


def _conv(ctx: _Ctx, filters: int, kernel: int, channels: int, bias: bool) -> tuple[int, str]:
    params, _ = ctx.dense(filters, kernel * channels, bias)
    if params == filters * kernel * channels:
        return params, f"{filters} × {kernel} × {channels}"
    return params, f"{filters} × ({kernel} × {channels} + 1)"


def _flat(shape: Shape) -> Shape:
    return (None if None in shape else math.prod(s or 0 for s in shape),)


def _formula(terms: list[tuple[int, str]]) -> str:
    total = sum(p for p, _ in terms)
    if not any(expr for _, expr in terms):
        return "0 (no weights)"
    if len(terms) == 1:
        return f"{terms[0][1]} = {total}"
    return f"{' + '.join(e for _, e in terms)} = {' + '.join(str(p) for p, _ in terms)} = {total}"


def _input(call: LayerCall, ctx: _Ctx, keras: bool) -> tuple[Shape | None, int | None]:
    """The input shape (and batch size) that the first layer or an Input(...) gives."""
    kw = call.kwargs
    if call.type in ("Input", "InputLayer"):
        a = ctx.bind(call, ("name", "sparse", "tensor", "ragged", "optional"))
        if a.get("batch_shape") is not None:
            full = _shape(ctx, a["batch_shape"], "batch_shape")
            return full[1:], full[0]
        if a["shape"] is None:
            raise ctx.fail("Input needs shape=(...), e.g. Input(shape=(3, 1))")
        batch = None if a.get("batch_size") is None else ctx.whole(a, "batch_size")
        return _shape(ctx, a["shape"], "shape"), batch
    if not keras:
        return None, None
    batch = None if kw.get("batch_size") is None else ctx.whole(kw, "batch_size")
    if kw.get("batch_input_shape") is not None:
        full = _shape(ctx, kw["batch_input_shape"], "batch_input_shape")
        return full[1:], full[0]
    for key in ("input_shape", "input_length" if call.type == "Embedding" else "input_dim"):
        if kw.get(key) is not None:
            return _shape(ctx, kw[key], key), batch
    return None, batch


def _model(calls: list[LayerCall], ctx: _Ctx, keras: bool) -> list[Layer]:
    ctx.where = _where(calls[0], 1)
    shape, batch = _input(calls[0], ctx, keras)
    layers: list[Layer] = []
    for index, call in enumerate(calls, start=1):
        ctx.where = _where(call, index)
        if call.type in ("Input", "InputLayer"):
            if index > 1:
                raise ctx.fail(f"{call.type}(...) must come first, before the layers")
            continue
        if call.type not in ctx.table:
            other = "PyTorch" if keras else "Keras"
            hint = (
                f" ({call.type} is a {other} layer: set the framework)"
                if call.type in (_TORCH if keras else _KERAS)
                else ""
            )
            known = ", ".join(k for k in ctx.table if k not in ("Input", "InputLayer"))
            raise ctx.fail(f"{call.type} is not a layer dlquiz knows{hint}; it knows {known}")
        name = ctx.name(call, keras)
        if keras:
            if shape is None:
                raise ctx.fail(
                    f"the first layer, {call.type}, has no input shape; add input_shape=(n_steps, "
                    "n_features) to it, e.g. LSTM(30, input_shape=(3, 1)), or start with "
                    "Input(shape=(3, 1))"
                )
            params, expr, shape = _keras(call, shape, ctx)
            terms = [(params, expr)]
        else:
            terms, shape = _torch(call, shape, ctx)
        shown = "" if shape is None else str((batch, *shape))
        layers.append(
            Layer(name, call.type, shown, sum(p for p, _ in terms), _formula(terms), call.line)
        )
    if not layers:
        raise InputError("the model has no layers; give some, e.g. LSTM(30, input_shape=(3, 1))")
    return layers


def _where(call: LayerCall, index: int) -> str:
    return f"line {call.line}" if call.line is not None else f"layer {index} ({call.text})"


def count_params(
    model: str | None = None,
    code: str | None = None,
    framework: str = "keras",
    settings: Mapping[str, float] | None = None,
    gates: int | None = None,
    biases: int | None = None,
) -> ParamsResult:
    """Count each layer's trainable parameters; with no model and no code, the exam's Q5."""
    if framework not in FRAMEWORKS:
        raise InputError(f"framework must be keras or pytorch, not '{framework}'")
    if model is not None and code is not None:
        raise InputError("give the model either as layers or as code, not both")
    if gates is not None and not 1 <= gates <= 8:
        raise InputError(f"gates must be between 1 and 8 (an LSTM has 4), not {gates}")
    if biases not in (None, 0, 1, 2):
        raise InputError(f"biases must be 0, 1 or 2 bias vectors per gate, not {biases}")
    keras = framework == "keras"
    table = _KERAS if keras else _TORCH
    if code is not None:
        calls = parse_code(code, settings, known=table)
    else:
        calls = parse_model(
            model if model is not None else (EXAM_MODEL if keras else EXAM_MODEL_TORCH), settings
        )
    if not calls:
        raise InputError("the model has no layers; give some, e.g. LSTM(30, input_shape=(3, 1))")
    layers = _model(calls, _Ctx(table, gates, biases), keras)
    return ParamsResult(tuple(layers), sum(layer.params for layer in layers), framework)
