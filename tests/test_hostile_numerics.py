"""Numerically hostile input through `dlquiz solve` (issue 14): values near the ends of the
float range get the mathematically right answer or one line of input error, never NaN, an
internal error or a NumPy warning on stderr; and big results are drawn shortened and fast.

Expected values are computed here independently of the solvers: in `decimal` arithmetic with
enough digits that 1e200·1e200 is exact, or with `math.hypot`, `math.sin` and `math.cos`.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal, localcontext
from typing import Any

import pytest
from rich.cells import cell_len

# Every test here turns a Python warning into an error: a NumPy RuntimeWarning raised inside a
# command becomes an "internal error" (exit 1), so the exit-code checks catch it.
pytestmark = pytest.mark.filterwarnings("error")

Run = Callable[..., Any]
CUT = re.compile(r"[^\s,(]…(\s|│|$)")  # Rich cutting a cell, as tests/test_layout.py reads it


def exact_softmax(scores: Sequence[Decimal]) -> list[Decimal]:
    """softmax of exact scores, with the max subtracted; exp of a huge negative is 0."""
    top = max(scores)
    e = [(s - top).exp() for s in scores]
    return [x / sum(e) for x in e]


def exact_attention(
    q: Sequence[Sequence[float]],
    k: Sequence[Sequence[float]],
    v: Sequence[Sequence[float]],
    divisor: float | None = None,
) -> tuple[list[list[float]], list[list[float]]]:
    """A = softmax(Q·Kᵀ/√d_k) and Z = A·V, in 1000-digit decimals (exact products)."""
    with localcontext() as ctx:
        ctx.prec = 1000
        d = Decimal(len(q[0])).sqrt() if divisor is None else Decimal(divisor)
        A = []
        for qi in q:
            scores = [
                sum(Decimal(a) * Decimal(b) for a, b in zip(qi, kj, strict=True)) / d for kj in k
            ]
            A.append(exact_softmax(scores))
        Z = [
            [
                sum(a * Decimal(row[c]) for a, row in zip(Ai, v, strict=True))
                for c in range(len(v[0]))
            ]
            for Ai in A
        ]
        return [[float(a) for a in row] for row in A], [[float(z) for z in row] for row in Z]


def matmul(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> list[list[float]]:
    with localcontext() as ctx:
        ctx.prec = 1000
        return [
            [
                float(sum(Decimal(x) * Decimal(row[j]) for x, row in zip(r, b, strict=True)))
                for j in range(len(b[0]))
            ]
            for r in a
        ]


def close(actual: Any, expected: Any, rel: float = 1e-12) -> bool:
    if isinstance(expected, list):
        return len(actual) == len(expected) and all(
            close(a, e, rel) for a, e in zip(actual, expected, strict=True)
        )
    return math.isclose(actual, expected, rel_tol=rel, abs_tol=1e-300)


def solve(run: Run, *args: str) -> dict[str, Any]:
    """`dlquiz solve … --json`: exit 0, nothing on stderr, no NaN anywhere."""
    result = run("solve", *args, "--json")
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    assert result.stderr == ""
    assert "nan" not in result.stdout
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def view(run: Run, *args: str) -> str:
    """The step view: exit 0, no warning, no NaN."""
    result = run("solve", *args, "--lang", "en")
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    assert "Warning" not in result.stderr and "nan" not in result.stdout
    return str(result.stdout)


# ------------------------------------------------------------------ 1. clipping, stable norm


@pytest.mark.parametrize(
    ("g", "threshold"),
    [
        ([1e200, 1e200], 1.0),  # the squares overflow: the norm is 1.41e200, not inf
        ([1e-200, 1e-200], 1e-201),  # the squares underflow: the norm is 1.41e-200, not 0
        ([1e308, 1e308], 1.0),  # the norm itself is near the top of the range
        ([1e308, -3e307, 5.0], 1e-308),  # β/‖g‖ underflows to 0; β·g/‖g‖ does not
        ([3.0, 4.0], 1.0),
        ([5e-324, 5e-324], 1.0),  # subnormal: unchanged
        ([1e-320, -1e-320], 1e-322),
    ],
)
def test_clipping_keeps_the_direction_at_any_size(
    run: Run, g: list[float], threshold: float
) -> None:
    got = solve(run, "clip", "--g", *map(repr, g), "--threshold", repr(threshold))
    norm = math.hypot(*g)
    assert math.isclose(got["norm"], norm, rel_tol=1e-15)
    assert got["scaled"] is (norm > threshold)
    with localcontext() as ctx:
        ctx.prec = 60
        exact = sum(Decimal(x) ** 2 for x in g).sqrt()
        want = (
            [float(Decimal(threshold) * Decimal(x) / exact) for x in g] if norm > threshold else g
        )
    assert close(got["clipped"], want, rel=1e-15)
    if got["scaled"]:  # the clipped gradient has length β
        assert math.isclose(math.hypot(*got["clipped"]), threshold, rel_tol=1e-14)


def test_a_norm_beyond_the_float_range_is_an_input_error(bad: Callable[..., str]) -> None:
    line = bad("solve", "clip", "--g", "1e308", "1e308", "1e308", "1e308")
    assert "‖g‖" in line and "largest floating-point number" in line and "(option --g)" in line


# ------------------------------------------------------------------ 2. attention beyond the range


ATTENTION = [
    # q, k, v: the brief's case, a tie of two overflowing scores, all scores −∞ once rounded,
    # a difference of two overflowing products that is exactly 0, two rows
    ([[1e200, 1e200]], [[1e200, 1e200], [1, 1]], [[1, 0], [0, 1]]),
    ([[1e200, 1e200]], [[1e200, 1e200], [1e200, 1e200]], [[1, 0], [0, 1]]),
    ([[1e200, 1e200]], [[2e200, 2e200], [1e200, 1e200]], [[1, 0], [0, 1]]),
    ([[1e200, 1e200]], [[-1e200, -1e200], [-2e200, -2e200]], [[1, 0], [0, 1]]),
    ([[1e200, -1e200]], [[1e200, 1e200], [1, 1]], [[1, 0], [0, 1]]),
    ([[1e200, 1e200], [1, 2]], [[1e200, 1e200], [1, 1]], [[3, 0], [0, 3]]),
    ([[1e-200, 1e-200]], [[1e-200, 1e-200], [0, 0]], [[1, 0], [0, 1]]),
]


def matrix_arg(m: Sequence[Sequence[float]]) -> str:
    return "; ".join(" ".join(repr(float(x)) for x in row) for row in m)


@pytest.mark.parametrize(("q", "k", "v"), ATTENTION)
def test_attention_scores_beyond_the_float_range_get_the_right_weights(
    run: Run, q: list[list[float]], k: list[list[float]], v: list[list[float]]
) -> None:
    got = solve(run, "attention", "--q", matrix_arg(q), "--k", matrix_arg(k), "--v", matrix_arg(v))
    weights, z = exact_attention(q, k, v)
    assert close(got["weights"], weights) and close(got["z"], z)
    assert all(math.isclose(sum(row), 1.0) for row in got["weights"])
    assert "z₁ = [" in view(
        run, "attention", "--q", matrix_arg(q), "--k", matrix_arg(k), "--v", matrix_arg(v)
    )


def test_given_scores_that_overflow_when_scaled_get_the_right_weights(run: Run) -> None:
    got = solve(run, "attention", "--scores", "1e308", "5e307", "--dk", "1e-300")
    assert got["weights"] == [1.0, 0.0]
    got = solve(run, "attention", "--scores", "1e308", "1e308", "--dk", "1e-300")
    assert got["weights"] == [0.5, 0.5]
    with localcontext() as ctx:  # √(1e-300) = 1e-150: the scaled scores are finite, far apart
        ctx.prec = 60
        want = [
            float(w)
            for w in exact_softmax(
                [Decimal(1) / Decimal("1e-300").sqrt(), Decimal("1.5") / Decimal("1e-300").sqrt()]
            )
        ]
    assert solve(run, "attention", "--scores", "1", "1.5", "--dk", "1e-300")["weights"] == want


@pytest.mark.parametrize(
    ("states", "query"),
    [
        ([[1e200, 0], [0, 1]], [[1e200, 0]]),
        ([[1e200, 0], [0, 1]], [[-1e200, 0]]),
        ([[1e200, 1e200], [1e200, 1e200], [1, 2]], [[1e200, 1e200]]),
    ],
)
def test_context_vectors_with_overflowing_scores(
    run: Run, states: list[list[float]], query: list[list[float]]
) -> None:
    got = solve(run, "context", "--states", matrix_arg(states), "--query", matrix_arg(query))
    weights, context = exact_attention(query, states, states, divisor=1.0)
    assert close(got["weights"], weights[0]) and close(got["context"], context[0])  # one query


THREE_WORDS = {  # the weights of `dlquiz solve mha` with no options (W_O is the identity)
    "wq": [[1, 0, 0, 1], [0, 1, 1, 0], [1, 0, 0, 0], [0, 0, 1, 0]],
    "wk": [[0, 1, 0, 0], [1, 0, 0, 1], [0, 0, 1, 0], [1, 0, 1, 0]],
    "wv": [[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 1, 1], [1, 0, 0, 1]],
}


@pytest.mark.parametrize("mask", ["none", "causal"])
@pytest.mark.parametrize(
    "x", [[[1e200] * 4, [1.0] * 4], [[1.0] * 4, [-1e200, 0, 0, 0], [3e199] * 4]]
)
def test_multi_head_attention_with_overflowing_scores(
    run: Run, x: list[list[float]], mask: str
) -> None:
    got = solve(run, "mha", "--x", matrix_arg(x), "--mask", mask)
    Q, K, V = (matmul(x, THREE_WORDS[w]) for w in ("wq", "wk", "wv"))
    weights, z = [], []
    for i, q in enumerate(Q):  # row by row: the causal mask keeps keys 1 … i
        keys = K if mask == "none" else K[: i + 1]
        values = V if mask == "none" else V[: i + 1]
        w, zi = exact_attention([q], keys, values)
        weights.append(w[0] + [0.0] * (len(K) - len(keys)))
        z.append(zi[0])
    assert close(got["heads"][0]["weights"], weights) and close(got["out"], z)


def test_an_output_beyond_the_range_is_an_input_error(bad: Callable[..., str]) -> None:
    line = bad("solve", "mha", "--x", "1e308 1e308 1e308 1e308; 1 1 1 1")
    assert "Q = X·W_Q" in line and "(option --wq)" in line
    line = bad(
        "solve",
        "attention",
        "--x",
        "1e200 1e200",
        "--wq",
        "1e200 0; 0 1",
        "--wk",
        "1 0; 0 1",
        "--wv",
        "1 0; 0 1",
    )
    assert "Q = X·W^Q" in line and "(option --wq)" in line


# ------------------------------------------------------------------ 3. no warnings, right values


def test_softmax_of_the_ends_of_the_range(run: Run) -> None:
    assert solve(run, "softmax", "--z", "1e308", "-1e308")["softmax"] == [1.0, 0.0]
    assert solve(run, "softmax", "--z", "1e308 -1e308; -1e308 -1e308")["softmax"] == [
        [1.0, 0.0],
        [0.5, 0.5],
    ]
    assert "[1, 0]" in view(run, "softmax", "--z", "1e308", "-1e308")


def test_positional_encoding_of_far_positions(run: Run) -> None:
    got = solve(run, "posenc", "--d", "4", "--positions", "1e300", "1e308")["pe"]
    want = [
        [math.sin(p), math.cos(p), math.sin(p / 100.0), math.cos(p / 100.0)] for p in (1e300, 1e308)
    ]
    assert close(got, want, rel=1e-12)
    assert "1e+300" in view(run, "posenc", "--d", "4", "--positions", "1e300")


def test_saturated_recurrent_networks_are_right(run: Run) -> None:
    # U·x_1 = 1e616 overflows, and h_1 = tanh(1e616) = 1 exactly: y_1 = V·h_1 + b_y = 3.1
    got = solve(run, "rnn", "--x", "1e308", "--u", "1e308 1e308")
    assert got["h"] == [[1.0, 1.0]] and close(got["y"], [[3.1]])
    assert "∞" in view(run, "rnn", "--x", "1e308", "--u", "1e308 1e308")
    for topic in ("lstm", "gru"):
        got = solve(run, topic, "--x", "1e308", "-1e308")
        assert all(
            0.0 <= v <= 1.0
            for gate in ("f", "i", "o", "z", "r")
            if gate in got
            for row in got[gate]
            for v in row
        )


def test_no_warning_reaches_the_terminal_of_a_real_run() -> None:
    """The whole program, as a student runs it: stderr stays empty."""
    for args in (["softmax", "--z", "1e308", "-1e308"], ["clip", "--g", "1e200", "1e200"]):
        done = subprocess.run(
            [sys.executable, "-m", "dlquiz", "solve", *args, "--json"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0 and done.stderr == "", done.stderr


# ------------------------------------------------------------------ 4. big results


def lines_at(run: Run, monkeypatch: pytest.MonkeyPatch, width: int, *args: str) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    lines = view(run, *args).splitlines()
    assert [line for line in lines if cell_len(line.rstrip()) > width] == []
    assert [line for line in lines if CUT.search(line)] == []
    return lines


def test_a_big_positional_encoding_is_drawn_shortened_and_fast(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dlquiz.render.summary import ACROSS, EDGE

    positions = " ".join(str(p) for p in range(500))
    start = time.perf_counter()
    lines = lines_at(run, monkeypatch, 120, "posenc", "--d", "4096", "--positions", positions)
    assert time.perf_counter() - start < 5  # it took 55 s and 1.5 GB, and showed nothing
    text = "\n".join(lines)
    assert "sin d0" in text and "cos d4095" in text and "⋮" in text and "…" in text
    last = next(line.split() for line in lines if line.split()[:1] == ["499"])
    assert last[0] == "499" and last[-1] == f"{math.cos(499 / 10000 ** (4094 / 4096)):.4f}"
    left = 500 * 4096 - 2 * EDGE * 2 * ACROSS[1]
    assert f"{left:,} numbers are left out above" in text and "--json gives every number" in text
    for width in (60, 80):
        assert any(
            "--json" in line
            for line in lines_at(
                run, monkeypatch, width, "posenc", "--d", "4096", "--positions", positions
            )
        )


def test_json_still_gives_every_number(run: Run) -> None:
    pe = solve(run, "posenc", "--d", "4096", "--positions", " ".join(str(p) for p in range(500)))[
        "pe"
    ]
    assert len(pe) == 500 and all(len(row) == 4096 for row in pe)
    assert pe[499][4095] == math.cos(499 / 10000 ** (4094 / 4096))
    assert math.isclose(pe[123][2000], math.sin(123 / 10000 ** (2000 / 4096)), rel_tol=1e-12)


def test_json_of_a_big_result_does_not_walk_every_number() -> None:
    import numpy as np

    from dlquiz.solvers.posenc import positional_encoding

    result = positional_encoding(4096, np.arange(500))
    start = time.perf_counter()
    plain = result.pe.tolist()
    floor = time.perf_counter() - start
    start = time.perf_counter()
    assert result.to_json() == {"pe": plain}
    assert time.perf_counter() - start < 5 * floor + 0.05  # a Python walk took 20 times as long


def test_too_big_an_encoding_is_refused_with_the_bound(bad: Callable[..., str]) -> None:
    line = bad("solve", "posenc", "--d", "4096", "--positions", " ".join(["1"] * 600))
    assert "2,097,152" in line and "(option --positions)" in line


LONG = [
    (
        "mha",
        "--x",
        ";".join(str(i % 5) for i in range(200)),
        "--wq",
        "1",
        "--wk",
        "1",
        "--wv",
        "1",
        "--heatmap",
    ),
    (
        "mha",
        "--x",
        "; ".join(" ".join(["1"] * 16) for _ in range(16)),
        *(
            a
            for w in ("--wq", "--wk", "--wv")
            for a in (w, "; ".join(" ".join(["0.1"] * 16) for _ in range(16)))
        ),
        "--heads",
        "16",
    ),
    (
        "attention",
        "--q",
        ";".join(["1"] * 300),
        "--k",
        ";".join(["1"] * 300),
        "--v",
        ";".join(["1"] * 300),
        "--heatmap",
    ),
    ("context", "--states", ";".join(["1 2"] * 300), "--query", ";".join(["1 0"] * 100)),
    ("rnn", "--x", " ".join(["1"] * 900)),
    ("lstm", "--x", " ".join(["1"] * 500)),
    ("gru", "--x", " ".join(["1"] * 500)),
    ("bptt", "--x", " ".join(["1"] * 600), "--clip", "0.1"),
    ("softmax", "--z", " ".join(["1"] * 900)),
    ("clip", "--g", " ".join(["1"] * 900)),
    ("entropy", "--p", " ".join(["0.004"] * 250)),
    ("xent", "--pred", ";".join(["0.5 0.5"] * 200), "--labels", " ".join(["1"] * 200)),
    ("kl", "--p", " ".join(["0.004"] * 250), "--q", " ".join(["0.004"] * 250)),
    ("gan", "--dx", " ".join(["0.5"] * 500), "--dgz", " ".join(["0.5"] * 500)),
]


@pytest.mark.parametrize("args", LONG, ids=lambda a: a[0])
def test_every_big_step_view_is_shortened(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    for width in (60, 80, 120):
        start = time.perf_counter()
        lines = lines_at(run, monkeypatch, width, *args)
        assert time.perf_counter() - start < 5
        assert len(lines) < 400
        assert any("numbers are left out above" in line for line in lines), "\n".join(lines[-5:])


def test_a_small_result_is_drawn_whole(run: Run) -> None:
    text = view(run, "posenc", "--d", "8", "--positions", "0", "1", "2")
    assert "⋮" not in text and "…" not in text and "left out" not in text


# ------------------------------------------------------------------ 5. other input classes


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ("rnn", "--x", "1", "2", "--act", "relu", "--u", "1e308 1e308"),
            ["o_t = V·h_t + b_y at t = 1", "(option --v)"],
        ),
        (("bptt", "--x", "1", "--target", "1e200"), ["the loss L", "(option --target)"]),
        (
            ("bptt", "--x", " ".join(["0"] * 700), "--w", "3 0; 0 3", "--bh", "0 0"),
            ["Jacobians", "explodes", "(option --w)"],
        ),
        (("entropy", "--p", "1e308", "1e308"), ["above 1", "(option --p)"]),
        (("context", "--weights", "1e308 1e308"), ["above 1", "(option --weights)"]),
        (("clip", "--g", "[]"), ["empty"]),
        (("softmax", "--z", "[]"), ["empty"]),
        (("posenc", "--d", "0"), ["(option --d)"]),
        (("attention", "--q", "1 2", "--k", "1 2 3", "--v", "1"), ["(option --k)"]),
        (("mha", "--x", "1 1 1", "--heads", "2"), ["(option --heads)"]),
    ],
)
def test_input_that_cannot_be_answered_is_one_line(
    bad: Callable[..., str], args: tuple[str, ...], words: list[str]
) -> None:
    line = bad("solve", *args)
    assert all(w in line for w in words), line
