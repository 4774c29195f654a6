"""Honest self-assessment of an explanation: the automatic grade is the default, and a
stated misconception cannot be marked away without the student confirming it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dlquiz.drill.ui import DrillUI, self_mark

if TYPE_CHECKING:
    from dlquiz.bank.claims import ExplainResult


def own_mark(ui: DrillUI, ask: Callable[[str], str | None], result: ExplainResult) -> int:
    """The student's count of the key points earned: Enter keeps the automatic count; more
    than the points left after the wrong claims needs a `y`, else the cap is used."""
    from dlquiz.messages import say
    from dlquiz.text import single

    n, earned, cap = len(result), sum(result), result.cap
    own = self_mark(ui, ask, n, earned)
    if own <= cap or own <= earned:
        return own
    fields = {"count": len(result.misconceptions), "cap": cap, "n": n, "own": own}
    answer = ask(say("claims.capped", single(ui.lang), **fields) + " >")
    if (answer or "").strip().lower() in ("y", "yes"):
        ui.tell("claims.confirmed", "warn", own=own, n=n)
        return own
    ui.tell("claims.capped_used", "warn", cap=cap, n=n)
    return cap
