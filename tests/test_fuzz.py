"""Fuzzing the readers of untrusted text, each for a fixed time budget.

A reader either gives a well-formed value or raises InputError (one line for the student):
never another exception, never a non-finite number, never more than a second on one input.
Inputs are drawn from a grammar of what students (and hostile users) type: numbers in every
spelling, brackets, operators, function names, labels, units, Unicode look-alikes, control
characters and very long or deeply nested pieces. The budget is DLQUIZ_FUZZ_SECONDS per
target (default 3); the seed is printed, so a failure can be replayed.
"""

from __future__ import annotations

import math
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dlquiz.bank.grade import grade
from dlquiz.bank.load import load_bank
from dlquiz.bank.variant import make_variant
from dlquiz.errors import InputError
from dlquiz.numparse import parse_array, parse_number

SECONDS = float(os.environ.get("DLQUIZ_FUZZ_SECONDS", "3"))
SLOW = 1.0  # seconds one input may take
ATOMS = [
    "0", "1", "-1", "2.5", "1e3", "1e-300", "1e308", "1e309", "-0", ".5", "5.", "3,840",
    "1_000", "∞", "inf", "nan", "NaN", "½", "１２", "٣", "2.737", "1.459", "−1", "1/3", "0x1F",
    "tanh(2)", "exp(1000)", "ln(0)", "sqrt(-1)", "log2(8)", "sigmoid(0)", "abs(-3)", "pi", "e",
    "2**1000", "2^10", "10**-400", "(", ")", "[", "]", "{", "}", ",", ";", " ", "  ", "\t", "\n",
    "+", "-", "*", "/", "×", "·", "^", "%", "=", ":", "：", "，", "；", "。", "、", "→",
    "y1=", "y₂ =", "ans:", "答：", "params", "個參數", "bits", "H(P)=", "x", "lambda", "__import__",
    "os.system", "'a'", '"b"', "True", "None", "...", "@", "#", "\\", "$", "\x00", "\x1b[2J",
    "\x1b]52;c;eA==\x07", "\u200b", "\ufeff", "\ud800", "é", "閘", "i_t", "f_t", "o_t", "σ",
    "input gate", "輸入閘", "Fig. 2(b)", "a", "b", "both", "(b)",
]  # fmt: skip


def hostile_text(rng: random.Random) -> str:
    """One input: atoms joined, sometimes nested deep or repeated long."""
    pieces = [rng.choice(ATOMS) for _ in range(rng.randint(1, 12))]
    text = rng.choice(["", " ", ","]).join(pieces)
    roll = rng.random()
    if roll < 0.05:
        depth = rng.choice([50, 900, 5000])
        text = "[" * depth + text + "]" * rng.choice([0, depth])
    elif roll < 0.10:
        text = text * rng.choice([100, 3000])
    elif roll < 0.15:
        text = "(" * rng.choice([100, 2000]) + "1" + ")" * rng.choice([100, 2000])
    return text


def fuzz(target: Callable[[str], Any], check: Callable[[Any], None], name: str) -> int:
    """Run `target` on hostile inputs for SECONDS; the number of inputs tried."""
    seed = int(os.environ.get("DLQUIZ_FUZZ_SEED", str(random.randrange(1 << 30))))
    rng = random.Random(seed)
    end = time.monotonic() + SECONDS
    tried = 0
    while time.monotonic() < end:
        text = hostile_text(rng)
        started = time.monotonic()
        try:
            value = target(text)
        except InputError as exc:
            assert "\n" not in str(exc).strip(), (name, seed, text[:200])
            value = None
        except Exception as exc:  # a reader must not fail any other way
            raise AssertionError(f"{name} seed={seed}: {exc!r} on {text[:200]!r}") from exc
        took = time.monotonic() - started
        assert took < SLOW, (name, seed, f"{took:.2f} s", text[:200])
        if value is not None:
            check(value)
        tried += 1
    return tried


def _finite(value: Any) -> None:
    if isinstance(value, list):
        for v in value:
            _finite(v)
    else:
        assert isinstance(value, float) and math.isfinite(value), value


def test_the_number_reader_survives_hostile_text() -> None:
    assert fuzz(parse_number, _finite, "parse_number") > 100
    assert fuzz(parse_array, _finite, "parse_array") > 100


BANK = {q.id: q for q in load_bank()}


