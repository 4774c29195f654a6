"""Every computed answer of the bundled bank, checked against numbers not made by dlquiz.

`make_variant` and the grader take their numbers from `dlquiz.solvers`. Comparing a variant with
the same solver run again proves nothing, so this file recomputes them two other ways:

1. The oracles below: the textbook formulas written again here, in plain Python (`math`
   and lists, no NumPy and no dlquiz code). For every numeric question, at seed 0 and at a
   few template seeds, the variant's answer, every step and every mistake's value must agree
   with the oracle run on the variant's inputs, through this file's own path walker.
   The oracles are anchored in turn: they must reproduce every case of
   tests/data/reference.json (PyTorch, Keras and SciPy) and the exam's published answers, so
   they cannot share a mistake with the solvers unnoticed.
2. The exam's fixed questions (and their mistakes) whose inputs are a case of
   tests/data/reference.json or tests/data/params_reference.json are compared directly with
   those reference numbers.

An oracle takes exactly the inputs the bank uses; a question that starts using another
solver option fails here with a TypeError until the oracle learns it.
"""

from __future__ import annotations

import ast
import inspect
import json
import math
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dlquiz.bank.grade import grade
from dlquiz.bank.load import load_bank
from dlquiz.bank.model import Question
from dlquiz.bank.variant import make_variant, resolve, solver

DATA = Path(__file__).parent / "data"
REFERENCE = json.loads((DATA / "reference.json").read_text(encoding="utf-8"))["cases"]
PARAMS_REFERENCE = json.loads((DATA / "params_reference.json").read_text(encoding="utf-8"))["cases"]
BANK = load_bank()
NUMERIC = [q for q in BANK if q.type == "numeric"]
TEMPLATE_SEEDS = random.Random(31337).sample(range(1, 10**6), 4)
RTOL, ATOL = 1e-9, 1e-12

Vec = list[float]
Mat = list[list[float]]


# ------------------------------------------------------------------ plain-Python helpers


def vec(value: Any) -> Vec:
    """A flat list of floats (a 1×n or n×1 matrix is flattened)."""
    if isinstance(value, (int, float)):
        return [float(value)]
    out: Vec = []
    for item in value:
        out.extend(vec(item) if isinstance(item, (list, tuple)) else [float(item)])
    return out


def mat(value: Any) -> Mat:
    return [[float(x) for x in row] for row in value]


def depth(value: Any) -> int:
    return 1 + depth(value[0]) if isinstance(value, (list, tuple)) and value else 0


def matvec(m: Mat, v: Vec) -> Vec:
    assert all(len(row) == len(v) for row in m), (m, v)
    return [sum(a * b for a, b in zip(row, v, strict=True)) for row in m]


def vecmat(v: Vec, m: Mat) -> Vec:
    assert len(m) == len(v), (v, m)
    return [sum(v[k] * m[k][j] for k in range(len(v))) for j in range(len(m[0]))]


def matmul(a: Mat, b: Mat) -> Mat:
    return [vecmat(row, b) for row in a]


def transpose(m: Mat) -> Mat:
    return [list(col) for col in zip(*m, strict=True)]


def add(*vs: Vec) -> Vec:
    return [sum(xs) for xs in zip(*vs, strict=True)]


def mul(a: Vec, b: Vec) -> Vec:
    return [x * y for x, y in zip(a, b, strict=True)]


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


def softmax(v: Vec) -> Vec:
    top = max(v)
    e = [math.exp(x - top) for x in v]
    return [x / sum(e) for x in e]


def ln(x: float) -> float:
    return -math.inf if x == 0 else math.log(x)


LOG_BASE = {"2": math.log(2), "e": 1.0, "10": math.log(10)}
HIDDEN: dict[str, Callable[[float], float]] = {
    "tanh": math.tanh,
    "relu": lambda a: max(a, 0.0),
    "sigmoid": sigmoid,
}


# ------------------------------------------------------------------ the oracles


