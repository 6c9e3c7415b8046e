from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test may read or write the real user's settings or data folder, whichever helper it uses.
_SANDBOX = Path(tempfile.mkdtemp(prefix="qcode-tests-"))
os.environ["QCODE_CONFIG_DIR"] = str(_SANDBOX / "config")
os.environ["QCODE_DATA_DIR"] = str(_SANDBOX / "data")

from qcode.project import Project  # noqa: E402


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "study.qcode"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    """A new, empty project in a real SQLite file; closed after the test."""
    p = Project.create(project_path)
    yield p
    p.close()
