"""A small LaTeX-to-Unicode converter for the formulas on concept cards.

Formulas are written once, in LaTeX, in the card YAML; the terminal shows them as readable
Unicode: `h_{t-1}` → hₜ₋₁, `W^T` → Wᵀ, `\\sigma` → σ, `\\odot` → ⊙, `\\sqrt{d_k}` → √d_k,
`\\frac{a}{b}` → a/b, `\\tilde{C}` → C̃, `\\|g\\|` → ‖g‖. A sub- or superscript becomes Unicode only
when every character has a Unicode form; otherwise it stays as `_x` / `^x` (there is no
subscript f, for instance), which still reads correctly.

Supported: the commands in SYMBOLS and FUNCTIONS, \\frac, \\sqrt, \\tilde, \\hat, \\bar,
\\text, \\operatorname, \\mathrm, \\mathbb, \\left and \\right, spacing commands. Anything else is
an error, so a card cannot ship with a formula the terminal would show garbled.
"""

from __future__ import annotations

import re

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ", "phi": "φ",
    "omega": "ω", "Sigma": "Σ", "Delta": "Δ", "nabla": "∇", "partial": "∂",
    "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "cdot": "·", "times": "×", "div": "÷",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "approx": "≈", "sim": "~",
    "in": "∈", "infty": "∞", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←",
    "sum": "Σ", "prod": "Π", "|": "‖", "quad": "  ", "qquad": "    ", ",": " ", ";": " ",
    ":": " ", "!": "", " ": " ", "ldots": "…", "dots": "…", "cdots": "⋯", "{": "{", "}": "}",
    "pm": "±", "propto": "∝", "forall": "∀", "mid": "|", "lVert": "‖", "rVert": "‖",
}  # fmt: skip
FUNCTIONS = {"log", "ln", "exp", "tanh", "max", "min", "sin", "cos", "arg", "softmax"}
ACCENTS = {"tilde": "\u0303", "hat": "\u0302", "bar": "\u0304", "vec": "\u20d7"}
SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
# Capitals: only ᵀ (transpose). There is no superscript Q, so W^Q, W^K, W^V, W^O all stay
# as written rather than mixing forms within one formula.
SUP = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzT",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ",
        strict=True,
    )
)
BLACKBOARD = {"E": "𝔼", "R": "ℝ", "N": "ℕ", "Z": "ℤ"}
TOKEN = re.compile(r"\\([A-Za-z]+|.)|([{}^_])|(.)", re.S)
Token = tuple[str, str]  # (kind, value): kind is "cmd", "{", "}", "_", "^" or "char"


class LatexError(ValueError):
    """A formula uses LaTeX this converter does not know."""


def to_unicode(latex: str) -> str:
    """The formula as Unicode text."""
    tokens: list[Token] = [
        ("cmd", m.group(1)) if m.group(1) is not None
        else (m.group(2), m.group(2)) if m.group(2) is not None
        else ("char", m.group(3))
        for m in TOKEN.finditer(latex)
    ]  # fmt: skip
    out, pos = _sequence(tokens, 0, latex)
    if pos != len(tokens):
        raise LatexError(f"unbalanced '}}' in {latex!r}")
    return out.strip()


def _sequence(tokens: list[Token], pos: int, src: str) -> tuple[str, int]:
    """Atoms up to a closing brace (not consumed) or the end."""
    out = ""
    while pos < len(tokens) and tokens[pos][0] != "}":
        piece, pos = _atom(tokens, pos, src)
        out += piece
    return out, pos


def _group(tokens: list[Token], pos: int, src: str) -> tuple[str, int]:
    """One argument: {…}, or a single token."""
    if pos >= len(tokens):
        raise LatexError(f"a command lacks its argument in {src!r}")
    if tokens[pos][0] == "{":
        inner, end = _sequence(tokens, pos + 1, src)
        if end >= len(tokens):
            raise LatexError(f"unbalanced '{{' in {src!r}")
        return inner, end + 1
    return _atom(tokens, pos, src)


def _atom(tokens: list[Token], pos: int, src: str) -> tuple[str, int]:
    kind, value = tokens[pos]
    if kind == "char":
        return value, pos + 1
    if kind == "{":
        return _group(tokens, pos, src)
    if kind in ("_", "^"):
        arg, end = _group(tokens, pos + 1, src)
        return _script(arg, SUB if kind == "_" else SUP, kind), end
    if kind == "cmd":
        return _command(value, tokens, pos + 1, src)
    raise LatexError(f"unbalanced '}}' in {src!r}")


