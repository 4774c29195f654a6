"""Does a question show its answer before it is asked? The bank's check for giveaways, run by
`dlquiz questions validate`. (It draws what the student sees, so it lives above both the bank
and the rendering, which the bank does not import.)

What a student sees before answering is rendered to plain text, in both languages: the prompt
(with the numbers of the draw), the figure, and the input-help line (hints are shown only on
request, so they are left out). A question gives its answer away when that text holds

- for a numeric question, a number the grader would accept as (one entry of) the answer, or
  arithmetic that works it out ("4*30*(30+1+1)" for 3840), unless that number is one of the
  question's own inputs;
- for a symbols question, the mapping asked for: a part's answer (f_t) on one line with the
  part's name or another accepted name (forget gate), or an equation that relates several
  parts' answers (C_t = f_t ⊗ C_{t-1} ⊕ i_t ⊗ C̃_t).
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

import numpy as np

from dlquiz.bank.load import Problem
from dlquiz.bank.model import Question
from dlquiz.bank.variant import Variant, make_variant

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?!\w|\.\d)")
# arithmetic: numbers joined by + − * / × · ^ and brackets, with at least one operator
_EXPR = re.compile(r"(?<![\w.])[(\[]*-?\d[\d.\s()+\-*/×·^]*[\d)](?!\w|\.\d)")
_OPERATOR = re.compile(r"\d\s*[+\-*/×·^]\s*[\d(]|\)\s*[+\-*/×·^]")
FIGURE = "\x00figure"  # where the figure's text begins in `shown_before_answering`
NEAR = 40  # characters: a symbol this close to a name on one line counts as "next to" it


def shown_before_answering(v: Variant, lang: str) -> str:
    """The plain text a student sees before answering `v`, in `lang`: the words, then the
    figure (after a line holding only FIGURE)."""
    from rich.console import Console

    from dlquiz.messages import say
    from dlquiz.render.figures import draw
    from dlquiz.render.question import INPUT_HELP

    q = v.question
    parts = [v.prompt(lang)]
    if q.type in ("symbols", "diagram"):
        parts.extend(p.text.get(lang) for p in q.parts)
    if q.type == "choice":
        keys = ", ".join(c.key for c in q.choices)
        parts.append(say(INPUT_HELP[q.type], lang, keys=keys))
    elif q.type in INPUT_HELP:
        parts.append(say(INPUT_HELP[q.type], lang))
    if q.figure is not None:
        out = io.StringIO()
        console = Console(file=out, width=100, color_system=None, force_terminal=False)
        console.print(draw(q.figure, lang, **q.figure_args))
        parts.extend((FIGURE, out.getvalue()))
    return "\n".join(parts)


def _flat_inputs(inputs: dict[str, Any]) -> np.ndarray:
    values: list[float] = []
    for value in inputs.values():
        try:
            arr = np.ravel(np.asarray(value, dtype=np.float64))
        except (TypeError, ValueError):
            continue
        values.extend(float(x) for x in arr if np.isfinite(x))
    return np.asarray(values, dtype=np.float64)


def _plain_subscripts(text: str) -> str:
    """Unicode subscripts as the `_` index they stand for (fₜ → f_t, Cₜ₋₁ → C_t-1), so that a
    figure drawn with them is read the same as an answer written in ASCII."""
    from dlquiz.latex import SUB

    plain = {v: k for k, v in SUB.items()}
    runs = re.compile("[" + re.escape("".join(plain)) + "]+")
    return runs.sub(lambda m: "_" + "".join(plain[c] for c in m.group(0)), text)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", _plain_subscripts(text)).lower()
    return text.replace("−", "-").replace("{", "").replace("}", "")


def numeric_giveaways(v: Variant, text: str) -> list[str]:
    """The answer's numbers, or arithmetic giving them, in `text`."""
    from dlquiz.errors import InputError
    from dlquiz.numparse import parse_array

    q = v.question
    expected = np.ravel(np.asarray(v.expected, dtype=np.float64))
    inputs = _flat_inputs(v.inputs)
    out: list[str] = []

    def matches(x: float) -> float | None:
        for e in expected:
            tol = max(q.tolerance.abs, q.tolerance.rel * abs(e))
            if abs(x - e) <= tol and not np.any(np.abs(inputs - e) <= tol):
                return float(e)
        return None

    words, _, figure = text.partition(FIGURE)
    for token in _NUMBER.findall(words):
        # a small whole number ("2 time steps") is too common to mean the answer
        hit = matches(float(token)) if "." in token or abs(float(token)) >= 10 else None
        if hit is not None:
            out.append(f"shows the answer {hit:g} as '{token}' before it is asked")
    # a figure's own example numbers may coincide with an entry: there, only the whole
    # answer, entry after entry on one line, counts
    for line in figure.splitlines():
        tokens = [float(t) for t in _NUMBER.findall(line)]
        n = expected.size
        for i in range(len(tokens) - n + 1):
            window = np.asarray(tokens[i : i + n])
            if n > 1 and q.tolerance.agrees(window, expected):
                out.append(f"the figure shows the answer {window.tolist()}: {line.strip()}")
    for m in _EXPR.finditer(text):
        expr = m.group(0).strip()
        value = None
        while _OPERATOR.search(expr):  # "(It is 4*30*(30+1+1).)": drop what closes the sentence
            try:
                value = np.ravel(np.asarray(parse_array(expr.replace("×", "*").replace("·", "*"))))
                break
            except (InputError, ValueError, TypeError, ZeroDivisionError, OverflowError):
                expr = expr[:-1].rstrip(" .")
        if value is not None and value.size == 1:
            hit = matches(float(value[0]))
            if hit is not None:
                out.append(
                    f"shows the arithmetic '{expr}' = {hit:g}, the answer, before it is asked"
                )
    return out


