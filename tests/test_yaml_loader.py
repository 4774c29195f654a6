"""Question files are parsed by yaml-rs behind dlquiz's own screen, with no parse cache (issue 14).

What a user sees: a hostile bank (an alias bomb, a `!!python/...` tag, nesting 10 000 deep) is
one problem with file:line, found in well under a second, and nothing is written under
DLQUIZ_HOME while loading, so a full disk leaves nothing behind. What an author sees: every
bundled file reads exactly as PyYAML's safe loader reads it, and malformed YAML is a problem
with its line and column.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "questions").rglob("*.yaml"))
SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HEAD = "format_version: 1\nquestions:\n"
QUESTION = """\
- id: demo-choice
  topic: rnn
  type: choice
  source: dlquiz
  points: 5
  prompt: {en: "Which?", zh: "\u54ea\u4e00\u500b\uff1f"}
  hints: [{en: "A hint", zh: "\u63d0\u793a"}]
  solution: {en: "The solution", zh: "\u89e3\u7b54"}
  choices:
  - {key: a, en: "A", zh: "\u7532"}
  - {key: b, en: "B", zh: "\u4e59"}
  answer: a
"""


def billion_laughs(levels: int = 9) -> str:
    """Nested anchors: each level is ten aliases of the one before (10**levels strings)."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijklmnop"[: levels + 1]
    lines += [f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]" for p, n in pairwise(names)]
    return "format_version: 1\n" + "\n".join(lines) + f"\nquestions: [*{names[-1]}]\n"


def string_bomb(size: int = 100_000, copies: int = 2000) -> str:
    """One long string aliased many times: few alias events, each a copy of `size` chars."""
    aliases = ", ".join(["*s"] * copies)
    return f'format_version: 1\nlong: &s "{"x" * size}"\nquestions: [{aliases}]\n'


def files_under(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file()] if home.exists() else []


def write(tmp_path: Path, text: str, name: str = "bank.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def validate_problem(run: Callable[..., Any], path: Path) -> str:
    """`questions validate FILE` fails with exit 1; its first problem line."""
    result = run("questions", "validate", str(path))
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return str(result.stderr.splitlines()[0])


# ------------------------------------------------------------------ alias bombs


@pytest.mark.parametrize("text", [billion_laughs(6), string_bomb()], ids=["laughs", "string"])
def test_an_alias_bomb_is_refused_fast_and_writes_nothing(
    tmp_path: Path, _home: Path, run: Callable[..., Any], bad: Callable[..., str], text: str
) -> None:
    path = write(tmp_path, text)
    assert len(text) < 250_000
    started = time.monotonic()
    first = validate_problem(run, path)
    line = bad("questions", "list", "--bank", str(path))
    assert time.monotonic() - started < 5, "an alias bomb must be refused, not expanded"
    for shown in (first, line.removeprefix("error: ")):
        assert shown.startswith(f"{path}:"), shown
        assert shown.split(":")[1].isdigit(), shown
        assert "aliases" in shown
    assert [p for p in files_under(_home) if p.stat().st_size > 1_000_000] == []


def dlquiz(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """dlquiz in its own process, at most 4 GB of address space: a crash or a blow-up fails
    the test instead of the test run."""

    def limit() -> None:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))

    env = dict(os.environ, DLQUIZ_HOME=str(home), COLUMNS="100")
    return subprocess.run(
        [sys.executable, "-m", "dlquiz", *args], capture_output=True, text=True, env=env,
        cwd=ROOT, timeout=timeout, check=False, preexec_fn=limit if os.name == "posix" else None,
    )  # fmt: skip


def test_a_billion_laughs_is_refused_at_once(tmp_path: Path, _home: Path) -> None:
    path = write(tmp_path, billion_laughs(9))  # 10**9 strings from 400 bytes
    started = time.monotonic()
    done = dlquiz(_home, "questions", "validate", str(path), timeout=30)
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    assert done.stderr.startswith(f"{path}:7: yaml: aliases"), done.stderr
    listed = dlquiz(_home, "questions", "list", "--bank", str(path), timeout=30)
    assert listed.returncode == 2 and len(listed.stderr.strip().splitlines()) == 1
    assert time.monotonic() - started < 10  # two processes' start-up: the refusal is ~1 ms
    assert [p for p in files_under(_home) if p.stat().st_size > 1_000_000] == []


def test_practice_refuses_a_bomb_bank_in_one_line(tmp_path: Path, bad: Callable[..., str]) -> None:
    path = write(tmp_path, billion_laughs(6))
    assert "aliases" in bad("practice", "--bank", str(path), "--count", "1", input="")


