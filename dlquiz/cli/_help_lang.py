"""The help of every command in the student's language.

The help is written once, in English, where the code defines it (a command's docstring, an
option's `help=`), and Click lays it out. In Chinese (`--lang zh` on the command line, else
`$DLQUIZ_LANG=zh`) the same layout says each piece from the catalog: `questions/messages/
help.yaml` holds every help text with its Chinese, found by its English (so the two cannot
drift apart unseen: `tests/test_help_zh.py` renders every command's help in Chinese and
fails on any English sentence left). Click's own words (Usage, Options, default, env var,
required) are there too. Chinese lines are wrapped by terminal cells with the line-breaking
rules of `dlquiz.render.linebreak`, where Click would count characters and overflow.

In English, and in "both" (the help is long: one language at a time), nothing changes and
nothing more is read.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from typer import _click as click

_EXTRAS = re.compile(r"\s*\[([^\[\]]*)\]$")  # "  [env var: DLQUIZ_LANG; default: both]"
_NOTES = ("default", "env var", "required")


def _help_lang() -> str:
    from dlquiz.cli._core import error_lang

    return error_lang()


def _key(text: str) -> str:
    """A help text as looked up: its paragraphs, each with its spaces collapsed."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()))


def _words() -> dict[str, str]:
    """English help text → its Chinese, for every entry of the help catalog."""
    from dlquiz.messages import entries, msg

    said = [msg(key) for key in entries("help")]  # "{{" in the catalog is a brace
    return {_key(text.en): text.zh for text in said}


class HelpFormatter(click.HelpFormatter):
    """Click's formatter; in Chinese, every piece said from the help catalog."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.words = _words() if _help_lang() == "zh" else None

    def say(self, text: str) -> str:
        if self.words is None or not text.strip():
            return text
        return self.words.get(_key(text), text)  # no entry: as written (the tests find it)

    def noted(self, text: str, names: str = "") -> str:
        """An option's help with Click's notes after it, each said: "[default: 10]"; a
        flag's default is named as the flag (`--key`, where Click writes `key`)."""
        if self.words is None:
            return text
        m = _EXTRAS.search(text)
        if m is None:
            return self.say(text)
        notes = []
        for note in m.group(1).split("; "):
            name, colon, value = note.partition(": ")
            if name in _NOTES:
                value = f"--{value}" if re.search(rf"--{re.escape(value)}\b", names) else value
                notes.append(self.say(name) + (f"：{value}" if colon else ""))
            else:
                notes.append(note)  # a range such as 1<=x<=500
        return f"{self.say(text[: m.start()])}  [{'；'.join(notes)}]"

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if self.words is not None:
            said = self.say("Usage:")
            prefix = said if said.endswith("：") else said + " "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        if self.words is None:
            super().write_heading(heading)
            return
        self.write(f"{'':>{self.current_indent}}{self.say(heading)}：\n")

    def write_text(self, text: str) -> None:
        if self.words is None:
            super().write_text(text)
            return
        indent = " " * self.current_indent
        for n, paragraph in enumerate(self.say(text).split("\n\n")):
            if n:
                self.write("\n")
            for line in _wrapped(paragraph, self.width - self.current_indent):
                self.write(f"{indent}{line}\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        if self.words is None:
            super().write_dl(rows, col_max, col_spacing)
            return
        from rich.cells import cell_len

        rows = list(rows)
        first_col = min(max((cell_len(a) for a, _ in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = _wrapped(self.noted(second, first), max(self.width - first_col - 2, 10))
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


def _wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken where Chinese and formulas allow."""
    from dlquiz.render.linebreak import divide_line

    text = " ".join(text.split())
    cuts = [0, *divide_line(text, width), len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(cuts)] or [""]


def install() -> None:
    """Make Click lay out every help page with `HelpFormatter`."""
    click.Context.formatter_class = HelpFormatter
