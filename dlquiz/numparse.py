"""Numbers, vectors and matrices from text, with arithmetic, and never `eval`.

One reader serves the command line (`--x 2 3`, `--w "0.1 0.2; 0.3 0.4"`) and the grader
(a student's `4*30*(30+1+1)`, `tanh(2)`, `[0.964, 0.197]`, `3,840`). Expressions are parsed
with `ast` and walked by a small interpreter that knows numbers, + - * / ** ^, a few functions
(tanh, sigmoid, exp, ln/log, log2, log10, sqrt, abs) and the constants pi and e.

Accepted shapes of text:
    "2 3", "2,3", "[2, 3]"                -> a vector [2.0, 3.0]
    "0.1 0.2; 0.3 0.4", "[[0.1,0.2],[0.3,0.4]]" -> a matrix, one row per `;`
    "3,840" (thousands), "88%", "1/3", "−0.5" (Unicode minus), full-width digits and punctuation
This module imports only the standard library, so the CLI can use it before NumPy loads; its
error messages come from the catalog (`errors.number.*`), read only when there is an error.
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
from collections.abc import Callable

from dlquiz.errors import InputError

Vector = list[float]
Matrix = list[list[float]]

MAX_TEXT = 2000
QUOTE = 60  # characters of the input an error message quotes
_FUNCTIONS: dict[str, Callable[[float], float]] = {
    "tanh": math.tanh,
    "sigmoid": lambda v: 1.0 / (1.0 + math.exp(-v)),
    "exp": math.exp,
    "ln": math.log,
    "log": math.log,
    "log2": math.log2,
    "log10": math.log10,
    "sqrt": math.sqrt,
    "abs": abs,
}
_CONSTANTS = {"pi": math.pi, "e": math.e}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PERCENT = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*%")
_SPELLING = {"−": "-", "–": "-", "×": "*", "÷": "/", "·": "*", "√": "sqrt", "σ": "sigmoid"}
_BINARY_AFTER = set("*/^)")
_OPERATOR_BEFORE = set("+-*/^(,")


def _error(name: str, **fields: object) -> InputError:
    """Bad input, said with the catalog's `errors.number.<name>` in both languages (the
    catalog is read only now, when there is something to say)."""
    from dlquiz.messages import msg

    text = msg(f"errors.number.{name}", **fields)
    return InputError(text.en, text=text)


def _normalise(text: str) -> str:
    # a lone surrogate (a byte that was not UTF-8, from argv) becomes U+FFFD, then is refused
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = unicodedata.normalize("NFKC", text)
    for old, new in _SPELLING.items():
        text = text.replace(old, new)
    return _PERCENT.sub(r"(\1/100)", text.strip())


def _evaluate(node: ast.AST, source: str) -> float:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, source)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        if isinstance(node.value, bool):
            raise _error("not_a_number", source=source)
        return float(node.value)
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        value = _evaluate(node.operand, source)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left, right = _evaluate(node.left, source), _evaluate(node.right, source)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            if right == 0:
                raise _error("divides_by_zero", source=source)
            return left / right
        if isinstance(node.op, ast.Pow):
            if abs(right) > 64:
                raise _error("exponent", source=source)
            return _real(lambda: left**right, source)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and len(node.args) == 1
        and not node.keywords
    ):
        function = _FUNCTIONS[node.func.id]
        argument = _evaluate(node.args[0], source)
        return _real(lambda: function(argument), source)
    raise _error("not_arithmetic", source=source, functions=", ".join(sorted(_FUNCTIONS)))


def _real(compute: Callable[[], object], source: str) -> float:
    """A step of the arithmetic that must give a finite real number, or an InputError that
    names the value: 0^-1, (-8)^(1/3) (complex), ln(0), exp(1000) (overflow)."""
    try:
        value = compute()
    except InputError:
        raise
    except ZeroDivisionError:
        raise _error("divides_by_zero", source=source) from None
    except OverflowError:
        raise _error("too_large", source=source) from None
    except ValueError:
        raise _error("domain", source=source) from None
    if isinstance(value, complex) or not isinstance(value, (int, float)):
        raise _error("not_real", source=source)
    if not math.isfinite(value):
        raise _error("not_finite", source=source)
    return float(value)


def _parse(expr: str) -> ast.Expression:
    """The expression's syntax tree; Python's own warnings about odd literals ("1x") stay
    off the student's screen (the literal is refused with a message of ours instead)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(expr.replace("^", "**"), mode="eval")


def _quoted(text: str) -> str:
    """The text as an error message quotes it: on one line, control characters shown as
    visible stand-ins (never sent to the terminal), and long text cut to its beginning."""
    from dlquiz.safe_text import visible

    one_line = visible(" ".join(text.split()))
    return one_line if len(one_line) <= QUOTE else one_line[: QUOTE - 1] + "…"


def parse_number(text: str) -> float:
    """One number from text: `0.96`, `3,840`, `88%`, `1/3`, `4*30*(30+1+1)`, `tanh(2)`."""
    raw = text.strip()
    if len(raw) > MAX_TEXT:
        raise _error("too_long", length=len(raw), most=MAX_TEXT)
    expr = _normalise(raw)
    source = _quoted(raw)
    if _THOUSANDS.match(expr):
        expr = expr.replace(",", "")
    if not expr:
        raise _error("empty")
    try:
        tree = _parse(expr)
        value = _evaluate(tree, source)
    except (SyntaxError, ValueError, OverflowError, RecursionError) as exc:
        if isinstance(exc, InputError):
            raise
        raise _error("unreadable", source=source) from None
    if not math.isfinite(value):
        raise _error("not_finite", source=source)
    return value