def _symbol(answer: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9_])" + re.escape(_norm(answer)) + r"(?![a-z0-9_(])")


def mapping_giveaways(q: Question, text: str, lang: str) -> list[str]:
    """A symbols question's mapping (which symbol is which part) in `text`."""
    out: list[str] = []
    symbols = {p.key: _symbol(p.answer) for p in q.parts}
    for line in _norm(text).splitlines():
        found = [k for k, pattern in symbols.items() if pattern.search(line)]
        if len(found) >= 2 and "=" in line:
            out.append(
                f"an equation relates the answers of parts {', '.join(found)}: {line.strip()}"
            )
            continue
        for p in q.parts:
            names = {_norm(p.text.get(lang))} | {
                _norm(a) for a in p.accept if len(a) > 3 and not _symbol(p.answer).search(_norm(a))
            }
            for hit in symbols[p.key].finditer(line):
                near = line[max(0, hit.start() - NEAR) : hit.end() + NEAR]
                name = next((n for n in names if n and n in near), None)
                if name is not None:
                    out.append(f"shows '{p.answer}' next to '{name}', the mapping asked for")
                    break
    return out


def giveaways(q: Question, seeds: tuple[int, ...] = (0, 1, 2, 3)) -> list[str]:
    """Every way question `q` shows its answer before it is asked (none: an empty list)."""
    if q.type not in ("numeric", "symbols"):
        return []
    out: list[str] = []
    for seed in seeds if q.is_template else (0,):
        v = make_variant(q, seed)
        for lang in ("en", "zh"):
            text = shown_before_answering(v, lang)
            found = numeric_giveaways(v, text) if q.type == "numeric" else []
            if q.type == "symbols":
                found = mapping_giveaways(q, text, lang)
            out.extend(f"{lang}: {f}" + (f" (seed {seed})" if seed else "") for f in found)
        if out:
            break
    return list(dict.fromkeys(out))


def check_giveaways(questions: list[Question]) -> list[Problem]:
    """A problem for each question that shows its answer before it is asked."""
    from dlquiz.errors import InputError

    out: list[Problem] = []
    for q in questions:
        try:
            found = [f"gives the answer away: {g}" for g in giveaways(q)]
        except InputError as exc:
            found = [f"its figure cannot be drawn with figure_args {q.figure_args}: {exc}"]
        except (KeyError, TypeError, ValueError):
            continue  # a broken question: check_bank reports it
        out.extend(Problem(q.file, q.line, q.id, message) for message in found)
    return out