def test_aliases_within_the_budget_still_read(tmp_path: Path, run: Callable[..., Any]) -> None:
    shared = QUESTION.replace("  hints: [", "  hints: &h [")
    second = QUESTION.replace("demo-choice", "demo-choice-2").replace(
        '  hints: [{en: "A hint", zh: "\u63d0\u793a"}]', "  hints: *h"
    )
    path = write(tmp_path, HEAD + shared + second)
    result = run("questions", "list", "--bank", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    assert "demo-choice-2" in result.stdout


# ------------------------------------------------------------------ tags


PYTHON_TAGS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    "!!python/name:os.system",
    '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
    '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch {marker}"]',
    "!!binary aGVsbG8=",
    "!local-tag value",
    '[1, !!python/tuple ["touch {marker}"]]',
]


@pytest.mark.parametrize("tag", PYTHON_TAGS)
def test_a_tag_is_refused_with_its_line_and_never_runs(
    tmp_path: Path, run: Callable[..., Any], bad: Callable[..., str], tag: str
) -> None:
    marker = tmp_path / "pwned"
    value = tag.replace("{marker}", str(marker))
    text = HEAD + QUESTION.replace("  source: dlquiz\n", f"  source: {value}\n")
    path = write(tmp_path, text)
    line = text.splitlines().index(f"  source: {value}") + 1
    assert validate_problem(run, path).startswith(f"{path}:{line}: yaml:")
    assert bad("questions", "list", "--bank", str(path)).startswith(f"error: {path}:{line}:")
    assert not marker.exists()


def test_a_tag_directive_cannot_rename_a_python_tag(
    tmp_path: Path, run: Callable[..., Any]
) -> None:
    text = (
        "%TAG !p! tag:yaml.org,2002:python/\n---\n"
        + HEAD
        + QUESTION.replace("  source: dlquiz\n", '  source: !p!object/apply:os.system ["true"]\n')
    )
    shown = validate_problem(run, write(tmp_path, text))
    assert shown.startswith(f"{tmp_path / 'bank.yaml'}:1: yaml:") and "directive" in shown


def test_a_string_tag_is_plain_data(tmp_path: Path, run: Callable[..., Any]) -> None:
    text = HEAD + QUESTION.replace("  source: dlquiz\n", "  source: !!str dlquiz\n")
    result = run("questions", "list", "--bank", str(write(tmp_path, text)), "--json")
    assert result.exit_code == 0, result.stderr


# ------------------------------------------------------------------ deep nesting


@pytest.mark.parametrize(
    "body",
    [
        "- " * 10_000 + "1\n",  # block sequences, one line
        "".join(" " * i + "-\n" for i in range(1_000)) + " " * 1_000 + "1\n",  # by indentation
        "[" * 10_000 + "]" * 10_000 + "\n",  # flow
        "- " * 30_000 + "1\n",  # past where yaml-rs alone overflows its stack
    ],
    ids=["compact", "indented", "flow", "compact-30000"],
)
def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path, _home: Path, body: str) -> None:
    path = write(tmp_path, HEAD + _indent(body))
    started = time.monotonic()
    done = dlquiz(_home, "questions", "validate", str(path))
    assert time.monotonic() - started < 30
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"{path}:") and first.split(":")[1].isdigit(), first
    assert "Traceback" not in done.stderr


def _indent(body: str) -> str:
    """The nested value under `questions:`, as a block below it."""
    return "".join("  " + line + "\n" for line in body.splitlines())


# ------------------------------------------------------------------ the same data as PyYAML


def _same(a: Any, b: Any) -> bool:
    """Equal, with the same types and the same key order; NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bundled_file_reads_as_pyyaml_reads_it(path: Path) -> None:
    from dlquiz.bank.load import parse

    text = path.read_text(encoding="utf-8")
    assert _same(parse(text), yaml.load(text, Loader=SAFE))


SCALARS = """\
yes_bool: [true, false, True, FALSE]
nothing: [null, ~, Null, ]
ints: [0, 7, -12, +3, 0x1F, 1_000, 123456789012345678901234567890]
floats: [0.5, -1.5e+3, 6.02e+23, 1.0e-3, .5, 1., .inf, -.inf, +.Inf]
nan: .nan
dates: [2023-06-01, 2023-06-01T10:00:00Z, 2023-06-01 10:00:00.5]
strings: [a b, "quoted\\ttab", 'single ''quote''', "\\u263a \\x41 \\N \\_", \u4e2d\u6587]
versions: [1.2.3, 0.5.1, v2]
literal: |
  line one
    indented

  after a blank
