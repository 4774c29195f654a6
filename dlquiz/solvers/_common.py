"""Shared pieces of the solvers: activations, input checks, and JSON conversion of results."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlquiz.errors import InputError, Words, input_error
from dlquiz.solvers._stable import softmax_scaled

Array = NDArray[np.float64]
Name = str | Words  # how a message names an input: a symbol ("W_f"), or catalog words


@contextmanager
def about(param: str) -> Iterator[None]:
    """Tag an InputError raised inside with the solver argument it is about (`param`), so the
    CLI can name that argument's flag."""
    try:
        yield
    except InputError as exc:
        raise InputError(exc.message, param=param, text=exc.text) from None


def sigmoid(a: Array) -> Array:
    """σ(a) = 1 / (1 + e^(−a)), computed without overflow for large |a|."""
    out: Array = np.exp(-np.logaddexp(0.0, -a))
    return out


def softmax(a: Array) -> Array:
    """softmax(a)_j = e^(a_j) / Σ_k e^(a_k), along the last axis (rows of a matrix); the
    max is subtracted first, −∞ gets 0, and a +∞ (an overflow upstream) gives NaN."""
    return softmax_scaled(a)


def identity(a: Array) -> Array:
    return a


ACTIVATIONS: dict[str, Callable[[Array], Array]] = {
    "tanh": np.tanh,
    "relu": lambda a: np.maximum(a, 0.0),
    "sigmoid": sigmoid,
    "identity": identity,
    "softmax": softmax,
}


def activation(
    name: str, allowed: Sequence[str], what: Name, param: str | None = None
) -> Callable[[Array], Array]:
    """The activation called `name`; `what` names it in the message (`Words` for "the hidden
    activation f")."""
    if name not in allowed:
        raise input_error(
            "solver_input.one_of", param=param, what=what, allowed=listed(allowed), name=name
        )
    return ACTIVATIONS[name]


def listed(names: Sequence[str]) -> Name:
    """Names (tanh, relu; W_f, W_i) listed in a message: "tanh, relu" in English, "tanh、relu"
    in Chinese (the catalog's separator, name by name)."""
    if len(names) <= 1:
        return "".join(names)
    return Words("solver_input.name.listed", {"first": names[0], "rest": listed(names[1:])})


def vector(
    value: ArrayLike, name: Name, size: int | None = None, param: str | None = None
) -> Array:
    """A 1-d float vector; a 1×n or n×1 matrix is accepted and flattened.

    `name` is the symbol the messages use (b_h), or `Words` for a name with words in it;
    `param` the keyword argument it came from."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.reshape(-1)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise input_error("solver_input.not_vector", param=param, name=name, shape=_shape(arr))
    if size is not None and arr.shape[0] != size:
        raise input_error(
            "solver_input.vector_size", param=param, name=name, size=size, count=arr.shape[0]
        )
    _finite(arr, name, param)
    return arr


def matrix(
    value: ArrayLike,
    name: Name,
    shape: tuple[int | None, int | None],
    param: str | None = None,
    rule: str = "",
) -> Array:
    """A 2-d float matrix of the given shape (None = any); a vector is a single column
    when the rows are pinned and the columns are 1, else a single row.

    `rule` says where the shape comes from, in symbols ("H×(H+D)"): "W_f must be H×(H+D) =
    2×3, but is 2×2"."""
    arr = np.asarray(value, dtype=np.float64)
    rows, cols = shape
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1) if (cols == 1 or rows == arr.shape[0]) else arr.reshape(1, -1)
    if arr.ndim != 2:
        raise input_error("solver_input.not_matrix", param=param, name=name, shape=_shape(arr))
    want = f"{'n' if rows is None else rows}×{'n' if cols is None else cols}"
    if rule:
        want = f"{rule} = {want}"
    if (rows is not None and arr.shape[0] != rows) or (cols is not None and arr.shape[1] != cols):
        raise input_error(
            "solver_input.matrix_shape", param=param, name=name, want=want, shape=_shape(arr)
        )
    _finite(arr, name, param)
    return arr


def probabilities(
    value: ArrayLike, name: Name, tol: float = 5e-3, param: str | None = None
) -> Array:
    """A probability vector (or one per row): no negative entry, each row summing to 1."""
    arr = np.asarray(value, dtype=np.float64)
    _finite(arr, name, param)
    if np.any(arr < 0):
        raise input_error("solver_input.negative", param=param, name=name, least=f"{arr.min():g}")
    if np.any(arr > 1 + tol):  # also keeps the sum below from overflowing
        raise input_error("solver_input.above_one", param=param, name=name, most=f"{arr.max():g}")
    sums = np.atleast_1d(arr.sum(axis=-1))
    bad = np.flatnonzero(np.abs(sums - 1.0) > tol)
    if bad.size:
        where = Words("solver_input.name.row", {"row": int(bad[0]) + 1}) if arr.ndim == 2 else ""
        raise input_error(
            "solver_input.sum", param=param, name=name, total=f"{sums[bad[0]]:.6g}", where=where
        )
    return arr


def _finite(arr: Array, name: Name, param: str | None) -> None:
    if not np.all(np.isfinite(arr)):
        raise input_error("solver_input.not_finite", param=param, name=name)


def _shape(arr: Array) -> str | Words:
    """The shape as the messages write it (2×3), or the words for a scalar."""
    return "×".join(str(n) for n in arr.shape) if arr.ndim else Words("solver_input.name.scalar")


def jsonable(value: Any) -> Any:
    """NumPy arrays to lists, non-finite floats to the strings "inf" / "-inf" / "nan"."""
    if isinstance(value, Result):
        return value.to_json()
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and np.all(np.isfinite(value)):
            return value.tolist()  # Python floats already: no walk through millions of them
        return jsonable(value.tolist())
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (np.floating, float)):
        f = float(value)
        if math.isfinite(f):
            return f
        return "nan" if math.isnan(f) else ("inf" if f > 0 else "-inf")
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


class Result:
    """Base of every solver result: a frozen dataclass; its `JSON_KEYS` fields are its JSON."""

    JSON_KEYS: ClassVar[tuple[str, ...]] = ()

    def to_json(self) -> dict[str, Any]:
        fields = {f.name for f in dataclasses.fields(self)}  # type: ignore[arg-type]
        missing = [k for k in self.JSON_KEYS if k not in fields]
        if missing:
            raise TypeError(f"{type(self).__name__} lacks JSON keys {missing}")
        return {k: jsonable(getattr(self, k)) for k in self.JSON_KEYS}


def sequence(value: ArrayLike, name: Name, param: str | None = None) -> Array:
    """An input sequence as T×D: a 1-d list is one scalar input per time step."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2 or arr.size == 0:
        raise input_error("solver_input.sequence", param=param, name=name, shape=_shape(arr))
    _finite(arr, name, param)
    return arr
