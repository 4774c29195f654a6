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

from dlquiz.errors import InputError
from dlquiz.solvers._common import Result
from dlquiz.solvers.code_reader import LayerCall
from dlquiz.solvers.layer_args import Context, Shape
from dlquiz.solvers.layer_count import Knobs, formula
from dlquiz.solvers.layer_table import FRAMEWORKS, layer_table
from dlquiz.solvers.model_code import parse_code, parse_model
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
_NO_LAYERS = "the model has no layers; give some, e.g. LSTM(30, input_shape=(3, 1))"


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
            raise ctx.fail("Input needs shape=(...), e.g. Input(shape=(3, 1))")
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
    hint = ""
    if call.type in other:
        hint = f" ({call.type} is a {'PyTorch' if ctx.keras else 'Keras'} layer: set the framework)"
    known = ", ".join(k for k in ctx.table.layers if k not in ("Input", "InputLayer"))
    return ctx.fail(f"{call.type} is not a layer dlquiz knows{hint}; it knows {known}")


def _model(calls: list[LayerCall], ctx: Context) -> list[Layer]:
    """Count layer by layer, following the shape from the input to the last layer."""
    ctx.where = _where(calls[0], 1)
    shape, batch = _input(calls[0], ctx)
    layers: list[Layer] = []
    for index, call in enumerate(calls, start=1):
        ctx.where = _where(call, index)
        if call.type in ("Input", "InputLayer"):
            if index > 1:
                raise ctx.fail(f"{call.type}(...) must come first, before the layers")
            continue
        if call.type not in ctx.table:
            raise _unknown(call, ctx)
        name = ctx.name(call)
        if ctx.keras:
            if shape is None:
                raise ctx.fail(
                    f"the first layer, {call.type}, has no input shape; add input_shape=(n_steps, "
                    "n_features) to it, e.g. LSTM(30, input_shape=(3, 1)), or start with "
                    "Input(shape=(3, 1))"
                )
            params, expr, shape = keras_layer(call, shape, ctx)
            terms = [(params, expr)]
        else:
            terms, shape = torch_layer(call, shape, ctx)
        shown = "" if shape is None else str((batch, *shape))
        layers.append(
            Layer(name, call.type, shown, sum(p for p, _ in terms), formula(terms), call.line)
        )
    if not layers:
        raise InputError(_NO_LAYERS)
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
    """Count each layer's trainable parameters; with no model and no code, the exam's Q5.

    total = Σ_layers params(layer), each layer by its framework's rule
    """
    if framework not in FRAMEWORKS:
        raise InputError(
            f"framework must be keras or pytorch, not '{framework}'", param="framework"
        )
    if model is not None and code is not None:
        raise InputError("give the model either as layers or as code, not both", param="code")
    if gates is not None and not 1 <= gates <= 8:
        raise InputError(
            f"gates must be between 1 and 8 (an LSTM has 4), not {gates}", param="gates"
        )
    if biases not in (None, 0, 1, 2):
        raise InputError(
            f"biases must be 0, 1 or 2 bias vectors per gate, not {biases}", param="biases"
        )
    table = layer_table(framework)
    try:
        if code is not None:
            calls = parse_code(code, settings, known=table.layers)
        else:
            default = EXAM_MODEL if framework == "keras" else EXAM_MODEL_TORCH
            calls = parse_model(model if model is not None else default, settings)
        if not calls:
            raise InputError(_NO_LAYERS)
        layers = _model(calls, Context(table, Knobs(gates, biases)))
    except InputError as exc:  # about the model as given, unless it names another input
        if exc.param is not None:
            raise
        raise InputError(str(exc), param="model" if code is None else "code") from None
    return ParamsResult(tuple(layers), sum(layer.params for layer in layers), framework)
