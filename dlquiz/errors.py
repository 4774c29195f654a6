"""The one exception type for bad input.

Every check on user input (shapes, probabilities, answers, YAML, Keras code) raises
`InputError` with a sentence that says what was wrong and what would be right. The CLI turns
it into one line on stderr and exit code 2; nothing else needs to know about it.
"""


class InputError(ValueError):
    """User input that dlquiz cannot use; the message is shown to the user as is."""


def utf8(text: str | None) -> str | None:
    """Text that SQLite can store: bytes that were not UTF-8 (read by Python as lone
    surrogates) become U+FFFD instead of failing the insert."""
    if text is None:
        return None
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
