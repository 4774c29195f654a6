"""Exports off the terminal: an Anki deck (`anki.py`) and a printable mock exam (`paper.py`).

Both read the verified bank, the cards and the solvers, and draw figures with
`dlquiz.render.svg`; neither prints. The commands are in `dlquiz/cli/export*.py`.
"""
