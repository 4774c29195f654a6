"""Build independent reference values for multi-head attention and backpropagation through time.

Like tools/make_reference.py, this script never imports dlquiz: the expected values come from
PyTorch modules and autograd, which share no code with the NumPy solvers under test.

* mha: torch.nn.MultiheadAttention(bias=False, batch_first=True) with in_proj_weight =
  [W_Qᵀ; W_Kᵀ; W_Vᵀ] and out_proj.weight = W_Oᵀ (torch computes X·Wᵀ, dlquiz X·W), per-head
  weights from need_weights=True, average_attn_weights=False; per-head Z from
  torch.nn.functional.scaled_dot_product_attention.
* bptt: torch.nn.RNNCell (tanh) unrolled by hand with retain_grad() on every h_t, a
  torch.nn.Linear output layer, L = ½‖y_T − target‖², loss.backward(); ‖∂h_T/∂h_t‖₂ from
  torch.autograd.functional.jacobian and torch.linalg.matrix_norm(ord=2).

Regenerate (by hand, from the repository root) in a venv with torch:

    /work/torchvenv/bin/python tools/make_transformer_reference.py

It writes tests/data/transformer_reference.json, replayed by tests/test_mha.py and
tests/test_bptt.py. Case ids are permanent: add new cases with new ids rather than changing
an existing case's inputs. Everything runs in float64 on CPU; inputs are rounded to 4 decimals
and the references are computed from exactly the rounded values that are stored.
"""

from __future__ import annotations

import json
import math
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "transformer_reference.json"
RTOL, ATOL = 1e-9, 1e-12
CASES: list[dict[str, Any]] = []


def rand(rng: np.random.Generator, *shape: int, lo: float = -1.0, hi: float = 1.0) -> np.ndarray:
    """U(lo, hi) values rounded to 4 decimals (what is stored is exactly what is used)."""
    return np.round(rng.uniform(lo, hi, size=shape), 4)


