"""The one formula guard: what keeps a cell of ours from running in a spreadsheet, and its undo.

Every CSV qcode writes passes each text cell through :func:`neutralise`; every CSV qcode reads
passes each cell through :func:`unguard`, so a codebook or codings file exported by qcode comes
back with the names exactly as typed (``=Trust`` stays ``=Trust``, not ``'=Trust``).
"""

from __future__ import annotations

import re

#: A spreadsheet runs a cell starting with one of these as a formula (or DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as text: a leading ``'`` before a would-be formula.

    Plain numbers written as text (``-5``, ``+2.5``, ``-1e3``) are left alone: they cannot run.
    A text that already looks guarded (``'=x``, a name typed with its apostrophe) gets one more
    ``'``, so :func:`unguard` gives it back as typed and not as ``=x``.
    """
    if _runs(text) or _looks_guarded(text):
        return "'" + text
    return text


def _runs(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def _looks_guarded(text: str) -> bool:
    """``'`` before what :func:`neutralise` would guard (or before another such text)."""
    rest = text[1:]
    return text.startswith("'") and (_runs(rest) or _looks_guarded(rest))


def unguard(cell: str) -> str:
    """The text :func:`neutralise` guarded: a leading ``'`` dropped where it stands before a
    formula start; any other cell unchanged."""
    if cell.startswith("'") and neutralise(cell[1:]) == cell:
        return cell[1:]
    return cell