@pytest.mark.parametrize(
    "qid", ["final-2023-q4", "final-2023-q5a", "final-2023-q3", "final-2023-q1a", "final-2023-q2"]
)
def test_the_answer_reader_survives_hostile_text(qid: str) -> None:
    variant = make_variant(BANK[qid], 0)

    def graded(text: str) -> Any:
        return grade(variant, [text])

    def well_formed(g: Any) -> None:
        assert 0.0 <= g.score <= 1.0 and g.correct == (g.score == 1.0 or g.correct)

    assert fuzz(graded, well_formed, qid) > 20


CODE_ATOMS = [
    "model = Sequential()\n", "model.add(Dense(10, input_shape=(4,)))\n", "model.add(Dense(",
    "LSTM(30, return_sequences=True, input_shape=(3,1))", "model.add(LSTM(30))\n", "Dense(1)",
    "model.pop()\n", "model.add(layer=Dense(5))\n", "[model.add(Dense(2)) for _ in range(3)]\n",
    "if deep:\n    model.add(Dense(100))\nelse:\n    model.add(Dense(1))\n", "for i in range(3):\n",
    "    ", "\t", ")", "(", "]", "[", ",", "=", "10**100", "-1", "1e308", "'x'", "None", "*layers",
    "import os\n", "os.system('echo pwned')\n", "__import__('os')\n", "exec('1')\n", "lambda: 0\n",
    "def build(n=3):\n    return Sequential([Dense(n)])\n", "model = build()\n", "del model\n",
    "class Net(nn.Module):\n", "    def __init__(self):\n", "        self.fc = nn.Linear(4, 2)\n",
    "x = Input((4,))\n", "y = Dense(4)(x)\n", "\x00", "\ufeff", "é", "閘", "\n", "#", '"""', "\\",
]  # fmt: skip


def hostile_code(rng: random.Random) -> str:
    text = "".join(rng.choice(CODE_ATOMS) for _ in range(rng.randint(1, 25)))
    if rng.random() < 0.05:
        text = "(" * rng.choice([100, 1000]) + "1" + ")" * rng.choice([0, 100, 1000])
    return text


def test_the_model_code_reader_survives_hostile_code() -> None:
    from dlquiz.solvers.params import count_params

    seed = int(os.environ.get("DLQUIZ_FUZZ_SEED", str(random.randrange(1 << 30))))
    rng = random.Random(seed)
    tried = 0

    def counted(_: str) -> Any:
        code = hostile_code(rng)
        framework = rng.choice(["keras", "pytorch"])
        return count_params(model=None, code=code, framework=framework, settings={})

    def whole(result: Any) -> None:
        data = result.to_json()
        total = data.get("total")
        assert isinstance(total, int) and total >= 0, data

    tried = fuzz(counted, whole, f"count_params seed={seed}")
    assert tried > 20


YAML_ATOMS = [
    "format_version: 1\n", "questions:\n", "- id: fz\n", "  topic: kl\n", "  type: numeric\n",
    "  prompt: {en: a, zh: b}\n", "  solver: kl\n", "  inputs: {p: [0.5, 0.5], q: [0.9, 0.1]}\n",
    "  answer: kl\n", "  tolerance: {rel: .inf}\n", "  vary: {p: {shape: [100000, 100000]}}\n",
    "a: &a [1, 2]\n", "b: *a\n", "c: [*a, *a, *a]\n", "!!python/object/apply:os.system [ls]\n",
    "<<: *a\n", "%YAML 1.1\n", "---\n", "...\n", "- - - - - - - - 1\n", "[[[[[[[[", "]]]]",
    "{", "}", ": ", "- ", "  ", "\t", "'", '"', "\x1b[2J", "\x00", "é", "閘", "key: value\n",
    "key: value\n", "? complex\n", "|\n  block\n", ">\n  folded\n", "&x ", "*x", "!foo ",
]  # fmt: skip


def test_the_yaml_loader_survives_hostile_banks(tmp_path: Path) -> None:
    from dlquiz.bank.load import load_file

    seed = int(os.environ.get("DLQUIZ_FUZZ_SEED", str(random.randrange(1 << 30))))
    rng = random.Random(seed)
    path = tmp_path / "fuzz.yaml"

    def loaded(_: str) -> Any:
        text = "".join(rng.choice(YAML_ATOMS) for _ in range(rng.randint(1, 30)))
        if rng.random() < 0.05:
            text = "- " * rng.choice([100, 5000]) + "1\n"
        path.write_text(text, encoding="utf-8")
        return load_file(path)

    def listed(result: Any) -> None:
        _, problems = result
        for p in problems:
            assert "\x1b" not in str(p) and "\n" not in str(p).strip(), str(p)

    assert fuzz(loaded, listed, f"load_file seed={seed}") > 20
