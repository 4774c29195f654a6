"""Grading an explanation as a TA would: by the claims it makes, not the words it names.

A rubric point (and a misconception) is a `Claim`: subject phrases, claim phrases and
optional blocking phrases (docs/question-format.md). An answer states it when, inside one
sentence (see `dlquiz.bank.claim_text`):

1. a claim phrase occurs, and the subject it belongs to is this pattern's subject. A claim
   belongs to the nearest subject among the patterns that claim the same words: the closest
   before it in its clause, else the closest after it in its clause, else the last one in an
   earlier clause of the sentence, else the first in a later one. So in "vanishing → clipping,
   exploding → LSTM" clipping belongs to vanishing, and both points fail;
2. neither the claim's clause nor the subject's holds a negation cue outside this pattern's
   own phrases ("not", "no", "never", n't, "cannot", the Chinese cues of the vocabulary),
   nor one of its blocking phrases;
3. the sentence is not a keyword list (three or more short items, at least half of them
   nothing but matched phrases) and says something besides the phrases matched in it.

A claim may also belong to a subject in the previous sentence, when its own sentence names
none of the subjects it could belong to and opens with a pronoun or continuation word ("it",
"they", "we", "then", "the fix" and the Chinese ones: the `continue` cues of the vocabulary);
through a run of such sentences, to the latest one that names such a subject. So
"Gradients explode. We clip them." states "exploding → clipping", and "Gradients vanish. We
clip them." states the misconception instead. The subject's clause is then checked for
negation in its own sentence.

A point is earned when it is stated and no misconception that contradicts it is stated. The
score is the share of points earned; an answer with a misconception is never `correct`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from dlquiz.bank import claim_text as ct
from dlquiz.bank.model import Claim, Misconception, Question, RubricPoint, Text
from dlquiz.messages import msg

if TYPE_CHECKING:
    from dlquiz.bank.outcome import Grade

MISCONCEPTION = "misconception:"  # the prefix of a misconception's id in a stored attempt
_LEFTOVER = 3  # a sentence must say this much besides its matched phrases
READ = 5000  # characters of an explanation graded (a full exam answer is under a thousand)


@dataclass(frozen=True)
class Found:
    """One pattern stated in the answer: the words that state it."""

    words: tuple[str, ...]


class ExplainResult(Sequence[bool]):
    """The automatic reading of an answer: per rubric point, found or not (a Sequence of
    bools, like the old keyword hits), with the words, and the misconceptions stated."""

    def __init__(
        self,
        question: Question,
        points: tuple[Found | None, ...],
        misconceptions: tuple[tuple[Misconception, Found], ...],
    ) -> None:
        self.question = question
        self.found = points
        self.misconceptions = misconceptions
        wrong = {m.contradicts for m, _ in misconceptions}
        self.earned = tuple(
            f is not None and p.key not in wrong
            for p, f in zip(question.rubric, points, strict=True)
        )

    @overload
    def __getitem__(self, index: int) -> bool: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[bool]: ...
    def __getitem__(self, index: int | slice) -> bool | Sequence[bool]:
        return self.earned[index]

    def __len__(self) -> int:
        return len(self.earned)

    def __iter__(self) -> Iterator[bool]:
        return iter(self.earned)

    @property
    def score(self) -> float:
        return sum(self.earned) / len(self.earned) if self.earned else 0.0

    @property
    def cap(self) -> int:
        """The most points a student may give themselves without confirming."""
        return max(0, len(self.earned) - len(self.misconceptions))

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "points": [
                {
                    "key": p.key,
                    "found": earned,
                    "stated": f is not None,
                    "words": [] if f is None else list(f.words),
                }
                for p, f, earned in zip(self.question.rubric, self.found, self.earned, strict=True)
            ],
            "misconceptions": [
                {
                    "id": m.id,
                    "text": m.label.get(lang),
                    "why": m.why.get(lang),
                    "contradicts": m.contradicts,
                    "words": list(f.words),
                }
                for m, f in self.misconceptions
            ],
        }


# ---------------------------------------------------------------- matching


@dataclass
class _Occ:
    start: int
    end: int
    clause: int
    text: str


def _occurrences(phrases: Sequence[str], sentence: str, spans: list[tuple[int, int]]) -> list[_Occ]:
    out = []
    for phrase in phrases:
        for a, b in ct.find(phrase, sentence):
            k = next((i for i, (s, e) in enumerate(spans) if s <= a < e), len(spans) - 1)
            out.append(_Occ(a, b, k, sentence[a:b]))
    return out


def _nearest(claim: _Occ, subjects: list[tuple[int, _Occ]]) -> tuple[set[int], _Occ | None]:
    """The patterns whose subject the claim belongs to (several when they share the words),
    and the subject's words."""
    subjects = [(k, s) for k, s in subjects if s.end <= claim.start or s.start >= claim.end]
    same = [s for _, s in subjects if s.clause == claim.clause]
    before = [s for s in same if s.end <= claim.start]
    after = [s for s in same if s.start >= claim.end]
    earlier = [s for _, s in subjects if s.clause < claim.clause]
    later = [s for _, s in subjects if s.clause > claim.clause]
    if before:
        best = max(before, key=lambda s: (s.end, -s.start))
    elif after:
        best = min(after, key=lambda s: (s.start, -s.end))
    elif earlier:
        best = max(earlier, key=lambda s: (s.end, -s.start))
    elif later:
        best = min(later, key=lambda s: (s.start, -s.end))
    else:
        return set(), None
    owners = {k for k, s in subjects if s.start < best.end and best.start < s.end}
    return owners, best


