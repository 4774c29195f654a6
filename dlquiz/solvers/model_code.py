"""The layers of a model, found in model text or in Keras / PyTorch code that is never run.

Two kinds of text come in:
    model text  "LSTM(30, return_sequences=True, input_shape=(3, 1)); LSTM(30); Dense(1)"
                (layers separated by `;` or new lines; a list or Sequential(...) is also fine)
    code        the exam's Keras code: `model = Sequential()` then `model.add(...)`, or
                `Sequential([...])`; PyTorch's `nn.Sequential(...)` or `self.x = nn.LSTM(...)`
                inside a class.

The code is parsed into a syntax tree and its statements are followed in order: simple
assignments of constants (`n = 2*3`), `with` and `if` blocks, `model.add(...)` calls, and, when
the top level builds no model, functions and a PyTorch class's __init__. Statements that do
not build the model are skipped. The values themselves are read by `code_reader.Reader`, which
turns calls into `LayerCall` records; names that are never assigned come from `settings`,
which also win over the code's own values.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Mapping
from dataclasses import replace

from dlquiz.errors import InputError
from dlquiz.solvers.code_reader import LayerCall, Reader, Value, check_safe, clean

__all__ = ["MAX_LAYERS", "LayerCall", "Value", "parse_code", "parse_model"]

MAX_LAYERS = 200


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
    for index, part in enumerate(_split(clean(text, "model text")), start=1):
        reader = Reader(part, settings, numbered=False)
        reader.part = len(layers) + 1
        try:
            tree = ast.parse(part, mode="eval")
        except (SyntaxError, ValueError) as exc:
            reason = getattr(exc, "msg", exc)
            raise InputError(
                f"part {index} of the model, `{part[:60]}`, is not valid ({reason}); write "
                "layers like LSTM(30, input_shape=(3, 1)); Dense(1)"
            ) from None
        check_safe(tree, numbered=False)
        layers += _members(reader.value(tree.body), f"layer {reader.part}")
    return _capped(layers, "the model")


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
    source = clean(code, "code")
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        raise InputError(
            f"{where}the code is not valid Python ({exc.msg}); paste it as printed"
        ) from None
    except ValueError:
        raise InputError("the code cannot be read as Python; paste it as printed") from None
    check_safe(tree, numbered=True)
    for loop in (n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.While))):
        for node in ast.walk(loop):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add":
                raise InputError(
                    f"line {node.lineno}: layers are added in a loop, which dlquiz does not "
                    "follow; write each model.add(...) on its own line"
                )
    reader = Reader(source, settings, numbered=True)
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
    body: list[ast.stmt], reader: Reader, models: dict[str, list[LayerCall]], current: str | None
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
    reader: Reader,
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


def _defaults(func: ast.FunctionDef, reader: Reader, models: dict[str, list[LayerCall]]) -> None:
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
    tree: ast.Module, reader: Reader, models: dict[str, list[LayerCall]], known: Collection[str]
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