def orthogonal(rng: np.random.Generator, n: int, gain: float) -> np.ndarray:
    """gain·Q for a random orthogonal Q, rounded to 4 decimals: all singular values ≈ gain."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return np.round(gain * q * np.sign(np.diag(r)), 4)


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
    case_id: str, solver: str, reference: str, inputs: dict[str, Any], expected: dict[str, Any]
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
            "rtol": RTOL,
            "atol": ATOL,
        }
    )


def close(a: Any, b: Any, what: str, rtol: float = 1e-12, atol: float = 1e-13) -> None:
    """Internal consistency check between two reference computations."""
    np.testing.assert_allclose(
        np.asarray(plain(a)), np.asarray(plain(b)), rtol=rtol, atol=atol, err_msg=what
    )


# ---------------------------------------------------------------------------------------------
# multi-head attention


def sinusoidal(n: int, d: int) -> torch.Tensor:
    """PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(pos/10000^(2i/d))."""
    pos = torch.arange(n, dtype=torch.float64)[:, None]
    two_i = torch.arange(0, d, 2, dtype=torch.float64)
    angle = pos / torch.pow(torch.tensor(10000.0), two_i / d)
    pe = torch.zeros(n, d)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle[:, : d // 2])
    return pe


def mha_case(
    case_id: str,
    rng: np.random.Generator,
    n: int,
    d: int,
    heads: int,
    mask: str | None = None,
    m: int | None = None,
    posenc: bool = False,
) -> None:
    x = rand(rng, n, d, lo=-2, hi=2)
    wq, wk, wv, wo = (rand(rng, d, d) for _ in range(4))
    memory = None if m is None else rand(rng, m, d, lo=-2, hi=2)
    xq = t(x) + sinusoidal(n, d) if posenc else t(x)
    mem = xq if memory is None else t(memory)
    layer = torch.nn.MultiheadAttention(embed_dim=d, num_heads=heads, bias=False, batch_first=True)
    layer.eval()
    attn_mask: torch.Tensor | None = None
    if mask == "float":
        attn_mask = torch.nn.Transformer.generate_square_subsequent_mask(n, dtype=torch.float64)
    elif mask == "bool":
        attn_mask = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)  # True = hidden
    with torch.no_grad():
        layer.in_proj_weight.copy_(torch.cat([t(wq).T, t(wk).T, t(wv).T]))
        layer.out_proj.weight.copy_(t(wo).T)
        out, weights = layer(
            xq[None],
            mem[None],
            mem[None],
            attn_mask=attn_mask,
            need_weights=True,
            average_attn_weights=False,
        )
        w_q, w_k, w_v = layer.in_proj_weight.chunk(3)
        q, k, v = F.linear(xq, w_q), F.linear(mem, w_k), F.linear(mem, w_v)
        d_k = d // heads

        def split(a: torch.Tensor) -> torch.Tensor:  # L×d → 1×H×L×d_k
            return a.reshape(a.shape[0], heads, d_k).transpose(0, 1)[None]

        z = F.scaled_dot_product_attention(
            split(q), split(k), split(v), is_causal=mask is not None
        )[0]
        concat = z.transpose(0, 1).reshape(n, d)
    close(weights[0] @ split(v)[0], z, f"{case_id}: MHA weights·V_h vs SDPA")
    close(concat @ t(wo), out[0], f"{case_id}: [Z_1 … Z_H]·W_O vs MHA out")
    if mask is not None:
        assert torch.all(weights[0].triu(1) == 0), case_id
    inputs: dict[str, Any] = {"x": x, "wq": wq, "wk": wk, "wv": wv, "wo": wo, "heads": heads}
    if mask is not None:
        inputs["mask"] = "causal"
    if memory is not None:
        inputs["memory"] = memory
    expected: dict[str, Any] = {
        "q": q,
        "k": k,
        "v": v,
        "weights": weights[0],
        "z": z,
        "concat": concat,
        "out": out[0],
    }
    if posenc:
        inputs["posenc"] = True
        expected["x_pe"] = xq
    what = {None: "", "float": " + generate_square_subsequent_mask", "bool": " + bool triu mask"}
    add(
        case_id,
        "mha",
        f"torch.nn.MultiheadAttention(num_heads={heads}, bias=False){what[mask]}; "
        "per-head z from F.scaled_dot_product_attention"
        + ("; key/value = memory" if memory is not None else "")
        + ("; sinusoidal PE added to x in torch" if posenc else ""),
        inputs,
        expected,
    )


def mha_cases() -> None:
    rng = np.random.default_rng(7007)
    mha_case("mha-1head-n3-d4", rng, 3, 4, 1)
    mha_case("mha-2head-n4-d4", rng, 4, 4, 2)
    mha_case("mha-4head-n5-d8", rng, 5, 8, 4)
    mha_case("mha-1head-n4-d4-causal", rng, 4, 4, 1, mask="float")
    mha_case("mha-2head-n5-d6-causal", rng, 5, 6, 2, mask="bool")
    mha_case("mha-4head-n3-d8-causal", rng, 3, 8, 4, mask="float")
    mha_case("mha-cross-2head-n3-m5-d4", rng, 3, 4, 2, m=5)
    mha_case("mha-posenc-2head-n4-d4", rng, 4, 4, 2, posenc=True)
    mha_case("mha-posenc-causal-2head-n5-d4", rng, 5, 4, 2, mask="bool", posenc=True)
    mha_case("mha-cross-posenc-4head-n4-m3-d8", rng, 4, 8, 4, m=3, posenc=True)


# ---------------------------------------------------------------------------------------------
# backpropagation through time


def bptt_case(case_id: str, note: str, inputs: dict[str, Any], trend: str = "") -> None:
    """inputs: x, u, w, v, bh, by, target and optionally h0, clip (the dlquiz keywords)."""
    x, u, w, v, bh, by = (inputs[k] for k in ("x", "u", "w", "v", "bh", "by"))
    H, D = u.shape
    rng = np.random.default_rng(zlib.crc32(case_id.encode()))
    split = np.round(rng.uniform(-1, 1, size=H), 4)  # b_h = bias_ih + bias_hh
    cell = torch.nn.RNNCell(D, H, nonlinearity="tanh")
    lin = torch.nn.Linear(H, v.shape[0])
    with torch.no_grad():
        for param, value in zip(
            (cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh, lin.weight, lin.bias),
            (u, w, split, bh - split, v, by),
            strict=True,
        ):
            param.copy_(t(value))
    hs, prev = [], t(inputs.get("h0", np.zeros(H)))
    for x_t in t(x):
        prev = cell(x_t[None], prev[None])[0]
        prev.retain_grad()
        hs.append(prev)
    h = torch.stack(hs)
    y = lin(h)
    loss = 0.5 * torch.sum((y[-1] - t(inputs["target"])) ** 2)
    loss.backward()
    dh = torch.stack([h_t.grad for h_t in hs if h_t.grad is not None])
    pairs = zip(
        ("U", "W", "V", "b_h", "b_y"),
        (cell.weight_ih, cell.weight_hh, lin.weight, cell.bias_ih, lin.bias),
        strict=True,
    )
    grads = {name: p.grad.clone() for name, p in pairs if p.grad is not None}
    close(cell.bias_hh.grad, grads["b_h"], f"{case_id}: both RNNCell biases get ∂L/∂b_h")

    def h_last(h_t: torch.Tensor, start: int) -> torch.Tensor:  # h_T as a function of h_t
        for x_s in t(x)[start:]:
            h_t = cell(x_s[None], h_t[None])[0]
        return h_t

    products = [
        torch.autograd.functional.jacobian(lambda a, s=s: h_last(a, s + 1), hs[s].detach())
        for s in range(len(hs))
    ]
    for s, p in enumerate(products):
        close(p.T @ dh[-1], dh[s], f"{case_id}: ∂L/∂h_t = (∂h_T/∂h_t)ᵀ·∂L/∂h_T")
    grad_norm = torch.linalg.vector_norm(torch.cat([g.reshape(-1) for g in grads.values()]))
    dh_norm = torch.linalg.vector_norm(dh, dim=1)
    if trend == "vanishing":  # ‖∂L/∂h_t‖ shrinks going back in time
        assert torch.all(dh_norm[:-1] < dh_norm[1:]), (case_id, dh_norm)
    if trend == "exploding":
        assert torch.all(dh_norm[:-1] > dh_norm[1:]), (case_id, dh_norm)
    expected: dict[str, Any] = {"h": h, "y": y, "loss": loss, "dh": dh, "dh_norm": dh_norm}
    expected["jacobian_norm"] = torch.stack([torch.linalg.matrix_norm(p, ord=2) for p in products])
    expected.update(grads=grads, grad_norm=grad_norm)
    if "clip" in inputs:
        beta = inputs["clip"]
        scale = beta / grad_norm if grad_norm > beta else torch.tensor(1.0)  # by hand
        clipped = {k: g * scale for k, g in grads.items()}
        # clip_grad_norm_ divides by ‖g‖ + 1e-6, so it agrees with the exact rule to ~1e-6 only
        copies = [torch.zeros_like(g, requires_grad=True) for g in grads.values()]
        for c, g in zip(copies, grads.values(), strict=True):
            c.grad = g.clone()
        close(torch.nn.utils.clip_grad_norm_(copies, max_norm=beta), grad_norm, case_id)
        for c, g in zip(copies, clipped.values(), strict=True):
            close(c.grad, g, f"{case_id}: clip_grad_norm_", rtol=1e-5, atol=1e-9)
        new_norm = torch.linalg.vector_norm(torch.cat([g.reshape(-1) for g in clipped.values()]))
        close(new_norm, min(float(grad_norm), beta), f"{case_id}: clipped norm")
        expected.update(clipped=clipped, scale=scale)
    add(
        case_id,
        "bptt",
        "torch.nn.RNNCell(tanh) unrolled with retain_grad() + torch.nn.Linear, "
        "L = ½‖y_T − target‖², loss.backward(); ‖∂h_T/∂h_t‖₂ from "
        f"torch.autograd.functional.jacobian; {note}",
        inputs,
        expected,
    )


def bptt_cases() -> None:
    rng = np.random.default_rng(8008)
    exam = {
        "x": np.array([[2.0], [3.0], [1.0]]),
        "u": np.array([[0.5], [0.6]]),
        "w": np.array([[0.1, 0.2], [0.3, 0.4]]),
        "v": np.array([[1.0, 2.0]]),
        "bh": np.array([1.0, -1.0]),
        "by": np.array([0.1]),
        "target": np.array([1.0]),
    }
    bptt_case("bptt-exam-t3", "exam Q4 network, x = 2, 3, 1, target 1", exam)
    shapes = {"x": (3, 2), "u": (3, 2), "w": (3, 3), "v": (2, 3), "bh": (3,), "by": (2,)}
    random = {k: rand(rng, *shape) for k, shape in shapes.items()}
    random.update(h0=rand(rng, 3), target=rand(rng, 2))
    bptt_case("bptt-random-t3-d2-h3-o2", "random, non-zero h_0", random)
    vanish = {"x": rand(rng, 8, 2), "u": rand(rng, 3, 2), "w": orthogonal(rng, 3, 0.5)}
    vanish.update(v=rand(rng, 1, 3), bh=rand(rng, 3, lo=-0.5, hi=0.5), by=rand(rng, 1))
    vanish["target"] = np.array([1.0])
    note = "W = 0.5·orthogonal: ‖∂L/∂h_t‖ shrinks going back"
    bptt_case("bptt-vanishing-t8", note, vanish, trend="vanishing")
    explode = {"x": rand(rng, 8, 2, lo=-0.002, hi=0.002), "u": rand(rng, 3, 2)}
    explode.update(w=orthogonal(rng, 3, 2.0), v=rand(rng, 1, 3), bh=np.zeros(3), by=rand(rng, 1))
    explode["target"] = np.array([1.0])
    note = "W = 2·orthogonal, tiny inputs: ‖∂L/∂h_t‖ grows going back"
    bptt_case("bptt-exploding-t8", note, explode, trend="exploding")
    note = "the exploding case clipped at β = 1 (rescaled)"
    bptt_case("bptt-clip-exploding-t8", note, {**explode, "clip": 1.0}, trend="exploding")
    note = "exam Q4 network clipped at β = 100 (unchanged)"
    bptt_case("bptt-clip-inactive-exam-t3", note, {**exam, "clip": 100.0})


def main() -> None:
    mha_cases()
    bptt_cases()
    doc = {
        "format_version": 1,
        "generated_by": "tools/make_transformer_reference.py",
        "versions": {"torch": torch.__version__, "numpy": np.__version__},
        "cases": CASES,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {OUT}")


if __name__ == "__main__":
    assert math.isclose(float(sinusoidal(2, 4)[1, 0]), math.sin(1.0))
    main()
