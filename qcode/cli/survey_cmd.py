"""CLI: ``qcode survey import PROJECT FILE.csv|FILE.xlsx --id COLUMN [--open COLUMN]...
[--sheet NAME] [--json]``: one document per respondent (:mod:`qcode.ops.survey`).

The summary lists the open and closed columns (saying which roles were proposed rather than
chosen, and which were kept from an earlier import of the survey), each closed column's type,
and the respondents added, updated (with their codings moved, kept and unplaced) and
unchanged.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from qcode.cli.common import opened, print_json, progress_bar

if TYPE_CHECKING:
    from qcode.ops.survey import SurveyColumn, SurveyReport


def cmd_survey_import(args: argparse.Namespace) -> int:
    from qcode.importers.survey_table import read_survey_table
    from qcode.ops.survey import SurveyPlan, import_survey

    with progress_bar("reading") as bar:
        table = read_survey_table(args.file, sheet=args.sheet, progress=bar)
    plan = SurveyPlan.propose(table, args.id, args.open or None)
    reports: list[SurveyReport] = []
    with opened(args.project) as project, progress_bar("importing") as bar, \
            project.transaction() as s:
        import_survey(s, plan=plan, progress=bar, reports=reports)
    if args.json:
        print_json(as_dict(reports[0]))
    else:
        print("\n".join(summary_lines(reports[0])))
    return 0


def _column_word(column: SurveyColumn) -> str:
    typed = f" ({column.type})" if column.type else ""
    if column.type and column.attribute_type and column.attribute_type != _plain(column.type):
        typed = f" ({column.type}, kept as the attribute's type {column.attribute_type})"
    return f"{column.name}{typed}"


def _plain(type_: str) -> str:
    return "number" if type_ == "integer" else type_


def summary_lines(report: SurveyReport) -> list[str]:
    """The summary a person reads: columns by role, then what happened to the respondents."""
    lines = []
    for role in ("id", "open", "closed"):
        columns = [c for c in report.columns if c.role == role]
        proposed = " (proposed)" if columns and all(c.proposed for c in columns) else ""
        names = ", ".join(_column_word(c) for c in columns) or "none"
        lines.append(f"{role} column{'s' * (len(columns) != 1)}{proposed}: {names}")
    kept = [c.name for c in report.columns if c.kept]
    if kept:
        lines.append(f"  (roles kept from the earlier import: {', '.join(kept)}; only new "
                     "columns are proposed or chosen)")
    if any(c.proposed for c in report.columns):
        lines.append("  (open = long free text; choose with --open COLUMN)")
    lines.append(f"{report.source}: respondents {len(report.added)} added, "
                 f"{len(report.updated)} updated, {len(report.unchanged)} unchanged; "
                 f"{report.values_set} attribute values set, {report.values_changed} changed"
                 + (f"; new attributes: {', '.join(report.attributes_added)}"
                    if report.attributes_added else ""))
    for update in report.updated:
        if not (update.moved or update.kept or update.unplaced):
            continue  # no codings: nothing to say but the count above
        lines.append(f"  updated {update.document}: codings {update.moved} moved, "
                     f"{update.kept} kept in place, {len(update.unplaced)} unplaced")
        lines.extend(f"    unplaced {u.id}: {u.code} ({u.coder}) {u.text[:60]!r}"
                     for u in update.unplaced)
    for name in report.kept_text:
        lines.append(f"  {name}: no open answer in the file; its text was kept")
    if report.short_rows:
        from qcode.ops.survey import short_rows_line

        lines.append(f"  {short_rows_line(report.short_rows)}")
    return lines



def as_dict(report: SurveyReport) -> dict:
    return dict(
        source=report.source,
        columns=[dict(name=c.name, role=c.role, proposed=c.proposed, type=c.type or None,
                      attribute_type=c.attribute_type or None, kept=c.kept)
                 for c in report.columns],
        added=list(report.added),
        updated=[dict(document=u.document, moved=u.moved, kept=u.kept,
                      unplaced=[dict(id=x.id, uuid=x.uuid, code=x.code, coder=x.coder,
                                     text=x.text) for x in u.unplaced])
                 for u in report.updated],
        unchanged=list(report.unchanged),
        kept_text=list(report.kept_text),
        attributes_added=list(report.attributes_added),
        values_set=report.values_set,
        values_changed=report.values_changed,
        short_rows=list(report.short_rows),
    )