def _split_items(row: str) -> list[str]:
    """Split a row into items at commas, or at spaces that do not sit inside an expression.

    `1 - 2` is one item (a binary minus); `-1 -2` is two (each minus starts a number);
    `tanh(2) + 1` is one; `0.5 0.6` is two.
    """
    if "," in row:
        return [item.strip() for item in row.split(",")]
    items: list[str] = []
    current = ""
    depth = 0
    i = 0
    while i < len(row):
        ch = row[i]
        if ch.isspace() and depth == 0:
            rest = row[i:].lstrip()
            before = current.rstrip()[-1:] if current.strip() else ""
            nxt = rest[:1]
            binary_next = nxt in _BINARY_AFTER or (nxt in "+-" and rest[1:2].isspace())
            if rest and current.strip() and before not in _OPERATOR_BEFORE and not binary_next:
                items.append(current.strip())
                current = ""
            i = len(row) - len(rest)
            continue
        depth += (ch == "(") - (ch == ")")
        current += ch
        i += 1
    if current.strip():
        items.append(current.strip())
    return items


def _literal(node: ast.AST, source: str) -> float | list[object]:
    if isinstance(node, (ast.List, ast.Tuple)):
        if not node.elts:
            raise _error("empty_brackets", source=source, example="(0.5, -1.2)")
        return [_literal(elt, source) for elt in node.elts]
    return _real(lambda: _evaluate(node, source), source)


def parse_array(text: str) -> Vector | Matrix:
    """A vector (`2 3`, `2,3`, `[2, 3]`) or a matrix (`0.1 0.2; 0.3 0.4`, `[[...],[...]]`).

    A matrix comes back as a list of equally long rows; a single number as a one-item vector.
    """
    raw = text.strip()
    if len(raw) > MAX_TEXT:
        raise _error("too_long", length=len(raw), most=MAX_TEXT)
    expr = _normalise(raw)
    source = _quoted(raw)
    if not expr:
        raise _error("empty_many")
    _check_balanced(expr, source)
    if _THOUSANDS.match(expr):
        return [parse_number(expr)]
    flat_parens = _enclosed(expr, "(", ")") and not re.search(r"[()\[\]]", expr[1:-1])
    if ";" not in expr and (_enclosed(expr, "[", "]") or flat_parens):
        return _bracketed(expr[1:-1].strip(), source)
    if raw.startswith(("[", "(")) and ";" not in expr:
        try:
            tree = _parse(expr)
        except SyntaxError:
            tree = None  # e.g. "(1+2) 3": not one literal; read it as a row below
        if tree is not None:
            value = _literal(tree.body, source)
            return _check_nesting(value if isinstance(value, list) else [value], source)
    rows = [r for r in re.split(r"[;\n]", expr) if r.strip()]
    parsed = [[parse_number(item) for item in _split_items(r.strip("[] "))] for r in rows]
    if len(parsed) == 1 and ";" not in expr:
        return parsed[0]
    return _check_nesting(list(parsed), source)


def _check_balanced(expr: str, source: str) -> None:
    """Every bracket closed by its own kind, in order: `[[[[1` and `[1, 2)` are refused
    rather than read as the numbers inside."""
    pairs = {")": "(", "]": "["}
    stack: list[str] = []
    for ch in expr:
        if ch in "([":
            stack.append(ch)
        elif ch in pairs and (not stack or stack.pop() != pairs[ch]):
            raise _error("closes_nothing", source=source, bracket=ch)
    if stack:
        raise _error("left_open", source=source, count=len(stack))


def _enclosed(expr: str, opening: str, closing: str) -> bool:
    """True when the first character opens a bracket that the last character closes."""
    if not (expr.startswith(opening) and expr.endswith(closing)):
        return False
    depth = 0
    for i, ch in enumerate(expr):
        depth += (ch == opening) - (ch == closing)
        if depth == 0:
            return i == len(expr) - 1
    return False


def _bracketed(body: str, source: str) -> Vector | Matrix:
    """The inside of `[...]`: items split as in a plain row (`[0.964 -0.197]` is two numbers,
    like `0.964 -0.197`), or rows `[...]` of a matrix; never more than two levels deep."""
    if not body:
        raise _error("empty_brackets", source=source, example="[0.5, -1.2]")
    if not body.startswith("["):
        if "[" in body or "]" in body:
            raise _error("nesting", source=source)
        return [parse_number(item) for item in _items(body)]
    rows = re.findall(r"\[([^\[\]]*)\]", body)
    if re.sub(r"\[[^\[\]]*\]", "", body).strip(" ,;") or "[" in "".join(rows):
        raise _error("nesting", source=source)
    if any(not r.strip() for r in rows):
        raise _error("empty_row", source=source)
    return _check_nesting([[parse_number(i) for i in _items(r.strip())] for r in rows], source)


def _items(body: str) -> list[str]:
    """A bracket's items; one trailing comma is allowed, as in `[1, 2,]`."""
    items = _split_items(body)
    return items[:-1] if len(items) > 1 and items[-1] == "" and "," in body else items


def _check_nesting(value: list[object], source: str) -> Vector | Matrix:
    if all(isinstance(v, float) for v in value):
        return [float(v) for v in value]  # type: ignore[arg-type]
    if all(isinstance(v, list) and all(isinstance(x, float) for x in v) for v in value):
        rows = [[float(x) for x in v] for v in value if isinstance(v, list)]
        if len({len(r) for r in rows}) > 1:
            lengths = ", ".join(str(len(r)) for r in rows)
            raise _error("ragged", source=source, lengths=lengths)
        return rows
    raise _error("nesting", source=source)
