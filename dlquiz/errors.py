"""The one exception type for bad input.

Every check on user input (shapes, probabilities, answers, YAML, Keras code) raises
`InputError` with a sentence that says what was wrong and what would be right. The CLI turns
it into one line on stderr and exit code 2; nothing else needs to know about it.

A solver names its own inputs, never a command-line flag: `W_f must be H×(H+D) = 2×3, but is
2×2` with `param="wf"`, the keyword argument the message is about. The CLI, which knows which
flag fills which argument, adds the flag when it reports the error.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class InputError(ValueError):
    """User input that dlquiz cannot use; the message is shown to the user as is.

    `param` is the keyword argument of the function that was called (a solver's `wf`, `x`,
    `settings`…) the message is about, or None when it is about no single one. `text`, when
    given, is the message in both languages (`dlquiz.text.Text`, from the catalog: see
    `dlquiz.messages.input_error`), so a Chinese screen can say it in Chinese. `option`
    is the command-line flag that gave the value (set by the CLI, never by a solver): the
    message then ends "(option --wf)", in the language the error is shown in.
    """

    def __init__(
        self,
        message: str,
        *,
        param: str | None = None,
        text: object = None,
        option: str | None = None,
    ) -> None:
        super().__init__(message)
        self.param = param
        self.text = text
        self.option = option

    @property
    def message(self) -> str:
        """The English message, without the option it names."""
        return str(self.args[0]) if self.args else ""

    def __str__(self) -> str:
        return f"{self.message} (option {self.option})" if self.option else self.message

    def __reduce__(self) -> tuple[object, ...]:
        # keep `param` across pickling (multiprocessing, caches): ValueError's own reduce
        # would call InputError(message) and drop it
        return (_rebuild, (self.message, self.param, self.text, self.option))


def _rebuild(
    message: str, param: str | None, text: object = None, option: str | None = None
) -> InputError:
    return InputError(message, param=param, text=text, option=option)


@dataclass(frozen=True)
class Words:
    """Words of the message catalog standing for a name inside another message ("the hidden
    activation f"), so each language gets its own: `Words("solver_input.name.f_hidden")`.
    A solver passes one where it would pass a plain symbol such as "W_f"."""

    key: str
    fields: dict[str, object] = field(default_factory=dict)


def input_error(key: str, *, param: str | None = None, **fields: object) -> InputError:
    """An InputError whose sentence is `key` of the message catalog (`questions/messages`), in
    both languages; its English is the message. A field may be `Words` (said in each language)
    or a plain value. The catalog is read only now, when there is something to say: code
    that raises this (a solver) imports nothing more for it."""
    from dlquiz.messages import msg

    text = msg(key, **{name: _said(value) for name, value in fields.items()})
    return InputError(text.en, param=param, text=text)


def _said(value: object) -> object:
    if isinstance(value, Words):
        from dlquiz.messages import msg

        return msg(value.key, **{name: _said(v) for name, v in value.fields.items()})
    return value


def reason(exc: InputError) -> object:
    """What to say of `exc` in a message field: its two languages when it has them."""
    return exc.text if exc.text is not None else str(exc)


def utf8(text: str | None) -> str | None:
    """Text that SQLite can store: bytes that were not UTF-8 (read by Python as lone
    surrogates) become U+FFFD instead of failing the insert."""
    if text is None:
        return None
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
