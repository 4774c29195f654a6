"""InputError and its `param`; solvers speak of their own arguments, never of CLI flags."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from dlquiz.errors import InputError

SOLVERS = Path(__file__).resolve().parent.parent / "dlquiz" / "solvers"
FLAG = re.compile(r"""["'][^"'\n]*?(?<![\w-])--[a-z]""")  # a string literal holding --name


def test_input_error_is_a_value_error_with_its_message() -> None:
    error = InputError("W_f must be H×(H+D) = 2×3, but is 2×2", param="wf")
    assert isinstance(error, ValueError)
    assert str(error) == "W_f must be H×(H+D) = 2×3, but is 2×2"
    assert error.param == "wf"
    assert InputError("no argument in particular").param is None
    with pytest.raises(ValueError, match="2×3"):
        raise error


def test_param_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        InputError("message", "wf")  # type: ignore[misc]


def test_param_survives_pickling() -> None:
    copy = pickle.loads(pickle.dumps(InputError("x must be numbers", param="x")))
    assert isinstance(copy, InputError) and str(copy) == "x must be numbers" and copy.param == "x"


def test_the_flag_pattern() -> None:
    for text in ('"--x must be"', "f'use --set n=3'", '"give --p and --q"'):
        assert FLAG.search(text), text
    for text in ('"x must be"', '"W_f (option wf)"', "# a --comment", '"a—dash"', '"1 -- 2"'):
        assert not FLAG.search(text), text


@pytest.mark.parametrize("path", sorted(SOLVERS.glob("*.py")), ids=lambda p: p.name)
def test_no_solver_message_names_a_cli_flag(path: Path) -> None:
    """A solver names its own parameters; the CLI adds the flag (`dlquiz.cli.solve`)."""
    hits = [
        f"{path.name}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FLAG.search(line.split("#", 1)[0]) or "'--" in line or '"--' in line
    ]
    assert not hits, "CLI flags in solver strings:\n" + "\n".join(hits)
