"""Where a line may break: Chinese and English prose with formulas, as a reader expects.

Rich breaks lines only at spaces and folds any longer run (a sentence of Chinese has no
spaces) at whatever cell the width ends on, so a line can start with "，" or a vector can
be split as "[1, / 2]". `divide_line` here replaces Rich's, with the same contract (the
character offsets to break `text` at so that each line fits `width` cells):

- A break may come after a space, and between two characters when either is an ideograph
  (or kana, or a full-width form): the rules of UAX #14 for these classes.
- Never before closing punctuation (，。、；：？！）」』 , . ; : ? ! ) ] }), a slash, a bar
  or a hyphen, never after opening punctuation (（「『 ( [ {), nor before a combining mark.
- Inside a formula a space is a *weak* opportunity, used only when a line cannot be filled
  otherwise: a space inside a short bracket (`[1, 2]`, `(Ux + Wh)`), or next to an operator
  (`cₜ = fₜ ⊙ cₜ₋₁`).

`tests/test_linebreak.py` checks that every break offered here is one that UAX #14
(`uniseg`) allows, on every Chinese text of the bank; uniseg itself is not used at run time
because importing it alone costs about 45 ms, a third of a command's start-up budget.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len

CLOSING = set("，。、；：？！）」』】〕》〉﹚］｝,.;:?!)]}…%")
OPENING = set("（「『【〔《〈［｛([{")
NOT_FIRST = CLOSING | set("/|-–‐")  # UAX #14's SY, BA and HY: never at a line's start
QUOTES = set("'\"“”‘’")  # UAX #14's QU: no break next to one, but after a space
OPERATORS = set("=+−-⊙·×÷/→←≈≤≥<>∘⊗*^")
PAIRS = {"(": ")", "[": "]", "{": "}"}
SHORT_BRACKET = 24  # cells: a bracket this short is a formula, kept on one line


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _short_brackets(text: str) -> list[bool]:
    """For each character: whether it lies inside a short ASCII bracket."""
    inside = [False] * len(text)
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in PAIRS:
            stack.append(i)
        elif ch in PAIRS.values() and stack and PAIRS[text[stack[-1]]] == ch:
            start = stack.pop()
            if cell_len(text[start : i + 1]) <= SHORT_BRACKET:
                for k in range(start, i + 1):
                    inside[k] = True
    return inside


def opportunities(text: str) -> tuple[list[int], list[int]]:
    """(strong, weak) offsets where a line may start."""
    strong: list[int] = []
    weak: list[int] = []
    bracket = _short_brackets(text)
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if b == " " or b in NOT_FIRST or a in OPENING or unicodedata.combining(b):
            continue
        if a in QUOTES or (b in QUOTES and a != " "):
            continue
        if a == " ":
            prev = text[: i - 1].rstrip()[-1:]
            formula = bracket[i] or b in OPERATORS or prev in OPERATORS
            (weak if formula else strong).append(i)
        elif _wide(a) or _wide(b):
            strong.append(i)
    return strong, weak


def _units(text: str, starts: list[int]) -> list[tuple[int, int]]:
    bounds = [0, *starts, len(text)]
    return [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]


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
        if cell_len(text[start:end].rstrip(" ")) <= width:
            place(start, end)
            continue
        inner = [w - start for w in weak if start < w < end]  # a long formula: its spaces
        for s, e in _units(text[start:end], inner):
            place(start + s, start + e)
    return [b for b in breaks if 0 < b < len(text)]


def install() -> None:
    """Make Rich's text wrapping use `divide_line` (Rich looks it up in `rich.text`)."""
    import rich.text

    rich.text.divide_line = divide_line  # type: ignore[attr-defined]
