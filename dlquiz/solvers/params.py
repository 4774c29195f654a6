"""Parameter counts of Keras and PyTorch models, the exam's Q5.

A model comes as model text ("LSTM(30, input_shape=(3, 1)); Dense(1)") or as code (read by
`model_code`, never run). Each layer call is bound to its signature (`layer_table`, from
layers.json) and counted by the framework's rules: `params_keras` (one bias vector per gate,
LSTM 4 · units · (units + input + 1)) or `params_torch` (two, b_ih and b_hh). The input
shape comes from the first layer's input_shape=... or an Input(shape=...) and is followed
from layer to layer, so each layer knows its input width. The total is the sum of the layers.

Mistake knobs, to reproduce students' errors (see `layer_count`): `gates` counts LSTM with
that many gate blocks; `biases` is the number of bias vectors per gate in recurrent layers (0
also drops the bias of Dense, Linear and convolution layers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from dlquiz.errors import InputError, Words, input_error
from dlquiz.solvers._common import Result
from dlquiz.solvers.code_reader import LayerCall
from dlquiz.solvers.layer_args import Context, Shape
from dlquiz.solvers.layer_count import Knobs, formula
from dlquiz.solvers.layer_table import FRAMEWORKS, layer_table
from dlquiz.solvers.model_code import parse_model, read_code
from dlquiz.solvers.params_keras import keras_layer
from dlquiz.solvers.params_torch import torch_layer

__all__ = [
    "EXAM_MODEL", "EXAM_MODEL_TORCH", "FRAMEWORKS", "Layer", "ParamsResult", "count_params",
]  # fmt: skip

EXAM_MODEL = (
    "LSTM(30, activation='relu', return_sequences=True, input_shape=(3, 1)); "
    "LSTM(30, activation='relu'); Dense(1)"
)
EXAM_MODEL_TORCH = "Input(shape=(3, 1)); LSTM(1, 30); LSTM(30, 30); Linear(30, 1)"
_INPUT_EXTRAS = ("name", "sparse", "tensor", "ragged", "optional")  # Input's other keywords


@dataclass(frozen=True)
class Layer(Result):
    name: str  # as Keras 3 names them: "lstm", "lstm_1", "dense"; PyTorch: "lstm", "linear"
    type: str  # "LSTM", "Dense", ...
    output_shape: str  # as Keras prints it, "(None, 3, 30)"; "" when unknown (PyTorch)
    params: int
    formula: str  # worked arithmetic, "4 × 30 × (30 + 1 + 1) = 3840"
    line: int | None  # source line of the layer in code input, else None

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("name", "type", "output_shape", "params")


@dataclass(frozen=True)
class ParamsResult(Result):
    layers: tuple[Layer, ...]
    total: int
    framework: str  # "keras" or "pytorch"
    models: tuple[str, ...] = ()  # code building several models: the counted one, the others

    JSON_KEYS: ClassVar[tuple[str, ...]] = ("layers", "total")


def _input(call: LayerCall, ctx: Context) -> tuple[Shape | None, int | None]:
    """The input shape (and batch size) that the first layer or an Input(...) gives."""
    kw = call.kwargs
    if call.type in ("Input", "InputLayer"):
        a = ctx.bind(call, _INPUT_EXTRAS)
        if a.get("batch_shape") is not None:
            full = ctx.shape(a["batch_shape"], "batch_shape")
            return full[1:], full[0]
        if a["shape"] is None:
            raise ctx.error("code_input.input_needs_shape")
        batch = None if a.get("batch_size") is None else ctx.whole(a, "batch_size")
        return ctx.shape(a["shape"], "shape"), batch
    if not ctx.keras:
        return None, None
    batch = None if kw.get("batch_size") is None else ctx.whole(kw, "batch_size")
    if kw.get("batch_input_shape") is not None:
        full = ctx.shape(kw["batch_input_shape"], "batch_input_shape")
        return full[1:], full[0]
    for key in ("input_shape", "input_length" if call.type == "Embedding" else "input_dim"):
        if kw.get(key) is not None:
            return ctx.shape(kw[key], key), batch
    return None, batch


def _unknown(call: LayerCall, ctx: Context) -> InputError:
    other = layer_table("pytorch" if ctx.keras else "keras")
    hint: Words | str = ""
    if call.type in other:
        framework = "PyTorch" if ctx.keras else "Keras"
        hint = Words("code_input.other_framework", {"type": call.type, "framework": framework})
    known = ", ".join(k for k in ctx.table.layers if k not in ("Input", "InputLayer"))
    return ctx.error("code_input.unknown_layer", type=call.type, hint=hint, known=known)


def _model(calls: list[LayerCall], ctx: Context) -> list[Layer]:
    """Count layer by layer, following the shape from the input to the last layer."""
    ctx.where = _where(calls[0], 1)
    shape, batch = _input(calls[0], ctx)
    layers: list[Layer] = []
    for index, call in enumerate(calls, start=1):
        ctx.where = _where(call, index)
        if call.type in ("Input", "InputLayer"):
            if index > 1:
                raise ctx.error("code_input.input_first", type=call.type)
            continue
        if call.type not in ctx.table:
            raise _unknown(call, ctx)
        name = ctx.name(call)
        if ctx.keras:
            if shape is None:
                raise ctx.error("code_input.no_input_shape", type=call.type)
            params, expr, shape = keras_layer(call, shape, ctx)
            terms = [(params, expr)]
        else:
            terms, shape = torch_layer(call, shape, ctx)
        shown = "" if shape is None else str((batch, *shape))
        layers.append(
            Layer(name, call.type, shown, sum(p for p, _ in terms), formula(terms), call.line)
        )
    if not layers:
        raise input_error("code_input.no_layers")
    return layers


def _where(call: LayerCall, index: int) -> Words:
    if call.line is not None:
        return Words("code_input.place.line", {"line": call.line})
    return Words("code_input.place.layer_call", {"index": index, "code": call.text})


def count_params(
    model: str | None = None,
    code: str | None = None,
    framework: str = "keras",
    settings: Mapping[str, float] | None = None,
    gates: int | None = None,
    biases: int | None = None,
) -> ParamsResult:
    """Count each layer's trainable parameters; with no model and no code, the exam's Q5.

    total = Σ_layers params(layer), each layer by its framework's rule
    """
    if framework not in FRAMEWORKS:
        raise input_error("code_input.framework", param="framework", framework=framework)
    if model is not None and code is not None:
        raise input_error("code_input.model_and_code", param="code")
    if gates is not None and not 1 <= gates <= 8:
        raise input_error("code_input.gates", param="gates", gates=gates)
    if biases not in (None, 0, 1, 2):
        raise input_error("code_input.biases", param="biases", biases=biases)
    table = layer_table(framework)
    models: tuple[str, ...] = ()
    try:
        if code is not None:
            calls, models = read_code(code, settings, known=table.layers)
        else:
            default = EXAM_MODEL if framework == "keras" else EXAM_MODEL_TORCH
            calls = parse_model(model if model is not None else default, settings)
        if not calls:
            raise input_error("code_input.no_layers")
        layers = _model(calls, Context(table, Knobs(gates, biases)))
    except InputError as exc:  # about the model as given, unless it names another input
        if exc.param is not None:
            raise
        param = "model" if code is None else "code"
        raise InputError(exc.message, param=param, text=exc.text) from None
    total = sum(layer.params for layer in layers)
    return ParamsResult(tuple(layers), total, framework, models)
