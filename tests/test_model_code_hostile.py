"""`dlquiz solve params --code` on hostile input: every form is followed correctly or refused.

Code is read with `ast` and never run. A form that could change the model is either followed
as Python would run it (checked against counts computed here from the layer formulas) or
refused with its line; input that cannot be code (endless, not UTF-8, NUL bytes, nested too
deeply, too many layers) is one line of input error, read only up to the size limit.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dlquiz.solvers.code_reader import MAX_CODE


def dense(inputs: int, units: int) -> int:
    return units * (inputs + 1)  # Keras Dense / torch Linear: weights and one bias


def lstm(inputs: int, units: int) -> int:
    return 4 * units * (units + inputs + 1)  # Keras: four gates, one bias each


HEAD = "model = Sequential()\nmodel.add(Dense(10, input_dim=3))\n"  # lines 1-2


@pytest.fixture
def code(tmp_path: Path) -> Callable[[str | bytes], str]:
    """Write code to a file and give its path (bytes are written as they are)."""

    def write(text: str | bytes) -> str:
        path = tmp_path / f"model{len(list(tmp_path.iterdir()))}.py"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return str(path)

    return write


@pytest.fixture
def total(code: Callable[[str], str], run_json: Callable[..., Any]) -> Callable[..., int]:
    def count(text: str, *args: str) -> int:
        data = run_json("solve", "params", "--code", code(text), *args)
        assert data["total"] == sum(layer["params"] for layer in data["layers"])
        return int(data["total"])

    return count


@pytest.fixture
def refused(code: Callable[[str], str], bad: Callable[..., str]) -> Callable[..., str]:
    def refuse(text: str, *args: str) -> str:
        return bad("solve", "params", "--code", code(text), *args)

    return refuse


# --- reading: bounded, and one line for anything that is not code -----------------------------


class Endless(io.RawIOBase):
    """stdin that never ends (like /dev/zero); reading far past the limit fails the test."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        assert self.served < 20 * MAX_CODE, "stdin was read far past the size limit"
        buffer[: len(buffer)] = b"x" * len(buffer)
        self.served += len(buffer)
        return len(buffer)


def test_endless_stdin_is_read_only_up_to_the_limit(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer.testing

    stdin = Endless()  # the test runner's stdin, instead of the bytes it is given
    monkeypatch.setattr(typer.testing, "make_input_stream", lambda *_: io.BufferedReader(stdin))
    result = run("solve", "params", "--code", "-")
    assert result.exit_code == 2, result.stderr
    assert f"longer than {MAX_CODE} characters; at most {MAX_CODE}" in result.stderr
    assert result.stderr.count("\n") == 1 and stdin.served < 2 * MAX_CODE


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_at_once_with_bounded_memory() -> None:
    def limit_memory() -> None:  # a read of the whole of /dev/zero would fail here
        import resource

        with contextlib.suppress(ValueError, OSError):  # not every system lets it be lowered
            resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    for args, stdin in (
        (["--code", "/dev/zero"], None),
        (["--code", "-"], open("/dev/zero", "rb")),  # noqa: SIM115
    ):
        start = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "dlquiz", "solve", "params", *args, "--lang", "en"],
            stdin=stdin, capture_output=True, text=True, timeout=120, preexec_fn=limit_memory,
        )  # fmt: skip
        if stdin is not None:
            stdin.close()
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip().splitlines() == [
            f"error: the code in {'--code /dev/zero' if stdin is None else 'stdin (--code -)'} "
            f"is longer than {MAX_CODE} characters; at most {MAX_CODE}"
        ]
        assert time.monotonic() - start < 60


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"model = \xff\xfe\n", "is not UTF-8 text (byte 0xff); save the code as UTF-8"),
        (b"x = 1\nmodel = Sequential(\x00)\n", "line 2: the code holds a NUL character"),
        (b"model = Sequential(\n", "line 1: the code is not valid Python"),
        ("x = " + "-" * 900 + "1\n" + HEAD, "the code is nested too deeply to read"),
        ("x = " + "(" * 900 + "1" + ")" * 900 + "\n", "line 1: the code is not valid Python"),
        (HEAD + "model.add(Dense(a" + ".b" * 900 + "))\n", "line 3: `a.b.b.b.b.b.b.b.b"),
        (HEAD + "model.add(Dense(10**100))\n", "line 3: `10**100` is too large"),
        (HEAD + "model.add(Dense(-1))\n", "line 3: units must be a whole number ≥ 1, not -1"),
        (HEAD + "model.add(Dense(units='x'))\n", "units must be a whole number ≥ 1, not 'x'"),
        (HEAD + "model.add(Dense(float('nan')))\n", "≥ 1, not float('nan')"),
        (HEAD + "model.add(Dense(1e309))\n", "units must be a whole number ≥ 1, not inf"),
    ],
)
def test_what_is_not_usable_code_is_one_line(
    text: str | bytes, message: str, code: Callable[[str | bytes], str], bad: Callable[..., str]
) -> None:
    assert message in bad("solve", "params", "--code", code(text))
    stdin = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    if isinstance(text, str):
        assert message in bad("solve", "params", "--code", "-", input=stdin)


