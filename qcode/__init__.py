"""qcode: qualitative coding of interview transcripts.

The core (this package minus ``qcode.ui``) is Qt-free: project file, models, importers,
operations, analysis and exporters can all be used from scripts and the CLI.
"""

from __future__ import annotations

__version__ = "0.1.0"