@dataclass
class _Sentence:
    text: str
    spans: list[tuple[int, int]]
    subj: list[list[_Occ]]


def _read(claims: Sequence[Claim], sentence: str, every: list[str]) -> _Sentence | None:
    """A sentence cut into clauses with its subjects found, or None when it is a keyword list
    or says nothing besides its phrases."""
    keep = [span for p in every if " " in p for span in ct.find(p, sentence)]
    spans = ct.clauses(sentence, keep)
    if not spans:
        return None
    matched = [span for p in every for span in ct.find(p, sentence)]
    if len(spans) >= 3 and "=" not in sentence:
        texts = [sentence[a:b] for a, b in spans]
        bare = [ct.leftover(t, [span for p in every for span in ct.find(p, t)], words=True)
                < _LEFTOVER for t in texts]  # fmt: skip
        if all(ct.short(t) for t in texts) and 2 * sum(bare) >= len(bare):
            return None  # a keyword list
    if ct.leftover(sentence, matched) < _LEFTOVER:
        return None  # names the words and says nothing about them
    return _Sentence(sentence, spans, [_occurrences(c.subject, sentence, spans) for c in claims])


def found_claims(claims: Sequence[Claim], answer: str) -> list[Found | None]:
    """Which of the patterns the answer states, with the words that state each."""
    found: list[Found | None] = [None] * len(claims)
    every = [p for c in claims for p in (*c.subject, *c.claim, *c.block)]
    chain: list[_Sentence] = []  # the sentences this one may go on about, latest last
    for sentence in ct.sentences(ct.norm(answer)):
        here = _read(claims, sentence, every)
        if here is None:
            chain = []
            continue
        if not ct.continues(sentence):
            chain = []
        spans, subj = here.spans, here.subj
        clm = [_occurrences(c.claim, sentence, spans) for c in claims]
        names = [o for occs in subj for o in occs]
        for k, c in enumerate(claims):
            if found[k] is not None:
                continue
            for occ in clm[k]:
                if any(n.start <= occ.start and occ.end <= n.end and n.end - n.start
                       > occ.end - occ.start for n in names):  # fmt: skip
                    continue  # the word names a subject here ("forget" in "forget gate")
                subject: _Occ | None = None
                where = here
                if c.subject:
                    rival = [
                        j
                        for j, other in enumerate(claims)
                        if other.subject
                        and any(o.start < occ.end and occ.start < o.end for o in clm[j])
                    ]
                    rivals = [(j, s) for j in rival for s in subj[j]]
                    earlier = [
                        s for s in reversed(chain) if any(s.subj[j] for j in rival)
                    ]  # "…. We clip them": an earlier sentence's subject
                    if not rivals and earlier:
                        where = earlier[0]
                        owners, subject = _last([(j, s) for j in rival for s in where.subj[j]])
                    else:
                        owners, subject = _nearest(occ, rivals)
                    if k not in owners:
                        continue
                if _denied(c, here, occ, where, subject):
                    continue
                words = (subject.text,) if subject is not None else ()
                found[k] = Found((*words, occ.text))
                break
        chain.append(here)
    return found


