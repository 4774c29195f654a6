"""The one topic vocabulary (`questions/vocabulary/topics.yaml`), read by every command.

    resolve("Cross Entropy")  ->  "cross-entropy"   (a topic id, from an id or an alias)
    solve_command("clipping", commands)  ->  "clip" (the `dlquiz solve` command meant)

Names are matched case-insensitively after NFKC, with spaces and underscores read as dashes.
An unknown name is bad input that suggests the nearest known name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from dlquiz.safe_text import visible

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Topic:
    id: str
    solve: tuple[str, ...]
    aliases: tuple[str, ...]


def key(name: str) -> str:
    """The form names are compared in: `Cross Entropy` → `cross-entropy`."""
    return re.sub(r"[\s_]+", "-", unicodedata.normalize("NFKC", name).strip().casefold())


@cache
def _data() -> tuple[dict[str, Topic], dict[str, str]]:
    from dlquiz.content import root
    from dlquiz.yaml_data import parse

    path = root() / "vocabulary" / "topics.yaml"
    data = parse(path.read_text("utf-8"))
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        raise RuntimeError(f"{path}: wants format_version: {FORMAT_VERSION}")
    topics = {
        str(tid): Topic(str(tid), tuple(map(str, t.get("solve") or ())),
                        tuple(map(str, t.get("aliases") or ())))
        for tid, t in (data.get("topics") or {}).items()
    }  # fmt: skip
    commands = {
        key(alias): str(cmd)
        for cmd, aliases in (data.get("commands") or {}).items()
        for alias in aliases or ()
    }
    return topics, commands


def topics() -> dict[str, Topic]:
    return _data()[0]


def ids() -> list[str]:
    return list(topics())


def names() -> list[str]:
    """Every accepted name, ids first (for completion and suggestions)."""
    return [*topics(), *(a for t in topics().values() for a in t.aliases)]


def command_names() -> list[str]:
    """The other names of `dlquiz solve` commands (`positional-encoding` for posenc)."""
    return list(_data()[1])


def find(name: str) -> Topic | None:
    k = key(name)
    for t in topics().values():
        if k == key(t.id) or k in {key(a) for a in t.aliases}:
            return t
    return None


def nearest(name: str, known: Collection[str]) -> str | None:
    """The known name `name` most likely means: one of its words when that is a known name
    (`gan-losses` → `gan`, `kl-divergnce` → `kl`), else the closest spelling, or None."""
    from difflib import get_close_matches

    keys = {key(n): n for n in reversed(list(known))}  # the first name wins a shared key
    k = key(name)
    for word in k.split("-"):
        if word in keys and word != k:
            return keys[word]
    near = get_close_matches(k, list(keys), n=1, cutoff=0.6)
    return keys[near[0]] if near else None


def _hint(near: str | None) -> object:
    from dlquiz.messages import msg

    return msg("errors.did_you_mean", name=visible(near)) if near else ""


def resolve(name: str) -> str:
    """The topic id meant by `name` (an id or an alias, any case)."""
    from dlquiz.errors import input_error

    found = find(name)
    if found is None:
        hint = _hint(nearest(name, names()))
        raise input_error("errors.unknown_topic", name=visible(name), hint=hint,
                          known=", ".join(ids()))  # fmt: skip
    return found.id


def solve_command(name: str, commands: Collection[str]) -> str:
    """The `dlquiz solve` command meant by `name`: a command, a command's alias, or a topic.
    An unknown name suggests the command of the nearest name of the vocabulary."""
    found = _solve_of(name, commands)
    if found is not None:
        return found
    from dlquiz.errors import input_error

    near = nearest(name, [*names(), *commands, *_data()[1]])
    meant = None if near is None else _solve_of(near, commands)
    raise input_error("errors.no_solver", name=visible(name), hint=_hint(meant),
                      known=", ".join(sorted(commands)))  # fmt: skip


def _solve_of(name: str, commands: Collection[str]) -> str | None:
    k = key(name)
    if k in commands:
        return k
    extra = _data()[1]
    if k in extra:
        return extra[k]
    found = find(name)
    return found.solve[0] if found is not None and found.solve else None


def offered(candidates: Collection[str]) -> list[str]:
    """The names completion offers: those written in the glossary's preferred terms (the
    other aliases, such as Mainland spellings, are still accepted when typed)."""
    from dlquiz.glossary import variant_problems

    return [n for n in candidates if not variant_problems(n)]


def check(commands: Collection[str], cards: Collection[str]) -> list[str]:
    """Problems: a topic without a card, a solve entry or command alias that is no command,
    a name used twice."""
    problems = []
    seen: dict[str, str] = {}
    for t in topics().values():
        if t.id not in cards:
            problems.append(f"topic {t.id}: no card questions/cards/{t.id}.yaml")
        for c in t.solve:
            if c not in commands:
                problems.append(f"topic {t.id}: solve '{c}' is not a dlquiz solve command")
        for n in (t.id, *t.aliases):
            if key(n) in seen and seen[key(n)] != t.id:
                problems.append(f"topic {t.id}: the name '{n}' is also {seen[key(n)]}'s")
            seen[key(n)] = t.id
    for alias, c in _data()[1].items():
        if c not in commands:
            problems.append(f"commands: '{alias}' names '{c}', which is not a solve command")
    return problems
