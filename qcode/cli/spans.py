"""Where a CLI coding lies: ``--start``/``--end`` (code points), or ``--text`` (the passage)."""

from __future__ import annotations

import argparse

from qcode.cli.common import EXIT_USAGE, fail
from qcode.models import Document
from qcode.passages import nearest_passage, normalised_passage, passage_starts

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
    starts = passage_starts(doc.text, passage)
    if len(starts) == 1:
        return starts[0], starts[0] + len(normalised_passage(passage))
    if starts:
        where = ", ".join(map(str, starts[:LISTED])) + (", ..." if len(starts) > LISTED else "")
        fail(f"the passage is found {len(starts)} times in {doc.name}, at {where}; "
             "use --start/--end")
    near = nearest_passage(doc.text, passage)
    hint = "" if near is None else (f"; the nearest is at [{near.start}, {near.end}): "
                                    f"{quoted(doc.text[near.start:near.end])}")
    fail(f"the passage {quoted(passage)} is not in {doc.name}{hint}")


def quoted(text: str) -> str:
    """A passage on one line, shortened: ``"Trust comes when…"``."""
    flat = " ".join(text.split())
    return '"' + (flat if len(flat) <= QUOTED else flat[:QUOTED - 1] + "…") + '"'
