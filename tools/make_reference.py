"""Build independent reference values ("golden vectors") for every dlquiz solver.

Each case is a fixed set of solver inputs (from a seeded generator, or the exam's own numbers)
and the values PyTorch, Keras 3 or SciPy compute for them. The script never imports dlquiz, so
the expected values come from code that shares nothing with the solvers under test.
tests/test_reference.py replays every case against the dlquiz solver.

Regenerate (once by hand, from the repository root) in a venv with torch, keras 3 and scipy:

    /root/refenv/bin/python tools/make_reference.py

It writes tests/data/reference.json. Case ids are permanent: add new cases with new ids rather
than changing an existing case's inputs.

Cases that need only torch can be added to the existing file without keras or scipy:

    /work/torchvenv/bin/python tools/make_reference.py --add rnn-row

computes those cases (here: the RNN's row convention, h·W) and merges them into
tests/data/reference.json; every other case is left exactly as it is.

Everything runs in float64 (torch default dtype, Keras floatx) on CPU; inputs are rounded to 4
decimals so the JSON stays readable, and the references are computed from exactly the rounded
values that are stored.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path
from typing import Any

os.environ["KERAS_BACKEND"] = "torch"  # before keras is imported

import numpy as np
import torch
import torch.nn.functional as F

try:
    import keras
    import scipy
    import scipy.special
    import scipy.stats
except ImportError:  # enough for --add, whose cases need torch only
    keras = scipy = None

torch.set_default_dtype(torch.float64)
if keras is not None:
    keras.config.set_floatx("float64")
    # Keras 3 "aligns with JAX" by promoting float64 ⊗ float64 to float32 in ops like
    # keras.ops.matmul on every backend but TensorFlow, even with floatx float64. The GRU
    # reset_after=False cell goes through keras.ops.matmul, so without this line its output is
    # only float32-accurate (~1e-8). Make float64 stay float64; the layers' own maths is
    # untouched.
    keras.src.backend.common.dtypes.BIT64_TO_BIT32_DTYPE["float64"] = "float64"

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "reference.json"
TIGHT = {"rtol": 1e-9, "atol": 1e-12}
CASES: list[dict[str, Any]] = []


# ---------------------------------------------------------------------------------------------
# helpers


def rand(rng: np.random.Generator, *shape: int, lo: float = -1.0, hi: float = 1.0) -> np.ndarray:
    """U(lo, hi) values rounded to 4 decimals (what is stored is exactly what is used)."""
    return np.round(rng.uniform(lo, hi, size=shape), 4)


def dist(rng: np.random.Generator, *shape: int) -> np.ndarray:
    """Random probability vectors (rows), rounded to 4 decimals, each summing to 1 exactly-ish."""
    p = np.round(rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]), 4)
    p = np.clip(p, 0.01, None)
    p[..., -1] = 1.0 - p[..., :-1].sum(axis=-1)
    p = np.round(p, 4)
    assert np.all(p > 0) and np.allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    return p


def t(a: Any) -> torch.Tensor:
    return torch.as_tensor(np.asarray(a, dtype=np.float64))


def plain(value: Any) -> Any:
    """Tensors / arrays / numpy scalars to plain JSON lists and numbers."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    if isinstance(value, np.ndarray):
        return value.astype(np.float64).tolist() if value.dtype.kind == "f" else value.tolist()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def add(
    case_id: str,
    solver: str,
    reference: str,
    inputs: dict[str, Any],
    expected: dict[str, Any],
    rtol: float = TIGHT["rtol"],
    atol: float = TIGHT["atol"],
) -> None:
    assert case_id == case_id.lower() and " " not in case_id and "_" not in case_id, case_id
    assert all(c["id"] != case_id for c in CASES), f"duplicate case id {case_id}"
    CASES.append(
        {
            "id": case_id,
            "solver": solver,
            "reference": reference,
            "inputs": plain(inputs),
            "expected": plain(expected),
            "rtol": rtol,
            "atol": atol,
        }
    )


def close(a: Any, b: Any, what: str, rtol: float = 1e-12, atol: float = 1e-13) -> None:
    """Internal consistency check between two reference computations."""
    np.testing.assert_allclose(
        np.asarray(plain(a)), np.asarray(plain(b)), rtol=rtol, atol=atol, err_msg=what
    )


LN = {"2": math.log(2.0), "e": 1.0, "10": math.log(10.0)}
SCIPY_BASE = {"2": 2.0, "e": None, "10": 10.0}


# ---------------------------------------------------------------------------------------------
# rnn