def rnn(x: Any, u: Any, w: Any, v: Any, bh: Any, by: Any, h0: Any = None, act: str = "tanh",
        out: str = "identity", reading: str = "sequence",
        convention: str = "column") -> dict[str, Any]:  # fmt: skip
    """Elman RNN. column: a = U x + W h + b_h, o = V h + b_y; row: a = x U + h W + b_h."""
    row = convention == "row"
    assert convention in ("column", "row") and reading in ("sequence", "vector")
    W = mat(w)
    H = len(W)
    if depth(x) == 2:
        X = mat(x)
        U = mat(u)
    elif reading == "sequence":
        X = [[float(t)] for t in x]
        U = [vec(u)] if row else [[ui] for ui in vec(u)]  # one weight per hidden unit
    else:
        X = [vec(x)]
        weights = vec(u)  # one weight per input entry, the same for every hidden unit
        U = [[wd] * H for wd in weights] if row else [weights[:] for _ in range(H)]
    if depth(v) == 2:
        V = mat(v)
    elif row:
        V = [[vi] for vi in vec(v)]  # H×1
    else:
        V = [vec(v)]  # 1×H
    f = HIDDEN[act]
    h = vec(h0) if h0 is not None else [0.0] * H
    hs, ys = [], []
    for x_t in X:
        if row:
            a = add(vecmat(x_t, U), vecmat(h, W), vec(bh))
        else:
            a = add(matvec(U, x_t), matvec(W, h), vec(bh))
        h = [f(a_j) for a_j in a]
        o = add(vecmat(h, V) if row else matvec(V, h), vec(by))
        if out == "identity":
            y = o
        elif out == "softmax":
            y = softmax(o)
        elif out == "sigmoid":
            y = [sigmoid(t) for t in o]
        else:
            assert out == "tanh"
            y = [math.tanh(t) for t in o]
        hs.append(h)
        ys.append(y)
    return {"h": hs, "y": ys}


def steps_of(x: Any) -> Mat:
    return mat(x) if depth(x) == 2 else [[float(t)] for t in vec(x)]


def lstm(x: Any, wf: Any, wi: Any, wc: Any, wo: Any, bf: Any, bi: Any, bc: Any, bo: Any,
         h0: Any = None, c0: Any = None, candidate: str = "tanh") -> dict[str, Any]:  # fmt: skip
    """f, i, o = σ(W [h; x] + b), g = tanh(W_c [h; x] + b_c), c = f c + i g, h = o tanh(c);
    `candidate` = "sigmoid" is the mistake of squashing g with σ."""
    squash = math.tanh if candidate == "tanh" else sigmoid
    H = len(mat(wf))
    h = vec(h0) if h0 is not None else [0.0] * H
    c = vec(c0) if c0 is not None else [0.0] * H
    out: dict[str, list[Vec]] = {k: [] for k in "figoch"}
    for x_t in steps_of(x):
        z = h + x_t
        f = [sigmoid(t) for t in add(matvec(mat(wf), z), vec(bf))]
        i = [sigmoid(t) for t in add(matvec(mat(wi), z), vec(bi))]
        g = [squash(t) for t in add(matvec(mat(wc), z), vec(bc))]
        o = [sigmoid(t) for t in add(matvec(mat(wo), z), vec(bo))]
        c = add(mul(f, c), mul(i, g))
        h = mul(o, [math.tanh(t) for t in c])
        for key, value in zip("figoch", (f, i, g, o, c, h), strict=True):
            out[key].append(value)
    return out


def gru(x: Any, wz: Any, wr: Any, wn: Any, bz: Any, br: Any, bn: Any, h0: Any = None,
        reset: str = "before", bhn: Any = None) -> dict[str, Any]:  # fmt: skip
    """z, r = σ(W [h; x] + b); n = tanh(W_n [r h; x] + b_n) (before) or
    tanh(W_n^x x + b_n + r (W_n^h h + b_hn)) (after); h = (1 − z) n + z h."""
    H = len(mat(wz))
    Wn = mat(wn)
    h = vec(h0) if h0 is not None else [0.0] * H
    b_hn = vec(bhn) if bhn is not None else [0.0] * H
    out: dict[str, list[Vec]] = {k: [] for k in "zrnh"}
    for x_t in steps_of(x):
        z = [sigmoid(t) for t in add(matvec(mat(wz), h + x_t), vec(bz))]
        r = [sigmoid(t) for t in add(matvec(mat(wr), h + x_t), vec(br))]
        if reset == "before":
            n = [math.tanh(t) for t in add(matvec(Wn, mul(r, h) + x_t), vec(bn))]
        else:
            assert reset == "after"
            recurrent = add(matvec([row[:H] for row in Wn], h), b_hn)
            n = [
                math.tanh(t)
                for t in add(matvec([row[H:] for row in Wn], x_t), vec(bn), mul(r, recurrent))
            ]
        h = [(1 - zj) * nj + zj * hj for zj, nj, hj in zip(z, n, h, strict=True)]
        for key, value in zip("zrnh", (z, r, n, h), strict=True):
            out[key].append(value)
    return out


