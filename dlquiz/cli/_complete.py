"""Shell completion of the project's own names: topics, question ids, exam names."""

from __future__ import annotations


def topics(incomplete: str) -> list[str]:
    from dlquiz.topics import names

    return [n for n in names() if n.startswith(incomplete)]


def question_ids(incomplete: str) -> list[str]:
    from dlquiz.bank.load import BankError, load_bank

    try:
        return sorted(q.id for q in load_bank() if q.id.startswith(incomplete))
    except BankError:
        return []


def exams(incomplete: str) -> list[str]:
    from dlquiz.drill.exams import exam_names

    return [n for n in exam_names() if n.startswith(incomplete)]
