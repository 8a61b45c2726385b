"""How long work tells its caller how far it got: `progress(done, total, what)`.

The caller may stop the work by raising from the callback; work reports only at
points where stopping leaves nothing half written."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]


def silent(done: int, total: int, what: str) -> None:
    """The progress of work nobody watches."""
