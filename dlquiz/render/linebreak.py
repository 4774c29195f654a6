"""Where a line may break: Chinese and English prose with formulas, as a reader expects.

Rich breaks lines only at spaces and folds any longer run (a sentence of Chinese has no
spaces) at whatever cell the width ends on, so a line can start with "，" or a vector can
be split as "[1, / 2]". `divide_line` here replaces Rich's, with the same contract (the
character offsets to break `text` at so that each line fits `width` cells):

- A break may come after a space, and between two characters when either is an ideograph
  (or kana, or a full-width form): the rules of UAX #14 for these classes.
- Never before closing punctuation (，。、；：？！）」』 , . ; : ? ! ) ] }), a slash, a bar,
  a hyphen (but a minus sign after a space) or a non-starter (・ ー), never after opening
  punctuation (（「『 ( [ {), nor before a combining mark.
- Inside a formula a space is a *weak* opportunity, used only when a line cannot be filled
  otherwise: a space inside a short bracket (`[1, 2]`, `(Ux + Wh)`) or a bracket of numbers
  of any length (a matrix), next to an operator (`cₜ = fₜ ⊙ cₜ₋₁`), or inside a command
  (`dlquiz stats --exam-date 2026-12-15`).
- Weak opportunities have a rank (`rank`): outside brackets before inside them, and at one
  depth after a comma, then before a relation (=), + or −, another operator, anywhere,
  then after an operator. A formula too long for its line breaks at its best rank, and a
  piece still too long at its next best (`best_breaks`): a matrix between its rows,
  `4 × 30 × (30 + 1 + 1) = 3840` before its `=`, never inside a number.

`formula_lines` lays out a formula on its own (a card's formula column), breaking only
before top-level relations and + −, and `min_width` is the narrowest a text can be set
without breaking inside a bracket. `tests/test_linebreak.py` checks that every break
offered here is one that UAX #14 (`uniseg`) allows, on every Chinese text of the bank;
uniseg itself is not used at run time because importing it alone costs about 45 ms, a
third of a command's start-up budget. `install` also makes Rich drop a line's trailing
space by cells, not characters: a line of Chinese that fits but for that space would
otherwise lose its last character to a "…".
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from rich.cells import cell_len
from rich.text import Text

CLOSING = set("，。、；：？！）」』】〕》〉﹚］｝,.;:?!)]}…%")
OPENING = set("（「『【〔《〈［｛([{")
NOT_FIRST = CLOSING | set("/|-–‐・ー々〜‼⁇⁈⁉")  # UAX #14's SY, BA, HY and NS: never first
QUOTES = set("'\"“”‘’")  # UAX #14's QU: no break next to one, but after a space
OPERATORS = set("=+−-⊙·×÷/→←≈≤≥<>∘⊗*^~≠…")  # "…" too: h₁ … hₜ stays together
RELATIONS = set("=≈≤≥<>≠←→~")
ADDITIVE = set("+−-")
SEPARATORS = set(",;:")
PAIRS = {"(": ")", "[": "]", "{": "}"}
SHORT_BRACKET = 24  # cells: a bracket this short is a formula, kept on one line
NUMERIC = re.compile(r"[\s\d.,;:eE+\-−…⋮()\[\]]*")  # a bracket of numbers: a vector, a matrix
COMMAND = re.compile(r"dlquiz(?: [a-z][\w-]*){1,2}(?: --[\w-]+(?: (?!-)[!-~]+)?)*")
FORMULA = 2  # the worst rank a formula may break at: before a top-level relation, + or −
CELL = 10  # a step table's cell may also break after a comma of its outer bracket (a vector)
INDENT = "  "  # a formula's continuation line
_CELL = {*range(FORMULA + 1), CELL}


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _formula_brackets(text: str) -> list[bool]:
    """For each character: whether it lies inside a short ASCII bracket or one of numbers."""
    inside = [False] * len(text)
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in PAIRS:
            stack.append(i)
        elif ch in PAIRS.values() and stack and PAIRS[text[stack[-1]]] == ch:
            start = stack.pop()
            span = text[start : i + 1]
            if cell_len(span) <= SHORT_BRACKET or NUMERIC.fullmatch(span.replace("inf", "")):
                for k in range(start, i + 1):
                    inside[k] = True
    return inside


def _commands(text: str) -> list[bool]:
    """For each character: whether it lies inside a command line (`dlquiz stats --json`)."""
    inside = [False] * len(text)
    if "dlquiz " in text:
        for m in COMMAND.finditer(text):
            inside[m.start() : m.end()] = [True] * (m.end() - m.start())
    return inside


def opportunities(text: str) -> tuple[list[int], list[int]]:
    """(strong, weak) offsets where a line may start."""
    strong: list[int] = []
    weak: list[int] = []
    bracket, command = _formula_brackets(text), _commands(text)
    prev = ""  # the last character before the current run of spaces
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if a != " ":
            prev = a
        if b == " " or a in OPENING or unicodedata.combining(b):
            continue
        if b in NOT_FIRST and not (a == " " and b == "-"):  # a minus sign may start a line
            continue
        if a in QUOTES or (b in QUOTES and a != " "):
            continue
        value = prev in ":：" and text[i : i + 2].lstrip("-−")[:1].isdigit()  # "class 0: 1.3"
        if a == " ":
            formula = bracket[i - 1] or command[i - 1] or b in OPERATORS or prev in OPERATORS
            (weak if formula or value else strong).append(i)
        elif _wide(a) or _wide(b):
            (weak if value else strong).append(i)
    return strong, weak


def _depths(text: str) -> list[int]:
    """For each offset: how many ASCII brackets are open before it."""
    out, depth = [], 0
    for ch in text:
        if ch in PAIRS.values():
            depth = max(0, depth - 1)
        out.append(depth)
        if ch in PAIRS:
            depth += 1
    return out


def rank(text: str, at: int, depth: int) -> int:
    """How bad a break is at offset `at` (a line starting there), `depth` brackets deep:
    lower is better (see the module's docstring)."""
    before = text[:at].rstrip(" ")
    p, b = before[-1:], text[at]
    after = p in OPERATORS
    if p in SEPARATORS or len(text[len(before) : at]) >= 3:  # a comma, or an equation's end
        kind, after = 0, False
    elif b in RELATIONS or p in RELATIONS:
        kind = 1
    elif b in ADDITIVE or p in ADDITIVE:
        kind = 2
    elif b in OPERATORS or after:
        kind = 3
    else:
        kind = 4
    return depth * 10 + kind + 5 * after


def _units(text: str, starts: list[int]) -> list[tuple[int, int]]:
    bounds = [0, *starts, len(text)]
    return [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]


def best_breaks(text: str, points: list[int], width: int, indent: int = 0) -> list[int]:
    """Of `points` (weak offsets inside `text`), those needed for every piece to fit `width`
    (`indent` more on every line but the first): a piece too long is split at its points of
    the best rank, and each part of it that is still too long at its next best, and so on."""
    depths = _depths(text)
    chosen: list[int] = []

    def split(a: int, b: int, pts: list[tuple[int, int]]) -> None:
        if not pts or cell_len(text[a:b].rstrip(" ")) + (indent if a else 0) <= width:
            return
        best = min(r for _, r in pts)
        cuts = [p for p, r in pts if r == best]
        chosen.extend(cuts)
        bounds = [a, *cuts, b]
        for s, e in itertools.pairwise(bounds):
            split(s, e, [(p, r) for p, r in pts if s < p < e and r != best])

    split(0, len(text), [(p, rank(text, p, depths[p])) for p in sorted(points)])
    return sorted(chosen)


def _fold(piece: str, width: int) -> list[int]:
    """Offsets that cut a run with no break opportunity into lines of `width` cells, each
    cut moved back (a few characters at most) so that no line starts with punctuation."""
    cuts: list[int] = []
    line_start, used = 0, 0
    for i, ch in enumerate(piece):
        w = cell_len(ch)
        if used + w > width and i > line_start:
            at = i
            while (
                at - 1 > line_start
                and i - at < 4
                and (
                    piece[at] in NOT_FIRST
                    or piece[at - 1] in OPENING
                    or unicodedata.combining(piece[at])
                )
            ):
                at -= 1
            cuts.append(at)
            line_start, used = at, cell_len(piece[at:i])
        used += w
    return cuts


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """The offsets at which to break `text` so that each line fits in `width` cells."""
    strong, weak = opportunities(text)
    breaks: list[int] = []
    used = 0  # cells on the current line

    def place(start: int, end: int) -> None:
        nonlocal used
        piece = text[start:end]
        need = cell_len(piece.rstrip(" "))
        if used and used + need > width:
            breaks.append(start)
            used = 0
        if need <= width or not fold:
            used += cell_len(piece)
            return
        cuts = _fold(piece, width)
        breaks.extend(start + at for at in cuts)
        used = cell_len(piece[cuts[-1] if cuts else 0 :])

    for start, end in _units(text, strong):
        unit = text[start:end]
        if cell_len(unit.rstrip(" ")) <= width:
            place(start, end)
            continue
        inner = best_breaks(unit, [w - start for w in weak if start < w < end], width)
        for s, e in _units(unit, inner):  # a long formula: its spaces of the best rank
            place(start + s, start + e)
    return [b for b in breaks if 0 < b < len(text)]


def min_width(text: str) -> tuple[int, int]:
    """How narrow `text` can be set: breaking at strong opportunities and at weak ones of rank
    FORMULA or better or CELL (a vector between its entries, never inside a number), and
    breaking at strong opportunities only (a formula or a vector kept whole)."""
    hard = soft = 0
    for line in text.split("\n"):
        strong, weak = opportunities(line)
        for start, end in _units(line, strong):
            unit = line[start:end]
            soft = max(soft, cell_len(unit.strip(" ")))
            depths = _depths(unit)
            inner = [w - start for w in weak if start < w < end]
            inner = [p for p in inner if rank(unit, p, depths[p]) in _CELL]
            for s, e in _units(unit, inner):
                hard = max(hard, cell_len(unit[s:e].strip(" ")))
    return hard, soft


def _formula_points(text: str) -> list[tuple[int, int]]:
    """(offset, rank) of every place a formula may break: a token's start after spaces."""
    depths = _depths(text)
    return [
        (i, rank(text, i, depths[i]))
        for i in range(1, len(text))
        if text[i - 1] == " " and text[i] != " " and (text[i] == "-" or text[i] not in NOT_FIRST)
    ]


def formula_width(text: str) -> int:
    """The narrowest a formula can be set by `formula_lines` without breaking in brackets."""
    points = [p for p, r in _formula_points(text) if r <= FORMULA]
    pieces = [(a, text[a:b].strip(" ")) for a, b in _units(text, points)]
    return max(cell_len(p) + (len(INDENT) if a and p[:1] in OPERATORS else 0) for a, p in pieces)


def formula_lines(text: str, width: int) -> list[str]:
    """A formula as lines of `width` cells at most: whole if it fits, else broken between its
    equations and before its top-level relations, + and −, with continuation lines
    indented; inside brackets only when nothing else fits, and folded as a last resort."""
    if cell_len(text) <= width:
        return [text]
    chosen = best_breaks(text, [p for p, _ in _formula_points(text)], width, len(INDENT))
    lines: list[str] = []
    for a, b in _units(text, chosen):
        raw = text[a:b]  # with the spaces after it
        if lines and cell_len((lines[-1] + raw).rstrip(" ")) <= width:
            lines[-1] += raw
        else:
            lines.append((INDENT if a and raw[:1] in OPERATORS else "") + raw)
    lines = [line.rstrip(" ") for line in lines]
    out: list[str] = []
    for line in lines:  # a piece wider than the line: folded, nothing lost
        cuts = [0, *_fold(line, width), len(line)] if cell_len(line) > width else [0, len(line)]
        out += [line[x:y] for x, y in itertools.pairwise(cuts)]
    return out


def _rstrip_end(self: Text, size: int) -> None:
    """Rich's `Text.rstrip_end`, counting cells: a line of Chinese that fits but for its
    trailing space must lose the space, not its last word to a "…"."""
    excess = cell_len(self.plain) - size
    spaces = len(self.plain) - len(self.plain.rstrip(" "))
    if excess > 0 and spaces:
        self.right_crop(min(spaces, excess))


def install() -> None:
    """Make Rich's text wrapping use `divide_line` (Rich looks it up in `rich.text`)."""
    import rich.text

    rich.text.divide_line = divide_line  # type: ignore[attr-defined]
    Text.rstrip_end = _rstrip_end  # type: ignore[method-assign]
