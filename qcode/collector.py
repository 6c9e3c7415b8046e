"""Python's cycle collector paused while plain data is made in bulk.

Building hundreds of thousands of tuples or small objects (a long transcript's speaker turns,
the rows of a 300 x 2,000 agreement table) makes the collector walk them over and over, a third
to a half of the time, though they hold no cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside the block (left as it was if already off)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
