"""Reading a whole project at once without the garbage collector in the way."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while many long-lived objects are made.

    Reading a large project makes hundreds of thousands of rows, dicts and values
    that all stay alive; each collection on the way walks all of them again, so
    the read would grow faster than the project. They hold no cycles to collect.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