def test_non_utf8_stdin_names_the_byte(run: Callable[..., Any]) -> None:
    result = run("solve", "params", "--code", "-", input=b"model = \xff\n")  # type: ignore[arg-type]
    assert result.exit_code == 2
    assert "stdin (--code -) is not UTF-8 text (byte 0xff)" in result.stderr


def test_a_bom_and_windows_line_ends_are_read(total: Callable[..., int]) -> None:
    text = "\ufeff" + HEAD.replace("\n", "\r\n") + "model.add(Dense(1))\r\n"
    assert total(text) == dense(3, 10) + dense(10, 1)


def test_thousands_of_layers_are_refused_quickly(refused: Callable[..., str]) -> None:
    start = time.monotonic()
    many = "model = Sequential()\n" + "model.add(Dense(1, input_dim=1))\n" * 3000
    assert "the model has 3000 layers; at most 200" in refused(many)
    listed = "model = Sequential([" + "Dense(1, input_dim=1), " * 4000 + "])\n"
    assert "the model has 4000 layers; at most 200" in refused(listed)
    assert time.monotonic() - start < 30  # each layer's text was once found by re-splitting


# --- followed: counts as Keras would give them -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the audit's comprehension, written out: three Dense(10) on a 10-d input
        (HEAD + "model.add(Dense(10))\n" * 3 + "model.add(Dense(1))\n",
         dense(3, 10) + 3 * dense(10, 10) + dense(10, 1)),
        (HEAD + "model.add(layer=Dense(5))\n", dense(3, 10) + dense(10, 5)),
        (HEAD + "model.add(Dense(5), rebuild=False)\n", dense(3, 10) + dense(10, 5)),
        (HEAD + "model.add(Dense(5))\nmodel.pop()\nmodel.add(Dense(2))\n",
         dense(3, 10) + dense(10, 2)),
        # Keras 3 keeps the first layer's input shape as an InputLayer when it is popped
        (HEAD + "model.pop()\nmodel.add(Dense(5))\n", dense(3, 5)),
        (HEAD + "model.add(Sequential([Dense(4), Dense(2)]))\nmodel.pop()\n", dense(3, 10)),
        ("deep = True\n" + HEAD + "if deep:\n    model.add(Dense(100))\nelse:\n"
         "    model.add(Dense(1))\n", dense(3, 10) + dense(10, 100)),
        ("deep = wide = 0\n" + HEAD + "if deep:\n    model.add(Dense(100))\nelif wide:\n"
         "    model.add(Dense(50))\nelse:\n    model.add(Dense(1))\n", dense(3, 10) + dense(10, 1)),
        ("deep = 1\n" + HEAD + "model.add(Dense(100 if deep else 1))\n",
         dense(3, 10) + dense(10, 100)),
        ("if __name__ == '__main__':\n    with strategy.scope():\n        model = Sequential()\n"
         "        model.add(Dense(4, input_dim=3))\nelse:\n    model = None\n", dense(3, 4)),
        (HEAD + "m2 = model\nm2.add(Dense(5))\n", dense(3, 10) + dense(10, 5)),
        ("a = b = Sequential()\na.add(Dense(2, input_dim=3))\nb.add(Dense(4))\n",
         dense(3, 2) + dense(2, 4)),
        ("a = Sequential([Dense(1, input_dim=2)])\nb = Sequential([Dense(5, input_dim=2)])\n"
         "a, b = b, a\na.add(Dense(3))\n", dense(2, 5) + dense(5, 3)),
        (HEAD + "model = Sequential()\nmodel.add(Dense(2, input_dim=4))\n", dense(4, 2)),
        ("layers = [Dense(4, input_dim=3), Dense(1)]\nmodel = Sequential(layers)\n",
         dense(3, 4) + dense(4, 1)),
        ("m = Sequential([Sequential([Dense(2, input_dim=3)]), Dense(1)])\n",
         dense(3, 2) + dense(2, 1)),
        ("from keras.layers import Dense as D\nmodel = Sequential([D(4, input_dim=3)])\n",
         dense(3, 4)),
        ("try:\n    from tensorflow.keras.layers import Dense\nexcept ImportError:\n"
         "    from keras.layers import Dense\n" + HEAD, dense(3, 10)),
        (HEAD + "print(model)\nmodel.summary()\nplot_model(model, to_file='m.png')\n"
         "for layer in model.layers:\n    print(layer.name)\ny = model(x)\n"
         "model.fit(X, y, epochs=3)\n", dense(3, 10)),
        ("n = 5\ndef a():\n    n = 50\ndef build(units=n):\n    return Sequential([Dense(units, "
         "input_dim=3)])\nmodel = build()\nmodel.summary()\n", dense(3, 5)),
        ("n_steps = 3\n" + HEAD.replace("Dense(10, input_dim=3)", "LSTM(30, "
         "return_sequences=True, input_shape=(n_steps, 1))") + "model.add(LSTM(30))\n"
         "model.add(Dense(50))\nmodel.pop()\nmodel.add(layer=Dense(1))\n",
         lstm(1, 30) + lstm(30, 30) + dense(30, 1)),
        # model.build(shape) gives the input shape a first layer lacks (batch size first)
        ("model = Sequential([Dense(4), Dense(1)])\nmodel.build((None, 3))\n",
         dense(3, 4) + dense(4, 1)),
        ("model = Sequential()\nmodel.add(LSTM(30))\nmodel.add(Dense(1))\n"
         "model.build(input_shape=(None, 3, 1))\n", lstm(1, 30) + dense(30, 1)),
        (HEAD + "model.build((None, 7))\n", dense(3, 10)),  # its own input_dim=3 stays
        ("model = Sequential([Dense(4)])\nmodel.build()\nmodel.add(Dense(2, input_dim=5))\n"
         "model.pop()\nmodel.build((None, 6))\n", dense(6, 4)),
    ],
)  # fmt: skip
def test_followed_forms_count_as_keras(text: str, expected: int, total: Callable[..., int]) -> None:
    assert total(text) == expected


