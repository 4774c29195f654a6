"""Where model code touches a model in a way dlquiz does not follow, found in its syntax tree.

`model_code` follows straight-line code: assignments, `model.add(layer)`, `model.pop()`,
`with` blocks and `if` blocks whose condition it can read. Everything else that could change a
model must be refused, never skipped, or the count would be silently wrong. A *touch* is a node
that can change a model:

    add    any `.add` attribute: model.add(...), [m.add(x) for ...], f = model.add
    pop    any `.pop` attribute
    make   a Sequential(...) call
    use    a model's name anywhere but a harmless place: model.summary() and the other
           SAFE_METHODS, model.name, model(x), print(model), `for layer in model.layers`
    torch  in a PyTorch class, self.x = nn.Layer(...), self.add_module(...), self.x.append(...)

The walker marks the touches it follows (`Guard.follow`); `Guard.check` refuses the first
touch left under a node, saying where it is ("in a loop", "in a comprehension", …).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator

from dlquiz.errors import InputError, Words, input_error

# methods and attributes of a model that never change its layers
SAFE_METHODS = frozenset({
    "summary", "compile", "fit", "fit_generator", "evaluate", "evaluate_generator", "predict",
    "predict_generator", "predict_on_batch", "train_on_batch", "test_on_batch", "save",
    "save_weights", "load_weights", "get_weights", "set_weights", "get_config", "to_json",
    "count_params", "get_layer", "reset_states", "reset_metrics", "export", "build",
    "parameters", "named_parameters", "train", "eval", "to", "cuda", "cpu", "state_dict",
    "load_state_dict", "zero_grad", "children", "modules", "named_children", "named_modules",
    "forward", "float", "double", "half",
})  # fmt: skip
SAFE_ATTRIBUTES = frozenset({"name", "input_shape", "output_shape", "built"})
SAFE_FUNCTIONS = frozenset({
    "print", "plot_model", "summary", "save", "save_model", "len", "str", "repr", "type", "id",
    "isinstance", "display",
})  # fmt: skip
# methods that change a PyTorch module's children
TORCH_CHANGES = frozenset({
    "add_module", "register_module", "register_parameter", "append", "extend", "insert", "pop",
    "update",
})  # fmt: skip
_TRY = tuple(getattr(ast, n) for n in ("Try", "TryStar") if hasattr(ast, n))
# where a touch is that dlquiz does not follow: `code_input.in.<name>`, "in a loop"
_PLACES: tuple[tuple[tuple[type[ast.AST], ...], str], ...] = (
    ((ast.For, ast.While, ast.AsyncFor), "loop"),
    ((ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp), "comprehension"),
    ((ast.IfExp, ast.BoolOp), "condition"),
    (_TRY, "try"),
    ((ast.Lambda,), "lambda"),
    ((ast.Match,), "match"),
    ((ast.AsyncWith, ast.AsyncFunctionDef, ast.Await), "async"),
)
# a touch's kind is said by `code_input.touch.<kind>` ("layers are added") and fixed by
# `code_input.fix.<kind>` ("write each model.add(...) on its own line")
Place = tuple[Words | None, Words | None]  # where a touch is, and a hint that wins over the fix


def called(func: ast.AST) -> str:
    """The name a call is made by: "Dense" for tf.keras.layers.Dense(...)."""
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def root(node: ast.AST) -> str | None:
    """The name at the start of `a.b[0].c`, if it is a name."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def through_nn(func: ast.AST) -> bool:
    return isinstance(func, ast.Attribute) and bool(
        re.fullmatch(r"(torch\.)?nn", ast.unparse(func.value))
    )


def is_main(test: ast.expr) -> bool:
    """`__name__ == "__main__"`: true when the code is run as a script."""
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def bindings(node: ast.AST) -> Iterator[tuple[str, int, bool]]:
    """Every name a block can bind, its line, and True for a plain import (a library name)."""
    for sub in ast.walk(node):
        line = getattr(sub, "lineno", 0)
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            yield sub.id, line, False
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield sub.name, line, False
        elif isinstance(sub, (ast.Global, ast.Nonlocal)):
            yield from ((name, line, False) for name in sub.names)
        elif isinstance(sub, ast.ExceptHandler) and sub.name:
            yield sub.name, line, False
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            for alias in sub.names:
                name = alias.asname or alias.name.split(".")[0]
                yield name, line, alias.asname in (None, alias.name)


class Guard:
    """The touches of one piece of code, and which of them the walker has followed."""

    def __init__(self, tree: ast.AST, known: Collection[str]) -> None:
        self.parent = {id(c): p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
        self.known = known
        self.done: set[int] = set()  # nodes followed
        self.ever: set[str] = set()  # every name that held a model
        self.walked: set[int] = set()  # functions whose bodies were followed
        self.after: dict[int, Words] = {}  # statements never reached: "after the return on line 4"
        self.classes = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
        # print(model) is harmless, unless the code makes its own print
        self.safe = SAFE_FUNCTIONS - {name for name, _, library in bindings(tree) if not library}

    def follow(self, *nodes: ast.AST) -> None:
        self.done |= {id(n) for n in nodes}

    def follow_makes(self, node: ast.AST) -> None:
        """The Sequential(...) calls inside an expression that made a model or its layers."""
        self.follow(*(n for n in ast.walk(node) if self.touch(n, ()) == "make"))

    def module_call(self, node: ast.AST) -> bool:
        """A call that makes a PyTorch module: nn.X(...), a known layer, or a class of the code."""
        return isinstance(node, ast.Call) and (
            through_nn(node.func) or called(node.func) in {*self.known, *self.classes}
        )

    def touch(self, node: ast.AST, models: Collection[str]) -> str | None:
        if isinstance(node, ast.Attribute) and node.attr in ("add", "pop"):
            return node.attr
        if isinstance(node, ast.Call) and called(node.func) == "Sequential":
            return "make"
        if isinstance(node, ast.Name) and node.id in models and not self.harmless(node):
            return "use"
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node.value:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            on_self = any(root(n) == "self" for t in targets for n in ast.walk(t))
            if on_self and any(self.module_call(n) for n in ast.walk(node.value)):
                return "torch"
        if isinstance(node, ast.Call) and called(node.func) in TORCH_CHANGES:
            return "torch" if root(node.func) == "self" else None
        return None

    def harmless(self, name: ast.Name) -> bool:
        """model.summary(), model.name, print(model): places where a model cannot change."""
        up = self.parent.get(id(name))
        if isinstance(up, ast.Attribute) and isinstance(name.ctx, ast.Load):
            call = self.parent.get(id(up))
            if isinstance(call, ast.Call) and call.func is up:
                return up.attr in SAFE_METHODS
            if up.attr == "layers" and isinstance(
                up.ctx, ast.Load
            ):  # a copy: loop over it, print it
                looped = isinstance(call, (ast.For, ast.comprehension)) and call.iter is up
                return looped or self.harmless_argument(up)
            return up.attr in SAFE_ATTRIBUTES and isinstance(up.ctx, ast.Load)
        if isinstance(up, ast.Call) and up.func is name:  # model(x) computes, it adds nothing
            return True
        return self.harmless_argument(name)

    def harmless_argument(self, node: ast.expr) -> bool:
        """print(model), len(model.layers), plot_model(model, ...)."""
        call = self.parent.get(id(node))
        return isinstance(call, ast.Call) and node in call.args and called(call.func) in self.safe

    def check(self, node: ast.AST, models: Collection[str]) -> None:
        """Refuse the first touch under `node` (in line order) that was not followed."""
        left = [
            (getattr(n, "lineno", 0), getattr(n, "col_offset", 0), kind, n)
            for n in ast.walk(node)
            if id(n) not in self.done and (kind := self.touch(n, models))
        ]
        if left:
            line, _, kind, found = min(left, key=lambda t: t[:2])
            raise self.refusal(kind, found, line)

    def refusal(self, kind: str, node: ast.AST, line: int) -> InputError:
        name = node.id if isinstance(node, ast.Name) else ""
        where, hint = self.place(node)
        if where is None:
            code = _short(ast.unparse(self._statement(node)))
            where = Words("code_input.in.statement", {"code": code})
        return input_error(
            "code_input.refused",
            where=Words("code_input.place.line", {"line": line}),
            what=Words(f"code_input.touch.{kind}", {"name": name} if kind == "use" else {}),
            place=where,
            hint=hint or Words(f"code_input.fix.{kind}"),
        )

    def place(self, node: ast.AST) -> Place:
        """Where a node sits that dlquiz does not follow ("in a loop"), and a hint if any.

        A function or class that was not followed wins over the blocks inside it."""
        inner: Place = (None, None)
        up = self.parent.get(id(node))
        while up is not None:
            if isinstance(up, ast.FunctionDef):  # a followed function is followed code
                if id(up) in self.walked:
                    return inner
                return _in("function", name=up.name), Words("code_input.fix.function")
            if isinstance(up, ast.ClassDef):
                return _in("class", name=up.name), None
            if inner[0] is None and isinstance(up, ast.If):
                test = up.test
                hint = (
                    Words("code_input.fix.if_setting", {"name": test.id})
                    if isinstance(test, ast.Name)
                    else Words("code_input.fix.if")
                )
                inner = (_in("if", test=_short(ast.unparse(test))), hint)
            for kinds, phrase in _PLACES:
                if inner[0] is None and isinstance(up, kinds):
                    inner = (_in(phrase), None)
            if inner[0] is None and id(up) in self.after:
                inner = (self.after[id(up)], Words("code_input.fix.after"))
            up = self.parent.get(id(up))
        return inner

    def _statement(self, node: ast.AST) -> ast.AST:
        while not isinstance(node, ast.stmt) and id(node) in self.parent:
            node = self.parent[id(node)]
        return node


def _in(place: str, **fields: object) -> Words:
    return Words(f"code_input.in.{place}", fields)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:47] + "..."


def functional(tree: ast.AST) -> None:
    """Refuse the functional API: a layer called on a tensor, Dense(4)(x), or Model(...)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (
            isinstance(node.func, ast.Call) or called(node.func) in ("Model", "Functional")
        ):
            raise input_error(
                "code_input.functional",
                where=Words("code_input.place.line", {"line": node.lineno}),
                code=_short(ast.unparse(node)),
            )
