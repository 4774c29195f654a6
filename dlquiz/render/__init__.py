"""Rendering: functions that turn results and content into Rich renderables; none of them print.

Importing this package makes Rich break lines as `dlquiz.render.linebreak` says (Chinese
punctuation and formulas kept whole), for every renderable, whoever prints it.
"""

from dlquiz.render.linebreak import install

install()
