"""Where a CLI coding lies: ``--start``/``--end`` (code points), or ``--text`` (the passage)."""

from __future__ import annotations

import argparse
import unicodedata

from qcode.cli.common import EXIT_USAGE, fail
from qcode.models import Document
from qcode.passages import nearest_passage, normalised_passage, passage_spans

#: a refusal lists at most this many places where the passage was found
LISTED = 10
QUOTED = 60


def check_span_arguments(args: argparse.Namespace) -> None:
    """Either ``--text`` or both ``--start`` and ``--end`` (a usage error otherwise)."""
    has_offsets = args.start is not None or args.end is not None
    if args.text is not None and has_offsets:
        fail("give --text or --start/--end, not both", EXIT_USAGE)
    if args.text is None and (args.start is None or args.end is None):
        fail("give --start and --end, or --text", EXIT_USAGE)
    if args.text is not None and not args.text.strip():
        fail("--text is empty", EXIT_USAGE)


def chosen_span(args: argparse.Namespace, doc: Document) -> tuple[int, int]:
    """[start, end) from the arguments (checked by :func:`check_span_arguments`)."""
    if args.text is None:
        return args.start, args.end
    return passage_span(doc, args.text)


def passage_span(doc: Document, passage: str) -> tuple[int, int]:
    """Where ``passage`` occurs in ``doc``; refused when it is not there or there more than once."""
    spans = passage_spans(doc.text, passage)
    if len(spans) == 1:
        return spans[0]
    if spans:
        where = ", ".join(str(start) for start, _ in spans[:LISTED])
        more = ", ..." if len(spans) > LISTED else ""
        fail(f"the passage is found {len(spans)} times in {doc.name}, at {where}{more}; "
             "use --start/--end")
    near = nearest_passage(doc.text, passage)
    hint = "" if near is None else (f"; the nearest is at [{near.start}, {near.end}): "
                                    f"{quoted(doc.text[near.start:near.end])}")
    fail(f"the passage {quoted(normalised_passage(passage))} is not in {doc.name}{hint}")


def quoted(text: str) -> str:
    """A passage on one line, shortened, what cannot be seen made visible: ``"Date\\t11 Ju…"``."""
    cut = len(text) > QUOTED
    shown = "".join(_visible(ch) for ch in (text[:QUOTED - 1] if cut else text))
    return '"' + shown + ("…" if cut else "") + '"'


_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(ch: str) -> str:
    """A tab as ``\\t``, a line break as ``\\n``, other control characters and white space
    other than a plain space as ``\\xa0``, ``\\u2028``: the difference a reader must see."""
    if ch == " " or not (ch.isspace() or unicodedata.category(ch) == "Cc"):
        return ch
    code = ord(ch)
    return _ESCAPES.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
