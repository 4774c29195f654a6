"""Layer calls from model text or Keras / PyTorch code, read with `ast` and never run.

Two kinds of text come in:
    model text  "LSTM(30, return_sequences=True, input_shape=(3, 1)); LSTM(30); Dense(1)"
                (layers separated by `;` or new lines; a list or Sequential(...) is also fine)
    code        the exam's Keras code: `model = Sequential()` then `model.add(...)`, or
                `Sequential([...])`; PyTorch's `nn.Sequential(...)` or `self.x = nn.LSTM(...)`
                inside a class.

The code is parsed into a syntax tree and walked by a tiny interpreter that only knows
numbers, strings, True/False/None, tuples, + − × / // % ** and calls (which become `LayerCall`
records, never function calls). Simple assignments of constants are followed (`n = 2*3`);
statements that do not build the model are skipped. Names that are never assigned come from
`settings` (the CLI's `--set n_steps=3`), which also win over the code's own values.
"""

from __future__ import annotations

import ast
import operator
import re
import textwrap
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dlquiz.errors import InputError

MAX_CODE = 100_000  # characters of code or model text
MAX_LAYERS = 200
MAX_NUMBER = 10**15
_HINTS = {"n_steps": "3", "n_features": "1"}  # the exam's values, for the --set hint
_BANNED = {"eval", "exec", "compile", "getattr", "setattr", "delattr", "globals", "vars"}
_QUOTES = {"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " ", "−": "-", "×": "*"}


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


def _clean(text: str, what: str) -> str:
    if len(text) > MAX_CODE:
        raise InputError(f"the {what} is {len(text)} characters long; at most {MAX_CODE}")
    for old, new in _QUOTES.items():
        text = text.replace(old, new)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return textwrap.dedent("\n".join(lines))  # leading blank lines kept: line numbers hold


class _Reader:
    """Evaluates expression nodes against the constants seen so far."""

    def __init__(self, source: str, settings: Mapping[str, float] | None, numbered: bool):
        self.source = source
        self.numbered = numbered  # code: places are "line N"; model text: "layer N"
        self.part = 0
        self.env: dict[str, Value] = {}
        self.opaque: dict[str, int] = {}  # name -> line where it was set to something unread
        self.settings: dict[str, Value] = {}
        for name, number in (settings or {}).items():
            if isinstance(number, bool) or not isinstance(number, (int, float)):
                raise InputError(f"--set {name} must be a number, not {number!r}")
            self.settings[name] = int(number) if float(number).is_integer() else float(number)

    def place(self, node: ast.AST) -> str:
        return f"line {getattr(node, 'lineno', 0)}" if self.numbered else f"layer {self.part}"

    def text(self, node: ast.AST) -> str:
        text = " ".join((ast.get_source_segment(self.source, node) or "").split())
        return text if len(text) <= 60 else text[:57] + "..."

    def value(self, node: ast.AST) -> Value:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)):
            return node.value
        if isinstance(node, ast.Constant) and node.value is None:
            return None
        if isinstance(node, ast.Name):
            return self.lookup(node)
        if isinstance(node, (ast.Tuple, ast.List)):
            return tuple(self.value(elt) for elt in node.elts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            operand = self.number(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self.arithmetic(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise InputError(
            f"{self.place(node)}: `{self.text(node)}` cannot be read without running it; "
            "write the number itself, or a name given with --set"
        )

    def lookup(self, node: ast.Name) -> Value:
        name = node.id
        if name in self.settings:
            return self.settings[name]
        if name in self.env:
            return self.env[name]
        hint = f"--set {name}={_HINTS.get(name, 'N')}"
        if name in self.opaque:
            raise InputError(
                f"{self.place(node)}: {name} is set on line {self.opaque[name]} by code dlquiz "
                f"does not run; give its value with {hint}"
            )
        where = "in the code" if self.numbered else "anywhere"
        raise InputError(
            f"{self.place(node)}: {name} is never assigned {where}; give its value with {hint}"
        )

    def number(self, node: ast.AST) -> int | float:
        value = self.value(node)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"{self.place(node)}: `{self.text(node)}` must be a number")
        return value

    def arithmetic(self, node: ast.BinOp) -> int | float:
        left, right = self.number(node.left), self.number(node.right)
        if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)) and right == 0:
            raise InputError(f"{self.place(node)}: `{self.text(node)}` divides by zero")
        if isinstance(node.op, ast.Pow) and (abs(right) > 64 or abs(left) > MAX_NUMBER):
            raise InputError(f"{self.place(node)}: `{self.text(node)}` is too large")
        operations: dict[type[ast.operator], Callable[[Any, Any], int | float]] = {
            ast.Add: operator.add,
            ast.Sub: operator.sub,
            ast.Mult: operator.mul,
            ast.Div: operator.truediv,
            ast.FloorDiv: operator.floordiv,
            ast.Mod: operator.mod,
            ast.Pow: operator.pow,
        }
        operation = operations.get(type(node.op))
        if operation is None:
            raise InputError(f"{self.place(node)}: `{self.text(node)}` uses an unknown operator")
        result: int | float = operation(left, right)
        if isinstance(result, complex) or abs(result) > MAX_NUMBER:
            raise InputError(f"{self.place(node)}: `{self.text(node)}` is not a usable number")
        return result

    def call(self, node: ast.Call) -> LayerCall:
        parts: list[str] = []
        func: ast.AST = node.func
        while isinstance(func, ast.Attribute):
            parts.append(func.attr)
            func = func.value
        if not isinstance(func, ast.Name):
            raise InputError(f"{self.place(node)}: `{self.text(node)}` is not a layer call")
        if any(isinstance(arg, ast.Starred) for arg in node.args) or any(
            kw.arg is None for kw in node.keywords
        ):
            raise InputError(f"{self.place(node)}: write the arguments of `{self.text(node)}` out")
        return LayerCall(
            type=parts[0] if parts else func.id,
            args=tuple(self.value(arg) for arg in node.args),
            kwargs={kw.arg: self.value(kw.value) for kw in node.keywords if kw.arg},
            line=node.lineno if self.numbered else None,
            text=self.text(node),
        )


