"""Where qcode keeps its own files for this user: open-project locks, clean-close records."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DATA_DIR_ENV = "QCODE_DATA_DIR"


def data_dir() -> Path:
    """The user's qcode data folder (``QCODE_DATA_DIR`` wins); not created here."""
    return Path(os.environ.get(DATA_DIR_ENV) or user_data_dir("qcode", appauthor=False))


def projects_dir() -> Path:
    """The folder of per-project-file records (named after the file's identity), created."""
    folder = data_dir() / "projects"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_identity(path: Path) -> str:
    """The identity every path to one file shares (symlink, hard link, any spelling): its
    device and inode numbers (on Windows, the volume and file index)."""
    st = path.stat()
    return f"{st.st_dev:x}-{st.st_ino:x}"
