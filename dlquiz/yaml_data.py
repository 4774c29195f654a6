"""YAML as dlquiz reads it: plain data, fast, and never more than the text holds.

    parse(text)  ->  the data of one YAML document (Refused says why and where not)

Files are parsed by yaml-rs (Rust, several times faster than PyYAML's C loader: no parse cache
is needed, so nothing is written while loading). It reads plain data only, but on its own it
drops unknown tags, copies an aliased node at every alias and can crash on very deep nesting,
so `parse` looks at the text first and refuses what it must (see `_screen`). Every YAML file
dlquiz reads goes through here: question banks, cards, exams, the catalog, the vocabularies.
"""

from __future__ import annotations

import re
from typing import Any

MAX_BYTES = 32 * 2**20  # a question file larger than this is refused, not read
MAX_DEPTH = 64  # nesting deeper than this is refused (a bank needs about 10)
ALIAS_BUDGET = 1_000_000  # nodes + characters aliases may add beyond 4x the file's size
SAFE_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map")}  # same in both parsers
# PyYAML refuses these characters anywhere in a file, yaml-rs would read them (surrogates
# cannot come out of UTF-8 decoding)
_NOT_PRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# A line whose indentation and block indicators (- ? :) could nest past MAX_DEPTH
_DEEP = re.compile(r"\n[ \t?:-]{" + str(MAX_DEPTH // 2) + "}")
_AFTER_NODE_START = frozenset(" \t\r\n\x85\u2028\u2029[{,:")  # what a tag or an alias follows
_NOT_IN_ANCHOR = frozenset(" \t\r\n[]{},")
_POSITION = re.compile(r"at line (\d+), column (\d+)")


class Refused(Exception):
    """A file that is not read: why, and the line (1-based) where, when there is one."""

    def __init__(self, line: int | None, reason: str, where: str = "yaml") -> None:
        super().__init__(reason)
        self.line, self.reason, self.where = line, reason, where


def parse(text: str) -> Any:
    """The data of one YAML document, read by yaml-rs once `_screen` lets it through.

    yaml-rs reads YAML 1.2: the bundled files read exactly as with PyYAML's safe loader, and
    where the two differ (yes/no/on/off are text, 1e-3 and 017 are the numbers they look like,
    a repeated key is refused) yaml-rs does what an author means.
    """
    import yaml_rs

    bad = _NOT_PRINTABLE.search(text)
    if bad:
        at = text.count("\n", 0, bad.start()) + 1
        raise Refused(at, f"the character U+{ord(bad.group()):04X} is not allowed in YAML")
    screened = _needs_screen(text)
    if screened:
        _screen(text)
    limits = yaml_rs.AliasLimits(max_total_replayed_events=_budget(text))
    try:
        data = yaml_rs.loads(text, alias_limits=limits)
    except yaml_rs.YAMLDecodeError as exc:
        message = str(exc).strip()
        found = _POSITION.search(message)
        if found is None:
            _screen(text)  # a repeated key (yaml-rs does not say where): find its line
        where = f" (column {found.group(2)})" if found else ""
        line = int(found.group(1)) if found else None
        raise Refused(line, f"not valid YAML here{where}: {message.splitlines()[-1]}") from None
    except RecursionError:
        raise Refused(None, f"nested more than {MAX_DEPTH} levels deep") from None
    if isinstance(data, list) and not screened:
        _screen(text)  # yaml-rs gives a list for several documents: refuse them with the line
    return data


def _needs_screen(text: str) -> bool:
    """Whether the text may hold a tag, an alias, a merge key, a directive or a line that
    could nest deeper than MAX_DEPTH: without them it is plain data, which yaml-rs reads as
    PyYAML does. (Found with str.find: a regular expression would cost half of yaml-rs.)"""
    if "<<" in text or text[:1] == "%" or "\n%" in text or "\r%" in text:
        return True
    if _DEEP.search("\n" + text[: MAX_DEPTH // 2]) or _DEEP.search(text):
        return True
    if "\r" in text and _DEEP.search(text.replace("\r", "\n")):
        return True
    for mark in "!*":
        i = text.find(mark)
        while i != -1:
            if (i == 0 or text[i - 1] in _AFTER_NODE_START) and (
                mark == "!" or text[i + 1 : i + 2] not in _NOT_IN_ANCHOR
            ):
                return True
            i = text.find(mark, i + 1)
    return False


def _budget(text: str) -> int:
    return 4 * len(text) + ALIAS_BUDGET


def _screen(text: str) -> None:
    """Refuse, with its line, what yaml-rs would read differently from PyYAML's safe loader
    or at a cost out of proportion to the file: a tag other than !!str, !!seq and !!map
    (yaml-rs drops it: `!!python/object/apply:os.system [...]` would read as a list), a
    directive, a merge key (<<), a second document, a repeated key, nesting deeper than
    MAX_DEPTH (yaml-rs crashes past some thousands) and aliases adding more than the budget
    (yaml-rs copies the node at every alias). PyYAML's C parser only yields events here: no
    node is built and no alias expanded, so a billion laughs costs what its text does.
    """
    import yaml

    budget = _budget(text)
    sizes: dict[str, int] = {}  # anchor -> nodes + characters of its node, aliases expanded
    # per open collection: [size, anchor, keys seen (a mapping) or None, items so far]
    stack: list[list[Any]] = [[0, None, None, 0]]
    documents = 0
    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        while (kind := type(ev := parser.get_event())) is not yaml.StreamEndEvent:
            if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
                top = stack[-1]
                top[3] += 1
                if kind is yaml.AliasEvent:
                    size = sizes.get(ev.anchor, 0)
                else:
                    _tag(ev)
                    if top[2] is not None and top[3] & 1:  # a key: the 1st, 3rd... item
                        _key(ev, top[2])
                    size = 1 + len(ev.value)
                    if ev.anchor is not None:
                        sizes[ev.anchor] = size
            elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                stack[-1][3] += 1
                _tag(ev)
                if len(stack) > MAX_DEPTH:
                    raise Refused(_at(ev), f"nested more than {MAX_DEPTH} levels deep")
                stack.append([1, ev.anchor, set() if kind is yaml.MappingStartEvent else None, 0])
                continue
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                size, anchor = stack.pop()[:2]
                if anchor is not None:
                    sizes[anchor] = size
                top = stack[-1]
            else:
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise Refused(_at(ev), "a second YAML document (a file holds one)")
                    if ev.version or ev.tags:
                        raise Refused(_at(ev), "YAML directives (%YAML, %TAG) are not supported")
                continue
            top[0] += size
            if top[0] > budget:
                raise Refused(_at(ev), f"aliases here expand past {budget:,} nodes and characters")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if mark is None:
            raise Refused(None, f"not valid YAML: {reason}") from None
        where = f"not valid YAML here (column {mark.column + 1})"
        raise Refused(mark.line + 1, f"{where}: {reason}") from None
    finally:
        parser.dispose()


def _tag(ev: Any) -> None:
    if ev.tag is not None and ev.tag not in SAFE_TAGS:
        shown = ev.tag.replace("tag:yaml.org,2002:", "!!")
        raise Refused(_at(ev), f"the tag {shown} is not allowed (a question file is plain data)")


def _key(ev: Any, keys: set[tuple[str, bool]]) -> None:
    """A scalar key of a mapping in `_screen`: neither a merge key nor one seen before."""
    plain = not ev.style and ev.tag is None  # the C parser gives "" for plain, Python None
    if plain and ev.value == "<<":
        raise Refused(_at(ev), "merge keys (<<) are not supported: write the fields out")
    if (ev.value, plain) in keys:
        raise Refused(_at(ev), f"the key {ev.value!r} is repeated in this mapping")
    keys.add((ev.value, plain))


def _at(ev: Any) -> int:
    return int(ev.start_mark.line) + 1
