"""Where dlquiz keeps a student's data (the history database, caches)."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """$DLQUIZ_HOME if set, else the platform's user data folder."""
    env = os.environ.get("DLQUIZ_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("dlquiz", appauthor=False))
