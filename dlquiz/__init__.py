"""dlquiz: drill the 2023 AI-Deep Learning final from the terminal."""

__version__ = "0.1.0"
