"""The layers of a model, found in model text or in Keras / PyTorch code that is never run.

Two kinds of text come in:
    model text  "LSTM(30, return_sequences=True, input_shape=(3, 1)); LSTM(30); Dense(1)"
                (layers separated by `;` or new lines; a list or Sequential(...) is also fine)
    code        the exam's Keras code: `model = Sequential()` then `model.add(...)`, or
                `Sequential([...])`; PyTorch's `nn.Sequential(...)` or `self.x = nn.LSTM(...)`
                inside a class.

The code is parsed into a syntax tree and its statements are followed in order, as Python
would run them (`params_walk`): assignments, `model.add(...)`, `model.pop()`, `with` blocks and
`if` blocks whose condition can be read, and, when the top level builds no model, functions and
a PyTorch class's __init__. What could change the model in a way dlquiz does not follow (a
loop, a comprehension, a condition it cannot read, the functional API…) is refused with its
line (`params_guard`), never skipped. The values themselves are read by `code_reader.Reader`,
which turns calls into `LayerCall` records; names that are never assigned come from
`settings`, which also win over the code's own values.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace

from dlquiz.errors import Words, input_error
from dlquiz.solvers.code_reader import LayerCall, Reader, Value, at_line, check_safe, clean
from dlquiz.solvers.params_guard import Guard, functional
from dlquiz.solvers.params_held import members
from dlquiz.solvers.params_walk import Walk

__all__ = ["MAX_LAYERS", "LayerCall", "Value", "parse_code", "parse_model"]

MAX_LAYERS = 200
_CODE, _TEXT = Words("code_input.what.code"), Words("code_input.what.model_text")


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
        raise input_error("code_input.too_deep", what=_TEXT) from None


def _parse_model(text: str, settings: Mapping[str, float] | None) -> list[LayerCall]:
    layers: list[LayerCall] = []
    for index, part in enumerate(_split(clean(text, _TEXT)), start=1):
        reader = Reader(part, settings, numbered=False)
        reader.part = len(layers) + 1
        try:
            with _quiet():
                tree = ast.parse(part, mode="eval")
        except (SyntaxError, ValueError) as exc:
            reason = getattr(exc, "msg", exc)
            raise input_error(
                "code_input.bad_part", index=index, part=part[:60], reason=reason
            ) from None
        check_safe(tree, numbered=False)
        layers += members(reader.value(tree.body), reader.place(tree.body))
    return _capped(layers)


@contextmanager
def _quiet() -> Iterator[None]:
    """No warning about odd code ("\\d" in a string) reaches the terminal while it is parsed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _capped(layers: list[LayerCall]) -> list[LayerCall]:
    if len(layers) > MAX_LAYERS:
        raise input_error("code_input.too_many_layers", count=len(layers), most=MAX_LAYERS)
    return layers


def parse_code(
    code: str, settings: Mapping[str, float] | None = None, known: Collection[str] = ()
) -> list[LayerCall]:
    """Layers of the model that the code builds (the last one touched, if several).

    `known` are layer types: PyTorch `self.x = Type(...)` lines in a class count as layers
    when Type is known or is called through `nn.`.
    """
    return read_code(code, settings, known)[0]


def read_code(
    code: str, settings: Mapping[str, float] | None = None, known: Collection[str] = ()
) -> tuple[list[LayerCall], tuple[str, ...]]:
    """`parse_code`, and the names of the models the top level builds when it builds more
    than one: the counted one (the last one touched) first, then the others in code order;
    () when there is one model."""
    try:
        return _parse_code(code, settings, known)
    except (RecursionError, MemoryError):
        raise input_error("code_input.too_deep", what=_CODE) from None


def _parse_code(
    code: str, settings: Mapping[str, float] | None, known: Collection[str]
) -> tuple[list[LayerCall], tuple[str, ...]]:
    source = clean(code, _CODE)
    try:
        with _quiet():
            tree = ast.parse(source)
    except SyntaxError as exc:
        where = Words("code_input.place.line_prefix", {"line": exc.lineno}) if exc.lineno else ""
        raise input_error("code_input.syntax", where=where, reason=exc.msg) from None
    except ValueError:
        raise input_error("code_input.not_python") from None
    check_safe(tree, numbered=True)
    functional(tree)
    guard = Guard(tree, known)
    walk = Walk(Reader(source, settings, numbered=True), guard)
    walk.walk(tree.body)
    layers, maker = _found(walk), None
    built = [name for name, model in walk.models.items() if model and name != walk.current]
    names = (walk.current, *built) if layers is not None and walk.current and built else ()
    if layers is None:  # maybe the model is built inside a function or a PyTorch class
        layers, maker = _in_functions(tree, walk)
    if layers is None:
        layers, maker = _torch_class(tree, walk)
    if maker is not None:  # model = build_model() or Net(): the model, under a new name
        guard.ever |= _instances(tree, maker)
    guard.check(tree, guard.ever)  # a model touch nowhere followed: in a function, a class…
    if layers is None:
        raise input_error("code_input.no_model")
    _unique(layers)
    return _capped(layers), names


