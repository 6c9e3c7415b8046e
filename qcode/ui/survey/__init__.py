"""Surveys in the app: File → Import survey… (a preview with each column's role, the import on
a worker thread, a summary) and the attribute-by-code table."""

from __future__ import annotations
