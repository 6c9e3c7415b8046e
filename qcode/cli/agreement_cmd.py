"""CLI: ``qcode agreement``: how far coders (or groups of coders) agree, per code.

Without ``--json`` or ``--out`` it prints the rows pooled over documents (each code, then all
codes); ``--json`` gives every row, ``--out`` writes every row to CSV or XLSX with a
manifest holding every formula. ``--disagreements`` adds the passages coded by one side only
(:mod:`qcode.team.disagreements`), code by code. The project is opened read-only.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from qcode.cli.common import EXIT_USAGE, fail, opened, print_json, progress_bar
from qcode.errors import InputError
from qcode.export.files import check_export_target, written_together
from qcode.export.manifest import Source
from qcode.team.agreement import measure_agreement
from qcode.team.disagreements import Disagreements, find_disagreements
from qcode.team.figures import shown_text
from qcode.team.options import AgreementOptions, parse_group
from qcode.team.results import AgreementTable

SUFFIXES = (".csv", ".xlsx")
ALL_CODES = "(all codes)"


def _options(args: argparse.Namespace) -> AgreementOptions:
    """The options as typed; a wrong combination is a usage error (exit status 2)."""
    try:
        options = AgreementOptions(
            coders=tuple(args.coders or ()),
            group_a=parse_group(args.group_a) if args.group_a is not None else (),
            group_b=parse_group(args.group_b) if args.group_b is not None else (),
            unit=args.unit, overlap=args.overlap, coded_only=args.coded_only,
            codes=tuple(args.code), rollup=args.rollup, documents=tuple(args.doc))
    except InputError as exc:
        fail(str(exc), EXIT_USAGE)
    if args.disagreements and len(options.sides) != 2:
        fail("--disagreements lists what two sides disagree on: compare two coders or two "
             "groups", EXIT_USAGE)
    return options


def _check_out(out: Path | None) -> None:
    if out is None:
        return
    if out.suffix.lower() not in SUFFIXES:
        fail(f"{out.name}: cannot write {out.suffix or 'a file without suffix'} here "
             f"(use {' or '.join(SUFFIXES)})", EXIT_USAGE)
    check_export_target(out)  # said before the counting, not after it


def _write(table: AgreementTable, out: Path, source: Source, bom: bool) -> Path:
    from qcode.export.agreement_files import write_agreement_csv, write_agreement_xlsx

    with written_together():  # the file and its manifest, or neither
        if out.suffix.lower() == ".csv":
            return write_agreement_csv(table, out, source=source, bom=bom)
        return write_agreement_xlsx(table, out, source=source)


def _figure(value: Any, column: str) -> str:
    return "-" if value is None else shown_text(column, value)


def _print_pooled(table: AgreementTable) -> None:
    """The pooled rows as an aligned text table."""
    o = table.options
    counts = [c for c in table.columns[2:] if c not in ("percent", "kappa", "alpha")]
    if len(table.sides) > 2:
        counts = ["units"]  # both, a_only ... are counts of two sides
    scope = ", coded units only" if o.coded_only else ""
    print(f"{o.unit} agreement: {' vs '.join(table.sides)}{scope}")
    rows = table.pooled()
    width = max([len(ALL_CODES), *(len(r.code or "") for r in rows)])
    print(f"{'code':<{width}}  {'percent':>7}  {'kappa':>7}  {'alpha':>7}  "
          + "  ".join(f"{c:>8}" for c in counts))
    for row in rows:
        values = row._asdict()
        cells = "  ".join(f"{'-' if values[c] is None else values[c]:>8}" for c in counts)
        print(f"{row.code or ALL_CODES:<{width}}  {_figure(row.percent, 'percent'):>7}  "
              f"{_figure(row.kappa, 'kappa'):>7}  {_figure(row.alpha, 'alpha'):>7}  {cells}")
    print("per document: --json, or --out FILE.csv|.xlsx")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _print_disagreements(found: Disagreements) -> None:
    """Code by code, one line a passage: document, span, side (and coder), text."""
    print(f"\n{len(found.passages):,} passages coded by one side only "
          f"({found.unit} units):")
    code = None
    for p in found.passages:
        if p.code != code:
            code = p.code
            print(code)
        coder = f" ({p.coder})" if p.coder is not None else ""
        print(f"  {p.document} [{p.start}, {p.end}) {found.label(p)}{coder}: {_flat(p.text)}")


def cmd_agreement(args: argparse.Namespace) -> int:
    options = _options(args)
    _check_out(args.out)
    found = None
    with opened(args.project, readonly=True) as project:
        with project.reading() as s, progress_bar("Counting") as bar:
            table = measure_agreement(s, options, bar)
            if args.disagreements:
                found = find_disagreements(s, options, progress=bar)
        source = Source.of(project)
    if args.out is not None:
        manifest = _write(table, args.out, source, args.bom)
        if not args.json:
            print(f"wrote {args.out} (rules and formulas in {manifest.name})")
    if args.json:
        data = table.as_json()
        if found is not None:
            data["disagreements"] = found.as_json()
        print_json(data)
        return 0
    if args.out is None:
        _print_pooled(table)
    if found is not None:
        _print_disagreements(found)
    return 0
