from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