def attention(q: Any = None, k: Any = None, v: Any = None, x: Any = None, wq: Any = None,
              wk: Any = None, wv: Any = None, scale: bool = True) -> dict[str, Any]:  # fmt: skip
    """S = Q Kᵀ, S' = S/√d_k, A = softmax(S') by rows, Z = A V."""
    if x is not None:
        Q, K, V = (matmul(mat(x), mat(m)) for m in (wq, wk, wv))
    else:
        Q, K, V = mat(q), mat(k), mat(v)
    S = matmul(Q, transpose(K))
    root = math.sqrt(len(Q[0])) if scale else 1.0
    scaled = [[s / root for s in row] for row in S]
    A = [softmax(row) for row in scaled]
    return {"q": Q, "k": K, "v": V, "scores": S, "scaled": scaled, "weights": A,
            "z": matmul(A, V)}  # fmt: skip


def attention_scores(scores: Any, dk: float, v: Any = None, scale: bool = True) -> dict[str, Any]:
    """S' = S/√d_k, A = softmax(S'), Z = A V, for the dot products as given."""
    root = math.sqrt(dk) if scale else 1.0
    one = depth(scores) == 1
    rows = [vec(scores)] if one else mat(scores)
    scaled = [[s / root for s in row] for row in rows]
    A = [softmax(row) for row in scaled]
    result: dict[str, Any] = {"scores": rows, "scaled": scaled, "weights": A}
    if v is not None:
        V = mat(v) if depth(v) == 2 else [[t] for t in vec(v)]
        result["z"] = matmul(A, V)
    return {key: value[0] for key, value in result.items()} if one else result


def context(states: Any, weights: Any = None, query: Any = None) -> dict[str, Any]:
    """e_ij = s_i·h_j, α_i = softmax(e_i) (or the weights as given), c_i = Σ_j α_ij h_j."""
    Hs = mat(states)
    given = query if query is not None else weights
    one = depth(given) == 1
    rows = [vec(given)] if one else mat(given)
    result: dict[str, Any] = {}
    if query is not None:
        result["scores"] = [matvec(Hs, s) for s in rows]
        result["weights"] = [softmax(e) for e in result["scores"]]
    else:
        result["weights"] = rows
    result["context"] = [vecmat(a, Hs) for a in result["weights"]]
    return {key: value[0] for key, value in result.items()} if one else result


def entropy(p: Any, base: str = "2") -> dict[str, Any]:
    return {"entropy": -sum(pi * math.log(pi) for pi in vec(p) if pi > 0) / LOG_BASE[base]}


def _cross(p: Vec, q: Vec, base: str) -> float:
    return sum(-pi * ln(qi) for pi, qi in zip(p, q, strict=True) if pi > 0) / LOG_BASE[base]


def xent(pred: Any = None, labels: Any = None, actual: Any = None, p: Any = None,
         q: Any = None, base: str = "2") -> dict[str, Any]:  # fmt: skip
    """Per sample −Σ_c y_c log_b ŷ_c (y one-hot from the labels, or as given); the total is
    the sum over the samples."""
    if p is not None:
        truth, table = [vec(p)], [vec(q)]
    elif actual is not None:
        truth, table = mat(actual), mat(pred)
    else:
        table = mat(pred)
        truth = [[1.0 if c == int(label) else 0.0 for c in range(len(table[0]))]
                 for label in vec(labels)]  # fmt: skip
    terms = [[-y * ln(yh) / LOG_BASE[base] if y > 0 else 0.0 for y, yh in zip(t, r, strict=True)]
             for t, r in zip(truth, table, strict=True)]  # fmt: skip
    per_sample = [sum(row) for row in terms]
    return {"per_sample": per_sample, "per_class": [sum(col) for col in zip(*terms, strict=True)],
            "total": sum(per_sample), "mean": sum(per_sample) / len(per_sample)}  # fmt: skip


def kl(p: Any, q: Any, base: str = "2") -> dict[str, Any]:
    """D_KL(P‖Q) = Σ p log_b(p/q), with H(P) and H(P, Q)."""
    P, Q = vec(p), vec(q)
    divergence = sum(pi * (math.log(pi) - ln(qi)) for pi, qi in zip(P, Q, strict=True) if pi > 0)
    return {"entropy_p": entropy(P, base)["entropy"], "cross_entropy": _cross(P, Q, base),
            "kl": divergence / LOG_BASE[base]}  # fmt: skip


