"""Errors a user may see. Each carries one clear line; callers never show tracebacks."""

from __future__ import annotations

from pathlib import Path


class QcodeError(Exception):
    """Base for every error qcode reports to a user as one line."""


class InputError(QcodeError):
    """Bad input: a file or value that cannot be used. The project is left unchanged."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.reason = message
        super().__init__(f"{self.path.name}: {message}" if self.path else message)


class ProjectError(QcodeError):
    """The project file cannot be opened or used (newer version, locked, not a project...)."""


class ProjectLocked(ProjectError):
    """The project is open for writing in another window or process (it may be opened read-only)."""


class ProjectReadOnly(ProjectError):
    """The project file (or its folder) cannot be written; it may still be opened read-only."""


class ProjectBusy(ProjectError):
    """Another program holds the database; trying again later may work."""


class ProjectDamaged(ProjectError):
    """The project file is damaged (its pages do not check out); a backup may replace it."""


class DiskFull(ProjectError):
    """The disk (or the database's size limit) is full; the change was rolled back."""


class DiskError(ProjectError):
    """The operating system reported an error reading or writing the project file."""


class NotFound(QcodeError):
    """A named document, code or coding does not exist in the project."""


class Cancelled(QcodeError):
    """Long work was cancelled by the user; nothing was written."""

    def __init__(self, message: str = "cancelled") -> None:
        super().__init__(message)


def describe_unexpected(exc: BaseException) -> str:
    """``Type: message`` of an unexpected exception (a bug), for the line that asks for a report.

    A database error is told by the driver's own error: never the SQL statement and parameters
    SQLAlchemy adds to its message (they may hold interview text).
    """
    original = getattr(exc, "orig", None)
    shown = original if isinstance(original, BaseException) else exc
    text = str(shown).split(" with text '", 1)[0]  # sqlite3 quotes a text it cannot decode
    return f"{type(shown).__name__}: {text}"


class ServerUnreachable(ProjectError):
    """The team server cannot be reached (stopped, network down); nothing was saved."""


class PasswordNeeded(ProjectError):
    """The team server asks for a password (none found, or the one given was refused)."""


class NotAllowed(ProjectError):
    """The login role's rights on a team project do not allow this (the database refused)."""


class ChangedMeanwhile(ProjectError):
    """Another analyst changed or deleted the same thing since it was read; nothing was saved."""
