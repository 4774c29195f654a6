"""The language a step view is drawn in, set once per command (`dlquiz solve --lang`).

Step views are called with a solver result only (so the bank's feedback can reuse them);
their words come from the catalog in the language set here: `word` for labels (in "both",
English, to keep tables narrow) and `sentence` for notes (in "both", both languages).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from dlquiz.messages import say
from dlquiz.text import single

_LANG: ContextVar[str] = ContextVar("lang", default="en")


@contextmanager
def drawn_in(lang: str) -> Iterator[None]:
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def current() -> str:
    return _LANG.get()


def word(key: str, **fields: object) -> str:
    return say(key, single(_LANG.get()), **fields)


def sentence(key: str, **fields: object) -> str:
    return say(key, _LANG.get(), **fields)