def gan(dx: Any, dgz: Any, base: str = "e", reduce: str = "mean") -> dict[str, Any]:
    """V = mean log D(x) + mean log(1 − D(G(z))); L_D = −V; L_G = mean log(1 − D(G(z))) or
    −mean log D(G(z)). reduce="sum": sums over each batch instead of means (a mistake)."""
    b = LOG_BASE[base]
    n_real = 1 if reduce == "sum" else len(vec(dx))
    n_fake = 1 if reduce == "sum" else len(vec(dgz))
    real = sum(ln(d) for d in vec(dx)) / n_real / b
    fake = sum(ln(1 - d) for d in vec(dgz)) / n_fake / b
    fooled = sum(ln(d) for d in vec(dgz)) / n_fake / b
    return {"value": real + fake, "loss_d": -(real + fake), "loss_g_minimax": fake,
            "loss_g_nonsaturating": -fooled}  # fmt: skip


def clip(g: Any, threshold: float) -> dict[str, Any]:
    G = vec(g)
    norm = math.sqrt(sum(t * t for t in G))
    factor = threshold / norm if norm > threshold else 1.0
    return {"norm": norm, "clipped": [t * factor for t in G], "factor": factor}


def softmax_oracle(z: Any) -> dict[str, Any]:
    return {"softmax": softmax(vec(z)) if depth(z) == 1 else [softmax(r) for r in mat(z)]}


