"""Reference parameter counts for dlquiz's `params` solver (exam Q5), from real Keras and torch.

Each case is a model in dlquiz's text form (`model`) or as code (`code`), built here with real
Keras 3 layers or real torch.nn modules. The expected layer names, types, output shapes and
parameter counts are what those libraries report: Keras's `layer.name`, `layer.output.shape`
and `layer.count_params()`, and the sum of `p.numel()` over each torch module's parameters.
The script never imports dlquiz. tests/test_params.py replays every case against the solver.

Regenerate (once by hand, from the repository root) in a venv with torch and keras 3:

    KERAS_BACKEND=torch /root/refenv/bin/python tools/make_params_reference.py

It writes tests/data/params_reference.json. Case ids are permanent: add new cases with new ids
rather than changing an existing case. The model strings and code below are our own text and
are run here on purpose (with eval / exec), to get the libraries' answers; dlquiz never runs
them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

os.environ["KERAS_BACKEND"] = "torch"  # before keras is imported

import keras
import numpy as np
import torch
from torch import nn

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "params_reference.json"

EXAM_CODE = (OUT.parent / "exam_q5_code.txt").read_text(encoding="utf-8")

KERAS_MODELS = {
    "keras_exam_model": "LSTM(30, activation='relu', return_sequences=True, input_shape=(3, 1)); "
    "LSTM(30, activation='relu'); Dense(1)",
    "keras_dense_mlp": "Dense(64, activation='relu', input_shape=(784,)); Dropout(0.2); "
    "Dense(10, activation='softmax')",
    "keras_dense_input_dim": "Dense(32, input_dim=784); Dense(10)",
    "keras_dense_no_bias": "Input(shape=(20,)); Dense(8, use_bias=False); Activation('relu'); "
    "Dense(1)",
    "keras_dense_3d": "Input(shape=(4, 6)); Dense(5); Flatten(); Dense(1)",
    "keras_simple_rnn": "SimpleRNN(16, input_shape=(10, 4)); Dense(1)",
    "keras_simple_rnn_stack": "Input(shape=(None, 1)); SimpleRNN(4, return_sequences=True); "
    "SimpleRNN(8, use_bias=False)",
    "keras_gru_reset_after": "GRU(30, input_shape=(3, 1)); Dense(1)",
    "keras_gru_reset_before": "GRU(30, reset_after=False, input_shape=(3, 1)); Dense(1)",
    "keras_gru_stack": "Input(shape=(7, 3)); GRU(20, return_sequences=True); "
    "GRU(10, reset_after=False, use_bias=False)",
    "keras_lstm_no_bias": "LSTM(12, use_bias=False, input_shape=(6, 2)); Dense(1, use_bias=False)",
    "keras_bidirectional_lstm": "Input(shape=(3, 1)); Bidirectional(LSTM(30)); Dense(1)",
    "keras_bidirectional_merge": "Input(shape=(10, 8)); "
    "Bidirectional(GRU(16, return_sequences=True), merge_mode='sum'); "
    "Bidirectional(SimpleRNN(8), merge_mode='ave'); Dense(2)",
    "keras_bidirectional_names": "Input(shape=(5, 2)); "
    "Bidirectional(LSTM(4, return_sequences=True)); LSTM(3); Dense(1)",
    "keras_embedding_lstm": "Input(shape=(20,)); Embedding(1000, 64); LSTM(32); "
    "Dense(1, activation='sigmoid')",
    "keras_embedding_flatten": "Embedding(500, 16, input_shape=(10,)); Flatten(); Dense(1)",
    "keras_time_distributed": "Input(shape=(5, 3)); LSTM(10, return_sequences=True); "
    "TimeDistributed(Dense(4)); Dense(2)",
    "keras_conv1d_pool": "Conv1D(64, 3, activation='relu', input_shape=(20, 1)); MaxPooling1D(2); "
    "Flatten(); Dense(50, activation='relu'); Dense(1)",
    "keras_conv1d_same_avg": "Input(shape=(30, 4)); "
    "Conv1D(16, kernel_size=5, padding='same', use_bias=False); AveragePooling1D(pool_size=3); "
    "Conv1D(8, 3, strides=2); GlobalMaxPooling1D(); Dense(1)",
    "keras_conv1d_groups": "Input(shape=(12, 2)); Conv1D(filters=4, kernel_size=2, groups=2); "
    "GlobalAveragePooling1D(); Dense(3)",
    "keras_conv1d_causal": "Input(shape=(12, 2)); Conv1D(4, 3, padding='causal', dilation_rate=2); "
    "MaxPooling1D(2, strides=1, padding='same'); GlobalAveragePooling1D(keepdims=True)",
    "keras_names_batch": "Input(shape=(3, 1), batch_size=32); LSTM(5, name='encoder'); "
    "Dense(2, name='out')",
}

KERAS_CODE: dict[str, tuple[str, dict[str, float]]] = {
    "keras_exam_code": (EXAM_CODE, {"n_steps": 3}),
    "keras_code_list": (
        """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

