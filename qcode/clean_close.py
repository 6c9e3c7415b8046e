"""What a project file looked like when qcode last closed it cleanly.

Opening for writing runs SQLite's page check (which reads the whole file) only when the file is
not exactly as qcode left it: changed by another program, a crash, a bad disk write, a copy
from elsewhere. A project that qcode closed cleanly opens at once, however large it is.

The record (size, modification time, SQLite's change counter, write-ahead log size) lives in the
user's data folder, named after the file's identity, never in the project itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from qcode import db
from qcode.userdata import file_identity, projects_dir


def _record_path(path: Path) -> Path:
    return projects_dir() / f"{file_identity(path)}.closed"


def remember(path: Path) -> None:
    """Record ``path`` as qcode leaves it now (call after a clean close, lock still held)."""
    try:
        record = _record_path(path)
        partial = record.with_name(record.name + ".part")
        partial.write_text(db.file_signature(path), encoding="utf-8")
        os.replace(partial, record)
    except OSError:
        pass  # no record only means a full check at the next opening


def unchanged(path: Path) -> bool:
    """True when ``path`` is exactly as qcode recorded it at its last clean close."""
    try:
        return _record_path(path).read_text(encoding="utf-8") == db.file_signature(path)
    except OSError:
        return False
