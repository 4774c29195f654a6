"""The message catalog: every interface sentence, in English and Chinese, as data.

The catalog is `questions/messages/*.yaml`; each file holds `format_version` and a mapping
`messages: {key: {en: ..., zh: ...}}`. Keys are dotted (`feedback.not_right`) and unique
across files. A sentence may name `{fields}`; both languages must name the same ones
(`check_catalog`, run by `dlquiz questions validate`).

    msg("feedback.entries_right", which="1, 2")  ->  Text(en=..., zh=...)
    say("feedback.not_right", "zh")              ->  the Chinese sentence

The catalog is read once, on the first message a command needs.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

from dlquiz.text import Text

FORMAT_VERSION = 1


class CatalogError(Exception):
    """The catalog itself is broken: a bug in the content, not bad input."""


@cache
def catalog() -> dict[str, Text]:
    """Every message, by key."""
    from dlquiz.content import folder
    from dlquiz.yaml_data import parse

    out: dict[str, Text] = {}
    for path in sorted(folder("messages").glob("*.yaml")):
        out.update(_read(path, parse(path.read_text("utf-8")), out))
    return out


def _read(path: Path, data: object, seen: dict[str, Text]) -> dict[str, Text]:
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        raise CatalogError(f"{path.name}: wants format_version: {FORMAT_VERSION} and messages")
    out: dict[str, Text] = {}
    for key, entry in (data.get("messages") or {}).items():
        if key in seen or key in out:
            raise CatalogError(f"{path.name}: message '{key}' is defined twice")
        if not (isinstance(entry, dict) and isinstance(entry.get("en"), str)
                and isinstance(entry.get("zh"), str)):  # fmt: skip
            raise CatalogError(f"{path.name}: message '{key}' needs an en and a zh string")
        out[str(key)] = Text(entry["en"], entry["zh"])
    return out


@cache
def _file(prefix: str) -> dict[str, Text]:
    """The messages of `questions/messages/<prefix>.yaml` alone (empty if there is none)."""
    from dlquiz.content import folder
    from dlquiz.yaml_data import parse

    path = folder("messages") / f"{prefix}.yaml"
    if not path.is_file():
        return {}
    return _read(path, parse(path.read_text("utf-8")), {})


def _lookup(key: str) -> Text:
    """A key is looked for first in the file named by its prefix (`solve.steps` in
    solve.yaml), so a command reads one small file; then in the whole catalog."""
    found = _file(key.split(".", 1)[0]).get(key)
    if found is not None:
        return found
    try:
        return catalog()[key]
    except KeyError:
        raise CatalogError(f"no message '{key}' in questions/messages") from None


def entries(prefix: str) -> dict[str, Text]:
    """Every message of `questions/messages/<prefix>.yaml`, by key, fields unfilled."""
    return dict(_file(prefix))


def find(key: str) -> Text | None:
    """The message `key` as written (fields unfilled) if its prefix's file has it, else
    None: for names that may or may not have an entry (`step.mha.weights`)."""
    return _file(key.split(".", 1)[0]).get(key)


def msg(key: str, **fields: object) -> Text:
    """The message `key` in both languages, with its fields filled in."""
    text = _lookup(key)
    if fields or not (fields_of(text.en) or fields_of(text.zh)):
        return text.format(**fields)  # also with no fields: "{{" in the catalog is a brace
    return text  # to be filled in by the caller


def say(key: str, lang: str, **fields: object) -> str:
    """The message `key` in `lang` ("both": English, then Chinese, on one line)."""
    return msg(key, **fields).get(lang, sep=" · ")


def fields_of(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:  # a lone brace: check_catalog reports it
        return set()


def check_catalog() -> list[str]:
    """Problems with the catalog: unreadable files, and messages whose two languages name
    different fields."""
    try:
        messages = catalog()
    except CatalogError as exc:
        return [str(exc)]
    problems = []
    for key, t in messages.items():
        names = fields_of(t.en)
        if names != fields_of(t.zh):
            problems.append(
                f"message '{key}': en names {sorted(names)}, zh {sorted(fields_of(t.zh))}"
            )
            continue
        try:
            t.format(**dict.fromkeys(names, "x"))
        except (ValueError, IndexError, KeyError) as exc:
            problems.append(f"message '{key}' cannot be filled in ({exc}): write {{{{ for a brace")
    return problems
