"""Coder agreement: the table of rows for chosen coders (or groups), unit, codes and documents.

    with project.reading() as s:
        table = measure_agreement(s, AgreementOptions(coders=("Amal", "Omar")))

The codings are read once, sorted (:mod:`qcode.team.reading`), and swept per (code,
document) over intervals (:mod:`qcode.team.character`, :mod:`qcode.team.segment`). Rows come
code by code in codebook order: the code pooled over the documents, then one row per
document in document order (every chosen document, coded or not); the overall row, every
code row's counts summed, comes last. The definitions are :mod:`qcode.team.rules`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from qcode.collector import collector_paused
from qcode.progress import Progress, report
from qcode.team.character import union_lengths
from qcode.team.options import AgreementOptions
from qcode.team.reading import CodingRow, coding_query, coding_rows
from qcode.team.results import AgreementTable, Row
from qcode.team.rules import agreement_rules
from qcode.team.segment import segment_tallies
from qcode.team.selection import Selection, select_subjects
from qcode.team.table import segment_rows, unit_rows
from qcode.team.units import Units, sentence_units, turn_units

#: (code id, document id, tally) per group of codings
Groups = Iterator[tuple[int, int, Any]]


def measure_agreement(session: Session, options: AgreementOptions,
                      progress: Progress | None = None) -> AgreementTable:
    """Agreement between the sides of ``options``; unknown names raise NotFound."""
    selection = select_subjects(session, options)
    report(progress, 0, len(selection.codes) + 1, "Reading codings")
    stmt = coding_query(selection, rollup=options.rollup, all_codes=not options.codes,
                        all_documents=not options.documents)
    rows = coding_rows(session, stmt)
    with collector_paused():
        if options.unit == "segment":
            table = _segment_rows(selection, options, rows, progress)
        else:
            table = _unit_rows(session, selection, options, rows, progress)
    return AgreementTable(options, options.side_labels, tuple(table),
                          tuple(agreement_rules(options)))


def _versions(selection: Selection) -> dict[int, int]:
    return {d.id: d.version for d in selection.documents}


def _by_code(groups: Groups, selection: Selection, progress: Progress | None
             ) -> dict[int, dict[int, Any]]:
    """``{code: {document: value}}`` of the groups, with progress as each code completes."""
    out: dict[int, dict[int, Any]] = defaultdict(dict)
    total = len(selection.codes) + 1
    for code, doc, value in groups:
        if code not in out:
            report(progress, len(out), total, "Counting")
        out[code][doc] = value
    return out


def _unit_rows(session: Session, selection: Selection, options: AgreementOptions,
               rows: Iterator[CodingRow], progress: Progress | None) -> list[Row]:
    units: dict[int, Units] | None = None
    if options.unit == "sentence":
        units = sentence_units(session, selection.documents)
    elif options.unit == "turn":
        units = turn_units(session, selection.documents)
    sizes = {d.id: len(units[d.id]) if units is not None else d.length
             for d in selection.documents}
    groups = union_lengths(rows, selection.side_of, selection.sides, _versions(selection),
                           {d.id: d.length for d in selection.documents}, units)
    found = _by_code(groups, selection, progress)
    table = unit_rows(selection.codes, selection.documents, found, sizes, selection.sides,
                      options.coded_only)
    report(progress, len(selection.codes) + 1, len(selection.codes) + 1, "Done")
    return table


def _segment_rows(selection: Selection, options: AgreementOptions, rows: Iterator[CodingRow],
                  progress: Progress | None) -> list[Row]:
    groups = segment_tallies(rows, selection.side_of, _versions(selection), options.overlap)
    table = segment_rows(selection.codes, selection.documents,
                         _by_code(groups, selection, progress))
    report(progress, len(selection.codes) + 1, len(selection.codes) + 1, "Done")
    return table