def posenc(d: int, positions: Any) -> dict[str, Any]:
    """PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d))."""
    pe = []
    for pos in vec(positions):
        row = []
        for j in range(int(d)):
            angle = pos / 10000 ** (2 * (j // 2) / d)
            row.append(math.sin(angle) if j % 2 == 0 else math.cos(angle))
        pe.append(row)
    return {"pe": pe}


def mha(x: Any, wq: Any, wk: Any, wv: Any, wo: Any, heads: int = 1, mask: str | None = None,
        posenc: bool = False, memory: Any = None, scale: str = "dk", transpose_q: bool = False,
        softmax_axis: int = -1, skip_wo: bool = False) -> dict[str, Any]:  # fmt: skip
    """Q = X W^Q, K = M W^K, V = M W^V (M = X, or the encoder states); per head h (columns
    h·d_k … of each): S = Q_h K_hᵀ, S' = S/√d_k, −∞ above the diagonal with a causal mask,
    A = softmax(S') by rows, Z_h = A V_h; out = [Z_1 … Z_H] W^O. The mistake knobs change one
    of these lines each."""
    X = mat(x)
    n, d = len(X), len(X[0])
    pe = posenc_oracle(d, list(range(n)))["pe"] if posenc else None
    if pe is not None:
        X = [add(row, p) for row, p in zip(X, pe, strict=True)]
    M = X if memory is None else mat(memory)
    Q, K, V = matmul(X, mat(wq)), matmul(M, mat(wk)), matmul(M, mat(wv))
    dk = d // int(heads)
    root = math.sqrt({"dk": dk, "tokens": n, "dmodel": d, "none": 1}[scale])
    out_heads = []
    for h in range(int(heads)):
        cols = slice(h * dk, (h + 1) * dk)
        Qh, Kh, Vh = ([row[cols] for row in m] for m in (Q, K, V))
        S = matmul(transpose(Qh), Kh) if transpose_q else matmul(Qh, transpose(Kh))
        scaled = [[s / root for s in row] for row in S]
        masked = [[-math.inf if (mask == "causal" and j > i) else s for j, s in enumerate(row)]
                  for i, row in enumerate(scaled)]  # fmt: skip
        if softmax_axis == 0:
            A = transpose([softmax(col) for col in transpose(masked)])
        else:
            A = [softmax(row) for row in masked]
        out_heads.append({"q": Qh, "k": Kh, "v": Vh, "scores": S, "scaled": scaled,
                          "weights": A, "z": matmul(A, Vh)})  # fmt: skip
    concat = [[z for head in out_heads for z in head["z"][i]] for i in range(n)]
    result: dict[str, Any] = {
        "x": mat(x),
        "q": Q,
        "k": K,
        "v": V,
        "heads": out_heads,
        "concat": concat,
        "out": concat if skip_wo else matmul(concat, mat(wo)),
    }
    if pe is not None:
        result.update(pe=pe, x_pe=X)
    return result


def spectral_norm(m: Mat) -> float:
    """The largest singular value: √(largest eigenvalue of MᵀM), by power iteration."""
    sym = matmul(transpose(m), m)
    v = [1.0 + 0.1 * i for i in range(len(sym))]
    top = 0.0
    for _ in range(5000):
        w = matvec(sym, v)
        size = math.sqrt(sum(t * t for t in w))
        if size == 0:
            return 0.0
        v = [t / size for t in w]
        if abs(size - top) <= 1e-15 * size:
            break
        top = size
    return math.sqrt(size)


def bptt(x: Any, u: Any, w: Any, v: Any, bh: Any, by: Any, h0: Any = None, target: Any = 1.0,
         clip: float | None = None) -> dict[str, Any]:  # fmt: skip
    """Forward h_t = tanh(U x_t + W h_{t−1} + b_h), y_t = V h_t + b_y, L = ½‖y_T − target‖²;
    backward ∂L/∂h_T = Vᵀ(y_T − target), δa_t = (1 − h_t²)⊙∂L/∂h_t, ∂L/∂h_{t−1} = Wᵀ δa_t,
    and ‖∂h_T/∂h_t‖₂ of the product of the Jacobians diag(1 − h_k²) W for k > t."""
    X = steps_of(x)
    W = mat(w) if depth(w) == 2 else [vec(w)]
    H = len(W)
    U = mat(u) if depth(u) == 2 and len(u) == H else [[t] for t in vec(u)]
    V = mat(v) if depth(v) == 2 else [vec(v)]
    h = vec(h0) if h0 is not None else [0.0] * H
    hs = []
    for x_t in X:
        h = [math.tanh(a) for a in add(matvec(U, x_t), matvec(W, h), vec(bh))]
        hs.append(h)
    ys = [add(matvec(V, h_t), vec(by)) for h_t in hs]
    dy = [a - b for a, b in zip(ys[-1], vec(target), strict=True)]
    g = vecmat(dy, V)
    dh, da, norms = [], [], []
    P = [[float(i == j) for j in range(H)] for i in range(H)]  # ∂h_T/∂h_T = I
    for t in range(len(X) - 1, -1, -1):
        dh.insert(0, g)
        da.insert(0, [(1 - s * s) * d for s, d in zip(hs[t], g, strict=True)])
        norms.insert(0, spectral_norm(P))
        J = [[(1 - hs[t][i] ** 2) * W[i][j] for j in range(H)] for i in range(H)]
        P = matmul(P, J)
        g = vecmat(da[0], W)
    return {
        "h": hs,
        "y": ys,
        "loss": 0.5 * sum(d * d for d in dy),
        "dh": dh,
        "da": da,
        "dh_norm": [math.sqrt(sum(t * t for t in d)) for d in dh],
        "jacobian_norm": norms,
    }


def _call(text: str) -> tuple[str, list[Any], dict[str, Any]]:
    node = ast.parse(text.strip(), mode="eval").body
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name), text
    args = [ast.literal_eval(a) for a in node.args]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
    return node.func.id, args, kwargs


def params(model: str, framework: str = "keras", gates: int | None = None,
           biases: int | None = None) -> dict[str, Any]:  # fmt: skip
    """Keras: Dense n(d + 1), SimpleRNN h(h + d + 1), LSTM 4h(h + d + 1), GRU 3h(h + d + 2)
    (reset_after, the default) or 3h(h + d + 1); PyTorch LSTM/GRU/RNN (in, hidden) with two
    bias vectors per gate, Linear(in, out) out(in + 1). `gates` replaces LSTM's 4; `biases`
    the bias vectors per gate of a recurrent layer (0 also drops the Dense/Linear bias)."""
    blocks = {"SimpleRNN": 1, "RNN": 1, "LSTM": 4, "GRU": 3}
    layers, width = [], None
    for text in model.split(";"):
        kind, args, kw = _call(text)
        if framework == "keras":
            if "input_shape" in kw or "input_dim" in kw:
                width = kw["input_shape"][-1] if "input_shape" in kw else kw["input_dim"]
            units = args[0]
            if kind == "Dense":
                count = units * (width + (0 if biases == 0 else 1))
            else:
                own = 2 if kind == "GRU" and kw.get("reset_after", True) else 1
                n = gates if kind == "LSTM" and gates is not None else blocks[kind]
                count = n * units * (units + width + (own if biases is None else biases))
            width = units
        else:
            assert framework == "pytorch"
            inputs, units = args[0], args[1]
            if kind == "Linear":
                count = units * (inputs + (0 if biases == 0 else 1))
            else:
                n = gates if kind == "LSTM" and gates is not None else blocks[kind]
                count = n * units * (units + inputs + (2 if biases is None else biases))
        layers.append({"type": kind, "params": count})
    return {"layers": layers, "total": sum(layer["params"] for layer in layers)}


ORACLES: dict[str, Callable[..., dict[str, Any]]] = {
    "rnn": rnn,
    "lstm": lstm,
    "gru": gru,
    "attention": attention,
    "attention_scores": attention_scores,
    "context": context,
    "params": params,
    "entropy": entropy,
    "xent": xent,
    "kl": kl,
    "gan": gan,
    "clip": clip,
    "softmax": softmax_oracle,
    "posenc": posenc,
    "mha": mha,
    "bptt": bptt,
}
posenc_oracle = posenc


def follow(value: Any, path: str) -> Any:
    """`layers[1].params`, `y[-1]`, `total` in an oracle's result (dicts and lists)."""
    tokens = re.findall(r"([A-Za-z_]\w*)|\[(-?\d+)\]", path)
    assert tokens and re.fullmatch(r"[A-Za-z_]\w*(\[-?\d+\]|\.[A-Za-z_]\w*)*", path), path
    for name, index in tokens:
        value = value[name] if name else value[int(index)]
    return value


def same(actual: Any, expected: Any, what: str) -> None:
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    assert a.shape == e.shape, f"{what}: shape {a.shape}, expected {e.shape}"
    np.testing.assert_allclose(a, e, rtol=RTOL, atol=ATOL, err_msg=what)


def seeds(q: Question) -> list[int]:
    return [0, *TEMPLATE_SEEDS] if q.is_template else [0]


CASES = [(q, s) for q in NUMERIC for s in seeds(q)]
IDS = [f"{q.id}-seed{s}" for q, s in CASES]


# ------------------------------------------------------------------ the oracles are right


def test_every_solver_of_the_bank_has_an_oracle() -> None:
    assert {q.solver for q in NUMERIC} <= set(ORACLES)
    assert len(NUMERIC) >= 30


@pytest.mark.parametrize("case", REFERENCE, ids=[c["id"] for c in REFERENCE])
def test_the_oracles_reproduce_the_reference_cases(case: dict[str, Any]) -> None:
    result = ORACLES[case["solver"]](**case["inputs"])
    for key, expected in case["expected"].items():
        np.testing.assert_allclose(
            np.asarray(result[key], dtype=np.float64),
            np.asarray(expected, dtype=np.float64),
            rtol=max(case["rtol"], 1e-9),
            atol=max(case["atol"], 1e-12),
            err_msg=f"{case['id']}: {key} ({case['reference']})",
        )


TRANSFORMER_REFERENCE = json.loads(
    (DATA / "transformer_reference.json").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize(
    "case",
    [c for c in TRANSFORMER_REFERENCE if c["solver"] == "mha"],
    ids=lambda c: c["id"],
)
def test_the_mha_oracle_reproduces_pytorch(case: dict[str, Any]) -> None:
    result = mha(**case["inputs"])
    for key, expected in case["expected"].items():
        per_head = key in ("weights", "z")  # stacked over the heads in the reference
        actual = [head[key] for head in result["heads"]] if per_head else result[key]
        np.testing.assert_allclose(
            np.asarray(actual, dtype=np.float64),
            np.asarray(expected, dtype=np.float64),
            rtol=1e-9,
            atol=1e-12,
            err_msg=f"{case['id']}: {key} ({case['reference']})",
        )


@pytest.mark.parametrize(
    "case",
    [c for c in TRANSFORMER_REFERENCE if c["solver"] == "bptt"],
    ids=lambda c: c["id"],
)
def test_the_bptt_oracle_reproduces_autograd(case: dict[str, Any]) -> None:
    result = bptt(**case["inputs"])
    for key in ("h", "y", "loss", "dh", "dh_norm", "jacobian_norm"):
        np.testing.assert_allclose(
            np.asarray(result[key], dtype=np.float64),
            np.asarray(case["expected"][key], dtype=np.float64),
            rtol=1e-9,
            atol=1e-12,
            err_msg=f"{case['id']}: {key} ({case['reference']})",
        )


SIMPLE_LAYERS = re.compile(r"^(LSTM|GRU|SimpleRNN|RNN|Dense|Linear)\(")


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in PARAMS_REFERENCE
        if c.get("model")
        and not c["settings"]
        and all(SIMPLE_LAYERS.match(t.strip()) for t in c["model"].split(";"))
        and not re.search(r"use_bias|bias=|num_layers|bidirectional|Input", c["model"])
    ],
    ids=lambda c: c["id"],
)
def test_the_params_oracle_reproduces_keras_and_torch(case: dict[str, Any]) -> None:
    result = params(case["model"], case["framework"])
    assert [layer["params"] for layer in result["layers"]] == [
        layer["params"] for layer in case["expected"]["layers"]
    ]
    assert result["total"] == case["expected"]["total"]


