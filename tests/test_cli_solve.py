"""`dlquiz solve`: every topic with and without --json, the --x 2 3 contract, bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

TOPIC_KEYS = {
    "rnn": {"h", "y", "reading", "convention", "other_convention_y"},
    "lstm": {"f", "i", "g", "o", "c", "h"},
    "gru": {"z", "r", "n", "h"},
    "attention": {"scores", "scaled", "weights"},
    "context": {"weights", "context"},
    "params": {"layers", "total"},
    "entropy": {"entropy"},
    "xent": {"per_sample", "per_class", "total"},
    "kl": {"entropy_p", "cross_entropy", "kl"},
    "gan": {"loss_d", "loss_g_minimax", "loss_g_nonsaturating", "value"},
    "clip": {"norm", "clipped", "scaled"},
    "softmax": {"softmax"},
    "posenc": {"pe"},
    "mha": {"heads", "concat", "out", "d_k"},
    "bptt": {
        "h",
        "y",
        "loss",
        "dh",
        "dh_norm",
        "jacobian_norm",
        "grads",
        "grad_norm",
        "clipped",
        "scale",
    },
}


@pytest.mark.parametrize("topic", sorted(TOPIC_KEYS))
def test_every_topic_runs_with_defaults(topic: str, run: Callable[..., Any]) -> None:
    result = run("solve", topic)
    assert result.exit_code == 0, result.stderr
    assert "answer" in result.stdout or topic == "posenc"


@pytest.mark.parametrize("topic", sorted(TOPIC_KEYS))
def test_json_has_exactly_the_contract_keys(topic: str, run: Callable[..., Any]) -> None:
    result = run("solve", topic, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1 and "\x1b" not in result.stdout
    import json

    assert set(json.loads(result.stdout)) == TOPIC_KEYS[topic]


def test_exam_q4_defaults(run_json: Callable[..., Any]) -> None:
    data = run_json("solve", "rnn")
    assert data["reading"] == "sequence"
    assert data["h"][0] == pytest.approx([0.964, 0.197], abs=5e-4)
    assert [y[0] for y in data["y"]] == pytest.approx([1.459, 2.737], abs=5e-4)


def test_exam_q4_names_the_other_reading(run: Callable[..., Any]) -> None:
    out = run("solve", "rnn", "--x", "2", "3").stdout
    assert "sequence of 2 time step" in out
    assert "other reading (vector)" in out and "2.9926" in out
    vec = run("solve", "rnn", "--reading", "vector", "--json").stdout
    assert '"reading": "vector"' in vec and "2.9926" in vec


def test_exam_q4_row_convention(run_json: Callable[..., Any]) -> None:
    data = run_json("solve", "rnn", "--convention", "row", "--x", "2", "3")
    assert data["convention"] == "row" and data["reading"] == "sequence"
    assert [y[0] for y in data["y"]] == pytest.approx([1.4588, 2.6704], abs=5e-5)
    assert [y[0] for y in data["other_convention_y"]] == pytest.approx([1.4588, 2.7371], abs=5e-5)
    column = run_json("solve", "rnn")
    assert column["convention"] == "column"
    assert column["other_convention_y"] == data["y"] and data["other_convention_y"] == column["y"]


def test_exam_q4_names_the_other_convention(run: Callable[..., Any]) -> None:
    out = " ".join(run("solve", "rnn", "--x", "2", "3").stdout.split())
    assert "Convention: column vectors" in out
    assert (
        "The other convention (row, h·W as in the forward-RNN code) gives y = [1.4588, 2.6704]: "
        "dlquiz solve rnn --convention row" in out
    )
    row = " ".join(run("solve", "rnn", "--convention", "row").stdout.split())
    assert "Convention: row vectors" in row and "hₜ₋₁·W" in row and "xₜ·U" in row
    assert (
        "The other convention (column, W·h as the exam prints it) gives y = [1.4588, 2.7371]" in row
    )
    assert "dlquiz solve rnn --convention column" in row


def test_rnn_other_convention_is_null_when_the_shapes_fit_one_only(
    run_json: Callable[..., Any],
) -> None:
    data = run_json("solve", "rnn", "--x", "1 2; 3 4; 5 6", "--u", "0.1 0.2; 0.3 0.4; 0.5 0.6",
                    "--w", "0 0 0; 0 0 0; 0 0 0", "--v", "1 1 1", "--bh", "0 0 0")  # fmt: skip
    assert data["other_convention_y"] is None and len(data["y"]) == 3


@pytest.mark.parametrize("spelling", [["2", "3"], ["2,3"], ["[2, 3]"], ["2, 3"]])
def test_several_values_after_one_flag(spelling: list[str], run_json: Callable[..., Any]) -> None:
    assert run_json("solve", "rnn", "--x", *spelling) == run_json("solve", "rnn")


@pytest.mark.parametrize("spelling", ["0.1 0.2; 0.3 0.4", "[[0.1,0.2],[0.3,0.4]]"])
def test_matrix_spellings(spelling: str, run_json: Callable[..., Any]) -> None:
    assert run_json("solve", "rnn", "--w", spelling) == run_json("solve", "rnn")


def test_negative_numbers_and_option_after_values(run_json: Callable[..., Any]) -> None:
    data = run_json("solve", "softmax", "--z", "-1", "-2", "0")
    assert data["softmax"] == pytest.approx([0.2447, 0.0900, 0.6652], abs=1e-4)
    clip = run_json("solve", "clip", "--g", "3", "4", "--threshold", "10")
    assert clip == {"norm": 5.0, "clipped": [3.0, 4.0], "scaled": False}


def test_sequence_of_vectors_is_one_row_per_step(run_json: Callable[..., Any]) -> None:
    data = run_json("solve", "rnn", "--x", "1 2; 3 4; 5 6", "--u", "0.1 0.2; 0.3 0.4")
    assert len(data["h"]) == 3 and len(data["h"][0]) == 2


def test_exam_q6_scores(run_json: Callable[..., Any]) -> None:
    data = run_json("solve", "attention", "--scores", "112", "96", "--dk", "64")
    assert data["scaled"] == [14.0, 12.0]
    assert data["weights"] == pytest.approx([0.88, 0.12], abs=5e-3)


def test_cross_entropy_tables_of_the_notes(run_json: Callable[..., Any]) -> None:
    model2 = "0.7 0.1 0.2; 0.1 0.8 0.1; 0.9 0.1 0.0; 0.4 0.3 0.3"
    assert run_json("solve", "xent")["total"] == pytest.approx(6.966, abs=5e-4)
    data = run_json("solve", "xent", "--pred", model2, "--labels", "0", "1", "0", "2")
    assert data["total"] == pytest.approx(2.725, abs=5e-4)


def test_kl_infinite_is_said_not_crashed(run: Callable[..., Any]) -> None:
    result = run("solve", "kl", "--p", "0.5", "0.5", "--q", "1", "0", "--json")
    assert result.exit_code == 0
    assert '"kl": "inf"' in result.stdout
    assert "infinite" in run("solve", "kl", "--p", "0.5", "0.5", "--q", "1", "0").stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ["solve", "rnn", "--w", "1 2 3; 4 5 6; 7 8 9"],
            "hidden state has 3: under the sequence reading U is 3×1",
        ),
        (["solve", "rnn", "--w", "1 2 3; 4 5 6; 7 8 9"], "(option --u)"),
        (
            ["solve", "rnn", "--w", "1 2 3; 4 5 6"],
            "W must be square (H×H), but is 2×3 (option --w)",
        ),
        (["solve", "rnn", "--x", "two", "three"], "not a number"),
        (
            ["solve", "rnn", "--act", "softplus"],
            "tanh, relu, sigmoid, not 'softplus' (option --act)",
        ),
        (["solve", "rnn", "--convention", "diag"], "column (W·h"),
        (["solve", "rnn", "--convention", "diag"], "row (h·W"),
        (["solve", "rnn", "--convention", "diag"], "not 'diag' (option --convention)"),
        (
            ["solve", "rnn", "--reading", "both"],
            "sequence or vector, not 'both' (option --reading)",
        ),
        (
            ["solve", "entropy", "--p", "0.5", "0.6"],
            "P sums to 1.1; a probability distribution sums to 1 (option --p)",
        ),
        (["solve", "kl", "--p", "1.2", "-0.2", "--q", "0.5", "0.5"], "negative"),
        (
            ["solve", "kl", "--p", "0.5", "0.5", "--q", "0.2", "0.3", "0.5"],
            "Q must have 2 entries, but has 3 (option --q)",
        ),
        (["solve", "lstn"], "did you mean 'lstm'"),
        (
            ["solve", "lstm", "--wf", "1 2; 3 4"],
            "W_f (acting on [h; x]) must be H×(H+D) = 2×(2+1) = 2×3, but is 2×2 (option --wf)",
        ),
        (["solve", "lstm", "--bo", "1 2 3"], "b_o must have 2 entries, but has 3 (option --bo)"),
        (
            ["solve", "gru", "--wr", "1 2; 3 4"],
            "W_r must be H×(H+D) = 2×(2+1) = 2×3, but is 2×2 (option --wr)",
        ),
        (
            ["solve", "gru", "--bhn", "1", "1"],
            "reset-after form; it goes with reset='after' (option --bhn)",
        ),
        (
            ["solve", "attention", "--q", "1 0", "--k", "1 0 0", "--v", "1"],
            "K must be n×d_k = n×2, but is 1×3 (option --k)",
        ),
        (["solve", "attention", "--x", "1 0", "--wq", "1; 0"], "(option --wk)"),
        (
            ["solve", "attention", "--scores", "1", "2", "--dk", "0"],
            "d_k is the key dimension and must be positive, not 0 (option --dk)",
        ),
        (
            ["solve", "context", "--states", "1 0; 0 1", "--weights", "0.5 0.5", "--query", "1 0"],
            "not both (option --query)",
        ),
        (
            ["solve", "clip", "--threshold", "-1"],
            "β must be a positive number, not -1 (option --threshold)",
        ),
        (
            ["solve", "xent", "--labels", "0", "1", "5", "2"],
            "class numbers 0 to 2, one per row of the predictions (option --labels)",
        ),
        (["solve", "xent", "--p", "0.5", "0.5"], "Q with it (option --q)"),
        (["solve", "entropy", "--base", "3"], "base must be 2, e or 10, not '3' (option --base)"),
        (
            ["solve", "gan", "--dx", "1.5"],
            "D(x) holds discriminator outputs, which are probabilities in [0, 1] (option --dx)",
        ),
        (["solve", "posenc", "--d", "0"], "d is the model dimension, a whole number from 1 to"),
        (["solve", "posenc", "--d", "0"], "(option --d)"),
        (["solve", "rnn", "--nope", "1"], "No such option"),
        (["solve", "rnn", "--x", "__import__('os').system('echo hi')"], "not a number"),
        (["solve", "gru", "--reset", "sideways"], "before or after"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: list[str], needle: str, bad: Callable[..., str]
) -> None:
    assert needle in bad(*args)


def test_solver_errors_name_the_flag_in_one_place() -> None:
    """The flag is added by the solve command class, from the error's param, for every topic."""
    from typer.main import get_command

    from dlquiz.cli.solve import SolveCommand, app, flag_of, with_flag
    from dlquiz.errors import InputError

    group = get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert set(commands) == set(TOPIC_KEYS)
    assert all(isinstance(c, SolveCommand) for c in commands.values())
    params = commands["params"]
    assert flag_of(params, "settings") == "--set" and flag_of(params, "model") == "--model"
    assert flag_of(commands["lstm"], "wf") == "--wf" and flag_of(commands["lstm"], "nope") is None
    plain = InputError("x must be numbers")
    assert with_flag(plain, commands["rnn"]) is plain  # no param: the message as it is
    unknown = InputError("something", param="not_an_option")
    assert str(with_flag(unknown, commands["rnn"])) == "something"
    tagged = with_flag(InputError("x must be numbers", param="x"), commands["rnn"])
    assert str(tagged) == "x must be numbers (option --x)" and tagged.param == "x"


