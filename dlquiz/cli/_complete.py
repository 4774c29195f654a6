"""Shell completion of the project's own names: topics, question ids, exam names, commands.

Prefixes match in any case (`explain L` offers lstm). Topic names are offered as the glossary
prefers them: aliases in other spellings (a Mainland term, a non-preferred word) are accepted
when typed, never offered. `wire` gives the parameters that are named alike in every command
(`question_id`, `topic`, `lang`…) one completion, whether or not their command gave one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def _starting(names: Iterable[str], incomplete: str) -> list[str]:
    prefix = incomplete.casefold()
    return list(dict.fromkeys(n for n in names if n.casefold().startswith(prefix)))


def topics(incomplete: str) -> list[str]:
    from dlquiz.topics import names, offered

    return _starting(offered(names()), incomplete)


def solve_names(incomplete: str, commands: Iterable[str]) -> list[str]:
    """What `dlquiz solve` completes: its commands, then the topics' names and the commands'
    other names (only the commands and topic ids when nothing is typed yet)."""
    from dlquiz.topics import command_names, ids, names, offered

    more = offered([*names(), *command_names()]) if incomplete else ids()
    return _starting([*commands, *more], incomplete)


def question_ids(incomplete: str) -> list[str]:
    from dlquiz.bank.load import BankError, load_bank

    try:
        return sorted(_starting((q.id for q in load_bank()), incomplete))
    except BankError:
        return []


def exams(incomplete: str) -> list[str]:
    from dlquiz.drill.exams import exam_names

    return _starting(exam_names(), incomplete)


def langs(incomplete: str) -> list[str]:
    from dlquiz.text import LANGS

    return _starting(LANGS, incomplete)


def commands(ctx: Any, incomplete: str) -> list[str]:
    """`dlquiz help …`: the commands, or the subcommands of the group named so far."""
    group: Any = ctx.find_root().command
    for word in ctx.params.get("command") or ():
        group = getattr(group, "commands", {}).get(word)
        if group is None:
            return []
    return _starting(getattr(group, "commands", {}), incomplete)


# parameter name -> its completion, given (ctx, incomplete)
BY_NAME: dict[str, Callable[[Any, str], list[str]]] = {
    "question_id": lambda ctx, incomplete: question_ids(incomplete),
    "ids": lambda ctx, incomplete: question_ids(incomplete),
    "topic": lambda ctx, incomplete: topics(incomplete),
    "exam": lambda ctx, incomplete: exams(incomplete),
    "lang": lambda ctx, incomplete: langs(incomplete),
    "command": commands,
}


def wire(command: Any) -> None:
    """Give every parameter of `command` and its subcommands named in BY_NAME that
    completion (Typer's own wrapper would match prefixes in one case only)."""
    for sub in getattr(command, "commands", {}).values():
        wire(sub)
    for param in command.params:
        complete = BY_NAME.get(param.name)
        if complete is not None and hasattr(param, "_custom_shell_complete"):
            param._custom_shell_complete = _given(complete)


def _given(complete: Callable[[Any, str], list[str]]) -> Callable[[Any, Any, str], list[str]]:
    def shell_complete(ctx: Any, param: Any, incomplete: str) -> list[str]:
        return complete(ctx, incomplete)

    return shell_complete
