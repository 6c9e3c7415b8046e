"""``python -m qcode``: the same as the ``qcode`` command."""

from __future__ import annotations

import sys

from qcode.cli.main import main

sys.exit(main())