def test_a_condition_can_be_given_as_a_setting(total: Callable[..., int]) -> None:
    text = HEAD + "if deep:\n    model.add(Dense(100))\nelse:\n    model.add(Dense(1))\n"
    assert total(text, "--set", "deep=0") == dense(3, 10) + dense(10, 1)
    assert total(text, "--set", "deep=1") == dense(3, 10) + dense(10, 100)


def test_the_exams_q5_is_11191(total: Callable[..., int]) -> None:
    assert (lstm(1, 30), lstm(30, 30), dense(30, 1)) == (3840, 7320, 31)
    text = (
        "model = Sequential()\nmodel.add(LSTM(30, activation='relu', return_sequences=True,"
        " input_shape=(3, 1)))\nmodel.add(LSTM(30, activation='relu'))\nmodel.add(Dense(1))\n"
    )
    assert total(text) == 11191


# --- refused with the line: every form that could change the model unseen ---------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + "[model.add(Dense(10)) for _ in range(3)]\nmodel.add(Dense(1))\n",
         "line 3: layers are added in a comprehension, which dlquiz does not follow"),
        ("model = Sequential([Dense(2)])\nmodel.build(3)\n", "line 2: model.build() wants the "
         "input shape with its batch size first, e.g. model.build((None, 3, 1))"),
        ("model = Sequential()\nmodel.build((None, 3))\n",
         "line 2: model.build() on a model with no layers; add its layers first"),
        (HEAD + "if deep:\n    model.add(Dense(100))\nelse:\n    model.add(Dense(1))\n",
         "line 4: layers are added under `if deep:`, which dlquiz does not follow; keep the "
         "lines you mean, or give deep as a setting, deep=1"),
        ("n = 3\n" + HEAD + "if n > 2:\n    model.add(Dense(100))\n", "line 5: layers are added "
         "under `if n > 2:`"),
        (HEAD + "if x > 1:\n    n = 4\nmodel.add(Dense(n))\n",
         "line 5: n is set on line 4 by code dlquiz does not follow"),
        (HEAD + "model.add(Dense(1)) if deep else None\n", "line 3: layers are added under a "
         "condition"),
        (HEAD + "deep and model.add(Dense(3))\n", "line 3: layers are added under a condition"),
        (HEAD + "for u in [3, 2]:\n    model.add(Dense(u))\n", "line 4: layers are added in a "
         "loop"),
        (HEAD + "while len(model.layers) < 3:\n    model.add(Dense(3))\n",
         "line 4: layers are added in a loop"),
        (HEAD + "try:\n    model.add(Dense(3))\nexcept Exception:\n    pass\n",
         "line 4: layers are added in a try block"),
        (HEAD + "match mode:\n    case 'deep':\n        model.add(Dense(3))\n",
         "line 5: layers are added in a match block"),
        ("model = Sequential()\nmodel.pop()\n", "line 2: model.pop() on a model with no layers"),
        (HEAD + "model.pop()\nmodel.pop()\n", "the model has no layers"),  # its InputLayer went
        (HEAD + "model.pop(0)\n", "line 3: model.pop() takes no index: it removes the last"),
        (HEAD + "layers = [Dense(1)]\nmodel.add(*layers)\n", "line 4: write model.add(layer) with"
         " one layer, not `model.add(*layers)`"),
        (HEAD + "model.add(Dense(1), Dense(2))\n", "line 3: write model.add(layer) with one layer"),
        (HEAD + "model.add([Dense(1), Dense(2)])\n", "line 3: model.add(...) takes one layer, not"),
        (HEAD + "add = model.add\nadd(Dense(1))\n", "line 3: layers are added in `add = "
         "model.add`"),
        (HEAD + "list(map(model.add, [Dense(1)]))\n", "line 3: layers are added in"),
        (HEAD + "f = lambda: model.add(Dense(3))\nf()\n", "line 3: layers are added in a lambda"),
        (HEAD + "def more():\n    model.add(Dense(3))\nmore()\n",
         "line 4: layers are added in the function more"),
        (HEAD + "add_head(model)\n", "line 3: the model `model` is used in `add_head(model)`"),
        (HEAD + "@register(model)\ndef f():\n    pass\n", "line 3: the model `model` is used in"),
        (HEAD + "class C:\n    model.add(Dense(3))\n", "line 4: layers are added in the class C"),
        (HEAD + "model.trainable = False\n", "line 3: the model `model` is used in "
         "`model.trainable"),
        (HEAD + "del model.layers[-1]\n", "line 3: the model `model` is used in `del model.layers"),
        (HEAD + "model.layers.append(Dense(3))\n", "line 3: the model `model` is used in"),
        (HEAD + "model += [Dense(1)]\n", "line 3: the model `model` is used in `model += "
         "[Dense(1)]`"),
        (HEAD + "ms = [model]\nfor m in ms:\n    m.add(Dense(1))\n",
         "line 3: the model `model` is used in `ms = [model]`"),
        (HEAD + "del model\n", "the code builds no model"),
        (HEAD + "model.add(Dense(3)) if False else 0\nraise SystemExit\nmodel.add(Dense(3))\n",
         "line 3: layers are added under a condition"),
        (HEAD + "raise SystemExit\nmodel.add(Dense(3))\n",
         "line 4: layers are added after the raise on line 3"),
        ("model = Sequential([Dense(3, input_dim=2) for _ in range(3)])\n", "line 1: `[Dense(3, "
         "input_dim=2) for _ in range(3)]` cannot be read without running it"),
        ("layers = [Dense(4, input_dim=3)]\nlayers.append(Dense(1))\nmodel = Sequential(layers)\n",
         "line 3: layers is changed on line 2 by code dlquiz does not follow"),
        ("layers = [Dense(4, input_dim=3)]\nfor i in range(2):\n    layers.append(Dense(1))\n"
         "model = Sequential(layers)\n", "line 4: layers is changed on line 2"),
        ("layers = [Dense(4, input_dim=3), Dense(1)]\nlayers[1] = Dense(7)\n"
         "model = Sequential(layers)\n", "line 3: layers is changed on line 2"),
        ("n = 3\n" + HEAD + "print(n := 7)\nmodel.add(Dense(n))\n", "line 5: n is changed on "
         "line 4"),
        ("n = 3\ndef setup():\n    global n\n    n = 10\nsetup()\n"
         "model = Sequential([Dense(n, input_dim=2)])\n", "line 6: n is changed by setup"),
        ("Dense = LSTM\n" + HEAD, "line 3: `Dense(10, input_dim=3)` calls Dense, which the code "
         "itself assigns or defines"),
        ("def Dense(n, **kw):\n    return None\n" + HEAD, "line 4: `Dense(10, input_dim=3)` calls"
         " Dense"),
        ("from mylib import add_layers as print\n" + HEAD + "print(model)\n",
         "line 4: the model `model` is used in `print(model)`"),
        (HEAD + "from helpers import *\n", "line 3: `from helpers import *` comes after names are"
         " set"),
        (HEAD + "locals()['x'] = 1\n", "line 3: the code uses locals, which dlquiz refuses"),
        ("d = Dense(4, input_dim=4)\nmodel = Sequential([d, d])\n", "line 1: the layer `Dense(4, "
         "input_dim=4)` is in the model twice"),
        ("inner = Sequential([Dense(2, input_dim=3)])\nouter = Sequential()\nouter.add(inner)\n",
         "line 3: inner is a model, and dlquiz does not follow a model used inside another"),
        ("inp = Input(shape=(3,))\nx = Dense(4)(inp)\nm = Model(inp, x)\n" + HEAD,
         "line 2: `Dense(4)(inp)` is the functional API, which dlquiz does not follow"),
        ("def build(units=4):\n    return Sequential([Dense(units, input_dim=3)])\n"
         "model = build(8)\n", "line 3: build(...) is called with values"),
        ("units = 3\ndef build(units):\n    return Sequential([Dense(units, input_dim=3)])\n",
         "line 3: units is a parameter of build without a default value"),
        ("def build():\n    return Sequential([Dense(4, input_dim=3)])\nmodel = build()\n"
         "model.add(Dense(1))\n", "line 4: `model.add(Dense(1))` adds a layer to model, but "
         "model is set on line 3 by code dlquiz does not run"),
        ("def build():\n    return Sequential([Dense(4, input_dim=3)])\nmodel = build()\n"
         "model.layers[0].trainable = False\n", "line 4: the model `model` is used in"),
        ("def build():\n    m = Sequential([Dense(4, input_dim=3)])\n    return m\n"
         "    m.add(Dense(9))\n", "line 4: layers are added after the return on line 3"),
        ("s = set()\ns.add(1)\n" + HEAD, "line 2: `s.add(1)` adds a layer to s, but the code does"
         " not make s with Sequential()"),
    ],
)  # fmt: skip
def test_what_dlquiz_does_not_follow_is_refused_with_its_line(
    text: str, message: str, refused: Callable[..., str]
) -> None:
    assert message in refused(text)