def _members(value: Value, where: str) -> list[LayerCall]:
    """The layers in one item: a layer, a list of layers, or Sequential(...) of them."""
    if isinstance(value, LayerCall) and value.type == "Sequential":
        items = value.kwargs.get("layers", value.args[0] if len(value.args) == 1 else value.args)
        if isinstance(items, LayerCall):
            items = (items,)
        return _members(items if isinstance(items, tuple) else (), where)
    if isinstance(value, LayerCall):
        return [value]
    if isinstance(value, tuple) and all(isinstance(v, LayerCall) for v in value):
        return [v for v in value if isinstance(v, LayerCall)]
    raise InputError(
        f"{where}: `{value}` is not a layer; write layers such as LSTM(30) or Dense(1)"
    )


def _split(text: str) -> list[str]:
    """Split model text at `;` and new lines that are outside brackets and strings."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch in ";\n" and depth <= 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def parse_model(text: str, settings: Mapping[str, float] | None = None) -> list[LayerCall]:
    """Layers from model text: `LSTM(30, input_shape=(3, 1)); Dense(1)`."""
    try:
        return _parse_model(text, settings)
    except (RecursionError, MemoryError):
        raise InputError("the model text is nested too deeply to read; simplify it") from None


def _parse_model(text: str, settings: Mapping[str, float] | None) -> list[LayerCall]:
    layers: list[LayerCall] = []
    for index, part in enumerate(_split(_clean(text, "model text")), start=1):
        reader = _Reader(part, settings, numbered=False)
        reader.part = len(layers) + 1
        try:
            tree = ast.parse(part, mode="eval")
        except (SyntaxError, ValueError) as exc:
            reason = getattr(exc, "msg", exc)
            raise InputError(
                f"part {index} of the model, `{part[:60]}`, is not valid ({reason}); write "
                "layers like LSTM(30, input_shape=(3, 1)); Dense(1)"
            ) from None
        _check_safe(tree, numbered=False)
        layers += _members(reader.value(tree.body), f"layer {reader.part}")
    return _capped(layers, "the model")


def _check_safe(tree: ast.AST, numbered: bool) -> None:
    for node in ast.walk(tree):
        name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
        if not isinstance(name, str) or name in ("__name__", "__init__"):
            continue
        if (name.startswith("__") and name.endswith("__")) or (
            isinstance(node, ast.Name) and name in _BANNED
        ):
            where = f"line {getattr(node, 'lineno', 0)}: " if numbered else ""
            raise InputError(
                f"{where}the code uses {name}, which dlquiz refuses: it reads model code and "
                "never runs it; remove that line"
            )


def _capped(layers: list[LayerCall], what: str) -> list[LayerCall]:
    if len(layers) > MAX_LAYERS:
        raise InputError(f"{what} has {len(layers)} layers; at most {MAX_LAYERS}")
    return layers


def parse_code(
    code: str, settings: Mapping[str, float] | None = None, known: Collection[str] = ()
) -> list[LayerCall]:
    """Layers of the model that the code builds (the last one touched, if several).

    `known` are layer types: PyTorch `self.x = Type(...)` lines in a class count as layers
    when Type is known or is called through `nn.`.
    """
    try:
        return _parse_code(code, settings, known)
    except (RecursionError, MemoryError):
        raise InputError("the code is nested too deeply to read; simplify it") from None


def _parse_code(
    code: str, settings: Mapping[str, float] | None, known: Collection[str]
) -> list[LayerCall]:
    source = _clean(code, "code")
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        raise InputError(
            f"{where}the code is not valid Python ({exc.msg}); paste it as printed"
        ) from None
    except ValueError:
        raise InputError("the code cannot be read as Python; paste it as printed") from None
    _check_safe(tree, numbered=True)
    for loop in (n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.While))):
        for node in ast.walk(loop):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add":
                raise InputError(
                    f"line {node.lineno}: layers are added in a loop, which dlquiz does not "
                    "follow; write each model.add(...) on its own line"
                )
    reader = _Reader(source, settings, numbered=True)
    models: dict[str, list[LayerCall]] = {}
    current = _walk(tree.body, reader, models, None)
    if current is None:  # maybe the model is built inside a function or a PyTorch class
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                _defaults(node, reader, models)
                current = _walk(node.body, reader, models, current)
        current = current or _torch_class(tree, reader, models, known)
    if current is None:
        raise InputError(
            "the code builds no model: dlquiz follows model = Sequential() with model.add(...), "
            "Sequential([...]) or nn.Sequential(...)"
        )
    return _capped(models[current], "the model")


def _walk(
    body: list[ast.stmt], reader: _Reader, models: dict[str, list[LayerCall]], current: str | None
) -> str | None:
    """Follow the statements in order; return the name of the model touched last."""
    for stmt in body:
        if isinstance(stmt, (ast.With, ast.If)):
            current = _walk(stmt.body, reader, models, current)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                current = _assign(target, stmt.value, reader, models, current)
        elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            op = ast.BinOp(left=ast.Name(id=stmt.target.id), op=stmt.op, right=stmt.value)
            current = _assign(stmt.target, ast.copy_location(op, stmt), reader, models, current)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            func = stmt.value.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "add"
                and isinstance(func.value, ast.Name)
                and func.value.id in models
                and len(stmt.value.args) == 1
            ):
                added = reader.value(stmt.value.args[0])
                models[func.value.id] += _members(added, reader.place(stmt))
                current = func.value.id
    return current


def _assign(
    target: ast.expr,
    node: ast.expr,
    reader: _Reader,
    models: dict[str, list[LayerCall]],
    current: str | None,
) -> str | None:
    if isinstance(target, (ast.Tuple, ast.List)):
        values = node.elts if isinstance(node, (ast.Tuple, ast.List)) else None
        for i, elt in enumerate(target.elts):
            if values is not None and len(values) == len(target.elts):
                current = _assign(elt, values[i], reader, models, current)
            elif isinstance(elt, ast.Name):
                reader.env.pop(elt.id, None)
                reader.opaque[elt.id] = node.lineno
        return current
    if not isinstance(target, ast.Name):
        return current
    name = target.id
    if models.pop(name, None) is not None and current == name:
        current = None  # the model was replaced by something else
    if isinstance(node, ast.Call) and _called(node.func) == "Sequential":
        models[name] = _members(reader.value(node), reader.place(node))
        return name
    try:
        reader.env[name] = reader.value(node)
        reader.opaque.pop(name, None)
    except InputError:  # not a constant (X = X.reshape(...)): fine unless a layer uses it
        reader.env.pop(name, None)
        reader.opaque[name] = node.lineno
    return current


def _defaults(func: ast.FunctionDef, reader: _Reader, models: dict[str, list[LayerCall]]) -> None:
    """A function's default argument values, as if they were assignments."""
    positional = func.args.args[len(func.args.args) - len(func.args.defaults) :]
    pairs = [
        *zip(positional, func.args.defaults, strict=True),
        *zip(func.args.kwonlyargs, func.args.kw_defaults, strict=True),
    ]
    for arg, default in pairs:
        if default is not None:
            _assign(ast.copy_location(ast.Name(id=arg.arg), arg), default, reader, models, None)


def _called(func: ast.AST) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _torch_class(
    tree: ast.Module, reader: _Reader, models: dict[str, list[LayerCall]], known: Collection[str]
) -> str | None:
    """PyTorch: `self.name = nn.Type(...)` in a class's __init__, in order."""
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        layers: list[LayerCall] = []
        for init in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
            if init.name != "__init__":
                continue
            _defaults(init, reader, models)
            for stmt in ast.walk(init):
                if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
                    target, func = stmt.targets[0], stmt.value.func
                    through_nn = isinstance(func, ast.Attribute) and re.fullmatch(
                        r"(torch\.)?nn", ast.unparse(func.value)
                    )
                    if isinstance(target, ast.Attribute) and (through_nn or _called(func) in known):
                        members = _members(reader.value(stmt.value), reader.place(stmt))
                        layers += [
                            replace(
                                m, label=target.attr if len(members) == 1 else f"{target.attr}.{i}"
                            )
                            for i, m in enumerate(members)
                        ]
                elif isinstance(stmt, ast.Assign):
                    for target in stmt.targets:
                        _assign(target, stmt.value, reader, models, None)
        if layers:
            models[cls.name] = layers
            return cls.name
    return None
