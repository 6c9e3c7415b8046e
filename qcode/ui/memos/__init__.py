"""The memo panel: the memo of the project, a document, a code or a coding."""

from __future__ import annotations
