"""Importers: a file in, normalised text with speaker turns and metadata out.

Each format has a reader ``read_<format>(data: bytes, path: Path) -> str`` in its own module that
returns the raw text as the user sees it in the original program. :func:`read_document` does what
is common to all formats: size and emptiness checks, the sha256 of the original bytes, Unicode
normalisation, speaker turns and text direction. Readers raise :class:`~qcode.errors.InputError`
with the cause; anything else a reader raises is reported as an unreadable file, never a traceback.
"""

from __future__ import annotations

from qcode.importers.base import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    ImportedDocument,
    ReadBatch,
    collect_paths,
    read_document,
    read_documents,
)

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ImportedDocument",
    "ReadBatch",
    "collect_paths",
    "read_document",
    "read_documents",
]
