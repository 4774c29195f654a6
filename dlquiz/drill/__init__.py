"""Practice and the mock exam as domain code: what is asked, in which order, what is kept.

Sessions talk to the student only through a small interface (`dlquiz.drill.ui`): `ask` for
a line of input and a few `show_*` calls that hand over data (a variant, a grade, a report).
The CLI implements that interface with Rich renderers; tests implement it with a script of
answers and a list of what was shown. Nothing here imports Typer or Rich.
"""