@pytest.mark.parametrize("topic", [*sorted(TOPIC_KEYS), None])
def test_help(topic: str | None, run: Callable[..., Any]) -> None:
    result = run("solve", *([topic] if topic else []), "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_completion_sees_options_after_multi_values() -> None:
    env = dict(
        os.environ,
        _DLQUIZ_COMPLETE="complete_bash",
        COMP_WORDS="dlquiz solve rnn --x 2 3 --",
        COMP_CWORD="6",
    )
    out = subprocess.run(
        [sys.executable, "-m", "dlquiz"], env=env, capture_output=True, text=True, check=False
    )
    assert "--reading" in out.stdout and "--w" in out.stdout, out


def _imports_after(*argv: str) -> set[str]:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['dlquiz', *{list(argv)!r}]\n"
        "try:\n    runpy.run_module('dlquiz', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "sys.stderr.write(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stderr.split())


def test_help_does_not_import_numpy_or_yaml() -> None:
    modules = _imports_after("--help")
    assert "numpy" not in modules and "yaml" not in modules


def test_python_dash_m_matches_script(run: Callable[..., Any]) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dlquiz", "solve", "softmax", "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout == run("solve", "softmax", "--json").stdout


EXAM_CODE = (Path(__file__).parent / "data" / "exam_q5_code.txt").read_text(encoding="utf-8")


def test_params_from_the_exams_code(tmp_path: Any, run_json: Callable[..., Any]) -> None:
    path = tmp_path / "model.py"
    path.write_text(EXAM_CODE, encoding="utf-8")
    data = run_json("solve", "params", "--code", str(path), "--set", "n_steps=3")
    assert [layer["params"] for layer in data["layers"]] == [3840, 7320, 31]
    assert [layer["output_shape"] for layer in data["layers"]] == [
        "(None, 3, 30)", "(None, 30)", "(None, 1)",
    ]  # fmt: skip
    assert data["total"] == 11191


def test_params_code_from_stdin(run: Callable[..., Any]) -> None:
    result = run("solve", "params", "--code", "-", "--set", "n_steps=3", input=EXAM_CODE)
    assert result.exit_code == 0, result.stderr
    assert "3,840" in result.stdout and "11,191" in result.stdout
    assert "4 × 30 × (30 + 1 + 1) = 3840" in result.stdout


def test_params_pytorch_counts_two_biases(run_json: Callable[..., Any]) -> None:
    data = run_json("solve", "params", "--framework", "pytorch", "--model", "LSTM(1, 30)")
    assert data["total"] == 3960


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (["--code", "-"], EXAM_CODE, "as a setting, n_steps=3 (option --set)"),
        (["--code", "-", "--set", "n_steps"], EXAM_CODE, "NAME=VALUE"),
        (["--model", "LSTM(30, input_shape=(3,1)); Attention(4)"], None, "Attention"),
        (["--model", "Foo(1)"], None, "Foo is not a layer dlquiz knows"),
        (["--model", "Foo(1)"], None, "(option --model)"),
        (["--framework", "jax"], None, "keras or pytorch, not 'jax' (option --framework)"),
        (["--code", "-"], "import os\nmodel = Sequential()\nmodel.add(Foo(3))\n", "line 3"),
        (["--code", "-"], "__import__('os').system('touch /tmp/dlquiz-pwned')\n", ""),
        (["--code", "/nonexistent/model.py"], None, "cannot read"),
        (["--model", "LSTM(30"], None, ""),
        (["--model", "Dense(1)", "--code", "-"], "", "not both"),
    ],
)
def test_params_bad_input(
    args: list[str], stdin: str | None, needle: str, bad: Callable[..., str]
) -> None:
    assert needle in bad("solve", "params", *args, input=stdin)
    assert not os.path.exists("/tmp/dlquiz-pwned")


