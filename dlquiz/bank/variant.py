"""A question made concrete: inputs drawn for a seed, the answer computed by the solver.

Seed 0 is the question as written (the exam's own numbers); any other seed draws one of the
`cases` and fresh numbers for every `vary` entry; templates with the same `draw_group` (and
the same `cases` and `vary`) draw the same numbers for a seed. The expected answer, every step
value and every mistake's value come from the solver: nothing here is typed by hand.
"""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from dlquiz.bank.model import Question
from dlquiz.errors import InputError

PATH = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(-?\d+)\]|\.")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@cache
def solver(name: str) -> Callable[..., Any]:
    """The solver function registered under `name`."""
    from dlquiz.solvers import SOLVERS

    if name not in SOLVERS:
        raise KeyError(name)
    module, function = SOLVERS[name].split(":")
    fn: Callable[..., Any] = getattr(importlib.import_module(module), function)
    return fn


def resolve(result: Any, path: str) -> Any:
    """Follow `y[1]`, `layers[0].params`, `total` into a solver result."""
    value = result
    pos = 0
    for match in PATH.finditer(path):
        if match.start() != pos:
            raise KeyError(path)
        pos = match.end()
        name, index = match.groups()
        if name is not None:
            value = getattr(value, name)
        elif index is not None:
            value = value[int(index)]
    if pos != len(path) or not path:
        raise KeyError(path)
    return value


def label(path: str) -> str:
    """A readable name for a result path: h[0] → h₁, layers[1].params → layers 2 params."""
    from dlquiz.latex import prose

    out = re.sub(
        r"\[(-?\d+)\]", lambda m: f"_{int(m.group(1)) + 1}" if int(m.group(1)) >= 0 else "_T", path
    )
    return prose(out.replace(".", " ").replace("layers_", "layers "))


def _grid(spec: dict[str, Any], rng: random.Random) -> float:
    low, high, step = float(spec["low"]), float(spec["high"]), float(spec.get("step", 1))
    n = round((high - low) / step)
    return round(low + step * rng.randint(0, n), 10)


def draw(spec: dict[str, Any], rng: random.Random) -> Any:
    """One value for a `vary` entry: a whole choice, or a grid/values array of a shape."""
    if "choices" in spec:
        return rng.choice(spec["choices"])
    shape = list(spec.get("shape") or [])

    def one() -> Any:
        if "values" in spec:
            return rng.choice(spec["values"])
        return _grid(spec, rng)

    def build(dims: list[int]) -> Any:
        return one() if not dims else [build(dims[1:]) for _ in range(int(dims[0]))]

    return build(shape)


@dataclass(frozen=True)
class Variant:
    question: Question
    seed: int
    inputs: dict[str, Any]
    result: Any  # the solver's result, or None for questions without a solver

    @property
    def expected(self) -> Any:
        q = self.question
        if q.solver is None or q.answer is None:
            return None
        return resolve(self.result, q.answer)

    def mistake_value(self, index: int, base: dict[str, Any] | None = None) -> Any:
        """What the answer would be with mistake number `index` (made on top of `base`, the
        changes of an accepted alternative, when given)."""
        m = self.question.mistakes[index]
        return self.value_with({**(base or {}), **m.changes}, m.answer)

    def accepted_value(self, index: int) -> Any:
        """The answer under accepted alternative number `index` (another right answer)."""
        alt = self.question.accept[index]
        return self.value_with(alt.changes, alt.answer)

    def value_with(self, changes: dict[str, Any], answer: str | None = None) -> Any:
        """The answer with some solver inputs changed, at `answer` (default: the question's)."""
        result = run_solver(self.question, {**self.inputs, **changes})
        return resolve(result, answer or self.question.answer or "")

    def prompt(self, lang: str) -> str:
        return fill(self.question.prompt.get(lang), self.inputs)


def run_solver(q: Question, inputs: dict[str, Any]) -> Any:
    if q.solver is None:
        return None
    return solver(q.solver)(**inputs)


def make_variant(q: Question, seed: int = 0) -> Variant:
    """The question with the numbers of `seed` (0: as written) and the solver's result."""
    inputs = dict(q.inputs)
    if seed and q.is_template:
        rng = random.Random(f"{q.draw_group or q.id}:{seed}")  # a group draws alike
        if q.cases:
            inputs.update(rng.choice(q.cases))
        for name, spec in q.vary.items():
            inputs[name] = draw(spec, rng)
    elif q.cases:
        inputs.update(q.cases[0])
    else:
        seed = 0
    return Variant(q, seed, inputs, run_solver(q, inputs))


def fill(text: str, inputs: dict[str, Any]) -> str:
    """Replace each {{name}} with the input's value, written as the exam writes numbers."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in inputs:
            return match.group(0)
        return show(inputs[name])

    return PLACEHOLDER.sub(value, text)


def show(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)):
        return f"{float(value):.6g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)


def check_inputs(q: Question, inputs: dict[str, Any]) -> str | None:
    """Why the solver rejects these inputs, or None when it accepts them."""
    try:
        run_solver(q, inputs)
    except InputError as exc:
        return str(exc)
    except TypeError as exc:
        return f"the solver does not take these inputs ({exc})"
    return None
