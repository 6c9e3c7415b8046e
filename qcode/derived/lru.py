"""A thread-safe least-recently-used cache bounded by the total size of its values.

Used for per-document word data (:mod:`qcode.derived.words`, :mod:`qcode.derived.masks`): the
values are keyed by document uuid and text hash, and ``len(value)`` (words, characters) is
what the capacity bounds.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sized
from typing import Generic, TypeVar

V = TypeVar("V", bound=Sized)


class SizedLRU(Generic[V]):
    """Values dropped least recently used first once their lengths add up to more than
    ``capacity`` (the newest value is always kept, however large)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.size = 0
        self.items: OrderedDict[tuple[str, str], V] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> V | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: tuple[str, str], value: V) -> None:
        with self.lock:
            if key in self.items:
                return
            self.items[key] = value
            self.size += len(value)
            while self.size > self.capacity and len(self.items) > 1:
                _, dropped = self.items.popitem(last=False)
                self.size -= len(dropped)
