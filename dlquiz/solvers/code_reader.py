"""Values of Python expressions, read from their syntax tree and never run.

A tiny interpreter for the expressions found in model code: numbers, strings,
True/False/None, tuples and lists, unary + − and `not`, the operators + − * / // % **,
`a if c else b` when c can be read, names assigned earlier (or given as settings), and calls.
A call becomes a `LayerCall` record of what was written, `LSTM(30, return_sequences=True)` →
type "LSTM", args (30,), kwargs {...}; no function is ever called. Anything else (attributes,
subscripts, comprehensions…) is refused with a message that says where it is and what to write
instead. A layer is read by the name it is called with, so a call of a name the code itself
assigns or defines (`Dense = LSTM`, `def Dense(...)`) is refused; `from … import X as Y` is
followed (Y(...) is an X).
"""

from __future__ import annotations

import ast
import operator
import re
import textwrap
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from dlquiz.errors import InputError, Words, input_error

MAX_CODE = 100_000  # characters of code or model text
MAX_NUMBER = 10**15
_HINTS = {"n_steps": "3", "n_features": "1"}  # the exam's values, for the settings hint
_BANNED = {"eval", "exec", "compile", "getattr", "setattr", "delattr", "globals", "locals", "vars"}
_LINE_END = re.compile(r"(?<=\r\n)|(?<=\r)(?!\n)|(?<=\n)")  # as ast.get_source_segment splits
_QUOTES = {"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " ", "−": "-", "×": "*"}
_OPERATIONS: dict[type[ast.operator], Callable[[Any, Any], int | float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}


@dataclass(frozen=True)
class LayerCall:
    """One layer as written: `LSTM(30, return_sequences=True)` → type "LSTM", args, kwargs."""

    type: str  # the last part of the called name: "LSTM" for tf.keras.layers.LSTM
    args: tuple[Value, ...]
    kwargs: dict[str, Value] = field(hash=False)
    line: int | None  # source line in code, None for model text
    text: str  # the call as written, shortened, for messages
    label: str | None = None  # PyTorch attribute name (self.fc = ...), used as the layer name


Value = int | float | str | bool | None | tuple[object, ...] | LayerCall


def clean(text: str, what: Words) -> str:
    """Pasted text made readable: smart quotes and the minus and times signs to ASCII,
    trailing spaces and a common indent removed; line numbers are kept. `what` names the
    text in messages: `Words("code_input.what.code")`."""
    if len(text) > MAX_CODE:
        raise input_error("code_input.too_long", what=what, length=len(text), most=MAX_CODE)
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise input_error("code_input.nul", where=at_line(line), what=what)
    for old, new in _QUOTES.items():
        text = text.replace(old, new)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return textwrap.dedent("\n".join(lines))  # leading blank lines kept: line numbers hold


def check_safe(tree: ast.AST, numbered: bool) -> None:
    """Refuse dunder names and eval-like builtins anywhere in the tree, even unused."""
    for node in ast.walk(tree):
        name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
        if not isinstance(name, str) or name in ("__name__", "__init__"):
            continue
        if (name.startswith("__") and name.endswith("__")) or (
            isinstance(node, ast.Name) and name in _BANNED
        ):
            where = Words("code_input.place.line_prefix", {"line": getattr(node, "lineno", 0)})
            raise input_error("code_input.banned", where=where if numbered else "", name=name)


def at_line(line: object) -> Words:
    """The place "line 3" of a message, in each language."""
    return Words("code_input.place.line", {"line": line})


class Reader:
    """Evaluates expression nodes against the constants seen so far.

    `env` holds the names assigned so far; `opaque` the names last set to something that
    cannot be read (with why, in catalog words: "set on line 3 by code dlquiz does not run"),
    so that a later use can say why; `settings` win over both. `aliases` are layers imported
    under another name; `models` the names that hold a model, which is never a value.
    """

    def __init__(self, source: str, settings: Mapping[str, float] | None, numbered: bool):
        self.source = source
        self.lines: list[bytes] | None = None  # the source's lines, split once when needed
        self.numbered = numbered  # code: places are "line N"; model text: "layer N"
        self.part = 0
        self.env: dict[str, Value] = {}
        self.opaque: dict[str, Words] = {}  # name -> why it cannot be read
        self.aliases: dict[str, str] = {}  # `import Dense as D`: "D" -> "Dense"
        self.models: Collection[str] = ()
        self.settings: dict[str, Value] = {}
        for name, number in (settings or {}).items():
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                raise input_error(
                    "code_input.setting_not_number", param="settings", name=name, value=repr(number)
                )
            self.settings[name] = int(number) if float(number).is_integer() else float(number)

    def bind(self, name: str, value: Value) -> None:
        self.drop(name)
        self.env[name] = value

    def forget(self, name: str, why: Words) -> None:
        """`name` now holds something dlquiz cannot read; a later use says `why`."""
        self.drop(name)
        self.opaque[name] = why

    def drop(self, name: str) -> None:
        self.env.pop(name, None)
        self.opaque.pop(name, None)
        self.aliases.pop(name, None)

    def place(self, node: ast.AST) -> Words:
        """Where `node` is, for a message: "line 3" in code, "layer 2" in model text."""
        if self.numbered:
            return at_line(getattr(node, "lineno", 0))
        return Words("code_input.place.layer", {"index": self.part})

    def fail(self, key: str, node: ast.AST, name: str = "") -> InputError:
        """The message `key` about `node`: its place, the node as written (`code`), and the
        `name` it is about, if any."""
        return input_error(key, where=self.place(node), code=self.text(node), name=name)

    def text(self, node: ast.AST) -> str:
        """The node as written, on one line and shortened (ast.get_source_segment, without
        splitting the whole source again for every node; offsets are in UTF-8 bytes)."""
        if self.lines is None:
            self.lines = [line.encode() for line in _LINE_END.split(self.source)]
        first, last = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
        start, end = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
        if not (isinstance(first, int) and isinstance(last, int) and last <= len(self.lines)):
            return ""
        cut = last > first + 20  # the start is enough to show
        pieces = self.lines[first - 1 : min(last, first + 20)]
        if isinstance(end, int) and not cut:
            pieces[-1] = pieces[-1][:end]
        pieces[0] = pieces[0][start if isinstance(start, int) else 0 :]
        text = " ".join(b"".join(pieces).decode(errors="replace").split())
        return text if len(text) <= 60 and not cut else text[:57] + "..."

    def value(self, node: ast.AST) -> Value:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)):
            return node.value
        if isinstance(node, ast.Constant) and node.value is None:
            return None
        if isinstance(node, ast.Name):
            return self.lookup(node)
        if isinstance(node, (ast.Tuple, ast.List)):
            return tuple(self.value(elt) for elt in node.elts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return not self.truth(node.operand)
        if isinstance(node, ast.IfExp):
            return self.value(node.body if self.truth(node.test) else node.orelse)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            operand = self.number(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self.arithmetic(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail("code_input.unreadable", node)

    def truth(self, node: ast.AST) -> bool:
        """A condition's value, when it is a number, a string, None or a list written out."""
        value = self.value(node)
        if isinstance(value, LayerCall):
            raise self.fail("code_input.not_condition", node)
        return bool(value)

    def lookup(self, node: ast.Name) -> Value:
        name = node.id
        if name in self.models:
            raise input_error("code_input.model_as_value", where=self.place(node), name=name)
        if name in self.settings:
            return self.settings[name]
        if name in self.env:
            return self.env[name]
        fields = {"where": self.place(node), "name": name, "example": _HINTS.get(name, "N")}
        if name in self.opaque:
            raise input_error(
                "code_input.unread_name", param="settings", why=self.opaque[name], **fields
            )
        key = "code_input.never_assigned" + ("" if self.numbered else "_text")
        raise input_error(key, param="settings", **fields)

    def number(self, node: ast.AST) -> int | float:
        value = self.value(node)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail("code_input.not_a_number", node)
        return value

    def arithmetic(self, node: ast.BinOp) -> int | float:
        left, right = self.number(node.left), self.number(node.right)
        if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)) and right == 0:
            raise self.fail("code_input.divides_by_zero", node)
        if isinstance(node.op, ast.Pow) and (abs(right) > 64 or abs(left) > MAX_NUMBER):
            raise self.fail("code_input.too_large", node)
        operation = _OPERATIONS.get(type(node.op))
        if operation is None:
            raise self.fail("code_input.unknown_operator", node)
        result: int | float = operation(left, right)
        if isinstance(result, complex) or abs(result) > MAX_NUMBER:
            raise self.fail("code_input.not_usable_number", node)
        return result

    def call(self, node: ast.Call) -> LayerCall:
        parts: list[str] = []
        func: ast.AST = node.func
        while isinstance(func, ast.Attribute):
            parts.append(func.attr)
            func = func.value
        if not isinstance(func, ast.Name):
            raise self.fail("code_input.not_a_call", node)
        if any(isinstance(arg, ast.Starred) for arg in node.args) or any(
            kw.arg is None for kw in node.keywords
        ):
            raise self.fail("code_input.write_arguments", node)
        if not parts and (func.id in self.env or func.id in self.opaque or func.id in self.models):
            raise self.fail("code_input.own_name", node, name=func.id)
        return LayerCall(
            type=parts[0] if parts else self.aliases.get(func.id, func.id),
            args=tuple(self.value(arg) for arg in node.args),
            kwargs={kw.arg: self.value(kw.value) for kw in node.keywords if kw.arg},
            line=node.lineno if self.numbered else None,
            text=self.text(node),
        )
