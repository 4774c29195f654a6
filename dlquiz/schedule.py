"""What to study next: spaced repetition with FSRS, and the numbers `dlquiz stats` shows.

Each question id is one FSRS card. A parametrised template is one card too: it is a skill,
and every review draws fresh numbers, so its history follows the id, not the numbers (ids are
permanent, so rewording a question keeps its history).

A grade becomes an FSRS rating (`rating_for`): a full score is Good, a partial score
(0 < score < 1) is Hard, zero is Again. Easy is never given: answering fast says little about
an exam computation, and Good already spaces a card out quickly. Fuzzing is off, so the same
history always gives the same schedule (and `--seed` stays reproducible).

Practice order (`plan`), for the default mode:

1. due: cards whose review is due (`due <= now`), most overdue first;
2. weak: questions already seen, not due, from topics whose accuracy (mean score) is below
   `WEAK_BELOW`, lowest topic accuracy first;
3. new: questions never answered, shuffled by the session's random generator;
4. the rest: seen questions that are neither due nor weak, lowest retrievability first.

`--due` serves only (1), `--new` only (3). `--cram` serves seen questions by their predicted
retrievability at the exam date (or now), then their accuracy, lowest first, then new ones;
cram answers are recorded but leave every card as it was.

The clock is injectable: every function takes `now`; the CLI asks `utcnow()`, which tests
replace.
"""

from __future__ import annotations

import random
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from fsrs import Card, Rating, Scheduler, State

from dlquiz.errors import InputError
from dlquiz.history import CardRow

if TYPE_CHECKING:
    from dlquiz.bank.model import Question

Mode = Literal["mix", "due", "new", "cram"]
WEAK_BELOW = 0.8  # a topic whose mean score is below this is weak
AT_RISK_BELOW = 0.9  # predicted recall at the exam below this puts a topic at risk
TREND_WINDOW = 5  # trend: mean score of the last 5 answers against the 5 before
TREND_STEP = 0.1  # ... a change smaller than this is flat
EXAM_HOUR = 9  # the exam is taken to start at 09:00 local time
EXAM_SETTING = "exam_date"


def utcnow() -> datetime:
    """The current time (UTC, timezone-aware). Tests replace this function."""
    return datetime.now(timezone.utc)


@cache
def scheduler() -> Scheduler:
    return Scheduler(enable_fuzzing=False)


def rating_for(score: float) -> Rating:
    """Full marks → Good, partial credit → Hard, nothing right → Again."""
    if score >= 1.0:
        return Rating.Good
    if score > 0.0:
        return Rating.Hard
    return Rating.Again


def card_id(question_id: str) -> int:
    """A stable FSRS card id for a question id (FSRS only uses it to label review logs)."""
    return zlib.crc32(question_id.encode())


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, timezone.utc)


def to_card(row: CardRow) -> Card:
    return Card(
        card_id=card_id(row.question_id),
        state=State(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=_utc(row.due),
        last_review=None if row.last_review is None else _utc(row.last_review),
    )


def review(row: CardRow | None, question_id: str, topic: str, score: float, at: float) -> CardRow:
    """The card after answering `question_id` with `score` at Unix time `at`."""
    when = _utc(at)
    card = Card(card_id=card_id(question_id), due=when) if row is None else to_card(row)
    if card.last_review is not None and when < card.last_review:
        when = card.last_review  # another session reviewed it a moment "later"
    new, _ = scheduler().review_card(card, rating_for(score), when)
    return CardRow(
        question_id=question_id,
        topic=topic,
        state=int(new.state),
        step=new.step,
        stability=new.stability,
        difficulty=new.difficulty,
        due=new.due.timestamp(),
        last_review=None if new.last_review is None else new.last_review.timestamp(),
        reviews=(0 if row is None else row.reviews) + 1,
    )


def retrievability(row: CardRow | None, when: datetime) -> float:
    """FSRS's predicted chance of answering right at `when` (0 for a card never reviewed)."""
    if row is None:
        return 0.0
    return float(scheduler().get_card_retrievability(to_card(row), when))


# ---------------------------------------------------------------- what history says


@dataclass(frozen=True)
class Known:
    """What the history says about one question."""

    card: CardRow | None
    attempts: int
    accuracy: float  # mean score, 0 when never answered


def knowledge(
    attempts: Iterable[Mapping[str, Any]], cards: Mapping[str, CardRow]
) -> tuple[dict[str, Known], dict[str, float]]:
    """Per question id: its card and accuracy; per topic: the mean score of its answers."""
    by_question: dict[str, list[float]] = defaultdict(list)
    by_topic: dict[str, list[float]] = defaultdict(list)
    for a in attempts:
        by_question[a["question_id"]].append(float(a["score"]))
        by_topic[a["topic"]].append(float(a["score"]))
    known = {
        qid: Known(cards.get(qid), len(scores), _mean(scores))
        for qid, scores in by_question.items()
    }
    for qid, row in cards.items():
        known.setdefault(qid, Known(row, 0, 0.0))
    return known, {t: _mean(s) for t, s in by_topic.items()}


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def plan(
    questions: Sequence[Question],
    known: Mapping[str, Known],
    topic_accuracy: Mapping[str, float],
    *,
    now: datetime,
    rng: random.Random,
    mode: Mode = "mix",
    count: int = 10,
    target: datetime | None = None,
) -> list[Question]:
    """The questions of a session, in order (the module docstring gives the rules)."""
    new = [q for q in questions if q.id not in known]
    rng.shuffle(new)  # with no history this is exactly the order of a plain shuffled drill
    if mode == "new":
        return new[:count]
    seen = [q for q in questions if q.id in known]
    stamp = now.timestamp()

    def card(q: Question) -> CardRow | None:
        return known[q.id].card

    if mode == "cram":
        when = target or now
        seen.sort(key=lambda q: (retrievability(card(q), when), known[q.id].accuracy, q.id))
        return (seen + new)[:count]
    waiting = {q.id: c.due for q in seen if (c := card(q)) is not None}
    due = sorted(
        (q for q in seen if waiting.get(q.id, stamp + 1) <= stamp),
        key=lambda q: (waiting[q.id], q.id),
    )
    if mode == "due":
        return due[:count]
    due_ids = {q.id for q in due}
    later = [q for q in seen if q.id not in due_ids]
    weak = sorted(
        (q for q in later if topic_accuracy.get(q.topic, 0.0) < WEAK_BELOW),
        key=lambda q: (topic_accuracy.get(q.topic, 0.0), known[q.id].accuracy, q.id),
    )
    weak_ids = {q.id for q in weak}
    rest = sorted(
        (q for q in later if q.id not in weak_ids),
        key=lambda q: (retrievability(card(q), now), q.id),
    )
    return (due + weak + new + rest)[:count]


# ---------------------------------------------------------------- the exam date


def parse_exam_date(text: str) -> date | None:
    """`2026-12-15` → that date; `none` / `clear` / empty → None (forget the exam date)."""
    if text.strip().lower() in ("", "none", "clear", "off"):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"--exam-date must be a date like 2026-12-15 (or 'none' to clear it), not '{text}'"
        ) from None


