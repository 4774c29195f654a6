"""Every help page in Chinese (`--lang zh` or DLQUIZ_LANG=zh), whole at 60 and 80 columns.

The help is written in English in the code; `questions/messages/help.yaml` says each text in
Chinese, found by its English. A help text added or changed without its Chinese is English
left on a Chinese page: `test_every_help_page_is_chinese` names it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest
from rich.cells import cell_len
from typer.main import get_command
from typer.testing import CliRunner

from dlquiz.cli import app
from tests.test_zh_errors import HAN


def _pages() -> list[list[str]]:
    pages: list[list[str]] = [[]]

    def walk(command: Any, path: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            pages.append([*path, name])
            walk(sub, [*path, name])

    walk(get_command(app), [])
    return pages


PAGES = _pages()
# What may stay in Latin letters on a Chinese page: what the student types (option names,
# command lines, values of options, metavars) and names of things (Keras, PyTorch, LSTM).
CODE = re.compile(
    r"(?<![\w-])--?[\w-]+|(?<!\w)/\w+|`[^`]*`|<[^>]*>|\b[A-Z][A-Z_\[\]]+\b"
    r"|dlquiz(?: [\w.-]+)*|\b\w+\(.*?\)"
    r"|\b[\w-]+-\d{4}\b|\$\w+|\b\w+=\w+|\b[A-Za-z]\w*_\w+|\S*\.(?:apkg|html|pdf|svg|md|json)\b"
)
NAMES = frozenset(
    re.findall(
        r"\S+",
        "keras pytorch anki ankidroid ankimobile chromium chrome lstm gru rnn gan kl cho seq2seq "
        "tanh relu sigmoid identity softmax sin cos exp log diag column row sequence vector ifog "
        "ifco ifgo before after causal none en zh both bash zsh fish powershell pwsh true false "
        "xent clip clipping attention self-attention transformer params entropy cross-entropy "
        "context posenc mha bptt lstm gru explain practice exam solve check questions stats "
        "export help list show validate anki paper root seq2seq one-hot pos",
    )
)


def page(args: list[str], width: int, **env: str) -> str:
    """A help page as a terminal `width` columns wide shows it (a real process: Click's test
    runner would lay every page out at 80)."""
    base = {k: v for k, v in os.environ.items() if k != "DLQUIZ_LANG"}
    proc = subprocess.run(
        [sys.executable, "-m", "dlquiz", *args, "--help"], capture_output=True, text=True,
        timeout=60, env={**base, "COLUMNS": str(width), **env},
    )  # fmt: skip
    assert proc.returncode == 0, (args, proc.stderr)
    return proc.stdout.replace("Usage: python -m dlquiz", "Usage: dlquiz")


def said(text: str) -> str:
    """What a help page says, without its syntax: the usage line and the first column of
    its lists (options, arguments, commands) are what the student types."""
    lines = text.splitlines()[1:]
    return "\n".join(re.sub(r"^\s{2,}\S.*?(?=\s{2,})", " ", line) for line in lines)


def english_words(text: str) -> list[str]:
    """The English words of a help page, but for code, commands, values and names."""
    rest = CODE.sub(" ", said(text))
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9-]{2,}", rest) if w.lower() not in NAMES]


@pytest.mark.parametrize("args", PAGES, ids=lambda a: " ".join(a) or "dlquiz")
@pytest.mark.parametrize("width", [60, 80])
def test_every_help_page_is_chinese(args: list[str], width: int) -> None:
    text = page(args, width, DLQUIZ_LANG="zh")
    assert text.startswith("用法："), text[:80]
    assert HAN.search(text) and english_words(text) == [], (english_words(text), text)
    wide = [line for line in text.splitlines() if cell_len(line) > width]
    assert not wide, wide
    assert "..." not in said(text)  # nothing cut


@pytest.mark.parametrize("args", PAGES[:4], ids=lambda a: " ".join(a) or "dlquiz")
def test_english_and_both_pages_stay_english(args: list[str]) -> None:
    for env in ({"DLQUIZ_LANG": "en"}, {"DLQUIZ_LANG": "both"}, {}):
        text = page(args, 80, **env)
        assert text.startswith("Usage:") and not HAN.search(text), (env, text)


def test_lang_on_the_command_line_wins_over_the_environment() -> None:
    runner = CliRunner()
    zh = runner.invoke(app, ["solve", "rnn", "--lang", "zh", "--help"], env={"DLQUIZ_LANG": "en"})
    assert zh.stdout.startswith("用法：dlquiz solve rnn") or zh.stdout.startswith("用法：root")
    assert "選項：" in zh.stdout and "預設" in zh.stdout
    en = runner.invoke(app, ["solve", "rnn", "--lang", "en", "--help"], env={"DLQUIZ_LANG": "zh"})
    assert en.stdout.startswith("Usage:") and not HAN.search(en.stdout)


def test_the_help_command_speaks_the_language_asked() -> None:
    runner = CliRunner()
    zh = runner.invoke(app, ["help", "practice", "--lang", "zh"])
    assert zh.exit_code == 0 and zh.stdout.startswith("用法：dlquiz practice")
    assert english_words(zh.stdout) == [], zh.stdout
    both = runner.invoke(app, ["help", "practice"])
    assert both.stdout.startswith("Usage: dlquiz practice") and not HAN.search(both.stdout)


def test_chinese_help_lines_never_start_with_closing_punctuation() -> None:
    for args in PAGES:
        for line in page(args, 60, DLQUIZ_LANG="zh").splitlines():
            assert not line.strip().startswith(tuple("，。、；：？！）")), (args, line)
