"""Invariants of the solvers (hypothesis), their input checks, and their stated equations."""

from __future__ import annotations

import importlib
import inspect

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlquiz.errors import InputError
from dlquiz.solvers import SOLVERS
from dlquiz.solvers.attention import attention_from_scores, self_attention
from dlquiz.solvers.clip import clip_gradient
from dlquiz.solvers.information import cross_entropy_table, entropy, kl_divergence
from dlquiz.solvers.lstm import lstm_forward
from dlquiz.solvers.rnn import rnn_forward
from dlquiz.solvers.softmax import softmax_steps

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)


def distribution(n: int) -> st.SearchStrategy[np.ndarray]:
    raw = arrays(np.float64, n, elements=st.floats(0.0, 1.0, allow_nan=False))
    return raw.filter(lambda a: a.sum() > 1e-3).map(lambda a: a / a.sum())


@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=finite))
def test_softmax_rows_are_distributions(z: np.ndarray) -> None:
    s = softmax_steps(z).softmax
    assert np.all(s >= 0)
    np.testing.assert_allclose(s.sum(axis=-1), 1.0, rtol=1e-12)


@given(st.integers(2, 6).flatmap(lambda n: st.tuples(distribution(n), distribution(n))))
def test_kl_is_nonnegative_and_zero_only_for_equal(pq: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pq
    result = kl_divergence(p, q)
    assert result.kl >= 0
    assert kl_divergence(p, p).kl == pytest.approx(0.0, abs=1e-12)
    if np.max(np.abs(p - q)) > 1e-3 and np.all(q > 0):
        assert result.kl > 0
    assert result.cross_entropy >= result.entropy_p - 1e-12


@given(arrays(np.float64, st.integers(1, 8), elements=finite), st.floats(1e-3, 100))
def test_clipping_never_increases_the_norm(g: np.ndarray, beta: float) -> None:
    r = clip_gradient(g, beta)
    after = float(np.linalg.norm(r.clipped))
    assert after <= r.norm + 1e-9
    assert after <= max(beta, 0) + 1e-9 or not r.scaled
    if r.scaled:
        assert after == pytest.approx(beta)


@settings(max_examples=50)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            arrays(np.float64, (n, 3), elements=st.floats(-5, 5)),
            arrays(np.float64, (4, 3), elements=st.floats(-5, 5)),
            arrays(np.float64, (4, 2), elements=st.floats(-5, 5)),
        )
    )
)
def test_attention_weights_are_distributions(qkv: tuple[np.ndarray, ...]) -> None:
    q, k, v = qkv
    r = self_attention(q, k, v)
    assert r.weights.shape == (q.shape[0], k.shape[0])
    assert np.all(r.weights >= 0)
    np.testing.assert_allclose(r.weights.sum(axis=1), 1.0, rtol=1e-12)
    assert r.z is not None and r.z.shape == (q.shape[0], v.shape[1])
    # each row of Z lies inside the box spanned by the value vectors
    assert np.all(r.z <= v.max(axis=0) + 1e-9) and np.all(r.z >= v.min(axis=0) - 1e-9)


@given(distribution(4))
def test_entropy_bounds(p: np.ndarray) -> None:
    h = entropy(p).entropy
    assert -1e-12 <= h <= np.log2(4) + 1e-12


def test_forgetting_the_scale_is_a_different_answer() -> None:
    right = attention_from_scores().weights
    wrong = attention_from_scores(scale=False).weights
    assert right == pytest.approx([0.8808, 0.1192], abs=1e-4)
    assert wrong[0] > 0.9999


def test_cross_entropy_total_is_the_sum_of_samples() -> None:
    r = cross_entropy_table()
    assert r.total == pytest.approx(r.per_sample.sum())
    assert r.total == pytest.approx(r.per_class.sum())
    assert r.total == pytest.approx(6.966, abs=5e-4)


@pytest.mark.parametrize(
    "call",
    [
        lambda: rnn_forward(w=[[1, 2, 3], [4, 5, 6], [7, 8, 9]]),
        lambda: rnn_forward(bh=[1, 2, 3]),
        lambda: rnn_forward(x=[[1, 2]], u=[0.5, 0.6]),
        lambda: lstm_forward(wf=[[1, 2], [3, 4]]),
        lambda: kl_divergence([0.5, 0.6], [0.5, 0.5]),
        lambda: entropy([1.2, -0.2]),
        lambda: cross_entropy_table(pred=[[0.5, 0.5]], labels=[2]),
        lambda: attention_from_scores(dk=-1),
        lambda: clip_gradient([1.0], float("nan")),
        lambda: rnn_forward(x=[float("inf"), 1.0]),
    ],
)
def test_bad_inputs_raise_input_error(call: object) -> None:
    with pytest.raises(InputError):
        call()  # type: ignore[operator]


@pytest.mark.parametrize("name", sorted(set(SOLVERS) - {"params"}))
def test_docstrings_state_the_equations_the_module_renders(name: str) -> None:
    """Formula text is content: the equations shown by `solve` are the ones in the docstrings."""
    module_name, function_name = SOLVERS[name].split(":")
    module = importlib.import_module(module_name)
    function = getattr(module, function_name)
    doc = inspect.getdoc(function) or ""
    shown = [line for line in getattr(module, "EQUATIONS", ()) if line in doc]
    assert shown, f"{function_name}'s docstring states none of {module_name}.EQUATIONS"
    for line in shown:
        assert line in (module.__doc__ or ""), f"module docstring lacks {line!r}"


# --- Q4's two conventions ----------------------------------------------------------------------


