"""Operations: every change to a project, as ``op(session, *, ...) -> Changes``."""

from __future__ import annotations