def torch_rnn(
    X: np.ndarray,
    U: np.ndarray,
    W: np.ndarray,
    V: np.ndarray,
    bh: np.ndarray,
    by: np.ndarray,
    h0: np.ndarray,
    act: str,
    out: str,
    rng: np.random.Generator,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Hidden states from torch.nn.RNN (or torch ops for sigmoid), outputs from nn.Linear."""
    H, D = U.shape
    n_out = V.shape[0]
    with torch.no_grad():
        if act in ("tanh", "relu"):
            rnn = torch.nn.RNN(D, H, nonlinearity=act)
            split = np.round(rng.uniform(-1, 1, size=H), 4)  # b_h = bias_ih + bias_hh
            rnn.weight_ih_l0.copy_(t(U))
            rnn.weight_hh_l0.copy_(t(W))
            rnn.bias_ih_l0.copy_(t(split))
            rnn.bias_hh_l0.copy_(t(bh - split))
            h, _ = rnn(t(X), t(h0).reshape(1, H))
        else:  # sigmoid: torch.nn.RNN has no sigmoid nonlinearity
            hs, prev = [], t(h0)
            for x_t in t(X):
                prev = torch.sigmoid(t(U) @ x_t + t(W) @ prev + t(bh))
                hs.append(prev)
            h = torch.stack(hs)
        lin = torch.nn.Linear(H, n_out)
        lin.weight.copy_(t(V))
        lin.bias.copy_(t(by))
        o = lin(h)
        g = {
            "identity": lambda a: a,
            "sigmoid": torch.sigmoid,
            "tanh": torch.tanh,
            "softmax": lambda a: torch.softmax(a, dim=-1),
        }[out]
        return h, g(o)


def rnn_cases() -> None:
    rng = np.random.default_rng(1001)
    exam = {
        "x": [2, 3],
        "u": [0.5, 0.6],
        "w": [[0.1, 0.2], [0.3, 0.4]],
        "v": [1.0, 2.0],
        "bh": [1.0, -1.0],
        "by": [0.1],
        "h0": [0, 0],
    }
    W = np.array(exam["w"], dtype=float)
    V = np.array([exam["v"]], dtype=float)
    bh, by, h0 = (np.array(exam[k], dtype=float) for k in ("bh", "by", "h0"))
    # (a) sequence reading: two time steps with scalar inputs, U is a 2×1 column
    h, y = torch_rnn(
        np.array([[2.0], [3.0]]), np.array([[0.5], [0.6]]), W, V, bh, by, h0, "tanh", "identity",
        rng,
    )  # fmt: skip
    close(h, [[0.964, 0.197], [0.990, 0.824]], "exam q4 h", rtol=0, atol=1e-3)
    close(y, [[1.459], [2.737]], "exam q4 y", rtol=0, atol=1e-3)
    add(
        "rnn-exam-q4-sequence",
        "rnn",
        "torch.nn.RNN(input_size=1, tanh) + torch.nn.Linear; exam Q4, x = two scalar steps",
        exam,
        {"h": h, "y": y},
    )
    # (b) vector reading: one 2-d input, U·x added to every hidden unit
    h, y = torch_rnn(
        np.array([[2.0, 3.0]]), np.array([[0.5, 0.6], [0.5, 0.6]]), W, V, bh, by, h0, "tanh",
        "identity", rng,
    )  # fmt: skip
    close(y, [[2.993]], "exam q4 vector y", rtol=0, atol=1e-3)
    add(
        "rnn-exam-q4-vector",
        "rnn",
        "torch.nn.RNN(input_size=2, tanh) with weight_ih = [[0.5,0.6],[0.5,0.6]] + "
        "torch.nn.Linear; exam Q4, x = one 2-d step (single step fixed by the exam)",
        {**exam, "reading": "vector"},
        {"h": h, "y": y},
    )
    # (c) random: D=2, H=3, O=2, T=4, non-zero h0
    combos = [
        ("tanh", "identity"),
        ("tanh", "softmax"),
        ("relu", "identity"),
        ("relu", "sigmoid"),
        ("sigmoid", "tanh"),
        ("sigmoid", "softmax"),
    ]
    for act, out in combos:
        D, H, n_out, T = 2, 3, 2, 4
        X, U, W, V = rand(rng, T, D), rand(rng, H, D), rand(rng, H, H), rand(rng, n_out, H)
        bh, by, h0 = rand(rng, H), rand(rng, n_out), rand(rng, H)
        if act == "relu":
            h0 = np.abs(h0)  # a reachable ReLU state
        h, y = torch_rnn(X, U, W, V, bh, by, h0, act, out, rng)
        ref = "torch.nn.RNN" if act != "sigmoid" else "torch ops (σ recurrence by hand)"
        add(
            f"rnn-{act}-{out}-4steps",
            "rnn",
            f"{ref} + torch.nn.Linear + {out}",
            {"x": X, "u": U, "w": W, "v": V, "bh": bh, "by": by, "h0": h0, "act": act, "out": out},
            {"h": h, "y": y},
        )
    # scalar inputs per time step (1-d x), H=3, T=5, h0 omitted (zeros)
    T, H, n_out = 5, 3, 1
    x, u, W, V = rand(rng, T), rand(rng, H), rand(rng, H, H), rand(rng, n_out, H)
    bh, by = rand(rng, H), rand(rng, n_out)
    h, y = torch_rnn(x.reshape(-1, 1), u.reshape(-1, 1), W, V, bh, by, np.zeros(H), "tanh",
                     "identity", rng)  # fmt: skip
    add(
        "rnn-tanh-scalar-inputs-5steps",
        "rnn",
        "torch.nn.RNN(input_size=1, tanh) + torch.nn.Linear; 1-d x, default h0",
        {"x": x, "u": u, "w": W, "v": V[0], "bh": bh, "by": by},
        {"h": h, "y": y},
    )


def torch_rnn_row(
    X: np.ndarray,
    U: np.ndarray,
    W: np.ndarray,
    V: np.ndarray,
    bh: np.ndarray,
    by: np.ndarray,
    h0: np.ndarray,
    act: str,
    out: str,
) -> tuple[torch.Tensor, torch.Tensor]:
    """The row convention with row vectors, as the forward-RNN code writes it:
    h_t = f(x_t @ U + h_{t-1} @ W + b_h), y_t = g(h_t @ V + b_y); U is D×H, W H×H, V H×O.

    Checked against torch.nn.RNN, whose weights act from the left (weight_ih = Uᵀ,
    weight_hh = Wᵀ), for tanh and relu."""
    f = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}[act]
    g = {
        "identity": lambda a: a,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "softmax": lambda a: torch.softmax(a, dim=-1),
    }[out]
    hs, prev = [], t(h0)
    for x_t in t(X):
        prev = f(x_t @ t(U) + prev @ t(W) + t(bh))
        hs.append(prev)
    h = torch.stack(hs)
    y = g(h @ t(V) + t(by))
    if act in ("tanh", "relu"):
        with torch.no_grad():
            rnn = torch.nn.RNN(U.shape[0], U.shape[1], nonlinearity=act)
            rnn.weight_ih_l0.copy_(t(U).T)
            rnn.weight_hh_l0.copy_(t(W).T)
            rnn.bias_ih_l0.copy_(t(bh))
            rnn.bias_hh_l0.zero_()
            h_module, _ = rnn(t(X), t(h0).reshape(1, -1))
        close(h, h_module, "row convention: h·W by hand vs torch.nn.RNN with Wᵀ")
    return h, y


def rnn_row_cases() -> None:
    rng = np.random.default_rng(1002)  # its own stream: the other cases do not move
    exam = {
        "x": [2, 3],
        "u": [0.5, 0.6],
        "w": [[0.1, 0.2], [0.3, 0.4]],
        "v": [1.0, 2.0],
        "bh": [1.0, -1.0],
        "by": [0.1],
        "h0": [0, 0],
    }
    W = np.array(exam["w"], dtype=float)
    bh, by, h0 = (np.array(exam[k], dtype=float) for k in ("bh", "by", "h0"))
    # (a) sequence reading: x_1 = 2, x_2 = 3; U as typed is a 1×2 row, V a 2×1 column
    h, y = torch_rnn_row(
        np.array([[2.0], [3.0]]), np.array([[0.5, 0.6]]), W, np.array([[1.0], [2.0]]), bh, by,
        h0, "tanh", "identity",
    )  # fmt: skip
    close(y, [[1.4588], [2.6704]], "exam q4 row y", rtol=0, atol=1e-4)
    add(
        "rnn-row-exam-q4-sequence",
        "rnn",
        "torch row vectors, h = tanh(x @ U + h @ W + b_h), y = h @ V + b_y (checked against "
        "torch.nn.RNN with weight_hh = Wᵀ); exam Q4, x = two scalar steps (the column "
        "convention's y is rnn-exam-q4-sequence)",
        {**exam, "convention": "row"},
        {"h": h, "y": y},
    )
    # (b) vector reading: one 2-d input; U as a 2×1 column, the same for every hidden unit
    h, y = torch_rnn_row(
        np.array([[2.0, 3.0]]), np.array([[0.5, 0.5], [0.6, 0.6]]), W,
        np.array([[1.0], [2.0]]), bh, by, h0, "tanh", "identity",
    )  # fmt: skip
    close(y, [[2.9926]], "exam q4 row vector y", rtol=0, atol=1e-4)
    add(
        "rnn-row-exam-q4-vector",
        "rnn",
        "torch row vectors, x @ U with U = [[0.5,0.5],[0.6,0.6]]; exam Q4, x = one 2-d step",
        {**exam, "reading": "vector", "convention": "row"},
        {"h": h, "y": y},
    )
    # (c) random: D=2, H=3, O=2, non-zero biases and h0; U is 2×3 and V 3×2 as typed
    for act, out, T in (("tanh", "identity", 4), ("relu", "softmax", 3), ("sigmoid", "tanh", 5)):
        D, H, n_out = 2, 3, 2
        X, U, W, V = rand(rng, T, D), rand(rng, D, H), rand(rng, H, H), rand(rng, H, n_out)
        bh, by, h0 = rand(rng, H), rand(rng, n_out), rand(rng, H)
        if act == "relu":
            h0 = np.abs(h0)  # a reachable ReLU state
        assert np.all(bh != 0) and np.all(by != 0)
        h, y = torch_rnn_row(X, U, W, V, bh, by, h0, act, out)
        add(
            f"rnn-row-{act}-{out}-{T}steps",
            "rnn",
            f"torch row vectors, h = {act}(x @ U + h @ W + b_h), y = {out}(h @ V + b_y)",
            {"x": X, "u": U, "w": W, "v": V, "bh": bh, "by": by, "h0": h0, "act": act,
             "out": out, "convention": "row"},
            {"h": h, "y": y},
        )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# lstm


def lstm_gates(
    X: torch.Tensor,
    hs_prev: torch.Tensor,
    w_ih: torch.Tensor,
    w_hh: torch.Tensor,
    b_ih: torch.Tensor,
    b_hh: torch.Tensor,
    order: str,
) -> dict[str, torch.Tensor]:
    """Gate activations per step from a layer's own weights (rows of w_* in `order`)."""
    a = X @ w_ih.T + hs_prev @ w_hh.T + b_ih + b_hh  # T×4H
    parts = dict(zip(order, torch.chunk(a, 4, dim=-1), strict=True))
    return {
        "f": torch.sigmoid(parts["f"]),
        "i": torch.sigmoid(parts["i"]),
        "g": torch.tanh(parts["g"]),
        "o": torch.sigmoid(parts["o"]),
    }


def dlquiz_lstm_weights(
    w_ih: np.ndarray, w_hh: np.ndarray, b: np.ndarray, order: str
) -> dict[str, np.ndarray]:
    """Torch-layout (4H×D, 4H×H, 4H, gate rows in `order`) to dlquiz Wf.. on [h; x]."""
    H = w_hh.shape[1]
    out = {}
    for k, gate in enumerate(order):
        name = {"i": "i", "f": "f", "g": "c", "o": "o"}[gate]
        rows = slice(k * H, (k + 1) * H)
        out[f"w{name}"] = np.concatenate([w_hh[rows], w_ih[rows]], axis=1)
        out[f"b{name}"] = b[rows]
    return out


def lstm_torch_case(case_id: str, rng: np.random.Generator, D: int, H: int, T: int,
                    zero_state: bool) -> None:  # fmt: skip
    X = rand(rng, T, D)
    w_ih, w_hh, b_ih, b_hh = (
        rand(rng, 4 * H, D),
        rand(rng, 4 * H, H),
        rand(rng, 4 * H),
        rand(rng, 4 * H),
    )
    h0 = np.zeros(H) if zero_state else rand(rng, H)
    c0 = np.zeros(H) if zero_state else rand(rng, H)
    with torch.no_grad():
        lstm = torch.nn.LSTM(D, H)
        cell = torch.nn.LSTMCell(D, H)
        for mod, suffix in ((lstm, "_l0"), (cell, "")):
            getattr(mod, "weight_ih" + suffix).copy_(t(w_ih))
            getattr(mod, "weight_hh" + suffix).copy_(t(w_hh))
            getattr(mod, "bias_ih" + suffix).copy_(t(b_ih))
            getattr(mod, "bias_hh" + suffix).copy_(t(b_hh))
        h, (hn, cn) = lstm(t(X), (t(h0).reshape(1, H), t(c0).reshape(1, H)))
        cs, hc, cc = [], t(h0), t(c0)
        for x_t in t(X):
            hc, cc = cell(x_t, (hc, cc))
            cs.append(cc)
        c = torch.stack(cs)
        close(hc, hn[0], "LSTMCell h vs LSTM h_n")
        close(c[-1], cn[0], "LSTMCell c vs LSTM c_n")
        prev = torch.cat([t(h0).reshape(1, H), h[:-1]])
        gates = lstm_gates(
            t(X), prev, lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0,
            lstm.bias_hh_l0, "ifgo",
        )  # fmt: skip
        close(gates["o"] * torch.tanh(c), h, "o⊙tanh(c) vs LSTM output")
    inputs: dict[str, Any] = {"x": X if D > 1 else X[:, 0]}
    inputs.update(dlquiz_lstm_weights(w_ih, w_hh, b_ih + b_hh, "ifgo"))
    if not zero_state:
        inputs.update({"h0": h0, "c0": c0})
    add(
        case_id,
        "lstm",
        "torch.nn.LSTM (h), torch.nn.LSTMCell stepped (c), gates from torch ops on the "
        "layer's weights; W = [W_hh | W_ih] per gate, b = b_ih + b_hh"
        + ("; 1-d x = scalar inputs, default h0/c0" if zero_state else ""),
        inputs,
        {**gates, "c": c, "h": h},
    )


def lstm_keras_case(case_id: str, rng: np.random.Generator, D: int, H: int, T: int) -> None:
    X, h0, c0 = rand(rng, T, D), rand(rng, H), rand(rng, H)
    kernel, recurrent, bias = rand(rng, D, 4 * H), rand(rng, H, 4 * H), rand(rng, 4 * H)
    layer = keras.layers.LSTM(H, return_sequences=True, return_state=True)
    layer.build((1, T, D))
    layer.set_weights([kernel, recurrent, bias])
    seq, hn, cn = layer(X[None], initial_state=[h0[None], c0[None]])
    h = torch.as_tensor(keras.ops.convert_to_numpy(seq)[0])
    close(h[-1], keras.ops.convert_to_numpy(hn)[0], "keras h_n")
    with torch.no_grad():
        prev = torch.cat([t(h0).reshape(1, H), h[:-1]])
        gates = lstm_gates(t(X), prev, t(kernel.T), t(recurrent.T), t(bias), t(np.zeros(4 * H)),
                           "ifgo")  # fmt: skip
        cs, cc = [], t(c0)
        for k in range(T):
            cc = gates["f"][k] * cc + gates["i"][k] * gates["g"][k]
            cs.append(cc)
        c = torch.stack(cs)
        close(c[-1], keras.ops.convert_to_numpy(cn)[0], "keras c_n")
        close(gates["o"] * torch.tanh(c), h, "o⊙tanh(c) vs keras output")
    inputs: dict[str, Any] = {"x": X}
    inputs.update(dlquiz_lstm_weights(kernel.T, recurrent.T, bias, "ifgo"))
    inputs.update({"h0": h0, "c0": c0})
    add(
        case_id,
        "lstm",
        "keras.layers.LSTM (float64, torch backend) for h; gates and c from torch ops on the "
        "layer's kernel (D×4H, order i f c o) and recurrent kernel (H×4H)",
        inputs,
        {**gates, "c": c, "h": h},
    )


def lstm_cases() -> None:
    rng = np.random.default_rng(2002)
    lstm_torch_case("lstm-torch-d2-h3-4steps", rng, 2, 3, 4, zero_state=False)
    lstm_torch_case("lstm-torch-d2-h3-5steps-b", rng, 2, 3, 5, zero_state=False)
    lstm_torch_case("lstm-torch-d1-h2-3steps", rng, 1, 2, 3, zero_state=True)
    lstm_keras_case("lstm-keras-d2-h3-4steps", rng, 2, 3, 4)


# ---------------------------------------------------------------------------------------------
# gru


def gru_torch_case(case_id: str, rng: np.random.Generator, D: int, H: int, T: int,
                   with_bhn: bool) -> None:  # fmt: skip
    X, h0 = rand(rng, T, D), rand(rng, H)
    w_ih, w_hh, b_ih = rand(rng, 3 * H, D), rand(rng, 3 * H, H), rand(rng, 3 * H)
    b_hh = rand(rng, 3 * H)
    if not with_bhn:
        b_hh[2 * H :] = 0.0
    with torch.no_grad():
        gru = torch.nn.GRU(D, H)
        gru.weight_ih_l0.copy_(t(w_ih))
        gru.weight_hh_l0.copy_(t(w_hh))
        gru.bias_ih_l0.copy_(t(b_ih))
        gru.bias_hh_l0.copy_(t(b_hh))
        h, _ = gru(t(X), t(h0).reshape(1, H))
        prev = torch.cat([t(h0).reshape(1, H), h[:-1]])
        gi = t(X) @ gru.weight_ih_l0.T + gru.bias_ih_l0
        gh = prev @ gru.weight_hh_l0.T + gru.bias_hh_l0
        i_r, i_z, i_n = torch.chunk(gi, 3, dim=-1)
        h_r, h_z, h_n = torch.chunk(gh, 3, dim=-1)
        r = torch.sigmoid(i_r + h_r)
        z = torch.sigmoid(i_z + h_z)
        n = torch.tanh(i_n + r * h_n)
        close((1 - z) * n + z * prev, h, "GRU h from gates vs torch output")
    R, Z, N = (slice(k * H, (k + 1) * H) for k in range(3))
    inputs = {
        "x": X,
        "wz": np.concatenate([w_hh[Z], w_ih[Z]], axis=1),
        "wr": np.concatenate([w_hh[R], w_ih[R]], axis=1),
        "wn": np.concatenate([w_hh[N], w_ih[N]], axis=1),
        "bz": b_ih[Z] + b_hh[Z],
        "br": b_ih[R] + b_hh[R],
        "bn": b_ih[N],
        "h0": h0,
        "reset": "after",
    }
    if with_bhn:
        inputs["bhn"] = b_hh[N]
    add(
        case_id,
        "gru",
        "torch.nn.GRU (h), gates from torch ops on its weights (rows r z n); "
        "W = [W_h | W_i], bz = b_iz + b_hz, br = b_ir + b_hr, bn = b_in, bhn = b_hn"
        + ("" if with_bhn else " = 0 (bhn omitted)"),
        inputs,
        {"z": z, "r": r, "n": n, "h": h},
    )


def gru_keras_case(case_id: str, rng: np.random.Generator, D: int, H: int, T: int,
                   reset_after: bool) -> None:  # fmt: skip
    X, h0 = rand(rng, T, D), rand(rng, H)
    kernel, recurrent = rand(rng, D, 3 * H), rand(rng, H, 3 * H)
    bias = rand(rng, 2, 3 * H) if reset_after else rand(rng, 3 * H)
    layer = keras.layers.GRU(H, return_sequences=True, reset_after=reset_after)
    layer.build((1, T, D))
    layer.set_weights([kernel, recurrent, bias])
    h = torch.as_tensor(keras.ops.convert_to_numpy(layer(X[None], initial_state=[h0[None]]))[0])
    Z, R, N = (slice(k * H, (k + 1) * H) for k in range(3))
    b_in, b_rec = (bias[0], bias[1]) if reset_after else (bias, np.zeros(3 * H))
    with torch.no_grad():
        prev = torch.cat([t(h0).reshape(1, H), h[:-1]])
        xk, rk = t(X) @ t(kernel) + t(b_in), prev @ t(recurrent) + t(b_rec)
        z = torch.sigmoid(xk[:, Z] + rk[:, Z])
        r = torch.sigmoid(xk[:, R] + rk[:, R])
        if reset_after:
            n = torch.tanh(xk[:, N] + r * rk[:, N])
        else:
            n = torch.tanh(xk[:, N] + (r * prev) @ t(recurrent[:, N]))
        close(z * prev + (1 - z) * n, h, "GRU h from gates vs keras output")
    inputs: dict[str, Any] = {
        "x": X,
        "wz": np.concatenate([recurrent[:, Z].T, kernel[:, Z].T], axis=1),
        "wr": np.concatenate([recurrent[:, R].T, kernel[:, R].T], axis=1),
        "wn": np.concatenate([recurrent[:, N].T, kernel[:, N].T], axis=1),
        "bz": b_in[Z] + b_rec[Z],
        "br": b_in[R] + b_rec[R],
        "bn": b_in[N],
        "h0": h0,
        "reset": "after" if reset_after else "before",
    }
    if reset_after:
        inputs["bhn"] = b_rec[N]
    add(
        case_id,
        "gru",
        f"keras.layers.GRU(reset_after={reset_after}, float64, torch backend) for h; gates "
        "from torch ops on its kernel (D×3H, order z r h) and recurrent kernel; "
        "W = [recurrent.T | kernel.T]",
        inputs,
        {"z": z, "r": r, "n": n, "h": h},
    )


def gru_cases() -> None:
    rng = np.random.default_rng(3003)
    gru_torch_case("gru-torch-after-d2-h3-4steps", rng, 2, 3, 4, with_bhn=True)
    gru_torch_case("gru-torch-after-no-bhn-d2-h3-4steps", rng, 2, 3, 4, with_bhn=False)
    gru_keras_case("gru-keras-before-d2-h3-4steps", rng, 2, 3, 4, reset_after=False)
    gru_keras_case("gru-keras-before-d1-h2-5steps", rng, 1, 2, 5, reset_after=False)
    gru_keras_case("gru-keras-after-d2-h3-4steps", rng, 2, 3, 4, reset_after=True)


# ---------------------------------------------------------------------------------------------
# attention, attention_scores, context


def attention_cases() -> None:
    rng = np.random.default_rng(4004)

    def run(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, scale: bool) -> dict[str, Any]:
        dk = q.shape[-1]
        scores = q @ k.T
        scaled = scores / math.sqrt(dk) if scale else scores
        weights = torch.softmax(scaled, dim=-1)
        z = F.scaled_dot_product_attention(q[None], k[None], v[None], scale=None if scale else 1.0)[
            0
        ]
        close(weights @ v, z, "softmax(qkᵀ/√dk)v vs SDPA")
        out = {"scores": scores, "weights": weights, "z": z}
        if scale:
            out["scaled"] = scaled
        return out

    q, k, v = rand(rng, 3, 4, lo=-2, hi=2), rand(rng, 4, 4, lo=-2, hi=2), rand(rng, 4, 2)
    add(
        "attention-direct-n3-m4-dk4-dv2",
        "attention",
        "torch.nn.functional.scaled_dot_product_attention (z); torch matmul/softmax",
        {"q": q, "k": k, "v": v},
        run(t(q), t(k), t(v), True),
    )
    x, wq, wk, wv = rand(rng, 3, 5), rand(rng, 5, 4), rand(rng, 5, 4), rand(rng, 5, 3)
    qt, kt, vt = t(x) @ t(wq), t(x) @ t(wk), t(x) @ t(wv)
    add(
        "attention-projected-n3-dmodel5-dk4-dv3",
        "attention",
        "torch projections x@W; scaled_dot_product_attention (z); torch matmul/softmax",
        {"x": x, "wq": wq, "wk": wk, "wv": wv},
        {"q": qt, "k": kt, "v": vt, **run(qt, kt, vt, True)},
    )
    q, k, v = rand(rng, 2, 3), rand(rng, 3, 3), rand(rng, 3, 2)
    add(
        "attention-direct-unscaled-n2-m3",
        "attention",
        "torch.nn.functional.scaled_dot_product_attention(scale=1.0) (z); torch softmax",
        {"q": q, "k": k, "v": v, "scale": False},
        run(t(q), t(k), t(v), False),
    )


def attention_scores_cases() -> None:
    rng = np.random.default_rng(5005)

    def run(scores: list[float], dk: int, v: np.ndarray | None) -> dict[str, Any]:
        scaled = t(scores) / math.sqrt(dk)
        weights = torch.softmax(scaled, dim=-1)
        out = {"scaled": scaled, "weights": weights}
        if v is not None:
            out["z"] = weights @ t(v)
        return out

    exp = run([112, 96], 64, None)
    close(exp["scaled"], [14, 12], "exam q6 scaled")
    close(exp["weights"], [0.8808, 0.1192], "exam q6 weights", rtol=0, atol=1e-4)
    add(
        "attention-scores-exam-q6",
        "attention_scores",
        "torch.softmax(scores/√dk); exam Q6",
        {"scores": [112, 96], "dk": 64},
        exp,
    )
    v = rand(rng, 2, 3)
    add(
        "attention-scores-exam-q6-with-v",
        "attention_scores",
        "torch.softmax(scores/√dk) @ v",
        {"scores": [112, 96], "dk": 64, "v": v},
        run([112, 96], 64, v),
    )
    scores = rand(rng, 3, lo=-10, hi=10).tolist()
    v = rand(rng, 3, 2)
    add(
        "attention-scores-3-dk16-with-v",
        "attention_scores",
        "torch.softmax(scores/√dk) @ v",
        {"scores": scores, "dk": 16, "v": v},
        run(scores, 16, v),
    )


def context_cases() -> None:
    rng = np.random.default_rng(6006)
    states, query = rand(rng, 4, 3, lo=-2, hi=2), rand(rng, 3, lo=-2, hi=2)
    w = torch.softmax(t(states) @ t(query), dim=-1)
    ctx = F.scaled_dot_product_attention(t(query)[None], t(states), t(states), scale=1.0)[0]
    close(w @ t(states), ctx, "context vs SDPA")
    add(
        "context-query-vector-n4-d3",
        "context",
        "torch.nn.functional.scaled_dot_product_attention(scale=1.0) (context); torch softmax",
        {"states": states, "query": query},
        {"weights": w, "context": ctx},
    )
    states, query = rand(rng, 4, 3, lo=-2, hi=2), rand(rng, 2, 3, lo=-2, hi=2)
    w = torch.softmax(t(query) @ t(states).T, dim=-1)
    ctx = F.scaled_dot_product_attention(t(query), t(states), t(states), scale=1.0)
    close(w @ t(states), ctx, "context vs SDPA")
    add(
        "context-query-matrix-m2-n4-d3",
        "context",
        "torch.nn.functional.scaled_dot_product_attention(scale=1.0) (context); torch softmax",
        {"states": states, "query": query},
        {"weights": w, "context": ctx},
    )
    states, weights = rand(rng, 3, 2), dist(rng, 3, 3)
    add(
        "context-weights-matrix-3x3",
        "context",
        "torch matmul weights @ states",
        {"states": states, "weights": weights},
        {"weights": weights, "context": t(weights) @ t(states)},
    )
    states, weights = rand(rng, 4, 3), dist(rng, 4)
    add(
        "context-weights-vector-n4",
        "context",
        "torch matmul weights @ states",
        {"states": states, "weights": weights},
        {"weights": weights, "context": t(weights) @ t(states)},
    )


# ---------------------------------------------------------------------------------------------
# information theory: entropy, xent, kl


def entropy_cases() -> None:
    rng = np.random.default_rng(7007)
    cases = [
        ("entropy-bag-07-03-base2", [0.7, 0.3], "2"),
        ("entropy-with-zero-base2", [0.5, 0.0, 0.25, 0.25], "2"),
        ("entropy-random4-base-e", dist(rng, 4).tolist(), "e"),
        ("entropy-random5-base10", dist(rng, 5).tolist(), "10"),
    ]
    for case_id, p, base in cases:
        h = scipy.stats.entropy(p, base=SCIPY_BASE[base])
        add(
            case_id,
            "entropy",
            f"scipy.stats.entropy(p, base={SCIPY_BASE[base]})",
            {"p": p, "base": base},
            {"entropy": h},
        )


def xent_torch(pred: np.ndarray, labels: list[int], base: str) -> dict[str, Any]:
    with torch.no_grad():
        per_sample = F.nll_loss(torch.log(t(pred)), torch.tensor(labels), reduction="none")
    per_sample = per_sample / LN[base]
    per_class = torch.zeros(pred.shape[1]).index_add_(0, torch.tensor(labels), per_sample)
    return {"per_sample": per_sample, "per_class": per_class, "total": per_sample.sum()}


def xent_cases() -> None:
    rng = np.random.default_rng(8008)
    labels = [0, 1, 0, 2]
    m1 = [[0.4, 0.3, 0.3], [0.3, 0.4, 0.3], [0.5, 0.2, 0.3], [0.8, 0.1, 0.1]]
    exp = xent_torch(np.array(m1), labels, "2")
    close(exp["per_class"], [2.322, 1.322, 3.322], "model 1 per_class", rtol=0, atol=1e-3)
    close(exp["total"], 6.966, "model 1 total", rtol=0, atol=1e-3)
    ref = "torch nll_loss(log(pred), labels, reduction='none') / ln(base); per_class summed"
    add("xent-exam-model1-base2", "xent", ref, {"pred": m1, "labels": labels, "base": "2"}, exp)
    m2 = [[0.7, 0.1, 0.2], [0.1, 0.8, 0.1], [0.9, 0.1, 0.0], [0.4, 0.3, 0.3]]
    exp = xent_torch(np.array(m2), labels, "2")
    close(exp["total"], 2.725, "model 2 total", rtol=0, atol=1e-3)
    add(
        "xent-exam-model2-base2",
        "xent",
        ref + " (a 0 prediction on a wrong class)",
        {"pred": m2, "labels": labels, "base": "2"},
        exp,
    )
    pred, lab = dist(rng, 5, 4), rng.integers(0, 4, size=5).tolist()
    lab[:4] = [0, 1, 2, 3]  # every class present
    add(
        "xent-random-labels-n5-c4-base-e",
        "xent",
        ref,
        {"pred": pred, "labels": lab, "base": "e"},
        xent_torch(pred, lab, "e"),
    )
    pred, lab = dist(rng, 4, 3), [2, 0, 2, 1]
    actual = np.eye(3)[lab]
    add(
        "xent-onehot-actual-n4-c3-base2",
        "xent",
        ref + "; one-hot actual",
        {"pred": pred, "actual": actual, "base": "2"},
        xent_torch(pred, lab, "2"),
    )
    for case_id, p, q, base in (
        ("xent-pq-bags-base2", [0.7, 0.3], [0.5, 0.5], "2"),
        ("xent-pq-random4-base10", dist(rng, 4).tolist(), dist(rng, 4).tolist(), "10"),
    ):
        b = SCIPY_BASE[base]
        total = scipy.stats.entropy(p) + scipy.stats.entropy(p, q)
        total_b = scipy.stats.entropy(p, base=b) + scipy.stats.entropy(p, q, base=b)
        per_class = -scipy.special.xlogy(p, q) / LN[base]
        close(total / LN[base], total_b, "H(p,q) in base")
        close(per_class.sum(), total_b, "per_class sum")
        add(
            case_id,
            "xent",
            "scipy.stats.entropy(p, base) + scipy.stats.entropy(p, q, base); "
            "per_class = -scipy.special.xlogy(p, q)/ln(base); one sample",
            {"p": p, "q": q, "base": base},
            {"per_sample": [total_b], "per_class": per_class, "total": total_b},
        )


def kl_cases() -> None:
    rng = np.random.default_rng(9009)
    a, b = [0.7, 0.3], [0.5, 0.5]
    cases = [
        ("kl-bags-a-b-base2", a, b, "2"),
        ("kl-bags-a-b-base-e", a, b, "e"),
        ("kl-bags-b-a-base2", b, a, "2"),
        ("kl-random4-base10", dist(rng, 4).tolist(), dist(rng, 4).tolist(), "10"),
    ]
    for case_id, p, q, base in cases:
        sb = SCIPY_BASE[base]
        hp = scipy.stats.entropy(p, base=sb)
        kl = scipy.stats.entropy(p, q, base=sb)
        with torch.no_grad():
            kl_t = F.kl_div(torch.log(t(q)), t(p), reduction="sum") / LN[base]
        close(kl_t, kl, "torch kl_div vs scipy")
        add(
            case_id,
            "kl",
            f"scipy.stats.entropy(p[, q], base={sb}), checked against torch kl_div; "
            "cross_entropy = H(p) + KL",
            {"p": p, "q": q, "base": base},
            {"entropy_p": hp, "cross_entropy": hp + kl, "kl": kl},
        )


# ---------------------------------------------------------------------------------------------
# gan, clip, softmax, posenc


def gan_cases() -> None:
    rng = np.random.default_rng(10010)
    bce = torch.nn.BCELoss()
    for case_id, n, base in (
        ("gan-batch3-base-e", 3, "e"),
        ("gan-batch4-base-e", 4, "e"),
        ("gan-batch4-base2", 4, "2"),
    ):
        dx, dgz = rand(rng, n, lo=0.05, hi=0.95), rand(rng, n, lo=0.05, hi=0.95)
        with torch.no_grad():
            real = bce(t(dx), torch.ones(n))  # −mean log D(x)
            fake = bce(t(dgz), torch.zeros(n))  # −mean log(1 − D(G(z)))
            nonsat = bce(t(dgz), torch.ones(n))  # −mean log D(G(z))
        ln = LN[base]
        add(
            case_id,
            "gan",
            "torch.nn.BCELoss (mean) against targets 1/0, divided by ln(base)",
            {"dx": dx, "dgz": dgz, "base": base},
            {
                "loss_d": (real + fake) / ln,
                "loss_g_minimax": -fake / ln,
                "loss_g_nonsaturating": nonsat / ln,
                "value": -(real + fake) / ln,
            },
        )


def clip_cases() -> None:
    rng = np.random.default_rng(11011)
    for case_id, g, thr in (
        ("clip-clipped-5d", rand(rng, 5, lo=-3, hi=3), 1.0),
        ("clip-not-clipped-4d", rand(rng, 4, lo=-0.4, hi=0.4), 2.0),
        ("clip-clipped-2d-norm5", np.array([3.0, 4.0]), 2.5),
    ):
        p = torch.nn.Parameter(torch.zeros(len(g)))
        p.grad = t(g).clone()
        norm = torch.nn.utils.clip_grad_norm_([p], max_norm=thr)
        clipped = float(norm) > thr
        add(
            case_id,
            "clip",
            "torch.nn.utils.clip_grad_norm_"
            + (" (divides by norm + 1e-6, hence rtol 1e-5)" if clipped else " (not clipped)"),
            {"g": g, "threshold": thr},
            {"norm": norm, "clipped": p.grad},
            **({"rtol": 1e-5, "atol": 1e-9} if clipped else TIGHT),
        )


def softmax_cases() -> None:
    rng = np.random.default_rng(12012)
    for case_id, z in (
        ("softmax-exam-14-12", [14, 12]),
        ("softmax-matrix-2x3", rand(rng, 2, 3, lo=-3, hi=3)),
        ("softmax-large-logits", [1000, 999, 990]),
    ):
        add(
            case_id,
            "softmax",
            "torch.softmax(z, dim=-1)",
            {"z": z},
            {"softmax": torch.softmax(t(z), dim=-1)},
        )


def posenc_cases() -> None:
    for case_id, d, positions in (
        ("posenc-d4-pos0-3", 4, [0, 1, 2, 3]),
        ("posenc-d6-pos-0-1-5-10", 6, [0, 1, 5, 10]),
        ("posenc-d8-pos-2-50", 8, [2, 50]),
    ):
        pos = torch.tensor(positions, dtype=torch.float64).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d, 2) * (-math.log(10000.0) / d))
        pe = torch.zeros(len(positions), d)
        pe[:, 0::2] = torch.sin(pos * div_term)
        pe[:, 1::2] = torch.cos(pos * div_term)
        add(
            case_id,
            "posenc",
            "PyTorch-tutorial PositionalEncoding (div_term = exp(arange(0,d,2)·(−ln 10000/d)))",
            {"d": d, "positions": positions},
            {"pe": pe},
        )


