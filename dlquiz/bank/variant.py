"""A question made concrete: inputs drawn for a seed, the answer computed by the solver.

Seed 0 is the question as written (the exam's own numbers); any other seed draws one of the
`cases` and fresh numbers for every `vary` entry; templates with the same `draw_group` (and
the same `cases` and `vary`) draw the same numbers for a seed. The expected answer, every step
value and every mistake's value come from the solver: nothing here is typed by hand.
"""

from __future__ import annotations

import importlib
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from dlquiz.bank.model import Question, Text
from dlquiz.errors import InputError, reason

PATH = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(-?\d+)\]|\.")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# Bounds on one `vary` entry: a solver's inputs are small arrays, so anything bigger is a
# typo, and drawing it would take minutes and gigabytes.
MAX_DRAWN = 10_000  # numbers drawn for one entry (the product of its shape)
MAX_DIMS = 4  # entries of its shape
MAX_GRID = 10**9  # points of its low..high grid
SPEC_KEYS = ("low", "high", "step", "shape", "values", "choices")
# what a solver may raise on inputs it was never meant to get (a malformed bank)
SOLVER_FAILS = (KeyError, AttributeError, IndexError, TypeError, ValueError, ArithmeticError)


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


def _number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


# A problem of a `vary` entry: a message of `command_input.vary` and its fields.
Problem = tuple[str, dict[str, object]]


def _shape_problem(shape: object) -> Problem | None:
    if not isinstance(shape, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape
    ):
        return "shape_list", {"shape": repr(shape)}
    if len(shape) > MAX_DIMS:
        return "dimensions", {"n": len(shape), "most": MAX_DIMS}
    if math.prod(shape) > MAX_DRAWN:
        return "too_many", {"shape": shape, "count": math.prod(shape), "most": MAX_DRAWN}
    return None


def spec_problem(spec: object) -> str | None:
    """Why numbers cannot be drawn for this `vary` entry (in English, as `questions validate`
    says it), or None when they can."""
    return None if (text := spec_text(spec)) is None else text.en


def spec_text(spec: object) -> Text | None:
    """Why numbers cannot be drawn for this `vary` entry, in both languages, or None. (The
    field {values} is the key `values`: written in zh, the glossary would read it as a term.)"""
    if (found := _spec_problem(spec)) is None:
        return None
    from dlquiz.messages import msg

    return msg(f"command_input.vary.{found[0]}", values="values", **found[1])


def _spec_problem(spec: object) -> Problem | None:
    """Checked before anything is drawn, so a huge shape is refused at once, not built."""
    if not isinstance(spec, dict):
        return "mapping", {}
    unknown = [str(k) for k in spec if k not in SPEC_KEYS]
    if unknown:
        return "unknown", {"unknown": ", ".join(unknown), "known": ", ".join(SPEC_KEYS)}
    if "choices" in spec:
        if not isinstance(spec["choices"], list) or not spec["choices"]:
            return "choices_empty", {}
        return ("choices_alone", {}) if len(spec) > 1 else None
    if (shape_problem := _shape_problem(spec.get("shape", []))) is not None:
        return shape_problem
    if "values" in spec:
        if not isinstance(spec["values"], list) or not spec["values"]:
            return "values_empty", {}
        return ("values_or_grid", {}) if {"low", "high", "step"} & set(spec) else None
    if not {"low", "high"} <= set(spec):
        return "needs", {}
    low, high, step = spec["low"], spec["high"], spec.get("step", 1)
    if not (_number(low) and _number(high) and _number(step)):
        return "not_finite", {}
    if step <= 0:
        return "step", {"step": step}
    if high < low:
        return "below", {"high": high, "low": low}
    points = (high - low) / step
    if not math.isfinite(points) or points > MAX_GRID:
        return "grid", {"most": MAX_GRID}
    return None


def _grid(spec: dict[str, Any], rng: random.Random) -> float:
    low, high, step = float(spec["low"]), float(spec["high"]), float(spec.get("step", 1))
    n = round((high - low) / step)
    return round(low + step * rng.randint(0, n), 10)


def draw(spec: dict[str, Any], rng: random.Random) -> Any:
    """One value for a `vary` entry: a whole choice, or a grid/values array of a shape.
    InputError when the entry cannot be drawn from (`spec_text`)."""
    problem = spec_text(spec)
    if problem is not None:
        raise InputError(problem.en, text=problem)
    if "choices" in spec:
        return rng.choice(spec["choices"])
    shape = list(spec.get("shape") or [])

    def one() -> Any:
        return rng.choice(spec["values"]) if "values" in spec else _grid(spec, rng)

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


class BankFault(InputError):
    """A question that cannot be used as its bank wrote it (a bank given with --bank is not
    checked by the solver until `questions validate`): the message names the question and
    says to validate its file. Why: `command_input.bank.<key>` with `fields`; `reason` is
    its English alone (as `questions validate` says it)."""

    def __init__(self, q: Question, key: str, **fields: object) -> None:
        from dlquiz.messages import msg
        from dlquiz.safe_text import visible

        why = msg(f"command_input.bank.{key}", **fields)
        text = msg("command_input.bank.fault", where=visible(f"{q.file}:{q.line}"), id=q.id,
                   reason=why, file=visible(q.file))  # fmt: skip
        super().__init__(text.en, text=text)
        self.reason = why.en


def make_variant(q: Question, seed: int = 0) -> Variant:
    """The question with the numbers of `seed` (0: as written) and the solver's result.
    BankFault when it cannot be made: a `vary` entry, the solver, the answer path or a
    figure name that does not work."""
    from dlquiz.figures import FIGURES

    inputs = dict(q.inputs)
    if seed and q.is_template:
        rng = random.Random(f"{q.draw_group or q.id}:{seed}")  # a group draws alike
        if q.cases:
            inputs.update(rng.choice(q.cases))
        for name, spec in q.vary.items():
            try:
                inputs[name] = draw(spec, rng)
            except InputError as exc:
                raise BankFault(q, "vary", name=name, reason=reason(exc)) from None
    elif q.cases:
        inputs.update(q.cases[0])
    else:
        seed = 0
    for figure in (q.figure, q.answer_figure):
        if figure is not None and figure not in FIGURES:
            raise BankFault(q, "figure", figure=figure)
    return Variant(q, seed, inputs, _solve(q, inputs))


def _solve(q: Question, inputs: dict[str, Any]) -> Any:
    """The solver's result for a question's inputs, its answer path checked; BankFault when
    the bank's question does not run."""
    if q.solver is None:
        return None
    try:
        solver(q.solver)
    except KeyError:
        raise BankFault(q, "solver", solver=q.solver) from None
    try:
        result = run_solver(q, inputs)
    except InputError as exc:
        raise BankFault(q, "rejected", reason=reason(exc)) from None
    except SOLVER_FAILS as exc:
        raise BankFault(q, "cannot_run", why=f"{type(exc).__name__}: {exc}") from None
    if q.answer is not None:
        try:
            resolve(result, q.answer)
        except (KeyError, AttributeError, IndexError, TypeError):
            raise BankFault(q, "answer_path", path=q.answer, solver=q.solver) from None
    return result


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
