"""What model code does to a model: model.add, model.pop, model.build, return, and PyTorch's
self.name = ...

Each function follows one statement for `params_walk.Walk` and marks what it followed in the
guard; a form it cannot follow is refused with its line.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, TypeGuard

from dlquiz.errors import InputError, Words, input_error
from dlquiz.solvers.code_reader import LayerCall, at_line
from dlquiz.solvers.params_guard import called
from dlquiz.solvers.params_held import kept_input, members

if TYPE_CHECKING:
    from dlquiz.solvers.params_walk import Walk


def add(walk: Walk, call: ast.Call, owner: ast.Name) -> None:
    name, where = owner.id, at_line(call.lineno)
    if name not in walk.models:
        raise not_a_model(walk, call, name, "add")
    keywords = {k.arg: k.value for k in call.keywords}
    given = [*call.args, *(v for k, v in keywords.items() if k == "layer")]
    others = set(keywords) - {"layer", "rebuild"}
    if len(given) != 1 or isinstance(given[0], ast.Starred) or others:
        raise input_error("code_input.add_one", where=where, name=name, code=walk.reader.text(call))
    value = walk.reader.value(given[0])
    if isinstance(value, tuple):
        raise input_error("code_input.add_list", where=where, name=name)
    walk.models[name].append(members(value, where))
    walk.guard.follow(call.func, owner)
    walk.guard.follow_makes(given[0])
    walk.current = name


def pop(walk: Walk, call: ast.Call, owner: ast.Name) -> None:
    name, line = owner.id, call.lineno
    if name not in walk.models and isinstance(walk.reader.env.get(name), tuple):
        walk.guard.follow(call.func)  # a list's pop(): the list has changed
        walk.reader.forget(name, Words("code_input.why.changed", {"line": line}))
        return
    if name not in walk.models:
        raise not_a_model(walk, call, name, "pop")
    if call.args or any(k.arg != "rebuild" for k in call.keywords):
        raise input_error("code_input.pop_index", where=at_line(line), name=name)
    model = walk.models[name]
    if not model:
        raise input_error("code_input.pop_empty", where=at_line(line), name=name)
    entry = model.pop()
    kept = kept_input(entry[0], line) if not model and len(entry) == 1 else None
    if kept is not None:
        model.append([kept])
    walk.guard.follow(call.func, owner)
    walk.current = name


def build(walk: Walk, call: ast.Call, owner: ast.Name) -> None:
    """`model.build((None, 3, 1))`: the input shape of a model whose first layer has none, as
    if it began with Input(shape=(3, 1)) (Keras' Sequential.build). A model that has its
    input shape keeps it; a build without a shape changes nothing."""
    name, line = owner.id, call.lineno
    model = walk.models.get(name)
    given = [*call.args, *(k.value for k in call.keywords if k.arg == "input_shape")]
    if model is None or not given:
        return
    shape = walk.reader.value(given[0])
    if not (isinstance(shape, tuple) and len(shape) >= 2):
        raise input_error("code_input.build_shape", where=at_line(line), name=name)
    if not model:
        raise input_error("code_input.build_empty", where=at_line(line), name=name)
    first = model[0][0]
    if first.type in ("Input", "InputLayer") or kept_input(first, line) is not None:
        return
    text = f"Input(shape={shape[1:]!r})"
    model.insert(0, [LayerCall("Input", (), {"shape": shape[1:]}, line, text)])
    walk.guard.follow(call.func, owner)


def not_a_model(walk: Walk, call: ast.Call, name: str, does: str) -> InputError:
    """`call` adds to (`does` "add") or pops from (`does` "pop") `name`, which is no model."""
    why = walk.reader.opaque.get(name)
    held = (
        Words("code_input.held.opaque", {"name": name, "why": why})
        if why is not None
        else Words("code_input.held.not_made", {"name": name})
    )
    return input_error(
        "code_input.not_a_model",
        where=at_line(call.lineno),
        code=walk.reader.text(call),
        does=Words(f"code_input.does.{does}", {"name": name}),
        held=held,
        name=name,
    )


def returned(walk: Walk, node: ast.expr) -> None:
    held = walk.made(walk.evaluate(node), node.lineno)
    if isinstance(held, list):
        walk.guard.follow(node)
        walk.models["return"] = held
        walk.current = "return"


def module(walk: Walk, stmt: ast.Assign | ast.AnnAssign, targets: list[ast.expr]) -> None:
    """PyTorch: `self.name = nn.Layer(...)` sets (or replaces) the module called name; `= None`
    removes it. Anything else set on self is not a module, unless it replaces one."""
    target, value, modules = targets[0], stmt.value, walk.modules
    if modules is None or value is None or len(targets) != 1 or not self_attribute(target):
        return  # a module set here is refused by the statement check
    name, where = target.attr, at_line(stmt.lineno)
    layer = walk.reader.value(value) if isinstance(value, ast.Name) else None
    if isinstance(value, ast.Call) and walk.guard.module_call(value):
        if called(value.func) in walk.guard.classes:
            return  # a module of the code's own class: refused by the statement check
        modules[name] = members(walk.reader.value(value), where)
    elif isinstance(layer, LayerCall) and layer.type in walk.guard.known:
        modules[name] = [layer]
    elif isinstance(value, ast.Constant) and value.value is None:
        modules.pop(name, None)
    elif name in modules:
        raise input_error(
            "code_input.module_again", where=where, name=name, code=walk.reader.text(value)
        )
    else:
        return
    walk.guard.follow(stmt)
    walk.guard.follow_makes(value)


def self_attribute(node: ast.AST) -> TypeGuard[ast.Attribute]:
    """`self.name`."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )
