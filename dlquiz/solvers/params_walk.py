"""Following model code statement by statement, as Python would run it, without running it.

Followed: assignments (`n = 2*3`, `a, b = 4, 1`, `m2 = model` names the same model),
`model = Sequential([...])`, `model.add(layer)` and `model.add(layer=...)`, `model.pop()`
(the last layer, or the last nested model, goes; a first layer's input_shape stays as an
InputLayer, as in Keras 3), `model.build((None, 3, 1))` (the input shape of a model whose
first layer has none), `del`, imports (`import Dense as D`: D(...) is a Dense), `with`
blocks, `if` blocks whose condition can be read (`if __name__ == "__main__":`, `if deep:` with
deep assigned or set), and `return Sequential(...)` in a function. A PyTorch class's __init__
is followed the same way, with `self.name = nn.Layer(...)` setting (or replacing) a module.

Every other block (loops, comprehensions, conditions that cannot be read, try, functions not
followed, lambdas) is not run: any model touch inside it is refused (`params_guard`), and
every name it could change is forgotten, so that a later use says why it cannot be read.
"""

from __future__ import annotations

import ast
from typing import cast

from dlquiz.errors import InputError, Words, input_error
from dlquiz.solvers.code_reader import LayerCall, Reader, at_line
from dlquiz.solvers.params_guard import Guard, bindings, called, is_main, root
from dlquiz.solvers.params_held import Entries, Held, Parts, Unread, entries
from dlquiz.solvers.params_ops import add, build, module, pop, returned, self_attribute


class Walk:
    """The state of the code followed so far: names, models, and the model touched last."""

    def __init__(self, reader: Reader, guard: Guard) -> None:
        self.reader = reader
        self.guard = guard
        self.models: dict[str, Entries] = {}
        self.current: str | None = None
        self.modules: dict[str, list[LayerCall]] | None = None  # a PyTorch __init__'s
        self.stop: Words | None = None  # where the block being followed ended early
        reader.models = self.models

    def reset(self) -> None:
        self.models.clear()
        self.current = None

    def walk(self, body: list[ast.stmt]) -> bool:
        """Follow a block; False when it ends early (return, raise)."""
        for i, stmt in enumerate(body):
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.define(stmt)
            elif not self.statement(stmt):
                if isinstance(stmt, (ast.Return, ast.Raise)):
                    statement = type(stmt).__name__.lower()  # "return", "raise"
                    self.stop = Words(
                        "code_input.in.after", {"statement": statement, "line": stmt.lineno}
                    )
                if self.stop is not None:
                    self.guard.after |= {id(s): self.stop for s in body[i + 1 :]}
                return False
        return True

    def statement(self, stmt: ast.stmt) -> bool:
        models = set(self.models)
        if isinstance(stmt, ast.With):
            for item in stmt.items:
                self.guard.check(item.context_expr, models)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, self.unread(stmt), stmt.lineno)
            return self.walk(stmt.body)
        if isinstance(stmt, ast.If):
            return self.branch(stmt)
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            self.assign(stmt)
        elif isinstance(stmt, ast.AugAssign):
            self.augment(stmt)
        elif isinstance(stmt, ast.Expr):
            self.expression(stmt.value)
        elif isinstance(stmt, ast.Delete):
            self.delete(stmt)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self.imports(stmt)
        elif isinstance(stmt, ast.Return):
            if stmt.value is not None:
                returned(self, stmt.value)
        elif not isinstance(stmt, (ast.Pass, ast.Global, ast.Nonlocal, ast.Assert, ast.Raise)):
            self.unfollowed(stmt)
            return True
        self.changed(stmt)
        self.guard.check(stmt, models | set(self.models))
        return not isinstance(stmt, (ast.Return, ast.Raise))

    def branch(self, stmt: ast.If) -> bool:
        """An `if` whose condition can be read is followed down one side, else not at all."""
        truth: bool | None = True
        if not is_main(stmt.test):
            try:
                truth = self.reader.truth(stmt.test)
            except InputError:
                truth = None
        if truth is None:
            self.unfollowed(stmt)
            return True
        self.guard.check(stmt.test, set(self.models))
        self.guard.follow(*(n for s in (stmt.orelse if truth else stmt.body) for n in ast.walk(s)))
        return self.walk(stmt.body if truth else stmt.orelse)

    def unfollowed(self, stmt: ast.stmt) -> None:
        """A block dlquiz does not run: no model touch allowed, and its names are forgotten."""
        self.guard.check(stmt, set(self.models))
        for name, line, library in bindings(stmt):
            why = Words("code_input.why.set_unfollowed", {"line": line})
            self.release(name, None if library else why)
        self.changed(stmt)

    def define(self, stmt: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        """A function or class is not run where it is defined; what it declares global may
        change when it is called."""
        self.release(stmt.name, Words("code_input.why.defined", {"line": stmt.lineno}))
        changed = Words("code_input.why.changed_by", {"function": stmt.name})
        for node in ast.walk(stmt):
            if isinstance(node, (ast.Global, ast.Nonlocal)):
                for name in node.names:
                    self.release(name, changed)

    def release(self, name: str, why: Words | None) -> None:
        """`name` no longer holds what it held: something unread (`why`), or a library name."""
        if self.models.pop(name, None) is not None and self.current == name:
            self.current = None
        if why is None:
            self.reader.drop(name)
        else:
            self.reader.forget(name, why)

    def unread(self, node: ast.AST) -> Unread:
        return Unread(Words("code_input.why.unrun", {"line": getattr(node, "lineno", 0)}))

    # --- assignments ----------------------------------------------------------------------------

    def evaluate(self, node: ast.expr) -> Held:
        """What an expression gives: a model (the same one, for a model's name), a value, the
        items of a tuple written out, or Unread."""
        if isinstance(node, ast.Name) and node.id in self.models:
            return self.models[node.id]  # followed only where it is bound to a name
        if isinstance(node, (ast.Tuple, ast.List)) and not any(
            isinstance(e, ast.Starred) for e in node.elts
        ):
            return Parts(tuple(self.evaluate(e) for e in node.elts))
        try:
            value = self.reader.value(node)
        except InputError:
            if any(self.guard.touch(n, ()) == "make" for n in ast.walk(node)):
                raise
            return self.unread(node)
        self.guard.follow_makes(node)
        return value

    def made(self, held: Held, line: int) -> Held:
        """Sequential(...) read as a value becomes a model once, however many names it gets."""
        if isinstance(held, LayerCall) and held.type == "Sequential":
            return entries(held, at_line(line))
        if isinstance(held, Parts):
            return Parts(tuple(self.made(item, line) for item in held.items))
        return held

    def assign(self, stmt: ast.Assign | ast.AnnAssign) -> None:
        if stmt.value is None:  # `model: Sequential` binds nothing
            self.guard.follow(*ast.walk(stmt.target))
            return
        targets: list[ast.expr] = [*stmt.targets] if isinstance(stmt, ast.Assign) else [stmt.target]
        if self.modules is not None and any(root(t) == "self" for t in targets):
            module(self, stmt, targets)
            return
        held = self.evaluate(stmt.value)
        unpacks = any(isinstance(t, (ast.Tuple, ast.List)) for t in targets)
        value = stmt.value
        named = value.elts if unpacks and isinstance(value, (ast.Tuple, ast.List)) else [value]
        self.guard.follow(*(n for n in named if isinstance(n, ast.Name)))  # m2 = model
        held = self.made(held, stmt.lineno) if unpacks or not isinstance(held, Parts) else held
        for target in targets:
            self.bind(target, held, stmt.lineno)

    def bind(self, target: ast.expr, held: Held, line: int) -> None:
        if isinstance(target, ast.Name):
            self.bind_name(target, held)
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            items = held.items if isinstance(held, Parts) else held
            if isinstance(items, tuple) and len(items) == len(target.elts):
                for elt, item in zip(target.elts, items, strict=True):
                    self.bind(elt, cast(Held, item), line)
                return
            for elt in target.elts:
                self.bind(elt, self.unread(target), line)
            return
        name = root(target)  # x.attr = ..., x[0] = ...: what x holds has changed
        if isinstance(target, ast.Starred) and isinstance(target.value, ast.Name):
            self.bind_name(target.value, self.unread(target))
        elif name is not None and name in self.reader.env:
            self.reader.forget(name, Words("code_input.why.changed", {"line": line}))

    def bind_name(self, target: ast.Name, held: Held) -> None:
        name = target.id
        self.guard.follow(target)
        held = held.collapse() if isinstance(held, Parts) else self.made(held, target.lineno)
        if self.models.pop(name, None) is not None and self.current == name:
            self.current = None  # the model was replaced by something else
        if isinstance(held, list):
            self.reader.drop(name)
            self.models[name] = held
            self.guard.ever.add(name)
            self.current = name
        elif isinstance(held, Unread):
            self.reader.forget(name, held.why)
        elif not isinstance(held, Parts):
            self.reader.bind(name, held)

    def augment(self, stmt: ast.AugAssign) -> None:
        target = stmt.target
        if isinstance(target, ast.Name) and target.id in self.models:
            raise self.guard.refusal("use", target, stmt.lineno)
        if isinstance(target, ast.Name):
            op = ast.BinOp(
                left=ast.Name(id=target.id, ctx=ast.Load()), op=stmt.op, right=stmt.value
            )
            self.bind_name(target, self.evaluate(ast.copy_location(op, stmt)))
        else:
            self.bind(target, self.unread(stmt), stmt.lineno)

    def delete(self, stmt: ast.Delete) -> None:
        for target in stmt.targets:
            elts = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
            for elt in elts:
                if isinstance(elt, ast.Name):
                    self.guard.follow(elt)
                    self.release(elt.id, Words("code_input.why.deleted", {"line": stmt.lineno}))
                elif self.modules is not None and self_attribute(elt):
                    self.guard.follow(elt)
                    self.modules.pop(elt.attr, None)
                else:
                    self.bind(elt, self.unread(stmt), stmt.lineno)

    def imports(self, stmt: ast.Import | ast.ImportFrom) -> None:
        for alias in stmt.names:
            name = alias.asname or alias.name.split(".")[0]
            if alias.name == "*" and (self.models or self.reader.env):
                raise input_error(
                    "code_input.import_star",
                    where=at_line(stmt.lineno),
                    code=self.reader.text(stmt),
                )
            if alias.name == "*":
                continue
            self.release(name, None)  # a library's name again
            if isinstance(stmt, ast.ImportFrom) and alias.asname not in (None, alias.name):
                self.reader.aliases[name] = alias.name

    def changed(self, stmt: ast.AST) -> None:
        """Lists and layers handed to a function (or a method) may be changed by it; names
        bound inside an expression (n := 3) are bound."""
        why = Words("code_input.why.changed", {"line": getattr(stmt, "lineno", 0)})
        for node in ast.walk(stmt):
            handed: list[ast.expr] = []
            if isinstance(node, ast.NamedExpr):
                self.release(node.target.id, why)
            elif isinstance(node, ast.Call) and id(node.func) not in self.guard.done:
                name = called(node.func)
                if name in self.guard.known or name[:1].isupper() or name in self.guard.safe:
                    continue
                handed = [*node.args, *(k.value for k in node.keywords)]
                handed += [node.func.value] if isinstance(node.func, ast.Attribute) else []
            elif isinstance(node, (ast.Attribute, ast.Subscript)) and not isinstance(
                node.ctx, ast.Load
            ):
                handed = [node.value]
            for expr in handed:
                owner = root(expr)
                if owner is not None and isinstance(self.reader.env.get(owner), (tuple, LayerCall)):
                    self.reader.forget(owner, why)

    def expression(self, node: ast.expr) -> None:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            return
        owner = node.func.value
        if isinstance(owner, ast.Name) and node.func.attr == "add":
            add(self, node, owner)
        elif isinstance(owner, ast.Name) and node.func.attr == "pop":
            pop(self, node, owner)
        elif isinstance(owner, ast.Name) and node.func.attr == "build":
            build(self, node, owner)