def test_the_params_oracle_is_checked_on_enough_reference_models() -> None:
    ids = {c["id"] for c in PARAMS_REFERENCE}
    assert {"keras_exam_model", "keras_gru_reset_after", "keras_gru_reset_before",
            "keras_simple_rnn", "torch_lstm_linear"} <= ids  # fmt: skip
    for cid in ("keras_exam_model", "keras_gru_reset_before", "torch_lstm_linear"):
        case = next(c for c in PARAMS_REFERENCE if c["id"] == cid)
        assert params(case["model"], case["framework"])["total"] == case["expected"]["total"]


def test_the_oracles_give_the_exams_published_answers() -> None:
    q4 = rnn(x=[2, 3], u=[0.5, 0.6], w=[[0.1, 0.2], [0.3, 0.4]], v=[1, 2], bh=[1, -1], by=[0.1])
    assert vec(q4["y"]) == pytest.approx([1.4588, 2.7371], abs=1e-4)
    exam = "LSTM(30, return_sequences=True, input_shape=(3, 1)); LSTM(30); Dense(1)"
    assert [layer["params"] for layer in params(exam)["layers"]] == [3840, 7320, 31]
    assert attention_scores([112, 96], 64)["weights"] == pytest.approx([0.8808, 0.1192], abs=1e-4)
    assert kl([0.7, 0.3], [0.5, 0.5])["kl"] == pytest.approx(1 - 0.8813, abs=1e-4)
    model_1 = [[0.4, 0.3, 0.3], [0.3, 0.4, 0.3], [0.5, 0.2, 0.3], [0.8, 0.1, 0.1]]
    assert xent(model_1, [0, 1, 0, 2])["total"] == pytest.approx(6.966, abs=1e-3)
    assert clip([3, 4], 1)["clipped"] == pytest.approx([0.6, 0.8])


