"""Writing a large zip member while it is being made: fixed member facts, and compression on a
second thread.

Compressing the XML of a million codings (~440 MB) takes as long as writing it. zlib lets go of
the interpreter lock while it compresses, so :class:`BackgroundWriter` hands what the XML
writer produces, in chunks of a mebibyte, to a thread that compresses and writes it; the two
run side by side. At most a few chunks wait between them, so memory stays small.
"""

from __future__ import annotations

import queue
import threading
import zipfile
from types import TracebackType
from typing import IO

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: deflate level: 1 compresses the XML to ~20% (level 6: ~18%) in less than half the time
LEVEL = 1
_CHUNK = 1 << 20
_WAITING = 4  # chunks at most between the writer and the compressing thread


def member(name: str) -> zipfile.ZipInfo:
    """A member with a fixed date (the same project gives the same bytes), deflated at
    :data:`LEVEL`, readable by its owner."""
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = LEVEL  # ZipInfo.compress_level from Python 3.13; the old name stays
    info.external_attr = 0o600 << 16
    return info


class BackgroundWriter:
    """A file-like ``write`` that passes the data on to ``target`` from another thread.

    Used as a context manager: leaving it normally waits for everything to be written and
    raises what writing raised (a full disk); leaving it on an error stops the thread and
    lets the error through. A failure on the thread also surfaces at the next ``write``.
    """

    def __init__(self, target: IO[bytes]) -> None:
        self._target = target
        self._pending: list[bytes] = []
        self._size = 0
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=_WAITING)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="qdpx-compress", daemon=True)

    def __enter__(self) -> BackgroundWriter:
        self._thread.start()
        return self

    def write(self, data: bytes) -> int:
        self._pending.append(bytes(data))
        self._size += len(data)
        if self._size >= _CHUNK:
            self._hand_over()
        return len(data)

    def _hand_over(self) -> None:
        if self._error is not None:
            raise self._error
        if self._pending:
            self._chunks.put(b"".join(self._pending))
            self._pending, self._size = [], 0

    def _run(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self._error is None:  # after a failure, drain so the writer never blocks
                try:
                    self._target.write(chunk)
                except BaseException as exc:  # noqa: BLE001 - raised again on the writer
                    self._error = exc

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if kind is None:
                self._hand_over()
        finally:
            self._chunks.put(None)
            self._thread.join()
        if kind is None and self._error is not None:
            raise self._error
