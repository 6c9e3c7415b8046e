"""REFI-QDA in the desktop app: File -> Import REFI-QDA project… / REFI-QDA codebook…, File ->
Export -> REFI-QDA project… / REFI-QDA codebook….

- :mod:`~qcode.ui.exchange.menu`: the actions and what each asks (files, a new project);
- :mod:`~qcode.ui.exchange.run_dialog`: the work on a worker thread, a progress bar and Cancel;
- :mod:`~qcode.ui.exchange.summary`: what arrived, what was assumed per source, what was skipped.
"""

from __future__ import annotations
