"""The question bank: typed questions loaded from YAML, their variants, and grading."""