# ---------------------------------------------------------------------------------------------


def main() -> None:
    for build in (
        rnn_cases,
        lstm_cases,
        gru_cases,
        attention_cases,
        attention_scores_cases,
        context_cases,
        entropy_cases,
        xent_cases,
        kl_cases,
        gan_cases,
        clip_cases,
        softmax_cases,
        posenc_cases,
        *TORCH_ONLY.values(),
    ):
        build()
    doc = {
        "format_version": 1,
        "generated_by": "tools/make_reference.py",
        "versions": {
            "torch": torch.__version__,
            "keras": keras.__version__,
            "scipy": scipy.__version__,
            "numpy": np.__version__,
        },
        "cases": CASES,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {OUT}")


# Cases that need torch only, by name, for --add; they come after every other case.
TORCH_ONLY = {"rnn-row": rnn_row_cases}


def add_to_file(names: list[str]) -> None:
    """Compute the named torch-only cases and merge them into the existing file: a case whose
    id is already there is replaced in place, the others are appended; no other case changes."""
    unknown = [n for n in names if n not in TORCH_ONLY]
    if unknown:
        raise SystemExit(f"unknown case group(s) {unknown}; known: {', '.join(TORCH_ONLY)}")
    for name in names:
        TORCH_ONLY[name]()
    doc = json.loads(OUT.read_text(encoding="utf-8"))
    where = {case["id"]: i for i, case in enumerate(doc["cases"])}
    for case in CASES:
        if case["id"] in where:
            doc["cases"][where[case["id"]]] = case
        else:
            doc["cases"].append(case)
    OUT.write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    print(f"merged {len(CASES)} cases into {OUT} ({len(doc['cases'])} in all)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--add"]:
        add_to_file(sys.argv[2:] or list(TORCH_ONLY))
    elif keras is None or scipy is None:
        raise SystemExit("a full regeneration needs keras 3 and scipy; --add needs torch only")
    else:
        main()
