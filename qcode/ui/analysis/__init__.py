"""Analysis views of the desktop app: the theme matrix and code co-occurrence.

Both show a Qt-free analysis result (:mod:`qcode.analysis`) as a heat-shaded table counted on
a worker thread, list the codings behind a clicked cell (:mod:`qcode.browse.matrix_cells`),
jump to a coding in the viewer, and export through :mod:`qcode.export` with a manifest. They
open as docks of the main window (Analysis menu; see :mod:`qcode.ui.analysis.docks`).
"""

from __future__ import annotations
