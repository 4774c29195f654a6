"""One topic vocabulary for every command: ids and aliases, any case, with suggestions."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from dlquiz import topics


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("cross-entropy", "xent"),
        ("Cross Entropy", "xent"),
        ("clipping", "clip"),
        ("gradient_clipping", "clip"),
        ("self-attention", "attention"),
        ("seq2seq", "context"),
        ("positional-encoding", "posenc"),
        ("交叉熵", "xent"),
        ("xent", "xent"),
    ],
)
def test_solve_takes_every_name_of_a_topic(
    run: Callable[..., Any], name: str, command: str
) -> None:
    via_alias = run("solve", name, "--json")
    direct = run("solve", command, "--json")
    assert via_alias.exit_code == 0, via_alias.stderr
    assert json.loads(via_alias.stdout) == json.loads(direct.stdout)


@pytest.mark.parametrize("name", ["LSTM", "lstm", "長短期記憶", "long short term memory"])
def test_practice_and_list_take_aliases(run: Callable[..., Any], name: str) -> None:
    listed = run("questions", "list", "--topic", name, "--json")
    assert listed.exit_code == 0, listed.stderr
    assert {q["topic"] for q in json.loads(listed.stdout)} == {"lstm"}
    drill = run("practice", "--topic", name, "--count", "1", "--lang", "en", input="")
    assert drill.exit_code == 0, drill.stderr
    assert "lstm" in drill.stdout


@pytest.mark.parametrize("name", ["KL-Divergence", "相對熵", "softmax", "Self Attention"])
def test_explain_takes_aliases(run: Callable[..., Any], name: str) -> None:
    assert run("explain", name, "--lang", "en").exit_code == 0


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["explain", "softmx"], "did you mean 'softmax'"),
        (["practice", "--topic", "rnm"], "did you mean 'rnn'"),
        (["solve", "cross-entropi"], "did you mean 'xent'"),
    ],
)
def test_unknown_names_suggest_from_the_vocabulary(
    bad: Callable[..., str], args: list[str], hint: str
) -> None:
    assert hint in bad(*args)


def test_the_vocabulary_is_consistent() -> None:
    from dlquiz.bank.cards import card_ids
    from dlquiz.cli.questions import solve_commands

    assert topics.check(solve_commands(), card_ids()) == []
    assert sorted(topics.ids()) == sorted(card_ids())
    assert len({topics.key(n) for n in topics.names()}) == len(topics.names())


def test_check_finds_a_name_used_twice_and_a_missing_command() -> None:
    problems = topics.check(["rnn"], topics.ids())
    assert any("'xent' is not a dlquiz solve command" in p for p in problems)
