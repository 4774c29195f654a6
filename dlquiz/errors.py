"""The one exception type for bad input.

Every check on user input (shapes, probabilities, answers, YAML, Keras code) raises
`InputError` with a sentence that says what was wrong and what would be right. The CLI turns
it into one line on stderr and exit code 2; nothing else needs to know about it.
"""


class InputError(ValueError):
    """User input that dlquiz cannot use; the message is shown to the user as is."""
