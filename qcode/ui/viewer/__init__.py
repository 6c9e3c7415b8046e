"""The document viewer: read a transcript, see and change its codings."""

from __future__ import annotations

from qcode.ui.viewer.viewer import DocumentViewer

__all__ = ["DocumentViewer"]
