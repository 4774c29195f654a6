"""A renderable as a self-contained SVG picture: the terminal drawing, cell for cell.

Rich's own `export_svg` draws a window around the picture and names a web font; a printed
exam or an Anki card wants neither. Here each line of the rendering becomes one `<text>` and
each run of characters one `<tspan>` placed at its terminal cell, so box drawings line up in
any monospace font the system has, and a wide (CJK) character keeps its two cells.
"""

from __future__ import annotations

import io
from html import escape

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.segment import Segment

CELL_W = 8.4  # px per terminal cell at FONT_PX; wide characters take two
LINE_H = 17.0
FONT_PX = 14
FONT = "'DejaVu Sans Mono', 'Noto Sans Mono CJK TC', 'Noto Sans Mono', monospace"


def _runs(line: list[Segment]) -> list[tuple[int, str, str, bool]]:
    """(first cell, text, colour, bold) for each styled run of one line, blanks dropped."""
    runs: list[tuple[int, str, str, bool]] = []
    x = 0
    for seg in line:
        if seg.control:
            continue
        width = cell_len(seg.text)
        if seg.text.strip():
            colour = "#000000"
            bold = False
            if seg.style is not None:
                color = seg.style.color
                if color is not None and not color.is_default:
                    colour = color.get_truecolor().hex
                bold = bool(seg.style.bold)
            runs.append((x, seg.text, colour, bold))
        x += width
    return runs


def _chars(x0: int, text: str) -> list[tuple[int, str]]:
    """Split a run at every blank and every wide character, so each piece starts on its own
    cell and holds no space: a browser may collapse spaces inside a `<text>`, and then
    `textLength` would stretch the glyphs over the gap."""
    pieces: list[tuple[int, str]] = []
    start, buf, x = x0, "", x0
    for ch in text:
        w = cell_len(ch)
        if w == 0 and buf:  # a combining mark stays on its letter (C̃)
            buf += ch
            continue
        if w != 1 or ch == " ":
            if buf:
                pieces.append((start, buf))
            if ch != " ":
                pieces.append((x, ch))
            buf, start = "", x + w
        else:
            if not buf:
                start = x
            buf += ch
        x += w
    if buf:
        pieces.append((start, buf))
    return pieces


def to_svg(renderable: RenderableType, width: int = 80, title: str = "dlquiz") -> str:
    """`renderable` drawn at `width` columns, as an SVG document with no outside reference."""
    console = Console(
        file=io.StringIO(), width=width, record=True, color_system="truecolor",
        force_terminal=True, legacy_windows=False, soft_wrap=False,
    )  # fmt: skip
    console.print(renderable)
    lines = list(Segment.split_lines(console._record_buffer))
    console._record_buffer.clear()
    while lines and not "".join(s.text for s in lines[-1]).strip():
        lines.pop()
    used = max((sum(cell_len(s.text) for s in ln if not s.control) for ln in lines), default=1)
    w, h = used * CELL_W + 8, len(lines) * LINE_H + 8
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.1f} {h:.1f}" '
        f'width="{w:.1f}" height="{h:.1f}" role="img">',
        f"<title>{escape(title)}</title>",
        f'<g font-family="{FONT}" font-size="{FONT_PX}" xml:space="preserve" '
        'style="white-space: pre">',
    ]
    for row, line in enumerate(lines):
        y = 4 + (row + 0.78) * LINE_H
        for x0, text, colour, bold in _runs(line):
            for x, piece in _chars(x0, text):
                cells = cell_len(piece)
                weight = ' font-weight="bold"' if bold else ""
                out.append(
                    f'<text x="{4 + x * CELL_W:.1f}" y="{y:.1f}" fill="{colour}"{weight} '
                    f'textLength="{cells * CELL_W:.1f}" lengthAdjust="spacingAndGlyphs">'
                    f"{escape(piece)}</text>"
                )
    out += ["</g>", "</svg>"]
    return "\n".join(out) + "\n"