def _found(walk: Walk) -> list[LayerCall] | None:
    if walk.current is None:
        return None
    return [layer for entry in walk.models[walk.current] for layer in entry]


def _unique(layers: list[LayerCall]) -> None:
    """One layer object twice in a model shares its weights, which a count would double."""
    seen: set[int] = set()
    for layer in layers:
        if id(layer) in seen:
            raise input_error("code_input.twice", where=at_line(layer.line), code=layer.text)
        seen.add(id(layer))


def _in_functions(tree: ast.Module, walk: Walk) -> tuple[list[LayerCall] | None, ast.AST | None]:
    """Each top-level function from the names the top level left, its defaults and its body;
    the last one that builds (or returns) a model gives it."""
    base = _saved(walk.reader)
    found: tuple[list[LayerCall] | None, ast.AST | None] = (None, None)
    for func in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        _restore(walk, base)
        walk.guard.walked.add(id(func))
        _parameters(func, walk)
        walk.walk(func.body)
        layers = _found(walk)
        if layers is not None:
            found = (layers, func)
    return found


def _torch_class(tree: ast.Module, walk: Walk) -> tuple[list[LayerCall] | None, ast.AST | None]:
    """PyTorch: `self.name = nn.Type(...)` in a class's __init__, in order."""
    base = _saved(walk.reader)
    found: list[tuple[ast.ClassDef, dict[str, list[LayerCall]]]] = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for init in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
            if init.name != "__init__":
                continue
            _restore(walk, base)
            walk.guard.walked.add(id(init))
            walk.modules = {}
            _parameters(init, walk)
            walk.walk(init.body)
            if walk.modules:
                found.append((cls, walk.modules))
            walk.modules = None
    if len(found) > 1:
        (a, _), (b, _) = found[:2]
        raise input_error(
            "code_input.two_classes",
            first=a.name, first_line=a.lineno, second=b.name, second_line=b.lineno,
        )  # fmt: skip
    if not found:
        return None, None
    cls, modules = found[0]
    _unique([m for group in modules.values() for m in group])
    layers = [
        replace(m, label=name if len(group) == 1 else f"{name}.{i}")
        for name, group in modules.items()
        for i, m in enumerate(group)
    ]
    return layers, cls


Saved = tuple[dict[str, Value], dict[str, Words], dict[str, str]]


def _saved(reader: Reader) -> Saved:
    return dict(reader.env), dict(reader.opaque), dict(reader.aliases)


def _restore(walk: Walk, saved: Saved) -> None:
    """A function starts from the names the top level left (its own are its own)."""
    walk.reset()
    env, opaque, aliases = saved
    walk.reader.env, walk.reader.opaque, walk.reader.aliases = (
        dict(env),
        dict(opaque),
        dict(aliases),
    )


def _parameters(func: ast.FunctionDef, walk: Walk) -> None:
    """A function's parameters: its default values, as if assigned; the others unknown."""
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    first = len(positional) - len(args.defaults)
    defaults = dict(zip(positional[first:], args.defaults, strict=True))
    defaults |= {a: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d}
    for arg in [*positional, *args.kwonlyargs, args.vararg, args.kwarg]:
        if arg is None:
            continue
        target = ast.copy_location(ast.Name(id=arg.arg, ctx=ast.Store()), arg)
        if arg in defaults:
            walk.bind_name(target, walk.evaluate(defaults[arg]))
        else:
            walk.reader.forget(arg.arg, Words("code_input.why.parameter", {"function": func.name}))


def _instances(tree: ast.Module, maker: ast.AST) -> set[str]:
    """The names the model gets from its function (or class), `model = Net()`. The function is
    read with its default values: a call that passes others would build another model."""
    name = getattr(maker, "name", "")
    names: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and getattr(node.value.func, "id", None) == name
        ):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == name
            and (node.args or node.keywords)
        ):
            raise input_error(
                "code_input.called_with_values", where=at_line(node.lineno), name=name
            )
    return names