# ------------------------------------------------------------------ every answer, recomputed


@pytest.mark.parametrize(("q", "seed"), CASES, ids=IDS)
def test_every_answer_agrees_with_an_independent_formula(q: Question, seed: int) -> None:
    assert q.solver is not None and q.answer is not None
    v = make_variant(q, seed)
    if seed == 0:
        assert v.inputs == {**q.inputs, **(q.cases[0] if q.cases else {})}
    oracle = ORACLES[q.solver](**v.inputs)
    same(v.expected, follow(oracle, q.answer), f"{q.id} seed {seed}: answer {q.answer}")
    assert np.all(np.isfinite(np.asarray(v.expected, dtype=np.float64)))
    for path in q.steps:
        same(resolve(v.result, path), follow(oracle, path), f"{q.id} seed {seed}: step {path}")


MISTAKES = [(q, s, i) for q, s in CASES for i in range(len(q.mistakes))]


@pytest.mark.parametrize(
    ("q", "seed", "index"),
    MISTAKES,
    ids=[f"{q.id}-seed{s}-{q.mistakes[i].id}" for q, s, i in MISTAKES],
)
def test_every_mistake_value_agrees_with_an_independent_formula(
    q: Question, seed: int, index: int
) -> None:
    assert q.solver is not None and q.answer is not None
    v = make_variant(q, seed)
    m = q.mistakes[index]
    oracle = ORACLES[q.solver](**{**v.inputs, **m.changes})
    path = m.answer or q.answer
    same(v.mistake_value(index), follow(oracle, path), f"{q.id} seed {seed}: mistake {m.id}")


@pytest.mark.parametrize(("q", "seed"), CASES, ids=IDS)
def test_typing_the_independent_answer_is_graded_right(q: Question, seed: int) -> None:
    assert q.solver is not None and q.answer is not None
    v = make_variant(q, seed)
    flat = vec(follow(ORACLES[q.solver](**v.inputs), q.answer))
    typed = (
        " ".join(repr(x) for x in flat),
        "[" + ", ".join(f"{x:.6g}" for x in flat) + "]",
    )
    for text in typed:
        g = grade(v, [text])
        assert g.correct and g.score == 1.0, (text, g)
        assert g.mistake is None and g.diagnosis is None


# ------------------------------------------------------------------ the exam's fixed numbers


def defaults(name: str) -> dict[str, Any]:
    parameters = inspect.signature(solver(name)).parameters.values()
    return {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}


def as_given(inputs: dict[str, Any], name: str) -> str:
    """The inputs with the solver's defaults filled in, as comparable JSON."""
    full = {**defaults(name), **inputs}
    return json.dumps(
        {k: np.asarray(x, float).tolist() if isinstance(x, list) else x for k, x in full.items()},
        sort_keys=True,
        default=str,
    )


