"""Analysis without Qt: theme matrices, code co-occurrence, the coded segments table.

Counting is done in SQL (GROUP BY and window functions, portable to PostgreSQL). Results are
plain frozen dataclasses (:mod:`qcode.analysis.results`); the exact counting rules of each table
are in :mod:`qcode.analysis.rules` and go into every export's manifest.

    with project.reading() as s:
        m = build_matrix(s, MatrixOptions(measure="characters", columns="attribute",
                                          attribute="role", rollup=True))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: where each public name lives; imported on first use, so a command that needs only the
#: options (the search, ``docs --where``) does not load the matrix and co-occurrence code
_HOMES = {
    "build_cooccurrence": "cooccurrence",
    "build_matrix": "matrix",
    "coded_segments": "segments",
    **dict.fromkeys(("MEASURES", "CooccurrenceOptions", "Filters", "MatrixOptions",
                     "SegmentOptions", "parse_columns", "parse_mode", "parse_where"), "options"),
    **dict.fromkeys(("CodedSegment", "CodeLabel", "ColumnLabel", "CooccurrenceMatrix", "Matrix",
                     "SegmentsTable"), "results"),
    **dict.fromkeys(("cooccurrence_rules", "matrix_rules", "segments_rules"), "rules"),
}

if TYPE_CHECKING:
    from qcode.analysis.cooccurrence import build_cooccurrence
    from qcode.analysis.matrix import build_matrix
    from qcode.analysis.options import (
        MEASURES,
        CooccurrenceOptions,
        Filters,
        MatrixOptions,
        SegmentOptions,
        parse_columns,
        parse_mode,
        parse_where,
    )
    from qcode.analysis.results import (
        CodedSegment,
        CodeLabel,
        ColumnLabel,
        CooccurrenceMatrix,
        Matrix,
        SegmentsTable,
    )
    from qcode.analysis.rules import cooccurrence_rules, matrix_rules, segments_rules
    from qcode.analysis.segments import coded_segments


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'qcode.analysis' has no attribute {name!r}")
    return getattr(importlib.import_module(f"qcode.analysis.{home}"), name)


__all__ = [
    "MEASURES",
    "CodeLabel",
    "CodedSegment",
    "ColumnLabel",
    "CooccurrenceMatrix",
    "CooccurrenceOptions",
    "Filters",
    "Matrix",
    "MatrixOptions",
    "SegmentOptions",
    "SegmentsTable",
    "build_cooccurrence",
    "build_matrix",
    "coded_segments",
    "cooccurrence_rules",
    "matrix_rules",
    "parse_columns",
    "parse_mode",
    "parse_where",
    "segments_rules",
]