# --- PyTorch classes: __init__ followed in order, a module set again replaces it ----------------

NET = (
    "import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self, n=3):\n"
    "        super().__init__()\n        self.fc = nn.Linear(n, 4)\n"
)  # lines 1-5


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("        self.out = nn.Linear(4, 1)\nmodel = Net()\nout = model(x)\nmodel.train()\n",
         dense(3, 4) + dense(4, 1)),
        ("        self.out = nn.Linear(4, 1)\n        self.fc = nn.Linear(n, 8)\n",
         dense(3, 8) + dense(4, 1)),
        ("        self.fc = None\n        self.out = nn.Linear(4, 1)\n", dense(4, 1)),
        ("        self.out = nn.Linear(4, 1)\n        del self.fc\n", dense(4, 1)),
        ("        deep = False\n        if deep:\n            self.fc = nn.Linear(n, 4)\n"
         "        else:\n            self.fc = nn.Linear(n, 8)\n", dense(3, 8)),
    ],
)  # fmt: skip
def test_pytorch_init_is_followed(body: str, expected: int, total: Callable[..., int]) -> None:
    assert total(NET + body, "--framework", "pytorch") == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("        if deep:\n            self.fc = nn.Linear(n, 8)\n",
         "line 7: a module is set under `if deep:`"),
        ("        for i in range(3):\n            self.fc = nn.Linear(n, 4)\n",
         "line 7: a module is set in a loop"),
        ("        self.add_module('x', nn.Linear(4, 4))\n", "line 6: a module is set in"),
        ("        self.net = nn.Sequential(nn.Linear(4, 4))\n        self.net.append(nn.Linear(4,"
         " 1))\n", "line 7: a module is set in `self.net.append"),
        ("        self.a, self.b = nn.Linear(3, 3), nn.Linear(3, 1)\n", "line 6: a module is set"),
        ("        lin = nn.Linear(n, n)\n        self.a = lin\n        self.b = lin\n",
         "line 6: the layer `nn.Linear(n, n)` is in the model twice"),
        ("    def more(self):\n        self.extra = nn.Linear(4, 4)\n",
         "line 7: a module is set in the function more"),
        ("model = Net(10)\n", "line 6: Net(...) is called with values"),
        ("model = Net()\nmodel.fc = nn.Linear(3, 100)\n", "line 7: the model `model` is used in"),
        ("class B(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
         "        self.fc = nn.Linear(2, 4)\n", "the code sets layers in two classes, Net (line 2)"
         " and B (line 6)"),
    ],
)  # fmt: skip
def test_pytorch_forms_dlquiz_does_not_follow(
    body: str, message: str, refused: Callable[..., str]
) -> None:
    assert message in refused(NET + body, "--framework", "pytorch")