def reference_checks() -> list[tuple[str, Question, int | None, dict[str, Any]]]:
    """(what, question, mistake index or None, reference case) for every fixed question or
    mistake whose inputs are exactly a case of reference.json."""
    out = []
    for q in NUMERIC:
        assert q.solver is not None
        v = make_variant(q, 0)
        runs: list[tuple[int | None, dict[str, Any]]] = [(None, v.inputs)]
        runs += [(i, {**v.inputs, **m.changes}) for i, m in enumerate(q.mistakes)]
        for index, inputs in runs:
            key = as_given(inputs, q.solver)
            for case in REFERENCE:
                if case["solver"] == q.solver and as_given(case["inputs"], q.solver) == key:
                    what = q.id if index is None else f"{q.id}:{q.mistakes[index].id}"
                    out.append((f"{what}={case['id']}", q, index, case))
    return out


REFERENCE_CHECKS = reference_checks()


def test_the_exams_fixed_questions_are_reference_cases() -> None:
    """If a fixed question's numbers change, it no longer matches its reference case: this
    fails rather than the comparison below silently checking less."""
    matched = {what for what, *_ in REFERENCE_CHECKS}
    assert {
        "final-2023-q4=rnn-exam-q4-sequence",
        "final-2023-q4:vector-reading=rnn-exam-q4-vector",
        "final-2023-q4:only-last-step=rnn-exam-q4-sequence",
        "final-2023-q6=attention-scores-exam-q6",
        "final-2023-kl=kl-bags-a-b-base2",
        "final-2023-kl:natural-log=kl-bags-a-b-base-e",
        "final-2023-kl:swapped=kl-bags-b-a-base2",
        "final-2023-kl:gave-cross-entropy=kl-bags-a-b-base2",
        "final-2023-xent=xent-exam-model1-base2",
        "kl-reverse=kl-bags-b-a-base2",
        "xent-table-template=xent-exam-model2-base2",
    } <= matched


@pytest.mark.parametrize(
    ("what", "q", "index", "case"), REFERENCE_CHECKS, ids=[w for w, *_ in REFERENCE_CHECKS]
)
def test_fixed_answers_match_the_reference_numbers(
    what: str, q: Question, index: int | None, case: dict[str, Any]
) -> None:
    assert q.answer is not None
    v = make_variant(q, 0)
    path = q.answer if index is None else (q.mistakes[index].answer or q.answer)
    name = re.match(r"[A-Za-z_]\w*", path)
    assert name is not None, (what, path)
    if name.group(0) not in case["expected"]:  # e.g. a mistake that answers the mean
        pytest.skip(f"{what}: the reference has no '{name.group(0)}' (the oracle checks it)")
    value = v.expected if index is None else v.mistake_value(index)
    np.testing.assert_allclose(
        np.asarray(value, dtype=np.float64),
        np.asarray(follow(case["expected"], path), dtype=np.float64),
        rtol=max(case["rtol"], 1e-9),
        atol=case["atol"],
        err_msg=f"{what} ({case['reference']})",
    )


def canonical(model: str) -> str:
    """A model without spaces or activation=...: the activation adds no parameters."""
    return re.sub(r",?activation='\w+'", "", model.replace(" ", ""))


KERAS_EXAM = next(c for c in PARAMS_REFERENCE if c["id"] == "keras_exam_model")


@pytest.mark.parametrize("qid", ["final-2023-q5a", "final-2023-q5b", "params-total-template"])
def test_parameter_counts_match_keras(qid: str) -> None:
    q = next(q for q in NUMERIC if q.id == qid)
    v = make_variant(q, 0)
    assert v.inputs.get("framework", "keras") == "keras"
    assert canonical(v.inputs["model"]) == canonical(KERAS_EXAM["model"])
    assert q.answer is not None
    assert v.expected == follow(KERAS_EXAM["expected"], q.answer)
    assert v.expected in (3840, 7320, 11191)


def test_the_exam_q5_mistake_on_the_input_width_matches_keras() -> None:
    """Q5b's `input-dim-one` names the first layer's count (3840) as a wrong answer for the
    second: that number too is Keras's."""
    q = next(q for q in NUMERIC if q.id == "final-2023-q5b")
    v = make_variant(q, 0)
    index = next(i for i, m in enumerate(q.mistakes) if m.id == "input-dim-one")
    assert v.mistake_value(index) == KERAS_EXAM["expected"]["layers"][0]["params"] == 3840
