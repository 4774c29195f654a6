"""`dlquiz solve params` errors in the student's language: model code, model text, options.

Each bad input gives one line: in Chinese with --lang zh (code quoted from the file, layer
names, symbols and the student's own names kept as they are), the same English as before with
--lang en, and both on one line without --lang. Messages that the command line cannot reach
are checked on the solver itself.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from dlquiz.errors import InputError
from dlquiz.solvers.code_reader import MAX_CODE
from dlquiz.solvers.layer_table import layer_table
from dlquiz.solvers.params import count_params
from dlquiz.text import Text
from tests.test_zh_errors import HAN

H = "model = Sequential()\nmodel.add(Dense(10, input_dim=3))\n"  # lines 1-2
T = (
    "import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n"
    "        super().__init__()\n        self.fc = nn.Linear(3, 4)\n"
)  # lines 1-5: a PyTorch class
TABLES = (layer_table("keras"), layer_table("pytorch"))
# layer names and their arguments (units, activation…): code, in any language
LAYERS = {name for t in TABLES for layer, sig in t.layers.items() for name in (layer, *dict(sig))}
# words a Chinese line may hold besides code: names of tools, frameworks and parameters
NAMES = {"dlquiz", "Keras", "PyTorch", "Python", "UTF", "keras", "pytorch", "framework"}
NOT_FOUND = "No such file or directory"  # the system's words for a missing file


class Case(NamedTuple):
    id: str
    code: str | bytes | None  # written to a file given as --code, unless args name it
    args: tuple[str, ...]
    english: str  # what the line said in English before it had a Chinese version
    system: str = ""  # words of Python or the system quoted in the line, in English
    stdin: str | None = None


L = "model = Sequential([Dense({}, input_dim=2)])\n"  # a model with one name to read
CASES = [
    Case("loop", H + "for i in range(2):\n    model.add(Dense(3))\n", (), "line 4: layers are "
         "added in a loop, which dlquiz does not follow; write each model.add(...) on its own"),
    Case("comprehension", H + "[model.add(Dense(3)) for _ in range(2)]\n", (),
         "line 3: layers are added in a comprehension"),
    Case("condition", H + "ok = 1\nok and model.add(Dense(3))\n", (), "under a condition"),
    Case("if name", H + "if deep:\n    model.add(Dense(3))\n", (), "line 4: layers are added "
         "under `if deep:`, which dlquiz does not follow; keep the lines you mean, or give deep "
         "as a setting, deep=1"),
    Case("if test", H + "if n > 2:\n    model.add(Dense(3))\n", (),
         "line 4: layers are added under `if n > 2:`, which dlquiz does not follow; keep the"),
    Case("try", H + "try:\n    model.add(Dense(3))\nexcept Exception:\n    pass\n", (),
         "line 4: layers are added in a try block"),
    Case("lambda", H + "f = lambda: model.add(Dense(3))\nf()\n", (), "added in a lambda"),
    Case("match", H + "match mode:\n    case 'deep':\n        model.add(Dense(3))\n", (),
         "line 5: layers are added in a match block"),
    Case("async", H + "async def f():\n    model.add(Dense(3))\n", (), "added in async code"),
    Case("function", H + "def more():\n    model.add(Dense(3))\n", (), "line 4: layers are "
         "added in the function more, which dlquiz does not follow; dlquiz reads a function only "
         "when no model is made outside functions; write the model at the top level"),
    Case("class", H + "class C:\n    model.add(Dense(3))\n", (), "added in the class C"),
    Case("after return", "def build():\n    model = Sequential([Dense(3, input_dim=2)])\n"
         "    return model\n    model.add(Dense(1))\n", (), "line 4: layers are added after the "
         "return on line 3, which dlquiz does not follow; remove the lines after it"),
    Case("pop in a loop", H + "for i in range(2):\n    model.pop()\n", (), "line 4: a layer may "
         "be removed in a loop, which dlquiz does not follow; it follows model.pop() on its own "
         "line; leave other .pop(...) calls out of the code"),
    Case("made under if", "if deep:\n    model = Sequential()\n", (),
         "line 2: a model is made under `if deep:`"),
    Case("used", H + "add_head(model)\n", (), "line 3: the model `model` is used in "
         "`add_head(model)`, which dlquiz does not follow; it follows model.add(layer), "
         "model.pop() and calls such as model.summary()"),
    Case("module in a loop", T + "        for i in range(2):\n"
         "            self.add_module(str(i), nn.Linear(4, 4))\n", (), "line 7: a module is set "
         "in a loop, which dlquiz does not follow; write each self.name = nn.Layer(...) on its"),
    Case("module again", T + "        self.fc = make()\n", (),
         "line 6: self.fc is set again, to `make()`, which dlquiz cannot read as a module"),
    Case("two classes", T + "class B(nn.Module):\n    def __init__(self):\n"
         "        super().__init__()\n        self.fc = nn.Linear(2, 4)\n", (), "the code sets "
         "layers in two classes, Net (line 2) and B (line 6); dlquiz counts one model: give it"),
    Case("functional", "inp = Input(shape=(3,))\nx = Dense(4)(inp)\n", (),
         "line 2: `Dense(4)(inp)` is the functional API, which dlquiz does not follow; write"),
    Case("unknown layer", H + "model.add(Foo(3))\n", (),
         "line 3: Foo is not a layer dlquiz knows; it knows Dense, SimpleRNN, LSTM"),
    Case("syntax", "model = Sequential(\n", (), "line 1: the code is not valid Python ('(' was "
         "never closed); paste it as printed", "was never closed"),
    Case("too many layers", "model = Sequential()\nmodel.add(Dense(1, input_dim=1))\n"
         + "model.add(Dense(1))\n" * 200, (), "the model has 201 layers; at most 200"),
    Case("file too long", "x = 1\n" * 20_000, (),
         f"is longer than {MAX_CODE} characters; at most {MAX_CODE}"),
    Case("stdin too long", None, ("--code", "-"), "the code in stdin (--code -) is longer than "
         f"{MAX_CODE} characters", stdin="x" * (MAX_CODE + 1)),
    Case("NUL", b"x = 1\nmodel = Sequential(\x00)\n", (),
         "line 2: the code holds a NUL character, so it is not text"),
    Case("not UTF-8", b"model = \xff\xfe\n", (),
         "is not UTF-8 text (byte 0xff); save the code as UTF-8"),
    Case("eval", "x = eval('3')\n", (), "line 1: the code uses eval, which dlquiz refuses: it "
         "reads model code and never runs it; remove that line"),
    Case("no model", "x = 1\n", (), "the code builds no model: dlquiz follows model = "
         "Sequential() with model.add(...), Sequential([...]) or nn.Sequential(...)"),
    Case("twice", "d = Dense(4, input_dim=4)\nmodel = Sequential([d, d])\n", (),
         "line 1: the layer `Dense(4, input_dim=4)` is in the model twice, and one layer in two "
         "places shares its weights; write a new layer for each place"),
    Case("called with values", "def build(units=8):\n    return Sequential([Dense(units, "
         "input_dim=2)])\nmodel = build(16)\n", (), "line 3: build(...) is called with values, "
         "and dlquiz reads build with its default values; write the values as its defaults, or "
         "give them as settings"),
    Case("import *", "n = 3\nfrom helpers import *\n", (), "line 2: `from helpers import *` "
         "comes after names are set and may replace any of them; put the imports first"),
    Case("own name", "Dense = LSTM\nmodel = Sequential([Dense(3, input_dim=2)])\n", (),
         "line 2: `Dense(3, input_dim=2)` calls Dense, which the code itself assigns or "
         "defines; dlquiz reads a layer by its own name, e.g. Dense(1)"),
    Case("unreadable", H + "model.add(Dense(X.shape[0]))\n", (), "line 3: `X.shape[0]` cannot "
         "be read without running it; write the number itself, or a name given as a setting"),
    Case("condition value", H + "model.add(Dense(3 if Dense(1) else 2))\n", (),
         "line 3: `Dense(1)` cannot be read as a condition"),
    Case("model as value", "inner = Sequential([Dense(2, input_dim=2)])\n"
         "model = Sequential([inner, Dense(1)])\n", (), "line 2: inner is a model, and dlquiz "
         "does not follow a model used inside another or as a value; list its layers instead"),
    Case("set in a loop", "for i in range(2):\n    n = i\n" + L.format("n"), (), "line 3: n "
         "is set on line 2 by code dlquiz does not follow; give its value as a setting, n=N"),
    Case("changed", "layers = [Dense(3, input_dim=2)]\nf(layers)\nmodel = Sequential(layers)\n",
         (), "line 3: layers is changed on line 2 by code dlquiz does not follow"),
    Case("defined", "def n():\n    return 3\n" + L.format("n"), (), "line 3: n is defined on "
         "line 1; give its value as a setting, n=N"),
    Case("deleted", "n = 3\ndel n\n" + L.format("n"), (), "line 3: n is deleted on line 2"),
    Case("parameter", "def build(units):\n    return " + L.format("units")[8:] + "m = build()\n",
         (), "line 2: units is a parameter of build without a default value"),
    Case("changed by", "n = 3\ndef setup():\n    global n\n    n = 4\n" + L.format("n"), (),
         "line 5: n is changed by setup, which dlquiz does not run"),
    Case("with", "with open('f') as n:\n    pass\n" + L.format("n"), (),
         "line 3: n is set on line 1 by code dlquiz does not run"),
    Case("list of a model", "a, b = [Sequential()], 1\n" + L.format("a"), (),
         "line 2: a is a list holding a model, which dlquiz does not follow"),
    Case("never assigned", L.format("n"), (),
         "line 1: n is never assigned in the code; give its value as a setting, n=N"),
    Case("not a number", H + "model.add(Dense(-'a'))\n", (), "line 3: `'a'` must be a number"),
    Case("divides by zero", H + "model.add(Dense(3 // 0))\n", (), "line 3: `3 // 0` divides by"),
    Case("too large", H + "model.add(Dense(10**100))\n", (), "line 3: `10**100` is too large"),
    Case("operator", H + "model.add(Dense(1 << 2))\n", (), "`1 << 2` uses an unknown operator"),
    Case("not usable", H + "model.add(Dense(10**20))\n", (), "`10**20` is not a usable number"),
    Case("starred", H + "model.add(Dense(*sizes))\n", (),
         "line 3: write the arguments of `Dense(*sizes)` out"),
    Case("not a layer", H + "model.add(3)\n", (),
         "line 3: `3` is not a layer; write layers such as LSTM(30) or Dense(1)"),
    Case("pop index", H + "model.pop(0)\n", (),
         "line 3: model.pop() takes no index: it removes the last layer; write model.pop()"),
    Case("pop empty", "model = Sequential()\nmodel.pop()\n", (),
         "line 2: model.pop() on a model with no layers left"),
    Case("build shape", "model = Sequential([Dense(2)])\nmodel.build(3)\n", (),
         "line 2: model.build() wants the input shape with its batch size first"),
    Case("build empty", "model = Sequential()\nmodel.build((None, 3))\n", (),
         "line 2: model.build() on a model with no layers; add its layers first"),
    Case("pop input", "model = Sequential()\nmodel.add(Dense(3, batch_input_shape=(None, 2)))\n"
         "model.pop()\n", (), "line 3: pop() removes `Dense(3, batch_input_shape=(None, 2))`, "
         "the layer that gives the model its input; start the model with Input(shape=(...)) "),
    Case("add to no model", "s = 3\ns.add(1)\n", (), "line 2: `s.add(1)` adds a layer to s, but "
         "the code does not make s with Sequential(); dlquiz counts a model made as s = Seq"),
    Case("pop from no model", "for i in range(2):\n    m = i\nm.pop()\n", (), "line 3: `m.pop()`"
         " removes a layer from m, but m is set on line 2 by code dlquiz does not follow"),
    Case("add two", H + "model.add(Dense(1), Dense(2))\n", (),
         "line 3: write model.add(layer) with one layer, not `model.add(Dense(1), Dense(2))`"),
    Case("add a list", H + "model.add([Dense(1)])\n", (), "line 3: model.add(...) takes one "
         "layer, not a list; add each layer with its own model.add(...)"),
    Case("positional", "model = Sequential([LSTM(30, 'relu', 'sigmoid', True, True, input_shape="
         "(3, 1))])\n", (), "line 1: LSTM takes at most 4 arguments by position; give the "
         "others by name, e.g. return_sequences=..."),
    Case("given twice", "model = Sequential([Dense(3, units=3, input_dim=2)])\n", (),
         "line 1: Dense got units twice, by position and by name"),
    Case("keyword", "model = Sequential([LSTM(30, unitz=2, input_shape=(3, 1))])\n", (),
         "line 1: LSTM has no keyword unitz; it takes units, activation"),
    Case("missing", "model = Sequential([Dense(input_dim=3)])\n", (),
         "line 1: Dense needs units, e.g. Dense(1)"),
    Case("missing two", None, ("--model", "Input(shape=(3, 1)); LSTM()", "--framework", "pytorch"),
         "layer 2 (LSTM()): LSTM needs input_size and hidden_size, e.g. LSTM(1, 30)"),
    Case("whole", "model = Sequential([LSTM(30.5, input_shape=(3, 1))])\n", (),
         "line 1: units must be a whole number ≥ 1, not 30.5"),
    Case("choice", None, ("--model", "Input(shape=(3, 1)); Bidirectional(LSTM(3), merge_mode=0)"),
         "merge_mode must be one of 'concat', 'sum', 'mul', 'ave', not 0"),
    Case("shape", None, ("--model", "LSTM(30, input_shape=(3, 0))"), "layer 1 (LSTM(30, "
         "input_shape=(3, 0))): input_shape must be a tuple of sizes such as (3, 1), not (3, 0)"),
    Case("dims", None, ("--model", "LSTM(30, input_shape=(3,))"),
         "LSTM needs input of shape (timesteps, features) per sample, not (3,)"),
    Case("last dimension", None, ("--model", "Dense(3, input_shape=(None,))"),
         "Dense needs a known last input dimension, not (None,)"),
    Case("window", None, ("--model", "Conv1D(4, 5, input_shape=(3, 1))"),
         "the input has only 3 steps, too few for this window"),
    Case("Input later", None, ("--model", "LSTM(3, input_shape=(3, 1)); Input(shape=(3,))"),
         "layer 2 (Input(shape=(3,))): Input(...) must come first, before the layers"),
    Case("Input shape", None, ("--model", "Input(); Dense(1)"),
         "Input needs shape=(...), e.g. Input(shape=(3, 1))"),
    Case("no input shape", None, ("--model", "LSTM(30)"), "layer 1 (LSTM(30)): the first layer, "
         "LSTM, has no input shape; add input_shape=(n_steps, n_features) to it"),
    Case("no layers", None, ("--model", "Input(shape=(3, 1))"),
         "the model has no layers; give some, e.g. LSTM(30, input_shape=(3, 1))"),
    Case("framework of the layer", None, ("--model", "Dense(3)", "--framework", "pytorch"),
         "Dense is not a layer dlquiz knows (Dense is a Keras layer: set the framework)"),
    Case("text too long", None, ("--model", "Dense(1);" * 12_000),
         f"the model text is 108000 characters long; at most {MAX_CODE}"),
    Case("text nested", None, ("--model", "Dense(" + "1+" * 30_000 + "1)"),
         "the model text is nested too deeply to read; simplify it"),
    Case("code nested", "x = " + "1+" * 30_000 + "1\n", (),
         "the code is nested too deeply to read; simplify it"),
    Case("bad part", None, ("--model", "LSTM(30"), "part 1 of the model, `LSTM(30`, is not valid "
         "('(' was never closed); write layers like LSTM(30, input_shape=(3, 1)); Dense(1)",
         "was never closed"),
    Case("text never assigned", None, ("--model", "LSTM(n, input_shape=(3, 1))"),
         "layer 1: n is never assigned anywhere; give its value as a setting, n=N"),
    Case("not a call", None, ("--model", "f[0](3)"), "layer 1: `f[0](3)` is not a layer call"),
    Case("text eval", None, ("--model", "eval(3)"), "the code uses eval, which dlquiz refuses"),
    Case("model and code", "x = 1\n", ("--model", "Dense(1)", "--code", "{code}"),
         "give --model or --code, not both"),
    Case("no file", None, ("--code", "/nonexistent/model.py"),
         f"cannot read --code /nonexistent/model.py: {NOT_FOUND}", NOT_FOUND),
    Case("--set", None, ("--set", "n_steps"),
         "--set takes NAME=VALUE, e.g. --set n_steps=3, not 'n_steps'"),
    Case("--framework", None, ("--framework", "jax"), "framework must be keras or pytorch, not"),
]  # fmt: skip


WORD = r"(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*"  # a name, not the x of 0xff


def english_words(line: str, given: str) -> list[str]:
    """English words of a Chinese line, but for code (`quoted`, or a name followed by `(`, `=`
    or `.`), option names, what the student gave (`given`), layer names and a few names."""
    text = re.sub(r"`[^`]*`|'[^']*'|--[\w-]+", " ", line)
    text = re.sub(WORD + r"(?=\s*[(=.])|\.[A-Za-z_]\w*", " ", text)
    typed = set(re.findall(WORD, given))
    words = [w for w in re.findall(WORD, text) if w.isalpha() and len(w) >= 3]
    return [w for w in words if w not in typed | LAYERS | NAMES]


Said = Callable[[Case, tuple[str, ...]], tuple[str, str]]


@pytest.fixture
def said(tmp_path: Path, bad: Callable[..., str]) -> Said:
    """The error line of a case (its code written to a file), and all the student gave."""

    def run(case: Case, lang: tuple[str, ...]) -> tuple[str, str]:
        path = tmp_path / "model.py"
        code = case.code.encode() if isinstance(case.code, str) else case.code
        if code is not None:
            path.write_bytes(code)
        args = tuple(a.replace("{code}", str(path)) for a in case.args)
        if code is not None and "--code" not in args:
            args = ("--code", str(path), *args)
        given = " ".join((code.decode(errors="replace") if code else "", *args, case.system))
        return bad("solve", "params", *args, *lang, input=case.stdin), given

    return run


@pytest.mark.parametrize("lang", ["zh", "en", "both"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_code_error_is_one_line_in_the_language_asked(
    said: Said, case: Case, lang: str
) -> None:
    """zh: Chinese but for code; en: the same English as before; both: English · Chinese."""
    line, given = said(case, () if lang == "both" else ("--lang", lang))
    en, _, zh = line.partition(" · 錯誤：") if lang == "both" else (line, "", line[3:])
    if lang != "zh":
        assert en.startswith("error: ") and case.english in en and not HAN.search(en), line
    if lang != "en":
        assert (lang == "both" or line.startswith("錯誤：")) and HAN.search(zh), line
        assert english_words(zh, given) == [] and "(option" not in zh, line


# --- messages the command line does not reach: said by the solver in both languages ------------


def _both(exc: InputError, english: str) -> None:
    assert exc.message == english or english in exc.message, exc.message
    assert isinstance(exc.text, Text) and exc.text.en == exc.message
    assert HAN.search(exc.text.zh) and not HAN.search(exc.text.en), exc.text


@pytest.mark.parametrize(
    ("kwargs", "english", "param"),
    [
        ({"settings": {"n": "three"}}, "setting n must be a number, not 'three'", "settings"),
        ({"gates": 9}, "gates must be between 1 and 8 (an LSTM has 4), not 9", "gates"),
        ({"biases": 3}, "biases must be 0, 1 or 2 bias vectors per gate, not 3", "biases"),
        ({"model": "Dense(1)", "code": "x = 1"},
         "give the model either as layers or as code, not both", "code"),
        ({"framework": "jax"}, "framework must be keras or pytorch, not 'jax'", "framework"),
        ({"model": ""}, "the model has no layers; give some", "model"),
    ],
)  # fmt: skip
def test_solver_messages_have_both_languages(
    kwargs: dict[str, object], english: str, param: str
) -> None:
    with pytest.raises(InputError) as caught:
        count_params(**kwargs)  # type: ignore[arg-type]
    _both(caught.value, english)
    assert caught.value.param == param


def test_code_python_cannot_read_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> ast.Module:
        raise ValueError("source code cannot be read")

    monkeypatch.setattr(ast, "parse", refuse)
    with pytest.raises(InputError) as caught:
        count_params(code="model = Sequential([Dense(1, input_dim=1)])")
    _both(caught.value, "the code cannot be read as Python; paste it as printed")


def test_a_closed_stdin_is_said_in_both(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlquiz.cli.solve_params import _read_code

    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError) as caught:
        _read_code("-")
    _both(caught.value, "cannot read stdin (--code -): it is closed")


def test_a_layer_message_keeps_both_languages_where_it_is_said() -> None:
    """`Context.fail` and `Context.error` put "line 5: " before a catalog message, both
    languages kept."""
    from dlquiz.errors import Words, input_error
    from dlquiz.solvers.layer_args import Context
    from dlquiz.solvers.layer_count import Knobs

    ctx = Context(TABLES[0], Knobs(None, None), Words("code_input.place.line", {"line": 5}))
    said = ctx.fail(input_error("code_input.input_needs_shape"))
    _both(said, "line 5: Input needs shape=(...), e.g. Input(shape=(3, 1))")
    assert isinstance(said.text, Text) and said.text.zh.startswith("第 5 行：Input 需要")
    groups = ctx.error("code_input.layer.keras_groups", groups=2, channels=3, filters=4)
    assert groups.message == "line 5: groups=2 must divide both 3 channels and 4"
    assert groups.text == Text(groups.message, "第 5 行：groups=2 必須能同時整除 3 個通道與 4")
