"""Parameter counting (exam Q5): reference cases from real Keras / torch, knobs, bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlquiz.errors import InputError
from dlquiz.numparse import parse_number
from dlquiz.solvers.params import Layer, ParamsResult, count_params

REFERENCE = json.loads(
    (Path(__file__).parent / "data" / "params_reference.json").read_text(encoding="utf-8")
)
CASES = REFERENCE["cases"]

# The exam's Q5 code, exactly as printed (with the backslash continuation).
EXAM_CODE = (Path(__file__).parent / "data" / "exam_q5_code.txt").read_text(encoding="utf-8")
EXAM_EXPECTED = [
    ("lstm", "LSTM", "(None, 3, 30)", 3840, "4 × 30 × (30 + 1 + 1) = 3840", 5),
    ("lstm_1", "LSTM", "(None, 30)", 7320, "4 × 30 × (30 + 30 + 1) = 7320", 7),
    ("dense", "Dense", "(None, 1)", 31, "1 × (30 + 1) = 31", 8),
]


def _rows(result: ParamsResult) -> list[tuple[Any, ...]]:
    return [(x.name, x.type, x.output_shape, x.params, x.formula, x.line) for x in result.layers]


# --- reference cases ---------------------------------------------------------------------------


def test_reference_covers_every_layer_type() -> None:
    types = {(c["framework"], row["type"]) for c in CASES for row in c["expected"]["layers"]}
    for kind in ("Dense", "SimpleRNN", "LSTM", "GRU", "Bidirectional", "Embedding", "Conv1D",
                 "TimeDistributed", "Flatten", "MaxPooling1D", "AveragePooling1D", "Dropout",
                 "GlobalMaxPooling1D", "GlobalAveragePooling1D"):  # fmt: skip
        assert ("keras", kind) in types
    for kind in ("LSTM", "GRU", "RNN", "Linear", "Embedding", "Conv1d"):
        assert ("pytorch", kind) in types
    assert len({c["id"] for c in CASES}) == len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_reference_case(case: dict[str, Any]) -> None:
    result = count_params(
        model=case.get("model"),
        code=case.get("code"),
        framework=case["framework"],
        settings=case["settings"],
    )
    assert result.to_json() == case["expected"]
    assert result.framework == case["framework"]
    for layer in result.layers:
        _check_formula(layer)


def _check_formula(layer: Layer) -> None:
    """The worked arithmetic ends in the count, and every step of it equals the count."""
    if layer.params == 0:
        assert layer.formula == "0 (no weights)"
        return
    steps = layer.formula.split(" = ")
    assert steps[-1] == str(layer.params)
    for step in steps:
        assert parse_number(step) == layer.params, layer.formula


# --- the exam ----------------------------------------------------------------------------------


def test_exam_code_as_printed() -> None:
    result = count_params(code=EXAM_CODE, settings={"n_steps": 3})
    assert _rows(result) == EXAM_EXPECTED
    assert result.total == 11191
    assert result.to_json()["total"] == 11191


def test_default_is_the_exam() -> None:
    result = count_params()
    assert [r[:5] for r in _rows(result)] == [r[:5] for r in EXAM_EXPECTED]
    assert all(layer.line is None for layer in result.layers)
    assert result.total == 11191 and result.framework == "keras"


def test_exam_code_unassigned_name() -> None:
    with pytest.raises(InputError) as err:
        count_params(code=EXAM_CODE)
    assert str(err.value) == (
        "line 6: n_steps is never assigned in the code; give its value as a setting, n_steps=3"
    )
    assert err.value.param == "settings"  # the CLI names its flag, --set


def test_exam_code_pasted_with_indent_and_smart_quotes() -> None:
    pasted = "    " + EXAM_CODE.replace("\n", "  \n    ").replace("'relu'", "‘relu’")
    assert count_params(code=pasted, settings={"n_steps": 3}).total == 11191


def test_settings_override_code_values() -> None:
    result = count_params(code=EXAM_CODE, settings={"n_steps": 5, "n_features": 2})
    assert result.layers[0].params == 4 * 30 * (30 + 2 + 1)
    assert result.layers[0].output_shape == "(None, 5, 30)"


# --- mistake knobs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("knobs", "first", "formula"),
    [
        ({"gates": 3}, 2880, "3 × 30 × (30 + 1 + 1) = 2880"),
        ({"biases": 0}, 3720, "4 × 30 × (30 + 1) = 3720"),
        ({"biases": 2}, 3960, "4 × 30 × (30 + 1 + 2) = 3960"),
        ({"biases": 1}, 3840, "4 × 30 × (30 + 1 + 1) = 3840"),
    ],
)
def test_knobs_on_the_exam(knobs: dict[str, int], first: int, formula: str) -> None:
    result = count_params(code=EXAM_CODE, settings={"n_steps": 3}, **knobs)
    assert result.layers[0].params == first
    assert result.layers[0].formula == formula


def test_knob_details() -> None:
    assert count_params(biases=0).layers[2].params == 30  # the dense bias is forgotten too
    assert count_params(biases=2).layers[2].params == 31  # dense layers keep one bias
    gru = "GRU(30, reset_after=False, input_shape=(3, 1))"
    assert count_params(gru, gates=3).total == count_params(gru).total == 2880
    assert count_params(gru, biases=2).total == 2970  # like reset_after=True
    assert count_params("LSTM(1, 30)", framework="pytorch").total == 3960
    assert count_params("LSTM(1, 30)", framework="pytorch", biases=1).total == 3840
    assert count_params("LSTM(1, 30)", framework="pytorch", gates=3).total == 2970
    no_bias = "LSTM(30, use_bias=False, input_shape=(3, 1))"
    assert count_params(no_bias, biases=2).total == 3720  # the knob never adds a bias back


def test_pytorch_stack_formula() -> None:
    result = count_params("nn.LSTM(1, 30, num_layers=2, bidirectional=True)", framework="pytorch")
    assert result.layers[0].formula == (
        "2 × 4 × 30 × (30 + 1 + 2) + 2 × 4 × 30 × (30 + 60 + 2) = 7920 + 22080 = 30000"
    )


def test_model_text_forms() -> None:
    for text in (
        "[LSTM(30, input_shape=(3, 1)), Dense(1)]",
        "Sequential([layers.LSTM(30, input_shape=(3, 1)), layers.Dense(1)])",
        "LSTM(30, input_shape=(3, 1))\nDense(1)",
        "keras.Input(shape=(3, 1)); tf.keras.layers.LSTM(units=30); keras.layers.Dense(1)",
    ):
        assert [x.params for x in count_params(text).layers] == [4 * 30 * 32, 31]
    assert count_params("LSTM(n, input_shape=(3, 1))", settings={"n": 30.0}).total == 3840


def test_json_shape() -> None:
    data = count_params().to_json()
    assert set(data) == {"layers", "total"}
    assert data["layers"][0] == {
        "name": "lstm",
        "type": "LSTM",
        "output_shape": "(None, 3, 30)",
        "params": 3840,
    }


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"model": "Foo(3)"}, "layer 1 (Foo(3)): Foo is not a layer dlquiz knows"),
        ({"model": "LSTM(30"}, "is not valid"),
        ({"model": "LSTM(30); Dense(1)"}, "has no input shape; add input_shape="),
        ({"model": "LSTM(-3, input_shape=(3, 1))"}, "units must be a whole number ≥ 1, not -3"),
        ({"model": "LSTM(30.5, input_shape=(3, 1))"}, "units must be a whole number"),
        ({"model": "LSTM(30, unitz=2, input_shape=(3, 1))"}, "LSTM has no keyword unitz"),
        ({"model": "Dense(input_shape=(3,))"}, "Dense needs units"),
        ({"model": "LSTM(30, input_shape=(3,))"}, "LSTM needs input of shape (timesteps"),
        ({"model": "LSTM(30, return_state=True, input_shape=(3, 1))"}, "return_state"),
        ({"model": "Input(shape=(3, 1)); Bidirectional(LSTM(3), merge_mode=None)"}, "merge_mode"),
        ({"model": "Input(shape=(3, 1)); Bidirectional(Dense(3))"}, "must wrap SimpleRNN"),
        ({"model": "Dense(1, input_shape=(3,)); Input(shape=(3,))"}, "must come first"),
        ({"model": "Linear(3, 1)"}, "Linear is a PyTorch layer"),
        ({"model": "LSTM(n, input_shape=(3, 1))"}, "n is never assigned anywhere"),
        ({"model": "LSTM(2**100, input_shape=(3, 1))"}, "too large"),
        ({"model": "LSTM(3 / 0, input_shape=(3, 1))"}, "divides by zero"),
        ({"model": "LSTM(30, input_shape=x.shape)"}, "cannot be read without running it"),
        ({"model": "Input(shape=(3, 2)); LSTM(1, 30)", "framework": "pytorch"}, "expects 1"),
        ({"model": "LSTM(1, 30, proj_size=5)", "framework": "pytorch"}, "proj_size"),
        ({"model": "Dense(1)", "code": "x = 1"}, "not both"),
        ({"framework": "jax"}, "framework must be keras or pytorch"),
        ({"gates": 0}, "gates must be between 1 and 8"),
        ({"biases": 3}, "biases must be 0, 1 or 2"),
        ({"model": ""}, "the model has no layers"),
        ({"model": "Dense(1, input_shape=(3,)); " * 201}, "at most 200"),
        ({"code": "x = 1\n" * 20_000}, "at most 100000"),
        ({"code": "model = Sequential(\n"}, "line 1: the code is not valid Python"),
        ({"code": "n = 3\nprint(n)\n"}, "the code builds no model"),
        (
            {"code": "model = Sequential()\nfor u in [3, 2]:\n    model.add(Dense(u))\n"},
            "line 3: layers are added in a loop",
        ),
        (
            {"code": "model = Sequential()\nmodel.add(Dense(n, input_dim=3))\n"},
            "line 2: n is never assigned in the code; give its value as a setting, n=N",
        ),
        (
            {"code": "n = len(data)\nmodel = Sequential([Dense(n, input_dim=3)])\n"},
            "line 2: n is set on line 1 by code dlquiz does not run",
        ),
        (
            {"code": "model = Sequential([Dense(1, input_dim=3)])\nmodel = load_model('m.h5')\n"},
            "the code builds no model",
        ),
        ({"settings": {"n_steps": "three"}}, "setting n_steps must be a number, not 'three'"),
        ({"model": "LSTM(30)", "framework": "pytorch"}, "LSTM needs hidden_size, e.g. LSTM(1, 30)"),
        ({"model": "Dense(1)", "framework": "pytorch"}, "Dense is a Keras layer"),
        ({"model": "Conv1D(4, 5, input_shape=(3, 1))"}, "only 3 steps, too few"),
        ({"model": "LSTM(30, 'relu', 'sigmoid', True, True, input_shape=(3, 1))"}, "by position"),
        ({"model": "LSTM(" + "1+" * 30_000 + "1, input_shape=(3, 1))"}, "nested too deeply"),
        (
            {"code": EXAM_CODE.replace("Dense(1)", "Dense2(1)"), "settings": {"n_steps": 3}},
            "line 8: Dense2 is not a layer dlquiz knows; it knows Dense, SimpleRNN, LSTM",
        ),
    ],
)
def test_input_errors(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as err:
        count_params(**kwargs)
    assert message in str(err.value)
    assert err.value.param is not None, "every count_params error names the argument it is about"
    assert "--" not in str(err.value), "the solver names its arguments, never a CLI flag"


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"model": "Foo(3)"}, "model"),
        ({"code": "model = Sequential(\n"}, "code"),
        ({"code": "model = Sequential([Dense(n, input_dim=3)])\n"}, "settings"),
        ({"model": "LSTM(n, input_shape=(3, 1))"}, "settings"),
        ({"settings": {"n": "x"}}, "settings"),
        ({"framework": "jax"}, "framework"),
        ({"gates": 9}, "gates"),
        ({"biases": -1}, "biases"),
        ({"model": "Dense(1)", "code": "x = 1"}, "code"),
    ],
)
def test_input_errors_name_their_argument(kwargs: dict[str, Any], param: str) -> None:
    with pytest.raises(InputError) as err:
        count_params(**kwargs)
    assert err.value.param == param


@pytest.mark.parametrize(
    "code",
    [
        "__import__('os').system('touch {marker}')\nmodel = Sequential([Dense(1, input_dim=3)])",
        "model = Sequential([Dense(__import__('os').system('touch {marker}'), input_dim=3)])",
        "eval(\"__imp\" + \"ort__('os').system('touch {marker}')\")",
        "model = Sequential()\nmodel.add(Dense(1, input_dim=().__class__.__base__))",
    ],
)
def test_code_is_never_run(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "ran"
    calls: list[str] = []
    monkeypatch.setattr(os, "system", lambda cmd: calls.append(cmd) or 0)
    with pytest.raises(InputError) as err:
        count_params(code=code.format(marker=marker))
    assert "never runs it" in str(err.value)
    assert not calls and not marker.exists()


def test_harmless_statements_are_skipped() -> None:
    code = (
        "import numpy as np\nfrom keras.layers import Dense\nX = np.load('x.npy')\n"
        "if __name__ == '__main__':\n    model = Sequential()\n"
        "    model.add(Dense(4, input_dim=3))\n"
        "model.compile(loss='mse')\nmodel.fit(X, X, epochs=10)\n"
    )
    result = count_params(code=code)
    assert result.total == 16 and result.layers[0].line == 6
    with_blank_lines = count_params(code="\n\n" + code)  # line numbers are the pasted ones
    assert with_blank_lines.layers[0].line == 8


# --- properties --------------------------------------------------------------------------------

sizes = st.integers(min_value=1, max_value=500)


@settings(max_examples=60, deadline=None)
@given(units=sizes, inputs=sizes, steps=st.integers(1, 50), bias=st.booleans())
def test_recurrent_identities(units: int, inputs: int, steps: int, bias: bool) -> None:
    shape = f"input_shape=({steps}, {inputs}), use_bias={bias}"
    lstm = count_params(f"LSTM({units}, {shape})").total
    gru = count_params(f"GRU({units}, reset_after=False, {shape})").total
    rnn = count_params(f"SimpleRNN({units}, {shape})").total
    assert lstm == 4 * rnn and 3 * lstm == 4 * gru
    assert lstm == 4 * units * (units + inputs + bias)
    torch = count_params(f"LSTM({inputs}, {units}, bias={bias})", framework="pytorch").total
    assert torch == count_params(f"LSTM({units}, {shape})", biases=2 if bias else None).total


@settings(max_examples=60, deadline=None)
@given(units=sizes, inputs=sizes, layers=st.integers(1, 4), bidirectional=st.booleans())
def test_dense_and_stacks(units: int, inputs: int, layers: int, bidirectional: bool) -> None:
    dense = count_params(f"Dense({units}, input_shape=({inputs},))").layers[0]
    assert dense.params == units * (inputs + 1)
    _check_formula(dense)
    model = f"GRU({inputs}, {units}, {layers}, bidirectional={bidirectional})"
    gru = count_params(model, framework="pytorch").layers[0]
    d = 2 if bidirectional else 1
    first = 3 * units * (units + inputs + 2)
    assert gru.params == d * (first + (layers - 1) * 3 * units * (units + d * units + 2))
    _check_formula(gru)