def _script(arg: str, table: dict[str, str], mark: str) -> str:
    if arg and all(c in table for c in arg):
        return "".join(table[c] for c in arg)
    bare = re.fullmatch(r"\w+", arg) or (arg.startswith("(") and arg.endswith(")"))
    return f"{mark}{arg}" if bare else f"{mark}({arg})"


def _command(name: str, tokens: list[Token], pos: int, src: str) -> tuple[str, int]:
    if name in SYMBOLS:
        return SYMBOLS[name], pos
    if name in FUNCTIONS:
        return name, pos
    if name in ("left", "right", "big", "Big", "bigl", "bigr"):
        return "", pos
    if name in ACCENTS:
        arg, end = _group(tokens, pos, src)
        return arg + ACCENTS[name], end
    if name in ("text", "operatorname", "mathrm", "mathbf", "mathit"):
        return _group(tokens, pos, src)
    if name == "mathbb":
        arg, end = _group(tokens, pos, src)
        return "".join(BLACKBOARD.get(c, c) for c in arg), end
    if name == "sqrt":
        arg, end = _group(tokens, pos, src)
        return (f"√{arg}" if _simple(arg) else f"√({arg})"), end
    if name == "frac":
        top, end = _group(tokens, pos, src)
        bottom, end = _group(tokens, end, src)
        return f"{_wrap(top, products=True)}/{_wrap(bottom)}", end
    raise LatexError(f"\\{name} is not supported in {src!r}")


def _simple(part: str, products: bool = False) -> bool:
    """One term (no + − =; no spaces unless a product may stand), so no parentheses needed."""
    pattern = r"[+\-−=]" if products else r"[\s+\-−=]"
    return not re.search(pattern, part.strip("()"))


def _wrap(part: str, products: bool = False) -> str:
    enclosed = part.startswith("(") and part.endswith(")")
    return part if enclosed or _simple(part, products) else f"({part})"


_PROSE_SUB = re.compile(
    r"(?<![\w\\])([A-Za-zα-ωΑ-Ω](?:\u0303)?)_(?:\{([^{}\s]{1,6})\}|([0-9a-z])(?![\w{]))"
)
_PROSE_SUB_TABLE = {**SUB, "−": "₋"}
# A Greek letter is never code: α_ij is αᵢⱼ (where b_ih is PyTorch's name for a bias).
_PROSE_GREEK = re.compile(r"(?<![\w\\])([α-ωΑ-Ω])_([a-z]{2,3})(?![\w{])")
_PROSE_SUP = re.compile(r"(?<=[\w)])\^\{([^{}\s]{1,6})\}")
_PROSE_SUP_TABLE = {**SUP, "−": "⁻"}


def prose(text: str) -> str:
    """Subscripts in running text: x_1 → x₁, h_{t−1} → hₜ₋₁, d_k → dₖ, α_{ij} → αᵢⱼ; and
    braced superscripts: e^{14} → e¹⁴, h^{fw} → hᶠʷ.

    Only a single letter followed by `_` and a short index is touched, and only when every
    character of the index has a Unicode subscript; code such as n_steps, reset_after or W_f
    (no subscript f exists) is left exactly as written. After a Greek letter the index may be
    two or three letters without braces (α_ij → αᵢⱼ): no code is named so. A superscript is
    raised only when every character of it has a Unicode superscript (e^{s_j/√d_k} stays).
    """

    def swap(m: re.Match[str]) -> str:
        index = m.group(2) or m.group(3)
        if all(c in _PROSE_SUB_TABLE for c in index):
            return m.group(1) + "".join(_PROSE_SUB_TABLE[c] for c in index)
        return m.group(0)

    def raise_(m: re.Match[str]) -> str:
        power = m.group(1)
        if all(c in _PROSE_SUP_TABLE for c in power):
            return "".join(_PROSE_SUP_TABLE[c] for c in power)
        return m.group(0)

    text = _PROSE_SUB.sub(swap, text)
    if "_" in text:
        text = _PROSE_GREEK.sub(swap, text)
    return _PROSE_SUP.sub(raise_, text) if "^{" in text else text
