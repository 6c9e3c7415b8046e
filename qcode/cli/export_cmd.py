"""CLI: export matrix | cooccurrence | segments | attributes-by-code, to CSV, XLSX or DOCX, each
with a manifest.

The output format follows the suffix of ``--out``. The project is opened read-only. A file and
its manifest land together or not at all.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from qcode.analysis import (
    CooccurrenceOptions,
    Filters,
    MatrixOptions,
    SegmentOptions,
    build_cooccurrence,
    build_matrix,
    coded_segments,
    parse_columns,
    parse_mode,
    parse_where,
)
from qcode.cli.common import EXIT_USAGE, ProgressBar, checked_writer, fail, opened, progress_bar
from qcode.errors import InputError
from qcode.export.files import written_together
from qcode.export.manifest import Source
from qcode.queries import code_paths
from qcode.resolve import resolve_code


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(coders=tuple(args.coder), where=tuple(parse_where(w) for w in args.where))


def _options(make: Callable[[], Any]) -> Any:
    """Options checked before any work: a wrong value is a usage error."""
    try:
        return make()
    except InputError as exc:
        fail(str(exc), EXIT_USAGE)


def _export(args: argparse.Namespace, title: str, build: Callable[..., Any],
            write: Callable[..., Path], **write_options: Any) -> int:
    with opened(args.project, readonly=True) as project:
        with project.reading() as s, progress_bar(title) as bar:
            result = build(s, bar)
        with written_together():  # the file and its manifest, or neither
            manifest = write(result, args.out, source=Source.of(project), **write_options)
    print(f"wrote {args.out} (rules and filters in {manifest.name})")
    return 0


def cmd_matrix(args: argparse.Namespace) -> int:
    from qcode.export.matrix_csv import write_matrix_csv
    from qcode.export.xlsx import write_matrix_xlsx

    write = checked_writer(args.out, {".csv": write_matrix_csv, ".xlsx": write_matrix_xlsx})

    def make() -> MatrixOptions:
        kind, attribute = parse_columns(args.cols)
        return MatrixOptions(measure=args.measure, columns=kind, attribute=attribute,
                             rollup=args.rollup, filters=_filters(args),
                             totals=not args.no_totals, percent=args.percent)

    options = _options(make)
    extra = {"bom": args.bom} if write is write_matrix_csv else {}
    return _export(args, "Counting", lambda s, bar: build_matrix(s, options, bar), write,
                   **extra)


def cmd_cooccurrence(args: argparse.Namespace) -> int:
    from qcode.export.matrix_csv import write_cooccurrence_csv
    from qcode.export.xlsx import write_cooccurrence_xlsx

    write = checked_writer(args.out, {".csv": write_cooccurrence_csv,
                               ".xlsx": write_cooccurrence_xlsx})

    def make() -> CooccurrenceOptions:
        mode, distance = parse_mode(args.mode)
        return CooccurrenceOptions(mode=mode, distance=distance, measure=args.measure,
                                   filters=_filters(args))

    options = _options(make)
    extra = {"bom": args.bom} if write is write_cooccurrence_csv else {}
    return _export(args, "Counting", lambda s, bar: build_cooccurrence(s, options, bar), write,
                   **extra)


def cmd_segments(args: argparse.Namespace) -> int:
    from qcode.export.segments_csv import write_segments_csv
    from qcode.export.segments_docx import write_segments_docx
    from qcode.export.segments_xlsx import write_segments_xlsx

    write = checked_writer(args.out, {".csv": write_segments_csv, ".xlsx": write_segments_xlsx,
                               ".docx": write_segments_docx})
    options = _options(lambda: SegmentOptions(codes=tuple(args.code), filters=_filters(args)))
    extra = {"bom": args.bom} if write is write_segments_csv else {}

    def build(s: Session, bar: ProgressBar) -> Any:  # codes as typed -> their full paths
        paths = code_paths(s)
        named = tuple(paths[resolve_code(s, code).id] for code in options.codes)
        return coded_segments(s, replace(options, codes=named), bar)

    return _export(args, "Reading", build, write, **extra)


def cmd_attributes_by_code(args: argparse.Namespace) -> int:
    from qcode.analysis.attributes_by_code import (
        AttributesByCodeOptions,
        build_attributes_by_code,
    )
    from qcode.export.attributes_by_code import (
        write_attributes_by_code_csv,
        write_attributes_by_code_xlsx,
    )

    write = checked_writer(args.out, {".csv": write_attributes_by_code_csv,
                               ".xlsx": write_attributes_by_code_xlsx})
    options = _options(lambda: AttributesByCodeOptions(attribute=args.attribute,
                                                       rollup=args.rollup,
                                                       filters=_filters(args)))
    extra = {"bom": args.bom} if write is write_attributes_by_code_csv else {}
    return _export(args, "Counting",
                   lambda s, bar: build_attributes_by_code(s, options, bar), write, **extra)
