"""The model-code reader: what it accepts, what it refuses (and how it says so), line numbers.

dlquiz reads Keras / PyTorch code with `ast` and never runs it (`dlquiz.solvers.code_reader`
for the values, `dlquiz.solvers.model_code` for the statements that build the model).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.errors import InputError
from dlquiz.solvers.code_reader import MAX_CODE, LayerCall
from dlquiz.solvers.model_code import MAX_LAYERS, parse_code, parse_model

EXAM_CODE = (Path(__file__).parent / "data" / "exam_q5_code.txt").read_text(encoding="utf-8")


def _types(calls: list[LayerCall]) -> list[str]:
    return [call.type for call in calls]


def _refusal(text: str, code: bool = False, **settings: float) -> InputError:
    with pytest.raises(InputError) as err:
        if code:
            parse_code(text, settings)
        else:
            parse_model(text, settings)
    return err.value


# --- model text --------------------------------------------------------------------------------


def test_model_text_gives_one_record_per_layer() -> None:
    first, second = parse_model("LSTM(30, return_sequences=True, input_shape=(3, 1)); Dense(1)")
    assert first == LayerCall(
        type="LSTM",
        args=(30,),
        kwargs={"return_sequences": True, "input_shape": (3, 1)},
        line=None,
        text="LSTM(30, return_sequences=True, input_shape=(3, 1))",
    )
    assert (second.type, second.args, second.kwargs, second.line) == ("Dense", (1,), {}, None)


@pytest.mark.parametrize(
    "text",
    [
        "LSTM(30); Dense(1)",
        "LSTM(30)\nDense(1)",
        "[LSTM(30), Dense(1)]",
        "Sequential([LSTM(30), Dense(1)])",
        "Sequential(LSTM(30), Dense(1))",
        "Sequential(layers=[LSTM(30), Dense(1)])",
        "tf.keras.layers.LSTM(30); keras.layers.Dense(1)",
        "  LSTM(30);\n\n  Dense(1);  ",
    ],
)
def test_model_text_forms(text: str) -> None:
    assert _types(parse_model(text)) == ["LSTM", "Dense"]


def test_separators_inside_brackets_and_strings_do_not_split() -> None:
    (call,) = parse_model("Dense(1, name='a;b',\n activation='relu')")
    assert call.kwargs == {"name": "a;b", "activation": "relu"}


def test_constants_and_arithmetic() -> None:
    (call,) = parse_model("Dense(2*3 + 1, 7 // 2, -4, +1.5, 2**3, 7 % 4, 1/4, None, True, 'x')")
    assert call.args == (7, 3, -4, 1.5, 8, 3, 0.25, None, True, "x")


def test_pasted_text_is_cleaned() -> None:
    (call,) = parse_model("    Dense(2×3, activation=‘relu’, bias=−1)")
    assert call.args == (6,) and call.kwargs == {"activation": "relu", "bias": -1}


def test_settings_fill_names_and_whole_floats_become_ints() -> None:
    (call,) = parse_model("LSTM(n, input_shape=(steps, 1))", {"n": 30.0, "steps": 3})
    assert call.args == (30,) and isinstance(call.args[0], int)
    assert call.kwargs["input_shape"] == (3, 1)
    (call,) = parse_model("Dropout(rate)", {"rate": 0.25})
    assert call.args == (0.25,)


def test_long_calls_are_shortened_in_messages() -> None:
    (call,) = parse_model("Dense(" + " + ".join(["1"] * 40) + ")")
    assert call.args == (40,) and len(call.text) == 60 and call.text.endswith("...")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("LSTM(30", "part 1 of the model, `LSTM(30`, is not valid ("),
        ("Dense(1); Dense(1/0)", "layer 2: `1/0` divides by zero"),
        ("Dense(2**100)", "layer 1: `2**100` is too large"),
        ("Dense(10**20)", "`10**20` is not a usable number"),
        ("Dense(1 << 2)", "`1 << 2` uses an unknown operator"),
        ("Dense('a' + 1)", "`'a'` must be a number"),
        ("Dense(x.shape)", "`x.shape` cannot be read without running it"),
        ("Dense([i for i in y])", "cannot be read without running it"),
        ("Dense(*sizes)", "write the arguments of `Dense(*sizes)` out"),
        ("Dense(**kw)", "write the arguments of `Dense(**kw)` out"),
        ("layers[0](3)", "`layers[0](3)` is not a layer call"),
        ("3", "layer 1: `3` is not a layer; write layers such as LSTM(30) or Dense(1)"),
        ("Dense(n)", "layer 1: n is never assigned anywhere; give its value as a setting, n=N"),
        ("Dense(n_steps)", "give its value as a setting, n_steps=3"),
        ("Dense(" + "1+" * 30_000 + "1)", "the model text is nested too deeply to read"),
        ("Dense(1); " * (MAX_LAYERS + 1), f"the model has {MAX_LAYERS + 1} layers; at most"),
        ("D" * (MAX_CODE + 1), f"at most {MAX_CODE}"),
    ],
)
def test_model_text_refusals(text: str, message: str) -> None:
    assert message in str(_refusal(text))


def test_a_missing_name_is_about_the_settings() -> None:
    assert _refusal("Dense(n)").param == "settings"
    error = _refusal("Dense(1)", n="three")  # type: ignore[arg-type]
    assert str(error) == "setting n must be a number, not 'three'" and error.param == "settings"


@pytest.mark.parametrize("text", ["__import__('os')", "Dense(().__class__)", "eval('1')"])
def test_dangerous_names_are_refused_before_anything_is_read(text: str) -> None:
    assert "which dlquiz refuses: it reads model code and never runs it" in str(_refusal(text))


# --- code --------------------------------------------------------------------------------------


def test_the_exams_code_with_its_line_numbers() -> None:
    calls = parse_code(EXAM_CODE, {"n_steps": 3})
    assert _types(calls) == ["LSTM", "LSTM", "Dense"]
    assert [call.line for call in calls] == [5, 7, 8]  # the backslash line counts as line 5
    assert calls[0].kwargs["input_shape"] == (3, 1)  # n_features = 1 from line 1


def test_the_exams_code_needs_n_steps() -> None:
    error = _refusal(EXAM_CODE, code=True)
    assert str(error) == (
        "line 6: n_steps is never assigned in the code; give its value as a setting, n_steps=3"
    )
    assert error.param == "settings"


def test_line_numbers_are_the_pasted_ones() -> None:
    code = "\n\n    model = Sequential()\n    model.add(Dense(4, input_dim=3))\n"
    (call,) = parse_code(code)
    assert call.line == 4


@pytest.mark.parametrize(
    "code",
    [
        "model = Sequential([Dense(4), Dense(1)])",
        "model = keras.Sequential()\nmodel.add(Dense(4))\nmodel.add(Dense(1))",
        "n = 2\nn += 2\nmodel = Sequential()\nmodel.add(Dense(n))\nmodel.add(Dense(1))",
        "n: int = 4\nmodel = Sequential([Dense(n), Dense(1)])",
        "a, b = 4, 1\nmodel = Sequential([Dense(a), Dense(b)])",
        "if __name__ == '__main__':\n    with scope():\n        model = Sequential()\n"
        "        model.add(Dense(4))\n        model.add(Dense(1))",
        "def build(n=4, *, m=1):\n    model = Sequential([Dense(n), Dense(m)])\n    return model",
        "import keras\nX = load()\nmodel = Sequential([Dense(4), Dense(1)])\nmodel.fit(X, X)",
    ],
)
def test_code_forms(code: str) -> None:
    calls = parse_code(code)
    assert _types(calls) == ["Dense", "Dense"]
    assert [call.args for call in calls] == [(4,), (1,)]


def test_the_model_touched_last_is_the_one() -> None:
    code = "a = Sequential([Dense(1)])\nb = Sequential()\nb.add(Dense(2))\na.add(Dense(3))\n"
    assert [call.args for call in parse_code(code)] == [(1,), (3,)]


def test_pytorch_class_layers_are_named_after_their_attributes() -> None:
    code = (
        "import torch.nn as nn\n"
        "class Net(nn.Module):\n"
        "    def __init__(self, hidden=30):\n"
        "        super().__init__()\n"
        "        self.lstm = nn.LSTM(1, hidden)\n"
        "        self.head = nn.Sequential(nn.ReLU(), Linear(hidden, 1))\n"
        "        self.fc = Linear(hidden, 1)\n"
        "        self.helper = make_helper(3)\n"
        "    def forward(self, x):\n"
        "        return self.fc(self.lstm(x)[0])\n"
    )
    calls = parse_code(code, known={"Linear"})
    assert [(c.label, c.type, c.args, c.line) for c in calls] == [
        ("lstm", "LSTM", (1, 30), 5),
        ("head.0", "ReLU", (), 6),
        ("head.1", "Linear", (30, 1), 6),
        ("fc", "Linear", (30, 1), 7),
    ]
    unknown = parse_code(code)  # Linear(...) outside nn.Sequential: neither known nor nn.
    assert [c.label for c in unknown] == ["lstm", "head.0", "head.1"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("model = Sequential(\n", "line 1: the code is not valid Python ("),
        ("x = 1\n\nif x\n", "line 3: the code is not valid Python"),
        ("n = 3\nprint(n)\n", "the code builds no model: dlquiz follows model = Sequential()"),
        (
            "model = Sequential()\nfor u in [3, 2]:\n    model.add(Dense(u))\n",
            "line 3: layers are added in a loop, which dlquiz does not follow",
        ),
        (
            "n = len(data)\nmodel = Sequential([Dense(n)])\n",
            "line 2: n is set on line 1 by code dlquiz does not run; give its value as a setting",
        ),
        (
            "model = Sequential([Dense(1)])\nmodel = load_model('m.h5')\n",
            "the code builds no model",
        ),
        ("model = Sequential()\nmodel.add(3)\n", "line 2: `3` is not a layer"),
        ("model = Sequential()\n\nmodel.add(Dense(x.y))\n", "line 3: `x.y` cannot be read"),
        ("import os\nos.system('ls')\n__import__('os')\n", "line 3: the code uses __import__"),
        ("f = eval\n", "line 1: the code uses eval"),
        ("x = 1\n" * 20_000, f"the code is 120000 characters long; at most {MAX_CODE}"),
        ("x = " + "1+" * 30_000 + "1\n", "the code is nested too deeply to read"),
    ],
)
def test_code_refusals(code: str, message: str) -> None:
    assert message in str(_refusal(code, code=True))


def test_settings_win_over_the_codes_values() -> None:
    (call,) = parse_code("n = 4\nmodel = Sequential([Dense(n)])\n", {"n": 8})
    assert call.args == (8,)


def test_nothing_is_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader ran code")

    monkeypatch.setattr(builtins, "print", forbidden)
    calls = parse_code("print('hi')\nmodel = Sequential([Dense(print(1))])\n")
    assert calls[0].args[0] == LayerCall("print", (1,), {}, 2, "print(1)")
