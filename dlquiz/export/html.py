"""HTML pieces shared by the exports (the Anki deck, the printed exam): bilingual text, tables
of named values, and a question variant's answer, worked steps and named mistakes.

Plain data in, HTML strings out: the words come from the bank and the message catalog
(`export.*`), every number from the variant's solver result, formulas as the Unicode the
terminal shows (`dlquiz.latex`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from html import escape as _escape
from typing import TYPE_CHECKING, Any

from dlquiz.latex import prose
from dlquiz.messages import msg, say
from dlquiz.numfmt import array
from dlquiz.text import Text

if TYPE_CHECKING:
    from dlquiz.bank.variant import Variant


def escape(text: str) -> str:
    """Text as HTML text (quotes stay as they are: they are not inside an attribute)."""
    return _escape(text, quote=False)


def html(text: str) -> str:
    """Running text as HTML: subscripts as Unicode (h_{t−1} → hₜ₋₁), escaped, line breaks kept."""
    return escape(prose(text)).replace("\n", "<br>")


def bi(text: Text, lang: str) -> str:
    """A bilingual text in `lang`; in "both", the English, then the Chinese below it."""
    if lang != "both":
        return html(text.get(lang))
    return f'{html(text.en)}<br><span class="dlq-zh">{html(text.zh)}</span>'


def short(text: Text, lang: str) -> str:
    """A label (a few words) in `lang`; in "both", on one line."""
    return html(text.get(lang, sep=" · "))


def heading(key: str, lang: str) -> str:
    return f'<div class="dlq-h">{escape(say(key, lang))}</div>'


def line(key: str, lang: str, **fields: object) -> str:
    """A catalog sentence, its fields filled in per language (a Text field gives each
    language its own words); in "both", the English, then the Chinese below it."""
    return bi(msg(key, **fields), lang)


def items(rows: Sequence[str], cls: str = "dlq-list") -> str:
    return f'<ul class="{cls}">' + "".join(f"<li>{r}</li>" for r in rows) + "</ul>"


def table(rows: Sequence[tuple[str, str]]) -> str:
    """Name → value rows; both are escaped here."""
    cells = "".join(
        f'<tr><td class="dlq-name">{html(name)}</td><td class="dlq-num">{html(value)}</td></tr>'
        for name, value in rows
    )
    return f'<table class="dlq-steps">{cells}</table>'


def shown(value: Any) -> str:
    """A number, vector or matrix as the exam writes it (a column of outputs as a list)."""
    from dlquiz.bank.outcome import as_shown

    return array(as_shown(value))


def answer(v: Variant, lang: str) -> str:
    from dlquiz.bank.step_names import step_name

    q = v.question
    if q.type == "numeric" and q.answer is not None:
        right = shown(v.expected)
        name = short(step_name(q.answer, q.solver or ""), lang)
        out = f'<div class="dlq-answer">{name} = {right}</div>'
        for i, alt in enumerate(q.accept):
            value = _value(partial(v.accepted_value, i))
            if value is not None and value != right:  # with these numbers, another way there
                also = line("export.also_right", lang, label=alt.label, value=value)
                out += f"<div>{also}</div>"
        return out
    if q.type == "choice":
        chosen = next((c for c in q.choices if c.key == q.answer), None)
        text = bi(chosen.text, lang) if chosen is not None else ""
        return f'<div class="dlq-answer"><b>({escape(q.answer or "")})</b> {text}</div>'
    if q.parts:
        return table([(p.text.get(lang, " · "), p.answer) for p in q.parts])
    return heading("export.key_points", lang) + items([bi(p.text, lang) for p in q.rubric])


def step_rows(v: Variant, lang: str) -> list[tuple[str, str]]:
    """The solver's named intermediate values of this variant: the question's own `steps`,
    else every number of the solver's result, in the result's order; named in `lang`."""
    from dlquiz.bank.step_names import step_name
    from dlquiz.bank.variant import resolve

    q = v.question
    if v.result is None:
        return []

    def name(path: str) -> str:
        return step_name(path, q.solver or "").get(lang, sep=" · ")

    if q.steps:
        return [(name(path), shown(resolve(v.result, path))) for path in q.steps]
    return [(name(path), text) for path, text in _numbers(v.result.to_json(), "")]


def _numbers(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(result path, shown value) for every number, vector or matrix inside a result's JSON."""
    if isinstance(value, dict):
        for k, item in value.items():
            yield from _numbers(item, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
        for i, item in enumerate(value):
            yield from _numbers(item, f"{path}[{i}]")
    elif _numeric(value):
        yield path, shown(value)


def _numeric(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(_numeric(x) for x in value)
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, str):
        return value in ("inf", "-inf")
    return isinstance(value, int | float)


def _value(compute: Callable[[], Any]) -> str | None:
    """A mistake's or an alternative's answer, shown; None when the solver cannot give one."""
    from dlquiz.errors import InputError

    try:
        return shown(compute())
    except (InputError, KeyError, IndexError, TypeError, ValueError):
        return None


def mistakes(v: Variant, lang: str) -> str:
    """The named mistakes: a numeric one with the answer it leads to, a wrong claim with why
    it is wrong, a wrong choice with what it misses."""
    q = v.question
    rows = []
    for i, m in enumerate(q.mistakes):
        value = _value(partial(v.mistake_value, i))
        gives = "" if value is None else f" → {escape(value)}"
        rows.append(f"<b>{short(m.label, lang)}</b>{gives}<br>{bi(m.text, lang)}")
    rows += [f"<b>{short(m.label, lang)}</b><br>{bi(m.why, lang)}" for m in q.misconceptions]
    rows += [
        f"<b>({escape(c.key)})</b> {bi(c.why, lang)}"
        for c in q.choices
        if c.key != q.answer and c.why is not None
    ]
    if not rows:
        return ""
    return heading("export.mistakes", lang) + items(rows, "dlq-mistakes")