def exam_moment(day: date) -> datetime:
    """The start of the exam: 09:00 local time on that day, in UTC."""
    return datetime.combine(day, time(EXAM_HOUR)).astimezone().astimezone(timezone.utc)


def _local_midnight(moment: datetime, days: int) -> float:
    """The Unix time of local midnight `days` days after the day of `moment`."""
    day = moment.astimezone().date() + timedelta(days=days)
    return datetime.combine(day, time()).astimezone().timestamp()


# ---------------------------------------------------------------- stats

MISTAKE_LABELS = {
    "no-scale": "forgot √d_k",
    "divided-by-dk": "divided by d_k, not √d_k",
    "no-bias": "forgot the bias",
    "forgot-bias": "forgot the bias",
    "forgot-biases": "forgot the biases",
    "forgot-hidden-bias": "forgot the hidden bias",
    "forgot-output-bias": "forgot the output bias",
    "forgot-candidate-bias": "forgot the candidate's bias",
    "natural-log": "used ln instead of log₂",
    "log2": "used log₂ instead of ln",
    "log10": "used log₁₀",
    "two-biases": "counted two biases (PyTorch)",
    "one-bias": "counted one bias (GRU reset_after)",
    "three-gates": "counted 3 gate blocks, not 4",
    "only-real-term": "only the real-image term",
    "only-fake-term": "only the fake-image term",
    "gave-cross-entropy": "gave H(P,Q), not KL",
    "swapped": "KL arguments swapped",
    "not-swapped": "KL arguments swapped",
    "unit-vector": "clipped to length 1, not β",
    "vector-reading": "read the input as one vector",
    "timesteps-as-features": "time steps as input size",
    "predicted-class": "used the predicted class",
    "plain-average": "plain average, not weighted",
    "minimax-form": "minimax form, not non-saturating",
    "input-dim-one": "input_dim 1 in layer 2",
    "discriminator-loss": "gave the discriminator's loss",
    "no-recurrence": "left out W·h_{t−1}",
    "last-state-only": "used only the last state",
    "only-last-step": "gave only the last step",
    "only-first-step": "stopped after step 1",
    "ignored-h0": "ignored h_0",
    "dropped-old-hidden": "ignored h_0",
    "dropped-old-cell": "dropped f·c_{t−1}",
    "tanh-not-relu": "tanh instead of ReLU",
    "sigmoid-not-tanh": "sigmoid instead of tanh",
    "rounded": "rounded too coarsely",
    "wrong-choice": "picked a wrong choice",
}


def mistake_key(mistake: str) -> str:
    """Group the stored mistake ids: every `chose-x` is one 'wrong choice'."""
    return "wrong-choice" if mistake.startswith("chose-") else mistake


def mistake_label(key: str) -> str:
    """A readable form of a mistake id: `no-scale` → `forgot √d_k`."""
    if key in MISTAKE_LABELS:
        return MISTAKE_LABELS[key]
    if key.startswith("step:"):
        from dlquiz.bank.variant import label

        return f"first wrong step: {label(key[5:])}"
    return key.replace("-", " ")


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
) -> dict[str, Any]:
    """The numbers of `dlquiz stats`, JSON-ready.

    `attempts` in time order; `bank` maps every question id to its topic (needed for the exam
    risk: a question never practised has a predicted recall of 0); `topics` are always listed.
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
                {"id": key, "label": mistake_label(key), "count": n}
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
