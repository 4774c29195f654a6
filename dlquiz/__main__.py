"""`python -m dlquiz` runs the same CLI as the `dlquiz` script."""

from dlquiz.cli import main

main()
