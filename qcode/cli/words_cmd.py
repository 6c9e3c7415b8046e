"""CLI: ``qcode export words``: word frequencies to CSV or XLSX, with a manifest."""

from __future__ import annotations

import argparse


def cmd_words(args: argparse.Namespace) -> int:
    from qcode.cli.common import fail

    fail("qcode export words: not ready yet")
