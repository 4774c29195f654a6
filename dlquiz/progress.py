"""The numbers `dlquiz stats` shows: accuracy, trend, mistakes, reviews due, exam risk.

Pure functions of the stored attempts and cards; `dlquiz.render.stats` draws them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from dlquiz.messages import msg
from dlquiz.schedule import _local_midnight, _mean, exam_moment
from dlquiz.srs import CardRow, retrievability
from dlquiz.text import Text

if TYPE_CHECKING:
    from dlquiz.bank.model import Question

AT_RISK_BELOW = 0.9  # predicted recall at the exam below this puts a topic at risk
TREND_WINDOW = 5  # trend: mean score of the last 5 answers against the 5 before
TREND_STEP = 0.1  # ... a change smaller than this is flat
# Mistakes that belong to no question: the grader's own findings, labelled by the catalog.
GENERIC = {
    "wrong-choice": "mistake.wrong_choice",
    "rounded": "mistake.rounded",
    "skipped": "mistake.skipped",
}


def mistake_key(mistake: str) -> str:
    """Group the stored mistake ids: every `chose-x` is one 'wrong choice'."""
    return "wrong-choice" if mistake.startswith("chose-") else mistake


def mistake_labels(questions: Iterable[Question]) -> dict[str, Text]:
    """The label of every mistake id in the bank (the first question naming an id wins)."""
    from dlquiz.bank.step_names import step_name

    out: dict[str, Text] = {}
    for q in questions:
        for m in q.mistakes:
            out.setdefault(m.id, m.label)
        for c in q.misconceptions:  # stored as `misconception:<id>` (dlquiz.bank.claims)
            out.setdefault(f"misconception:{c.id}", c.label)
        for path in q.steps:  # stored as `step:<path>` (dlquiz.bank.grade.grade_steps)
            if f"step:{path}" not in out:
                name = step_name(path, q.solver or "")
                out[f"step:{path}"] = msg("mistake.first_wrong_step", step=name)
    return out


def mistake_label(key: str, labels: Mapping[str, Text]) -> Text:
    """A readable name of a stored mistake id: `no-scale` → `forgot √d_k`."""
    if key in labels:
        return labels[key]
    if key.startswith("step:"):
        from dlquiz.bank.variant import label

        return msg("mistake.first_wrong_step", step=label(key[5:]))
    if key in GENERIC:
        return msg(GENERIC[key])
    return Text(key.replace("-", " "), key.replace("-", " "))


def _mistake_row(key: str, count: int, labels: Mapping[str, Text]) -> dict[str, Any]:
    name = mistake_label(key, labels)
    return {"id": key, "label": name.en, "label_zh": name.zh, "count": count}


def trend(scores: Sequence[float]) -> tuple[str | None, float | None, float | None]:
    """('up' | 'down' | 'flat' | None, recent mean, previous mean) over the last answers."""
    recent, previous = scores[-TREND_WINDOW:], scores[-2 * TREND_WINDOW : -TREND_WINDOW]
    if not previous:
        return None, (_mean(recent) if recent else None), None
    a, b = _mean(recent), _mean(previous)
    word = "up" if a - b >= TREND_STEP else "down" if b - a >= TREND_STEP else "flat"
    return word, a, b


def progress(
    attempts: Sequence[Mapping[str, Any]],
    cards: Mapping[str, CardRow],
    *,
    now: datetime,
    exam: date | None = None,
    bank: Mapping[str, str] | None = None,
    topics: Sequence[str] = (),
    labels: Mapping[str, Text] | None = None,
) -> dict[str, Any]:
    """The numbers of `dlquiz stats`, JSON-ready.

    `attempts` in time order; `bank` maps every question id to its topic (needed for the exam
    risk: a question never practised has a predicted recall of 0); `topics` are always listed;
    `labels` name the mistakes (`mistake_labels` of the bank).
    """
    today, week = _local_midnight(now, 1), _local_midnight(now, 7)
    names = list(
        dict.fromkeys(
            [*topics, *(a["topic"] for a in attempts), *(c.topic for c in cards.values())]
        )
    )
    scores: dict[str, list[float]] = {t: [] for t in names}
    mistakes: dict[str, Counter[str]] = {t: Counter() for t in names}
    for a in attempts:
        scores[a["topic"]].append(float(a["score"]))
        if a["mistake"] and not a["correct"]:
            mistakes[a["topic"]][mistake_key(a["mistake"])] += 1
    by_topic: dict[str, dict[str, Any]] = {}
    for t in names:
        word, recent, previous = trend(scores[t])
        topic_cards = [c for c in cards.values() if c.topic == t]
        by_topic[t] = {
            "attempts": len(scores[t]),
            "accuracy": round(_mean(scores[t]), 4),
            "trend": word,
            "recent_accuracy": None if recent is None else round(recent, 4),
            "previous_accuracy": None if previous is None else round(previous, 4),
            "cards": len(topic_cards),
            "due_today": sum(c.due < today for c in topic_cards),
            "due_week": sum(c.due < week for c in topic_cards),
            "mistakes": [
                _mistake_row(key, n, labels or {})
                for key, n in sorted(mistakes[t].items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            ],
        }
    total = [s for t in names for s in scores[t]]
    out: dict[str, Any] = {
        "attempts": len(total),
        "accuracy": round(_mean(total), 4),
        "due_today": sum(v["due_today"] for v in by_topic.values()),
        "due_week": sum(v["due_week"] for v in by_topic.values()),
        "exam_date": None if exam is None else exam.isoformat(),
        "by_topic": by_topic,
    }
    if exam is not None:
        out["days_left"] = (exam - now.astimezone().date()).days
        out["threshold"] = AT_RISK_BELOW
        out["at_risk"] = at_risk(cards, by_topic, exam_moment(exam), bank or {})
    return out


def at_risk(
    cards: Mapping[str, CardRow],
    by_topic: dict[str, dict[str, Any]],
    when: datetime,
    bank: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Topics whose mean predicted recall at `when` is below `AT_RISK_BELOW`, weakest first.

    A topic's cards are its questions in the bank plus any card in the history; a question
    never practised counts with recall 0. Adds `recall_at_exam` to each entry of `by_topic`.
    """
    members: dict[str, set[str]] = defaultdict(set)
    for qid, topic in bank.items():
        members[topic].add(qid)
    for row in cards.values():
        members[row.topic].add(row.question_id)
    risky = []
    for topic, qids in members.items():
        recall = {q: retrievability(cards.get(q), when) for q in qids}
        mean = _mean(list(recall.values()))
        if topic in by_topic:
            by_topic[topic]["recall_at_exam"] = round(mean, 4)
        if mean < AT_RISK_BELOW:
            weakest = sorted(recall, key=lambda q: (recall[q], q))[:3]
            risky.append(
                {
                    "topic": topic,
                    "recall": round(mean, 4),
                    "questions": len(qids),
                    "unseen": sum(q not in cards for q in qids),
                    "weakest": weakest,
                }
            )
    return sorted(risky, key=lambda r: (r["recall"], r["topic"]))
