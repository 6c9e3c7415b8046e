"""Rotating backups of a project file (SQLite online backup), listed and restored by the user.

Interface shared by the opening code (project.py) and the ``qcode backups``/``restore`` commands.
"""

from __future__ import annotations

from pathlib import Path


def latest_backup(project_path: Path) -> Path | None:
    """The newest backup of the project at ``project_path``, or None when there is none."""
    return None
