"""Analysis without Qt: theme matrices, code co-occurrence, the coded segments table.

Counting is done in SQL (GROUP BY and window functions, portable to PostgreSQL). Results are
plain frozen dataclasses (:mod:`qcode.analysis.results`); the exact counting rules of each table
are in :mod:`qcode.analysis.rules` and go into every export's manifest.

    with project.reading() as s:
        m = build_matrix(s, MatrixOptions(measure="characters", columns="attribute",
                                          attribute="role", rollup=True))
"""

from __future__ import annotations

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
