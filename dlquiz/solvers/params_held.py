"""What a name holds while model code is followed: a value, a model, or nothing readable.

A model is its list of entries, one per layer added (`model.add(Sequential([...]))` adds one
entry of several layers, and `model.pop()` takes it away whole); two names bound to one model
share the list. `Parts` is a tuple or list written out, kept element by element until it is
bound, so that `a, b = b, a` and `a, b = Sequential(), Sequential()` work as in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from dlquiz.errors import Words, input_error
from dlquiz.solvers.code_reader import LayerCall, Value, at_line

Entries = list[list[LayerCall]]  # a model: one entry per layer added (a nested model is one)


@dataclass(frozen=True)
class Unread:
    why: Words  # "set on line 3 by code dlquiz does not run"


@dataclass(frozen=True)
class Parts:
    items: tuple[Held, ...]  # a tuple or list written out, element by element

    def collapse(self) -> Value | Unread:
        values: list[Value] = []
        for item in self.items:
            item = item.collapse() if isinstance(item, Parts) else item
            if isinstance(item, Unread):
                return item
            if isinstance(item, list):
                return Unread(Words("code_input.why.list_of_model"))
            values.append(item)
        return tuple(values)


Held = Value | Entries | Unread | Parts  # what a name can hold


def members(value: object, where: Words) -> list[LayerCall]:
    """The layers in one item: a layer, a list of layers, or Sequential(...) of them. `where`
    is the place of the item, for a message: "line 3"."""
    if isinstance(value, LayerCall) and value.type == "Sequential":
        return [layer for entry in entries(value, where) for layer in entry]
    if isinstance(value, LayerCall):
        return [value]
    if isinstance(value, tuple) and all(isinstance(v, LayerCall) for v in value):
        return [v for v in value if isinstance(v, LayerCall)]
    raise input_error("code_input.not_a_layer", where=where, code=f"{value}")


def entries(value: LayerCall, where: Words) -> Entries:
    """Sequential(...)'s items, `Sequential([a, b])`, `Sequential(a, b)` or `layers=[...]`."""
    items = value.kwargs.get("layers", value.args[0] if len(value.args) == 1 else value.args)
    items = (items,) if isinstance(items, LayerCall) else items
    return [members(item, where) for item in items] if isinstance(items, tuple) else []


def kept_input(first: LayerCall, line: int) -> LayerCall | None:
    """What Keras 3 keeps when the first layer is popped: the InputLayer its input_shape= or
    input_dim= made (keras.src.models.sequential.Sequential.add)."""
    kw = first.kwargs
    if first.type in ("Input", "InputLayer"):
        return None
    if any(kw.get(k) is not None for k in ("batch_input_shape", "batch_size", "input_length")):
        raise input_error("code_input.pop_input", where=at_line(line), code=first.text)
    shape = kw.get("input_shape")
    if shape is None and first.type != "Embedding" and kw.get("input_dim") is not None:
        shape = (kw["input_dim"],)
    if shape is None:
        return None
    return LayerCall("Input", (), {"shape": shape}, first.line, f"Input(shape={shape!r})")
