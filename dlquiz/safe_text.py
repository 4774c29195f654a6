"""Text dlquiz did not write (a question bank, a file name) made safe to print on a terminal.

A terminal obeys the control characters it is sent: ESC starts an escape sequence (clear the
screen, move the cursor, write the clipboard with OSC 52), BEL rings, CR goes back over the
line already printed, a C1 character such as CSI (U+009B) is an escape sequence by itself.
`visible` replaces every C0 control but newline and tab, DEL, and every C1 control by a
visible stand-in: the Unicode control pictures for C0 and DEL (␛ for ESC, ␇ for BEL, ␡ for
DEL) and `\\x9b` for a C1 character, so nothing reaches the terminal raw and an author sees
what was there. `sanitise` does the same, in place, to every string of data read from YAML.
"""

from __future__ import annotations

import re
from typing import Any

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NAMES = {0x07: "BEL", 0x08: "BS", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI"}

Path = tuple[str | int, ...]
DEEPEST = 32  # the longest path `sanitise` reports: deeper strings are named by this prefix


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}"


def visible(text: str) -> str:
    """`text` with every control character (but newline and tab) shown as a stand-in."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(lambda m: _stand_in(m.group()), text)


def describe(text: str) -> str:
    """The control characters of `text`, named with their stand-ins: "ESC (U+001B) as ␛"."""
    found = dict.fromkeys(CONTROL.findall(text))
    return ", ".join(
        (f"{_NAMES[ord(c)]} " if ord(c) in _NAMES else "") + f"(U+{ord(c):04X}) as {visible(c)}"
        for c in found
    )


def sanitise(data: Any) -> list[tuple[Path, str]]:
    """Make every string inside `data` (dicts and lists, as YAML gives them; keys too)
    visible, in place. Returns the path and original text of each string it changed (a path
    keeps the original keys, so the line of a node can still be found by them; one deeper
    than DEEPEST keys is cut there).

    The walk is iterative and visits a container once, however many times YAML aliases
    repeat it, so deep nesting or an alias bomb costs no more than the data's real size.
    It runs on every question read, so it is written for speed: a string is searched only
    when it is not plainly printable (about 40 µs for a question of the bundled bank).
    """
    found: list[tuple[Path, str]] = []
    seen = {id(data)}
    stack: list[tuple[Any, Path]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        pairs = node.items() if isinstance(node, dict) else enumerate(node)
        bad_keys = False
        children = []
        for key, value in pairs:
            if type(value) is str:
                if not value.isprintable() and CONTROL.search(value):
                    found.append(((*path, key), value))
                    node[key] = visible(value)
            elif isinstance(value, dict | list) and id(value) not in seen:
                seen.add(id(value))
                children.append((value, (*path, key) if len(path) < DEEPEST else path))
            if type(key) is str and not key.isprintable() and CONTROL.search(key):
                bad_keys = True
        if bad_keys:
            _visible_keys(node, path, found)
        stack.extend(reversed(children))  # depth first, in the order of the file
    return found


def _visible_keys(node: dict[Any, Any], path: Path, found: list[tuple[Path, str]]) -> None:
    """Rename the keys of `node` that hold control characters, keeping the order."""
    items = list(node.items())
    node.clear()
    for key, value in items:
        if isinstance(key, str) and CONTROL.search(key):
            found.append(((*path, key), key))
            key = visible(key)
        node[key] = value


def field_name(path: Path) -> str:
    """A path as a question's field is written: ("hints", 0, "en") → hints[0].en."""
    out = ""
    for step in path:
        if isinstance(step, int) and not isinstance(step, bool):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + visible(str(step))
    return out
