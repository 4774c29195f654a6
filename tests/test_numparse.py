"""dlquiz.numparse: numbers, vectors and matrices from text, with arithmetic and never eval."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlquiz.errors import InputError
from dlquiz.numparse import MAX_TEXT, parse_array, parse_number

FUNCTIONS = "abs, exp, ln, log, log10, log2, sigmoid, sqrt, tanh"


# ------------------------------------------------------------------ one number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.96", 0.96),
        ("-1.2e-3", -1.2e-3),
        ("+3", 3.0),
        (".5", 0.5),
        ("1/3", 1 / 3),
        ("4*30*(30+1+1)", 3840.0),
        ("4*30*(30+30+1)", 7320.0),
        ("4 * 30 * (30 + 1 + 1)", 3840.0),
        ("2^3", 8.0),
        ("2**3", 8.0),
        ("-2^2", -4.0),  # the power binds tighter than the sign, as on paper
        ("2^-1", 0.5),
        ("tanh(2)", math.tanh(2)),
        ("sigmoid(0)", 0.5),
        ("exp(1)", math.e),
        ("ln(e)", 1.0),
        ("log(e^2)", 2.0),
        ("log2(8)", 3.0),
        ("log10(1000)", 3.0),
        ("sqrt(16)", 4.0),
        ("abs(-2)", 2.0),
        ("-log2(0.4)", -math.log2(0.4)),
        ("1/(1+exp(-2))", 1 / (1 + math.exp(-2))),
        ("pi", math.pi),
        ("e", math.e),
        ("3,840", 3840.0),
        ("11,191", 11191.0),
        ("1,234,567", 1234567.0),
        ("-3,840", -3840.0),
        ("12,345.5", 12345.5),
        ("88%", 0.88),
        ("12.5 %", 0.125),
        ("  7  ", 7.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value, rel=1e-15, abs=0)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("−0.5", -0.5),  # Unicode minus
        ("–0.5", -0.5),  # en dash
        ("2×3", 6.0),
        ("6÷4", 1.5),
        ("2·3", 6.0),
        ("√(4)", 2.0),
        ("σ(0)", 0.5),
        ("２.５", 2.5),  # full-width digits and point
        ("3，840", 3840.0),  # full-width comma as thousands separator
        ("（1＋2）＊3", 9.0),
    ],
)
def test_unicode_spellings(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value, rel=1e-15)


def test_numbers_are_floats() -> None:
    value = parse_number("3840")
    assert type(value) is float and value == 3840.0


# ------------------------------------------------------------------ vectors and matrices


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2 3", [2.0, 3.0]),
        ("2,3", [2.0, 3.0]),
        ("2, 3", [2.0, 3.0]),
        ("[2, 3]", [2.0, 3.0]),
        ("[2 3]", [2.0, 3.0]),
        ("(2, 3)", [2.0, 3.0]),
        ("[0.964, 0.197]", [0.964, 0.197]),
        ("7", [7.0]),
        ("[7]", [7.0]),
        ("-1 -2", [-1.0, -2.0]),  # each minus starts a number
        ("1 -2", [1.0, -2.0]),
        ("-0.5 0.25 -1e-3", [-0.5, 0.25, -1e-3]),
        ("1 - 2", [-1.0]),  # a minus between spaces is a subtraction
        ("1 + 2 3", [3.0, 3.0]),
        ("tanh(2) + 1", [math.tanh(2) + 1]),
        ("tanh(2) tanh(1)", [math.tanh(2), math.tanh(1)]),
        ("1/3 2/3", [1 / 3, 2 / 3]),
        ("2 * 3 4", [6.0, 4.0]),
        ("(1+2) 3", [3.0, 3.0]),
        ("3,840", [3840.0]),  # thousands, not the vector [3, 840]
        ("[3,840]", [3.0, 840.0]),  # in brackets the comma separates items
        ("1,23", [1.0, 23.0]),  # not a thousands group
        ("50% 25%", [0.5, 0.25]),
        ("[1, 2,]", [1.0, 2.0]),
    ],
)
def test_vectors(text: str, value: list[float]) -> None:
    assert parse_array(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.1 0.2; 0.3 0.4", [[0.1, 0.2], [0.3, 0.4]]),
        ("0.1, 0.2; 0.3, 0.4", [[0.1, 0.2], [0.3, 0.4]]),
        ("[[0.1,0.2],[0.3,0.4]]", [[0.1, 0.2], [0.3, 0.4]]),
        ("[[0.1, 0.2], [0.3, 0.4]]", [[0.1, 0.2], [0.3, 0.4]]),
        ("((1, 2), (3, 4))", [[1.0, 2.0], [3.0, 4.0]]),
        ("[1, 2], [3, 4]", [[1.0, 2.0], [3.0, 4.0]]),
        ("1 2\n3 4", [[1.0, 2.0], [3.0, 4.0]]),
        ("[1 2; 3 4]", [[1.0, 2.0], [3.0, 4.0]]),
        ("1 2 3;", [[1.0, 2.0, 3.0]]),  # a trailing ; makes a one-row matrix
        ("[1; 2]", [[1.0], [2.0]]),
        ("[[1, -1]]", [[1.0, -1.0]]),
        ("tanh(0) 1/2; 2^2 -3", [[0.0, 0.5], [4.0, -3.0]]),
    ],
)
def test_matrices(text: str, value: list[list[float]]) -> None:
    assert parse_array(text) == value


def test_matrix_rows_are_lists_of_floats() -> None:
    rows = parse_array("1 2; 3 4")
    assert all(isinstance(r, list) for r in rows)
    assert all(type(x) is float for r in rows for x in r)  # type: ignore[union-attr]


# ------------------------------------------------------------------ refused input


INJECTIONS = [
    "__import__('os')",
    "__import__('os').system('true')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "(1).real",
    "open('/etc/passwd')",
    "eval('1')",
    "exec('x=1')",
    "globals()",
    "lambda: 1",
    "[x for x in (1, 2)]",
    "tanh.__globals__",
    "math.pi",
    "pi.real",
    "x",
    "x+1",
]


@pytest.mark.parametrize("text", INJECTIONS)
@pytest.mark.parametrize("parse", [parse_number, parse_array], ids=["number", "array"])
def test_names_attributes_and_code_are_refused(text: str, parse: Callable[[str], object]) -> None:
    with pytest.raises(InputError, match="is not a number"):
        parse(text)


@pytest.mark.parametrize("text", ["foo(2)", "max(1, 2)", "print(1)", "softmax(2)"])
def test_unknown_functions_are_refused_with_the_known_ones_listed(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_number(text)
    message = str(info.value)
    assert f"'{text}' is not a number" in message
    assert FUNCTIONS in message
    assert "4*30*(30+1+1)" in message  # an example of what would be right


@pytest.mark.parametrize("text", ["tanh(x=2)", "tanh()", "tanh(1, 2)"])
def test_known_functions_take_exactly_one_number(text: str) -> None:
    with pytest.raises(InputError, match="is not a number"):
        parse_number(text)


@pytest.mark.parametrize(
    "text", ["'abc'", '"1"', "abc", "None", "...", "1j", "{1, 2}", "b'1'", "nan", "inf"]
)
def test_strings_and_other_literals_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="is not a number"):
        parse_number(text)
    with pytest.raises(InputError):
        parse_array(text)


@pytest.mark.parametrize("text", ["True", "False", "True+1"])
def test_booleans_are_not_numbers(text: str) -> None:
    with pytest.raises(InputError, match=re.escape(f"'{text}' is not a number")):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "lengths"),
    [
        ("[[1, 2], [3]]", "2, 1"),
        ("1 2; 3", "2, 1"),
        ("1; 2 3; 4 5 6", "1, 2, 3"),
        ("[[0.1, 0.2], [0.3, 0.4, 0.5]]", "2, 3"),
    ],
)
def test_ragged_matrices_are_refused_with_the_row_lengths(text: str, lengths: str) -> None:
    with pytest.raises(InputError) as info:
        parse_array(text)
    assert f"matrix rows have different lengths ({lengths})" in str(info.value)
    assert text in str(info.value)


@pytest.mark.parametrize("text", ["[1, [2]]", "[[[1]]]", "[[1, 2], 3]"])
def test_mixed_or_deep_nesting_is_refused(text: str) -> None:
    with pytest.raises(InputError, match=r"expected a vector or a matrix .*at most 2 deep"):
        parse_array(text)


@pytest.mark.parametrize("text", ["", " ", "\t\n"])
def test_empty_input_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="an empty value was given where a number was expected"):
        parse_number(text)
    with pytest.raises(InputError, match="an empty value was given where numbers were expected"):
        parse_array(text)


@pytest.mark.parametrize("text", ["1,,2", ", 1", "1,"])
def test_an_empty_item_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="empty value"):
        parse_array(text)


@pytest.mark.parametrize("text", ["[]", "[ ]", "()", "[[]]"])
def test_empty_brackets_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_array(text)


@pytest.mark.parametrize("text", ["2^65", "2**100", "10^-65", "9**9**9", "2.0**64.0**2"])
def test_huge_exponents_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="exponents above 64 are not accepted"):
        parse_number(text)
    with pytest.raises(InputError, match="exponents above 64 are not accepted"):
        parse_array(text)


def test_an_exponent_of_64_is_accepted() -> None:
    assert parse_number("2^64") == 2.0**64
    assert parse_number("10^-64") == pytest.approx(1e-64)


@pytest.mark.parametrize("text", ["1e999", "1e308*10", "-1e308*10"])
def test_non_finite_results_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="is not a finite number"):
        parse_number(text)
    with pytest.raises(InputError, match="is not a finite number"):
        parse_array(text)


@pytest.mark.parametrize("text", ["exp(1000)", "(10**64)**64", "sqrt(-1)", "log(0)", "ln(-1)"])
def test_math_errors_are_input_errors(text: str) -> None:
    with pytest.raises(InputError, match=r"too large to compute|leaves the domain"):
        parse_number(text)


@pytest.mark.parametrize("text", ["1/0", "1/(2-2)", "3 1/0"])
def test_division_by_zero_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="divides by zero"):
        parse_array(text)


@pytest.mark.parametrize("text", ["0^-1", "0**-1.5", "(-8)^(1/3)", "(-2)**0.5"])
def test_power_errors_are_input_errors(text: str) -> None:
    with pytest.raises(InputError):
        parse_number(text)


@pytest.mark.parametrize("text", ["[1e999, 1]", "(1e308*10)", "[exp(1000)]", "(10**64)**64"])
def test_bracketed_values_get_the_same_checks(text: str) -> None:
    with pytest.raises(InputError):
        parse_array(text)


def test_overlong_text_is_refused_before_parsing() -> None:
    text = "1+" * (MAX_TEXT // 2) + "1"
    for parse in (parse_number, parse_array):
        with pytest.raises(InputError, match=f"at most {MAX_TEXT}"):
            parse(text)


def test_text_at_the_limit_is_read() -> None:
    text = "0." + "1" * (MAX_TEXT - 2)
    assert len(text) == MAX_TEXT
    assert parse_number(text) == pytest.approx(1 / 9)
    assert parse_array(" ".join(["1"] * (MAX_TEXT // 2))) == [1.0] * (MAX_TEXT // 2)


def test_deep_nesting_is_an_input_error() -> None:
    text = "-" * (MAX_TEXT - 1) + "1"
    with pytest.raises(InputError):
        parse_number(text)


@pytest.mark.parametrize("text", ["2 3", "[2]", "1,2", "1 2; 3 4"])
def test_parse_number_refuses_several_numbers(text: str) -> None:
    with pytest.raises(InputError, match="is not a number"):
        parse_number(text)


def test_error_messages_quote_the_input_as_typed() -> None:
    with pytest.raises(InputError) as info:
        parse_number("  foo(2)  ")
    assert "'foo(2)'" in str(info.value)
    with pytest.raises(InputError) as info:
        parse_number("−∞")
    assert "'−∞'" in str(info.value)


# ------------------------------------------------------------------ properties


FLOATS = st.floats(allow_nan=False, allow_infinity=False)
SEPARATORS = [" ", ", ", ",", "  "]


@given(st.lists(FLOATS, min_size=1, max_size=12), st.sampled_from(SEPARATORS))
def test_any_finite_floats_joined_by_a_separator_read_back_exactly(
    values: list[float], sep: str
) -> None:
    text = sep.join(repr(v) for v in values)
    assert parse_array(text) == values


@given(st.lists(FLOATS, min_size=1, max_size=12), st.sampled_from([", ", ",", " , "]))
def test_any_finite_floats_in_brackets_read_back_exactly(values: list[float], sep: str) -> None:
    text = "[" + sep.join(repr(v) for v in values) + "]"
    assert parse_array(text) == values


@given(st.lists(FLOATS.map(abs), min_size=1, max_size=12))
def test_non_negative_floats_in_brackets_joined_by_spaces_read_back_exactly(
    values: list[float],
) -> None:
    text = "[" + " ".join(repr(v) for v in values) + "]"
    assert parse_array(text) == values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("[2 -3]", [2.0, -3.0]),
        ("(2 -3)", [2.0, -3.0]),
        ("[0.964 -0.197]", [0.964, -0.197]),
        ("[[1 2], [3 4]]", [[1.0, 2.0], [3.0, 4.0]]),
    ],
)
def test_brackets_do_not_change_how_spaces_separate(text: str, value: list[float]) -> None:
    assert parse_array(text) == value


@given(FLOATS)
def test_any_finite_float_reads_back_exactly(value: float) -> None:
    result = parse_number(repr(value))
    assert result == value
    assert math.copysign(1.0, result) == math.copysign(1.0, value)  # -0.0 stays negative


@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda n: st.lists(st.lists(FLOATS, min_size=n, max_size=n), min_size=1, max_size=5)
    ),
    st.booleans(),
)
def test_any_finite_matrix_reads_back_exactly(rows: list[list[float]], nested: bool) -> None:
    if nested:
        text = "[" + ", ".join("[" + ", ".join(repr(v) for v in r) + "]" for r in rows) + "]"
    else:
        text = "; ".join(" ".join(repr(v) for v in r) for r in rows) + ";"
    assert parse_array(text) == rows


@given(st.integers(min_value=1000, max_value=10**12))
def test_thousands_separators_read_as_one_number(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_array(f"{n:,}") == [float(n)]
