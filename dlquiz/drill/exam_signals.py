"""The exam's signals: the deadline alarm that interrupts a prompt, and a closed terminal.

Both only work in the main thread of a POSIX process; elsewhere they do nothing and the
exam still works (the deadline is then checked after each line).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator


class Hangup(Exception):
    """SIGTERM or SIGHUP (a closed terminal): keep what was entered and stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def alarm_at(seconds: Callable[[], float], raise_: type[BaseException]) -> Iterator[None]:
    """Raise `raise_` in the main thread once `seconds()` (read now) have passed."""
    if not (hasattr(signal, "setitimer") and main_thread()):
        yield
        return

    def fire(signum: int, frame: object) -> None:
        raise raise_

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds(), 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextlib.contextmanager
def hangups() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise `Hangup` instead of killing the process."""
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    if not main_thread():
        yield
        return

    def fire(signum: int, frame: object) -> None:
        raise Hangup(signum)

    old = {n: signal.signal(getattr(signal, n), fire) for n in names}
    try:
        yield
    finally:
        for n, handler in old.items():
            signal.signal(getattr(signal, n), handler)
