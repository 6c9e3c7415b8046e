"""Importing a REFI-QDA project (.qdpx) into a project that holds no documents yet.

The archive is opened without trusting it (:mod:`qcode.exchange.archive`), its project XML
streamed into records (:mod:`qcode.exchange.qde_read`) and the records written as they come
(:mod:`qcode.exchange.load`), all in the caller's transaction: a refusal anywhere leaves the
project as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from qcode.exchange.archive import open_qdpx
from qcode.exchange.load import load_project
from qcode.exchange.qde_read import read_project
from qcode.exchange.report import ImportReport
from qcode.progress import Progress


def import_qdpx(session: Session, path: Path, *, progress: Progress | None = None
                ) -> ImportReport:
    """Read ``path`` and write it into the project of ``session`` (see :func:`load_project`)."""
    bar = _OneBar(progress)
    with open_qdpx(path) as archive:
        return load_project(session, read_project(archive, progress=bar.reading),
                            file=Path(path).name, progress=bar.writing)


@dataclass
class _OneBar:
    """One progress bar for reading and writing, which go on together: the bytes of XML read
    measure both, and the source being written names the step (the loader counts sources
    without a total). Work with a total of its own (the final recount) shows as it is."""

    progress: Progress | None
    done: int = 0
    total: int = 0

    def reading(self, done: int, total: int, label: str) -> bool | None:
        self.done, self.total = done, total
        return self.progress(done, total, label) if self.progress else None

    def writing(self, done: int, total: int, label: str) -> bool | None:
        if self.progress is None:
            return None
        if total <= 0:
            return self.progress(self.done, self.total, f"Importing {label}")
        return self.progress(done, total, label)
