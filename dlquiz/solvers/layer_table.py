"""The Keras and PyTorch layer signatures, read from layers.json next to this module.

A signature is a layer's arguments in order with their defaults, as the library declares
them: `LSTM(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True, ...)`.
`REQUIRED` is the default of an argument that must be given. The file is read once, the
first time a signature is needed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from dlquiz.solvers.code_reader import Value

REQUIRED = "<required>"
FRAMEWORKS = ("keras", "pytorch")
Signature = tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class LayerTable:
    """The layers one framework knows, and the keywords that need no signature entry."""

    framework: str  # "keras" or "pytorch"
    layers: dict[str, Signature]  # in the file's order
    keyword_only: tuple[str, ...]  # from the first of these on, arguments go by name only
    common: tuple[str, ...]  # keywords every layer of the framework accepts
    ignored_names: frozenset[str]  # keywords that never change a count
    ignored_endings: tuple[str, ...]

    def __contains__(self, layer: object) -> bool:
        return layer in self.layers

    def ignored(self, keyword: str) -> bool:
        return keyword in self.ignored_names or keyword.endswith(self.ignored_endings)


@cache
def _data() -> dict[str, Any]:
    text = resources.files("dlquiz.solvers").joinpath("layers.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def layer_table(framework: str) -> LayerTable:
    """The signatures of `framework`, "keras" or "pytorch"."""
    data = _data()
    layers = {
        name: tuple((str(arg), default) for arg, default in pairs)
        for name, pairs in data[framework].items()
    }
    return LayerTable(
        framework=framework,
        layers=layers,
        keyword_only=tuple(data["keyword_only"]),
        common=tuple(data["keras_common"]) if framework == "keras" else (),
        ignored_names=frozenset(data["ignored_names"]),
        ignored_endings=tuple(data["ignored_endings"]),
    )