n_steps, n_features = 4 * 5, 2
units = 64
model = keras.Sequential([
    keras.Input(shape=(n_steps, n_features)),
    layers.LSTM(units, return_sequences=True),
    layers.Dropout(0.2),
    layers.LSTM(units // 2),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.summary()
""",
        {},
    ),
    "keras_code_attributes": (
        """\
import tensorflow as tf
from tensorflow import keras
vocab = 5000
maxlen = 100
n_classes = 3
model = tf.keras.models.Sequential()
model.add(keras.layers.Input(shape=(maxlen,)))
model.add(tf.keras.layers.Embedding(vocab, 8))
model.add(keras.layers.Bidirectional(keras.layers.GRU(16)))
model.add(keras.layers.Dense(n_classes, activation="softmax"))
""",
        {},
    ),
    "keras_code_function": (
        """\
from keras.models import Sequential
from keras.layers import GRU, Dense

def build_model(n_steps=10, n_features=1):
    model = Sequential()
    model.add(GRU(50, input_shape=(n_steps, n_features)))
    model.add(Dense(1))
    return model

model = build_model()
""",
        {},
    ),
}

TORCH_MODELS = {
    "torch_lstm_linear": "LSTM(1, 30); Linear(30, 1)",
    "torch_exam": "Input(shape=(3, 1)); LSTM(1, 30); LSTM(30, 30); Linear(30, 1)",
    "torch_lstm_keywords": "nn.LSTM(input_size=1, hidden_size=30, num_layers=2, "
    "bidirectional=True, bias=True, batch_first=True); nn.Linear(60, 1)",
    "torch_gru_rnn": "GRU(8, 16, num_layers=3); RNN(16, 4, bias=False, nonlinearity='relu'); "
    "Linear(4, 2, bias=False)",
    "torch_bidirectional_gru": "Input(shape=(6, 10)); GRU(10, 20, bidirectional=True, bias=False); "
    "Linear(40, 5)",
    "torch_embedding": "Input(shape=(10,)); Embedding(100, 8); Flatten(); Linear(80, 1)",
    "torch_conv": "Input(shape=(1, 20)); Conv1d(1, 16, 3); ReLU(); MaxPool1d(2); "
    "Conv1d(16, 8, kernel_size=3, stride=2, padding=1, bias=False); Flatten(); Dropout(0.5); "
    "Linear(40, 1)",
}

TORCH_CODE: dict[str, tuple[str, dict[str, float]]] = {
    "torch_code_class": (
        """\
import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self, n_features=1, hidden=30):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden, num_layers=2, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1])

