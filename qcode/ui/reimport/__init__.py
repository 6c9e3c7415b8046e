"""Re-importing a corrected transcript over a document, and the codings it could not place."""

from __future__ import annotations