folded: >-
  folded
  into one

  paragraph
keep: |+
  kept

strip: |-
  stripped
plain multi: one
  two

  three
"quoted key": {nested: [1, [2, {three: 3}]], empty: {}, none: []}
1: integer key
false: boolean key
"""


def test_the_scalars_banks_use_read_as_pyyaml_reads_them() -> None:
    from dlquiz.bank.load import parse

    assert _same(parse(SCALARS), yaml.load(SCALARS, Loader=SAFE))


def test_a_bom_and_crlf_lines_read_as_without_them(tmp_path: Path) -> None:
    from dlquiz.bank.load import load_file

    plain = write(tmp_path, HEAD + QUESTION, "plain.yaml")
    windows = tmp_path / "windows.yaml"
    windows.write_bytes(b"\xef\xbb\xbf" + (HEAD + QUESTION).replace("\n", "\r\n").encode())
    [a], problems_a = load_file(plain)
    [b], problems_b = load_file(windows)
    assert problems_a == problems_b == []
    assert a.choices == b.choices and a.prompt == b.prompt


# ------------------------------------------------------------------ error positions


BROKEN = [
    # (what, text, the line the problem names, words in the message)
    ("unclosed flow", HEAD + QUESTION.replace("{key: b,", "{key: b, [", 1), 13, "column"),
    ("mapping in a value", HEAD + QUESTION.replace("topic: rnn", "topic: rnn: lstm"), 4, "column"),
    ("a tab", HEAD + QUESTION.replace("  type: choice", "\ttype: choice"), 4, "tab"),
    ("unclosed quote", HEAD + QUESTION.replace('en: "Which?"', 'en: "Which?'), 8, "column"),
    ("repeated key", HEAD + QUESTION.replace("  points: 5\n", "  points: 5\n  topic: gan\n"),
     8, "'topic' is repeated"),
    ("undefined alias", HEAD + QUESTION.replace("answer: a", "answer: *nope"), 14, "anchor"),
    ("control character", HEAD + QUESTION.replace("A hint", "A \x1b[2J hint"), 9, "U+001B"),
    ("a second document", HEAD + QUESTION + "---\n" + HEAD, 15, "document"),
    ("merge key", HEAD + QUESTION.replace("  points: 5\n", "  <<: {points: 5}\n"), 7, "merge"),
]  # fmt: skip


@pytest.mark.parametrize("what,text,line,words", BROKEN, ids=[b[0] for b in BROKEN])
def test_malformed_yaml_names_its_line(
    tmp_path: Path, run: Callable[..., Any], bad: Callable[..., str],
    what: str, text: str, line: int, words: str,
) -> None:  # fmt: skip
    path = write(tmp_path, text)
    first = validate_problem(run, path)
    assert first.startswith(f"{path}:{line}: yaml:"), (what, first)
    assert words in first, (what, first)
    assert bad("questions", "list", "--bank", str(path)).startswith(f"error: {path}:{line}:")


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path, run: Callable[..., Any]) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(33 * 2**20)  # sparse: 33 MB of NUL bytes, not on disk
    assert "larger than 32 MB" in validate_problem(run, path)


# ------------------------------------------------------------------ nothing written


def test_loading_writes_nothing_under_dlquiz_home(
    tmp_path: Path, _home: Path, run: Callable[..., Any]
) -> None:
    path = write(tmp_path, HEAD + QUESTION)
    assert run("questions", "list", "--bank", str(path)).exit_code == 0
    assert run("questions", "validate", str(path)).exit_code == 0
    assert run("questions", "list").exit_code == 0
    assert files_under(_home) == []


@contextlib.contextmanager
def full_tmpfs(where: Path) -> Iterator[Path]:
    """A 64 KB tmpfs at `where`, filled up (root only; skipped where it cannot be mounted)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
        capture_output=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        with contextlib.suppress(OSError), (where / "filler").open("wb") as f:
            while True:  # until the disk is full: a new file can be made, not written
                f.write(b"x" * 4096)
                f.flush()
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_a_full_disk_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Any]
) -> None:
    path = write(tmp_path, HEAD + QUESTION)
    with full_tmpfs(tmp_path / "full") as home:
        monkeypatch.setenv("DLQUIZ_HOME", str(home))
        before = sorted(home.rglob("*"))
        assert run("questions", "list", "--bank", str(path)).exit_code == 0
        assert run("questions", "validate", str(path)).exit_code == 0
        assert sorted(home.rglob("*")) == before
