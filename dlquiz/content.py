"""Where the content lives: the top-level `questions/` folder.

A checkout and an editable install read `questions/` beside the `dlquiz` package; a wheel
carries the same folder inside the package as `dlquiz/questions` (hatchling `force-include`).
`$DLQUIZ_CONTENT` points elsewhere, for tests and for authors trying a whole new tree.

    questions/*.yaml           the question bank, one file per topic, plus the exams
    questions/cards/*.yaml     the concept cards of `dlquiz explain`
    questions/messages/*.yaml  every interface sentence, in English and Chinese
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def root() -> Path:
    """The content folder (`questions/`)."""
    override = os.environ.get("DLQUIZ_CONTENT")
    if override:
        return Path(override)
    inside = _PACKAGE / "questions"  # an installed wheel
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / "questions"  # a checkout or an editable install


def folder(name: str) -> Path:
    """A subfolder of the content: `cards`, `messages`."""
    return root() / name
