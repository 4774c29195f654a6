"""A layer call's arguments, bound to its signature and checked, while a model is counted.

`Context` follows one model through the count: it knows the framework's layer table and the
mistake knobs, names each layer as the framework would ("lstm", "lstm_1"), and says where the
layer being read is ("line 5", "layer 2 (Dense(1))") in every message it raises: `error` says
a message of the catalog (`code_input.*`) there, in both languages. Binding works
as Python does: positional arguments fill the signature in order (never past its first
keyword-only argument), keywords go by name, the rest keep their defaults, and a required
argument left out is an error that shows a working call.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from dlquiz.errors import InputError, Words, input_error
from dlquiz.solvers.code_reader import LayerCall, Value
from dlquiz.solvers.layer_count import GATES, Knobs
from dlquiz.solvers.layer_table import REQUIRED, LayerTable

Shape = tuple[int | None, ...]  # one sample's shape, without the batch axis
_EXAMPLES = {
    "Dense": "Dense(1)", "Linear": "Linear(30, 1)", "Conv1d": "Conv1d(1, 16, 3)",
    "Embedding": "Embedding(1000, 64)", "Conv1D": "Conv1D(16, 3)",
}  # fmt: skip


@dataclass
class Context:
    table: LayerTable
    knobs: Knobs
    where: Words | str = ""  # the layer being read, for messages: "line 5"
    counters: dict[str, int] = field(default_factory=dict)  # layer names used so far

    @property
    def keras(self) -> bool:
        return self.table.framework == "keras"

    def name(self, call: LayerCall) -> str:
        if call.label or isinstance(call.kwargs.get("name"), str):
            return str(call.label or call.kwargs["name"])
        prefix = call.type.lower()
        if self.keras:  # keras.src.utils.naming.to_snake_case
            prefix = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", call.type)
            prefix = re.sub(r"([a-z])([A-Z])", r"\1_\2", prefix).lower()
        n = self.counters.get(prefix, 0)
        self.counters[prefix] = n + 1
        return prefix if n == 0 else f"{prefix}_{n}"

    def fail(self, message: InputError) -> InputError:
        """`message` (an InputError from the catalog) about the layer being read."""
        return input_error("code_input.at", where=self.where, message=message.text or message)

    def error(self, key: str, **fields: object) -> InputError:
        """The catalog's message `key` about the layer being read."""
        return input_error("code_input.at", where=self.where, message=Words(key, fields))

    def bind(self, call: LayerCall, common: tuple[str, ...] = ()) -> dict[str, Value]:
        """Every argument of the call by name: given by position, by keyword, or default."""
        signature = self.table.layers[call.type]
        names = [n for n, _ in signature]
        positional = next(
            (i for i, n in enumerate(names) if n in self.table.keyword_only), len(names)
        )
        if len(call.args) > positional:
            raise self.error(
                "code_input.arg.positional",
                type=call.type,
                count=positional,
                name=names[min(positional, len(names) - 1)],
            )
        bound = dict(signature) | dict(zip(names, call.args, strict=False))
        for key, value in call.kwargs.items():
            if key in names[: len(call.args)]:
                raise self.error("code_input.arg.twice", type=call.type, name=key)
            if key not in names and key not in common and not self.table.ignored(key):
                raise self.error(
                    "code_input.arg.unknown", type=call.type, name=key, names=", ".join(names)
                )
            bound[key] = value
        missing = [n for n in names if bound[n] == REQUIRED]
        if missing:
            raise self.error(
                "code_input.arg.missing",
                type=call.type,
                names=_joined(missing),
                example=self.example(call),
            )
        return bound

    def example(self, call: LayerCall) -> str:
        if call.type in GATES:
            return f"{call.type}(30)" if self.keras else f"{call.type}(1, 30)"
        return _EXAMPLES.get(call.type, f"{call.type}(...)")

    def whole(self, bound: Mapping[str, Value], key: str, low: int = 1) -> int:
        value: object = bound[key]
        if isinstance(value, tuple) and len(value) == 1:  # kernel_size=(3,)
            value = value[0]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= 10**9:
            raise self.error("code_input.arg.whole", name=key, low=low, shown=shown(value))
        return value

    def choice(self, bound: Mapping[str, Value], key: str, options: tuple[Value, ...]) -> Value:
        if bound[key] not in options:
            allowed = ", ".join(repr(o) for o in options)
            raise self.error(
                "code_input.arg.choice", name=key, allowed=allowed, shown=shown(bound[key])
            )
        return bound[key]

    def width(self, shape: Shape, kind: str, dims: int = 0) -> int:
        """The last input dimension, which the layer's weights depend on."""
        if dims and len(shape) != dims:
            want = Words(
                {2: "code_input.input.steps_features", 1: "code_input.input.features"}[dims]
            )
            raise self.error("code_input.input.dims", kind=kind, want=want, shape=f"{shape}")
        if shape[-1] is None:
            raise self.error("code_input.input.last_unknown", kind=kind, shape=f"{shape}")
        return shape[-1]

    def shape(self, value: Value, what: str) -> Shape:
        """An input_shape-like value: a tuple of sizes, None for a size left open."""
        items = value if isinstance(value, tuple) else (value,)
        if not items or not all(v is None or (type(v) is int and v >= 1) for v in items):
            raise self.error("code_input.arg.shape", name=what, shown=shown(value))
        return tuple(v for v in items if v is None or isinstance(v, int))

    def steps(
        self, size: int | None, kernel: int, stride: int, padding: Value, dilation: int = 1
    ) -> int | None:
        """Output length of a 1-d convolution or pooling window over `size` steps."""
        if size is None:
            return None
        if padding in ("same", "causal"):
            return -(-size // stride)
        pad = padding if isinstance(padding, int) else 0
        out = (size + 2 * pad - dilation * (kernel - 1) - 1) // stride + 1
        if out < 1:
            raise self.error("code_input.input.too_short", size=size)
        return out


def _joined(names: list[str]) -> str | Words:
    """The names joined, "a and b and c", in each language."""
    if len(names) == 1:
        return names[0]
    return Words("code_input.and", {"first": _joined(names[:-1]), "then": names[-1]})


def flat(shape: Shape) -> Shape:
    """What Flatten gives: one axis holding every value of a sample."""
    return (None if None in shape else math.prod(s or 0 for s in shape),)


def shown(value: object) -> str:
    """A value as the code wrote it: `float('nan')` for a call, 'x' for a string."""
    if isinstance(value, LayerCall):
        return value.text
    if isinstance(value, tuple):
        return "(" + ", ".join(shown(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)