def test_a_bug_is_one_line_not_a_traceback(
    run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import dlquiz.solvers.softmax as module

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "softmax_steps", broken)
    result = run("solve", "softmax")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.stderr


def test_step_views_name_their_inputs_in_the_language_asked(run: Callable[..., Any]) -> None:
    zh = run("solve", "context", "--query", "1", "0", "--lang", "zh").stdout
    assert "hⱼ（編碼器狀態）" in zh and "sᵢ（解碼器的查詢）" in zh and "eᵢⱼ = sᵢ·hⱼ" in zh
    assert "encoder" not in zh and "decoder" not in zh
    en = run("solve", "context", "--query", "1", "0", "--lang", "en").stdout
    assert "hⱼ (encoder states)" in en and "sᵢ (decoder query)" in en


def test_unscaled_scores_are_named_in_chinese() -> None:
    from rich.console import Console

    from dlquiz.render.lang import drawn_in
    from dlquiz.render.solve import render_attention
    from dlquiz.solvers.attention import attention_from_scores

    out = Console(width=80, record=True, file=None)
    with drawn_in("zh"), out.capture() as shown:
        out.print(render_attention(attention_from_scores([112, 96], 64, scale=False)))
    assert "S（未縮放）" in shown.get() and "not scaled" not in shown.get()