model = Net()
""",
        {},
    ),
    "torch_code_sequential": (
        "import torch.nn as nn\n"
        "vocab, dim, length = 1000, 32, 10\n"
        "model = nn.Sequential(nn.Embedding(vocab, dim), nn.Flatten(),\n"
        "                      nn.Linear(dim * length, 1))\n",
        {},
    ),
}


def split(model: str) -> list[str]:
    return [part.strip() for part in model.split(";") if part.strip()]


def keras_namespace() -> dict[str, Any]:
    names: dict[str, Any] = {k: getattr(keras.layers, k) for k in dir(keras.layers)}
    names |= {"keras": keras, "layers": keras.layers, "Sequential": keras.Sequential}
    names["tf"] = SimpleNamespace(keras=keras)
    return names


def keras_expected(model: keras.Sequential) -> dict[str, Any]:
    rows = [
        {
            "name": layer.name,
            "type": type(layer).__name__,
            "output_shape": str(tuple(layer.output.shape)),
            "params": int(layer.count_params()),
        }
        for layer in model.layers
    ]
    return {"layers": rows, "total": int(model.count_params())}


def run_code(code: str, namespace: dict[str, Any]) -> dict[str, Any]:
    """Run our own case code with the imports dropped (the namespace stands in for them)."""
    body = "\n".join(line for line in code.splitlines() if not re.match(r"(import|from) ", line))
    with contextlib.redirect_stdout(io.StringIO()):
        exec(body, namespace)
    return namespace


def keras_case(case_id: str, model: str | None, code: str | None, settings: dict[str, float]):
    keras.backend.clear_session()  # layer names start again at "lstm", "dense"
    if code is not None:
        namespace = keras_namespace() | {"X": np.zeros((10, int(settings.get("n_steps", 3))))}
        built = run_code(code, namespace | settings)["model"]
    else:
        namespace = keras_namespace()
        built = keras.Sequential([eval(part, namespace) for part in split(model or "")])
    case = {"id": case_id, "framework": "keras", "settings": settings}
    case |= {"model": model} if code is None else {"code": code}
    return case | {"expected": keras_expected(built)}


class Input:
    def __init__(self, shape: tuple[int, ...]):
        self.shape = shape


def torch_expected(modules: list[tuple[str | None, nn.Module]], shape: tuple[int, ...] | None):
    counters: dict[str, int] = {}
    rows = []
    x = None
    if shape is not None:
        long = isinstance(modules[0][1], nn.Embedding)
        x = torch.zeros((2, *shape), dtype=torch.long if long else torch.float32)
    for label, module in modules:
        prefix = type(module).__name__.lower()
        n = counters.get(prefix, 0)
        counters[prefix] = n + 1
        name = label or (prefix if n == 0 else f"{prefix}_{n}")
        shown = ""
        if x is not None:
            if isinstance(module, nn.RNNBase):
                x = x if module.batch_first else x.transpose(0, 1)
                x = module(x)[0]
                x = x if module.batch_first else x.transpose(0, 1)
            else:
                x = module(x)
            shown = str((None, *x.shape[1:]))
        params = sum(p.numel() for p in module.parameters())
        rows.append({"name": name, "type": type(module).__name__, "output_shape": shown,
                     "params": int(params)})  # fmt: skip
    return {"layers": rows, "total": sum(r["params"] for r in rows)}


def torch_case(case_id: str, model: str | None, code: str | None, settings: dict[str, float]):
    torch.manual_seed(0)
    namespace: dict[str, Any] = {k: getattr(nn, k) for k in dir(nn)} | {"nn": nn, "Input": Input}
    shape = None
    if code is not None:
        built = run_code(code, namespace | {"torch": torch} | settings)["model"]
        if isinstance(built, nn.Sequential):
            modules = [(None, m) for m in built]
        else:
            modules = list(built.named_children())
    else:
        items = [eval(part, namespace) for part in split(model or "")]
        if isinstance(items[0], Input):
            shape = items.pop(0).shape
        modules = [(None, m) for m in items]
    case = {"id": case_id, "framework": "pytorch", "settings": settings}
    case |= {"model": model} if code is None else {"code": code}
    return case | {"expected": torch_expected(modules, shape)}


def main() -> None:
    cases = [keras_case(i, m, None, {}) for i, m in KERAS_MODELS.items()]
    cases += [keras_case(i, None, c, s) for i, (c, s) in KERAS_CODE.items()]
    cases += [torch_case(i, m, None, {}) for i, m in TORCH_MODELS.items()]
    cases += [torch_case(i, None, c, s) for i, (c, s) in TORCH_CODE.items()]
    meta = {"keras": keras.__version__, "torch": torch.__version__}
    OUT.write_text(json.dumps({"generated_by": meta, "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