def _last(subjects: list[tuple[int, _Occ]]) -> tuple[set[int], _Occ | None]:
    """The patterns whose subject is the last one named in a sentence."""
    if not subjects:
        return set(), None
    best = max((s for _, s in subjects), key=lambda s: (s.end, -s.start))
    return {k for k, s in subjects if s.start < best.end and best.start < s.end}, best


def _denied(c: Claim, here: _Sentence, occ: _Occ, where: _Sentence, subject: _Occ | None) -> bool:
    """Negated, or blocked, in the claim's clause or the subject's (`where`, the sentence the
    subject is in)."""
    own = [*c.subject, *c.claim]
    clauses = [(here, occ.clause)] + ([(where, subject.clause)] if subject is not None else [])
    for sent, k in clauses:
        a, b = sent.spans[k]
        text = sent.text[a:b]
        masked = [span for p in own for span in ct.find(p, text)]
        if ct.negated(text, masked):
            return True
        if any(ct.find(p, text) for p in c.block):
            return True
    return False


def patterns(q: Question) -> tuple[Claim, ...]:
    return (*(p.claim for p in q.rubric), *(m.claim for m in q.misconceptions))


def analyse(q: Question, answer: str) -> ExplainResult:
    """The rubric points and misconceptions `answer` states in its first READ characters."""
    found = found_claims(patterns(q), answer[:READ])
    n = len(q.rubric)
    wrong = tuple((m, f) for m, f in zip(q.misconceptions, found[n:], strict=True) if f is not None)
    return ExplainResult(q, tuple(found[:n]), wrong)


def states(claim: Claim, answer: str) -> bool:
    """Does `answer` state this one claim (with no other pattern competing)?"""
    return found_claims([claim], answer)[0] is not None


# ---------------------------------------------------------------- grading


def _listed(points: Sequence[RubricPoint]) -> Text:
    """The points' texts as one list, without their own full stops ("a; b.", not "a.; b.")."""
    en, zh = [p.text.en.rstrip(" .") for p in points], [p.text.zh.rstrip(" 。.") for p in points]
    return Text(msg("list.semicolon").en.join(en), msg("list.semicolon").zh.join(zh))


def diagnosis(result: ExplainResult) -> Text | None:
    """The misconceptions with why each is wrong, then the points not earned."""
    parts: list[Text] = []
    for m, _ in result.misconceptions:
        parts.append(msg("claims.misconception", label=m.label, why=m.why))
    missed = [p for p, ok in zip(result.question.rubric, result.earned, strict=True) if not ok]
    if missed:
        parts.append(msg("claims.missed", points=_listed(missed)))
    if not parts:
        return None
    return Text(" ".join(p.en for p in parts), "".join(p.zh for p in parts))


def grade_claims(q: Question, answer: str, self_score: float | None = None) -> Grade:
    """The automatic grade (or the student's own score) of an explanation."""
    from dlquiz.bank.outcome import Grade

    result = analyse(q, answer)
    score = result.score if self_score is None else self_score
    first = result.misconceptions[0][0].id if result.misconceptions else None
    return Grade(
        score >= 0.75 and not result.misconceptions,
        score,
        [p.text.en for p in q.rubric],
        diagnosis(result),
        None if first is None else MISCONCEPTION + first,
        tuple(result.earned),
        explain=result,
    )