def test_a_module_of_the_codes_own_class_is_refused(refused: Callable[..., str]) -> None:
    text = NET.replace("Net", "Block") + (
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.b = Block()\n        self.out = nn.Linear(4, 1)\n"
    )
    assert "line 9: a module is set in `self.b = Block()`" in refused(
        text, "--framework", "pytorch"
    )


def test_code_building_two_models_says_which_it_counted(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "two.py"
    path.write_text(
        "enc = Sequential([Dense(4, input_dim=3)])\ndec = Sequential([Dense(2, input_dim=5)])\n"
        "enc.add(Dense(1))\n"
    )
    en = " ".join(run("solve", "params", "--code", str(path), "--lang", "en").stdout.split())
    assert f"answer: total = {dense(3, 4) + dense(4, 1)}" in en
    assert "The code builds 2 models (enc, dec): these are the layers of enc" in en
    zh = " ".join(run("solve", "params", "--code", str(path), "--lang", "zh").stdout.split())
    assert "程式碼建立了2個模型（enc、dec）：這裡算的是最後改動的enc。" in zh.replace(" ", "")
    path.write_text("enc = Sequential([Dense(4, input_dim=3)])\nenc.add(Dense(1))\n")
    one = run("solve", "params", "--code", str(path), "--lang", "en").stdout
    assert "models" not in one


def test_the_counted_model_is_in_the_result() -> None:
    from dlquiz.solvers.params import count_params

    code = "a = Sequential([Dense(4, input_dim=3)])\nb = Sequential([Dense(2, input_dim=5)])\n"
    assert count_params(code=code).models == ("b", "a")
    assert count_params(code="a = Sequential([Dense(4, input_dim=3)])\n").models == ()
