"""`dlquiz explain`: every card in both languages at 80 and 120 columns, aliases, diagrams."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dlquiz.bank.cards import check_cards, find_card, load_cards
from dlquiz.bank.load import BankError
from dlquiz.errors import InputError
from dlquiz.latex import SUB, LatexError, to_unicode

TOPICS = [
    "lstm", "gru", "rnn", "clipping", "attention", "self-attention", "transformer", "params",
    "gan", "entropy", "cross-entropy", "kl",
]  # fmt: skip


def test_every_topic_has_a_valid_card() -> None:
    cards = load_cards()
    assert sorted(c.id for c in cards) == sorted(TOPICS)
    assert check_cards(cards) == []
    for card in cards:
        assert card.title.en and card.title.zh and card.mistakes and card.formulas


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("lang", ["en", "zh", "both"])
@pytest.mark.parametrize("width", ["80", "120"])
def test_card_renders(
    topic: str, lang: str, width: str, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", width)
    result = run("explain", topic, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    from rich.cells import cell_len

    assert max(cell_len(line) for line in lines) <= int(width)
    card = find_card(topic)
    heading = {"en": "Usual mistakes", "zh": "常見錯誤", "both": "Usual mistakes · 常見錯誤"}[lang]
    assert heading in result.stdout
    first_formula = to_unicode(card.formulas[0].latex).split()[0]
    assert first_formula in result.stdout


def test_list_of_topics(run: Callable[..., Any]) -> None:
    out = run("explain", "--lang", "en").stdout
    for topic in TOPICS:
        assert topic in out


@pytest.mark.parametrize(
    ("alias", "card"),
    [("LSTM", "lstm"), ("長短期記憶", "lstm"), ("kl-divergence", "kl"), ("KL Divergence", "kl"),
     ("梯度裁剪", "clipping")],
)  # fmt: skip
def test_aliases(alias: str, card: str) -> None:
    assert find_card(alias).id == card


def test_unknown_topic_suggests_the_nearest(bad: Callable[..., str]) -> None:
    assert "did you mean 'lstm'" in bad("explain", "lstn")


def test_loading_a_topic_reads_only_its_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import dlquiz.bank.cards as cards

    read: list[str] = []
    original = cards.load_card
    monkeypatch.setattr(cards, "load_card", lambda p: read.append(p.name) or original(p))
    cards.find_card("lstm")
    assert read == ["lstm.yaml"]


@pytest.mark.parametrize("steps", [1, 3, 5])
def test_unfold(steps: int, run: Callable[..., Any]) -> None:
    out = run("explain", "lstm", "--unfold", str(steps), "--lang", "en").stdout
    assert out.count("LSTM") == steps
    assert f"x{SUB[str(steps)]}" in out and out.count(" y") + out.count("y\n") >= 1
    many = run("explain", "rnn", "--unfold", "3", "--many-to-many", "--lang", "en").stdout
    assert all(f"y{t}" in many for t in "₁₂₃")  # subscripts as on the cards


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["explain", "gan", "--unfold", "3"], "lstm, rnn or gru"),
        (["explain", "lstm", "--unfold", "0"], "between 1 and 12"),
        (["explain", "lstm", "--many-to-many"], "--unfold"),
        (["explain", "lstm", "--lang", "fr"], "en, zh or both"),
        (["explain", "lstm", "--svg", "out.png"], ".svg"),
    ],
)
def test_bad_explain_input(args: list[str], needle: str, bad: Callable[..., str]) -> None:
    assert needle in bad(*args)


def test_svg_saves_what_was_shown(tmp_path: Path, run: Callable[..., Any]) -> None:
    for args in (["explain", "lstm"], ["solve", "rnn"], ["solve", "attention", "--heatmap"]):
        path = tmp_path / f"{args[1]}.svg"
        result = run(*args, "--svg", str(path))
        assert result.exit_code == 0, result.stderr
        svg = path.read_text()
        assert svg.startswith("<svg") and "</svg>" in svg


def test_heatmap_shows_every_weight(run: Callable[..., Any]) -> None:
    out = run("solve", "attention", "--heatmap").stdout
    assert "0.88" in out and "0.12" in out and "k2" in out


def test_rnn_card_shows_gradients_vanish_and_explode(run: Callable[..., Any]) -> None:
    out = run("explain", "rnn", "--lang", "en").stdout
    assert "0.5" in out and "1.5" in out  # one row per recurrent-weight scale
    assert "clip" in out.lower()


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"h_{t-1}", "hₜ₋₁"),
        (r"W^T", "Wᵀ"),
        (r"\sigma(x) \odot y", "σ(x) ⊙ y"),
        (r"\frac{Q K^T}{\sqrt{d_k}}", "Q Kᵀ/√dₖ"),
        (r"\frac{a + b}{c}", "(a + b)/c"),
        (r"\tilde{C}_t", "C̃ₜ"),
        (r"\|g\| > \beta", "‖g‖ > β"),
        (r"\mathbb{E}_{x \sim p}", "𝔼_(x ~ p)"),
        (r"W_f", "W_f"),  # no Unicode subscript f: left readable
        (r"10000^{2i/d}", "10000^(2i/d)"),
        (r"D_{KL}(P \| Q)", "D_KL(P ‖ Q)"),
    ],
)
def test_latex_to_unicode(latex: str, text: str) -> None:
    assert to_unicode(latex) == text


@pytest.mark.parametrize("latex", [r"\begin{matrix}", r"\frac{a}", r"x_{1", r"a}"])
def test_latex_errors(latex: str) -> None:
    with pytest.raises(LatexError):
        to_unicode(latex)


def test_a_broken_card_names_the_file_and_line(tmp_path: Path) -> None:
    from dlquiz.bank.cards import load_card

    path = tmp_path / "lstm.yaml"
    path.write_text("format_version: 1\ncard:\n  id: lstm\n  title: {en: LSTM}\n", encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_card(path)
    text = "\n".join(map(str, info.value.problems))
    assert f"{path}:4: title.zh" in text and "formulas" in text


def test_find_card_rejects_paths() -> None:
    with pytest.raises(InputError):
        find_card("../questions/final-2023")


def _read_until(fd: int, needle: bytes, timeout: float = 15.0) -> bytes:
    data = b""
    end = time.monotonic() + timeout
    while needle not in data and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return data


def test_unfold_in_a_real_terminal(tmp_path: Path) -> None:
    """`dlquiz explain lstm --unfold 3` as a student sees it: a pseudo-terminal, colours on."""
    leader, follower = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="50",
               DLQUIZ_HOME=str(tmp_path))  # fmt: skip
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "dlquiz", "explain", "lstm", "--unfold", "3", "--lang", "both"],
        stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    raw = _read_until(leader, "x₃".encode())
    raw += _read_until(leader, b"\x00", timeout=3)  # the rest, until the process closes it
    assert proc.wait(timeout=15) == 0
    os.close(leader)
    assert b"\x1b[" in raw  # a terminal gets colour
    import re

    text = re.sub(rb"\x1b\[[0-9;]*m", b"", raw).decode()
    assert text.count("LSTM") == 3
    assert "c₁" in text and "h₂" in text and "x₃" in text and "y" in text
    assert "展開成 3 個時間步" in text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("h_t = tanh(U·x_t + W·h_{t−1} + b_h)", "hₜ = tanh(U·xₜ + W·hₜ₋₁ + bₕ)"),
        ("x_1 = 2, x_2 = 3; α_{ij}, d_k", "x₁ = 2, x₂ = 3; αᵢⱼ, dₖ"),
        ("n_steps, reset_after=True, input_shape", "n_steps, reset_after=True, input_shape"),
        ("W_f, b_y, D_KL, lstm_1", "W_f, b_y, D_KL, lstm_1"),
    ],
)  # fmt: skip
def test_prose_subscripts_touch_maths_not_code(text: str, shown: str) -> None:
    from dlquiz.latex import prose

    assert prose(text) == shown


def test_no_color_in_a_real_terminal_is_plain_text(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", NO_COLOR="1",
               DLQUIZ_HOME=str(tmp_path))  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "dlquiz", "explain", "lstm", "--unfold", "3"],
        stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    raw = _read_until(leader, "x₃".encode())
    raw += _read_until(leader, b"\x00", timeout=3)
    assert proc.wait(timeout=15) == 0
    os.close(leader)
    assert "x₃".encode() in raw and b"\x1b[" not in raw