def test_exam_q4_in_both_conventions() -> None:
    column = rnn_forward()
    row = rnn_forward(convention="row")
    assert column.convention == "column" and row.convention == "row"
    assert column.y.reshape(-1) == pytest.approx([1.4588, 2.7371], abs=5e-5)
    assert row.y.reshape(-1) == pytest.approx([1.4588, 2.6704], abs=5e-5)
    assert column.other_convention_y is not None and row.other_convention_y is not None
    np.testing.assert_array_equal(column.other_convention_y, row.y)
    np.testing.assert_array_equal(row.other_convention_y, column.y)
    # the row convention uses the matrices as typed: U a 1×2 row, V a 2×1 column
    assert row.u.shape == (1, 2) and row.v.shape == (2, 1) and column.u.shape == (2, 1)
    np.testing.assert_allclose(row.wh[1], row.h[0] @ np.array([[0.1, 0.2], [0.3, 0.4]]))
    # the vector reading is named in both conventions (one step: W·h_0 = 0 either way)
    assert row.other_y is not None and float(row.other_y[0, 0]) == pytest.approx(2.9926, abs=5e-5)


def rnn_inputs(sizes: tuple[int, int, int, int]) -> st.SearchStrategy[tuple[np.ndarray, ...]]:
    """x (T×D), U (H×D), W (H×H), V (n_out×H), b_h, b_y, h_0 for sizes T, D, H, n_out."""
    T, D, H, n_out = sizes
    shapes = ((T, D), (H, D), (H, H), (n_out, H), (H,), (n_out,), (H,))
    return st.tuples(*(arrays(np.float64, s, elements=st.floats(-2, 2)) for s in shapes))


@settings(max_examples=40)
@given(st.tuples(*(st.integers(1, n) for n in (4, 3, 3, 2))).flatmap(rnn_inputs))
def test_row_convention_is_column_with_transposed_matrices(arrs: tuple[np.ndarray, ...]) -> None:
    """x·U = Uᵀ·x, h·W = Wᵀ·h, h·V = Vᵀ·h: the two conventions differ only by transposes."""
    x, u, w, v, bh, by, h0 = arrs
    column = rnn_forward(x=x, u=u, w=w, v=v, bh=bh, by=by, h0=h0)
    row = rnn_forward(x=x, u=u.T, w=w.T, v=v.T, bh=bh, by=by, h0=h0, convention="row")
    np.testing.assert_allclose(row.h, column.h, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(row.y, column.y, rtol=1e-12, atol=1e-12)


def test_rnn_convention_must_be_column_or_row() -> None:
    with pytest.raises(InputError) as err:
        rnn_forward(convention="transposed")
    assert err.value.param == "convention"
    assert "column (W·h" in str(err.value) and "row (h·W" in str(err.value)


def test_both_conventions_are_stated_in_the_docstrings() -> None:
    import dlquiz.solvers.rnn as module

    for line in (*module.EQUATIONS, *module.EQUATIONS_ROW):
        assert line in (module.__doc__ or "") and line in (rnn_forward.__doc__ or ""), line


# --- errors name the solver's own arguments ----------------------------------------------------


@pytest.mark.parametrize(
    ("call", "param", "words"),
    [
        (lambda: rnn_forward(w=[[1, 2, 3], [4, 5, 6], [7, 8, 9]]), "u", "U has 2 entries"),
        (lambda: rnn_forward(w=[[1, 2, 3], [4, 5, 6]]), "w", "W must be square (H×H)"),
        (lambda: rnn_forward(bh=[1, 2, 3]), "bh", "b_h must have 2 entries, but has 3"),
        (lambda: rnn_forward(v=[[1, 2]], convention="row"), "v", "V must be 2×n, but is 1×2"),
        (lambda: rnn_forward(x=[[1, 2]], u=[0.5, 0.6]), "u", "U must be 2×2"),
        (lambda: rnn_forward(x=[float("inf"), 1.0]), "x", "x has a non-finite entry"),
        (lambda: rnn_forward(act="softplus"), "act", "the hidden activation f must be one of"),
        (lambda: rnn_forward(reading="both"), "reading", "sequence or vector"),
        (lambda: lstm_forward(wf=[[1, 2], [3, 4]]), "wf", "W_f (acting on [h; x]) must be H×(H+D)"),
        (lambda: kl_divergence([0.5, 0.6], [0.5, 0.5]), "p", "P sums to 1.1"),
        (lambda: entropy([1.2, -0.2]), "p", "P has a negative entry"),
        (lambda: cross_entropy_table(pred=[[0.5, 0.5]], labels=[2]), "labels", "class numbers"),
        (lambda: cross_entropy_table(q=[0.5, 0.5]), "p", "true distribution P"),
        (lambda: attention_from_scores(dk=-1), "dk", "d_k is the key dimension"),
        (lambda: self_attention([[1, 0]], [[1, 0, 0]], [[1]]), "k", "K must be n×d_k = n×2"),
        (lambda: self_attention(x=[[1, 0]], wq=[[1], [0]], wk=[[1], [0]]), "wv", "W^V"),
        (lambda: clip_gradient([1.0], float("nan")), "threshold", "the threshold β"),
        (lambda: softmax_steps([]), "z", "z must be finite numbers"),
    ],
)
def test_errors_name_the_solver_argument(call: object, param: str, words: str) -> None:
    with pytest.raises(InputError) as err:
        call()  # type: ignore[operator]
    assert err.value.param == param
    assert words in str(err.value)
    assert "--" not in str(err.value), "a solver names its arguments, never a CLI flag"


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_every_solver_has_its_step_view(name: str) -> None:
    """One registry: a solver of SOLVERS is drawn by `render_<name>`, found by convention."""
    from dlquiz.render.solve import renderer

    assert callable(renderer(name))
