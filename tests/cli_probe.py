"""Running dlquiz in a fresh interpreter, as a shell would: which modules a command line
loads, and what shell completion offers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

_PROBE = """
import sys
names = sys.argv[1].split(",")
sys.argv = ["dlquiz", *sys.argv[2:]]
from dlquiz.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("LOADED=" + ",".join(m for m in names if m in sys.modules))
"""


def loaded(
    modules: Sequence[str], *args: str
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run `dlquiz args…`; which of `modules` it imported (and the finished process)."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(modules), *args],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    tail = proc.stderr.rpartition("LOADED=")[2]
    return proc, [m for m in tail.split(",") if m]


def complete(words: str) -> list[str]:
    """What bash completion offers for the command line `words` (the last word is being typed,
    or a new one when `words` ends with a space)."""
    env = dict(
        os.environ, _DLQUIZ_COMPLETE="complete_bash", COMP_WORDS=words,
        COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    )  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-m", "dlquiz"], env=env, capture_output=True, text=True, check=False
    )
    return out.stdout.split()
