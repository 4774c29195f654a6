"""What the diagrams show, before anything is drawn: the registry of figure names and their
arguments (dlquiz.figures), the numbers they draw (dlquiz.figures_data), and gradflow.

The renderers themselves are tested in test_render_figures.py.
"""

from __future__ import annotations

import ast
import itertools
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlquiz import figures_data
from dlquiz.errors import InputError
from dlquiz.figures import FIGURES, resolve
from dlquiz.solvers.gradflow import GradFlowResult, gradient_norms

ROOT = Path(__file__).resolve().parents[1]

# ── the registry ───────────────────────────────────────────────────────────────────────


def test_the_registry_names_every_figure() -> None:
    assert set(FIGURES) == {
        "lstm-cell", "lstm-unfold", "rnn-unfold", "gru-unfold", "seq2seq-plain",
        "seq2seq-attention", "seq2seq-both", "seq2seq-exam", "gradient-flow",
        "attention-heatmap",
    }  # fmt: skip
    assert set(FIGURES["rnn-unfold"]) == {"steps", "many_to_many"}
    assert set(FIGURES["gradient-flow"]) == {"scales", "steps", "clip"}
    assert set(FIGURES["lstm-cell"]) == {"legend"}


def test_the_registry_imports_nothing_heavy() -> None:
    code = (
        "import sys, dlquiz.figures, dlquiz.figures_data; "
        "print(sorted(m for m in ('rich', 'numpy', 'yaml', 'dlquiz.render') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_bank_does_not_import_rendering() -> None:
    for path in (ROOT / "dlquiz" / "bank").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("dlquiz.render"), path.name


def test_resolve_fills_in_the_defaults() -> None:
    assert resolve("lstm-unfold", {}, "en") == {"steps": 3, "many_to_many": False}
    assert resolve("rnn-unfold", {"steps": 2, "many_to_many": True}, "zh") == {
        "steps": 2,
        "many_to_many": True,
    }
    assert resolve("gradient-flow", {"clip": None}, "both")["clip"] is None
    assert resolve("seq2seq-exam", {}, "both") == {}


@pytest.mark.parametrize(
    ("name", "args", "lang", "error"),
    [
        ("lstm-cell", {}, "fr", r"^the language must be one of en, zh, both, not 'fr'$"),
        ("lstm-cell", {"steps": 3}, "en", r"^figure 'lstm-cell' takes no argument 'steps'"),
        ("rnn-unfold", {"cell": "gru"}, "en", r"\(it takes: steps, many_to_many\)$"),
        ("lstm-unfold", {"steps": 13}, "en", r"^--unfold must be between 1 and 12, not 13$"),
        ("lstm-unfold", {"steps": -1}, "en", r"^--unfold must be between 1 and 12, not -1$"),
        ("lstm-unfold", {"steps": True}, "en", r"^--unfold must be between"),
        ("lstm-unfold", {"steps": 2.5}, "en", r"^--unfold must be between"),
        ("gru-unfold", {"many_to_many": "yes"}, "en", r"^many_to_many must be true or false"),
        ("gradient-flow", {"steps": 41}, "en", r"^--steps must be between 1 and 40, not 41$"),
        ("gradient-flow", {"scales": ()}, "en", r"^the scales must be numbers > 0"),
        ("gradient-flow", {"scales": [1, math.nan]}, "en", r"^the scales must be numbers > 0"),
        ("gradient-flow", {"clip": 0}, "en", r"^the clipping threshold must be a number > 0"),
        ("gradient-flow", {"clip": math.inf}, "en", r"^the clipping threshold must be"),
    ],
)
def test_resolve_rejects_bad_arguments(
    name: str, args: dict[str, object], lang: str, error: str
) -> None:
    with pytest.raises(InputError, match=error):
        resolve(name, args, lang)


def test_unknown_figure_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        resolve("lstm-cel", {}, "en")


def test_old_import_of_the_heatmap_still_works() -> None:
    from dlquiz.render.heatmap import attention_heatmap
    from dlquiz.render.heatmap import attention_heatmap as moved

    assert attention_heatmap is moved


# ── the numbers the figures draw ───────────────────────────────────────────────────────


def test_seq2seq_weights_are_attention_weights() -> None:
    assert len(figures_data.SEQ2SEQ_ALPHA) == 3
    for row in figures_data.SEQ2SEQ_ALPHA:
        assert len(row) == 3 and all(a >= 0 for a in row) and math.isclose(sum(row), 1.0)


def test_gradient_flow_rows_come_from_the_solver() -> None:
    flow = figures_data.gradient_flow((0.5, 1.0, 1.5), 10, 1.0)
    assert flow.steps == 10 and flow.clip == 1.0
    assert [(r.scale, r.trend) for r in flow.rows] == [
        (0.5, "vanishing"), (1.0, "steady"), (1.5, "exploding"),
    ]  # fmt: skip
    for row in flow.rows:
        assert row.norms == tuple(float(n) for n in gradient_norms(row.scale, 10).norms)
    # clipping rescales the whole gradient once (one factor), never each step to β
    assert flow.clip_norm == max(flow.rows[2].norms)
    assert flow.clip_factor is not None and math.isclose(flow.clip_factor, 1.0 / 1.5**10)
    assert figures_data.gradient_flow((0.5,), 3, 1.0).clip_factor is None  # nothing to clip
    assert [r.trend for r in figures_data.gradient_flow((2.0,), 3, None).rows] == ["exploding"]


def test_exam_attention_is_q6() -> None:
    example = figures_data.exam_attention()
    assert example.scores == (112.0, 96.0) and example.dk == 64.0
    e = math.exp((112 - 96) / 8)
    assert math.isclose(example.weights[0], e / (e + 1))
    assert [round(w, 2) for w in example.weights] == [0.88, 0.12]


# ── gradflow, the solver behind the gradient-flow figure ───────────────────────────────


def test_gradient_norms_vanish_and_explode() -> None:
    small, big = gradient_norms(0.5, 10).norms, gradient_norms(1.5, 10).norms
    assert len(small) == len(big) == 11
    assert all(b < a for a, b in itertools.pairwise(small))
    assert all(b > a for a, b in itertools.pairwise(big))
    for k in range(11):
        assert abs(small[k] - 0.5**k) < 1e-9 and abs(big[k] - 1.5**k) < 1e-9


@given(
    scale=st.floats(0.05, 2.0),
    steps=st.integers(0, 30),
    hidden=st.integers(1, 8),
    seed=st.integers(0, 2**16),
)
def test_gradient_norms_are_scale_to_the_k(
    scale: float, steps: int, hidden: int, seed: int
) -> None:
    result = gradient_norms(scale, steps, hidden, seed)
    assert isinstance(result, GradFlowResult)
    assert len(result.norms) == steps + 1
    for k, norm in enumerate(result.norms):
        assert math.isclose(norm, scale**k, rel_tol=1e-9, abs_tol=1e-12)


def test_gradient_norms_json_and_bad_input() -> None:
    assert list(gradient_norms(0.5, 3).to_json()) == ["norms"]
    with pytest.raises(InputError):
        gradient_norms(-1.0, 3)
    with pytest.raises(InputError):
        gradient_norms(1.0, -1)
