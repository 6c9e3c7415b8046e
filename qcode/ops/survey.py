"""Importing a survey: one document per respondent, closed answers as typed attributes.

:class:`SurveyPlan` says what to import (the table read by
:func:`qcode.importers.survey_table.read_survey_table`, the id column, each column's role);
:func:`import_survey` does it, all or nothing, as one op (one undo step in the app):

* each respondent is a document named by its id, its text the open answers
  (:mod:`qcode.importers.survey_documents`), each answer a speaker turn of its question;
* closed columns become attributes, typed (:mod:`qcode.importers.survey_columns`); every
  respondent gets ``source = survey``, which marks survey documents;
* again on a file with more respondents or columns (re-import, the same id column): new
  respondents are added, new columns defined; a respondent whose open answers changed gets the
  new text through :func:`qcode.ops.reimport.reimport_document`, which re-anchors its codings
  (those it cannot place stay on the old text and are reported); unchanged ones are left
  alone. Closed answers are set as the file gives them (an empty cell clears a value).
  Columns the survey documents already hold keep their role (:mod:`qcode.ops.survey_roles`):
  only new columns are proposed or chosen, and a chosen role against a kept one is refused.

Refused with one line, nothing imported: an unknown column, an empty or repeated id, an id that
names a document that is not a survey respondent, a closed column named ``source``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.changes import Changes, combine, no_change
from qcode.chunks import chunks
from qcode.errors import InputError
from qcode.importers.base import ImportedDocument
from qcode.importers.survey_columns import ROLES, Role, column_type, propose_roles
from qcode.importers.survey_documents import question_heading, respondent_document
from qcode.importers.survey_table import SurveyTable
from qcode.models import Attribute, Coding, Document, DocumentAttribute
from qcode.ops.documents import MAX_NAME
from qcode.ops.reimport import ReimportSummary, reimport_document
from qcode.ops.survey_attributes import (
    SOURCE,
    SURVEY,
    ColumnValues,
    PlannedColumn,
    define_columns,
    plan_columns,
    row_values,
    update_values,
)
from qcode.ops.survey_bulk import add_respondents, replace_uncoded_texts
from qcode.ops.survey_roles import keep_known_roles, known_roles
from qcode.progress import Progress, report

MAX_LISTED = 10
_PROGRESS_EVERY = 250
_CHUNK = 10_000


@dataclass(frozen=True)
class SurveyPlan:
    """What to import: the table, the id column, each column's role (``id``, ``open``,
    ``closed``; a column left out of ``roles`` is closed), the name the documents say they
    came from (default: the file's name), and the columns whose role was proposed rather than
    chosen (for the summary). ``chosen``: the columns whose role the user set (None: all but
    the proposed ones); ``kept``: those whose role an earlier import set (filled in by
    :func:`import_survey`)."""

    table: SurveyTable
    id_column: str
    roles: Mapping[str, Role] = field(default_factory=dict)
    source: str = ""
    proposed: frozenset[str] = frozenset()
    chosen: frozenset[str] | None = None
    kept: frozenset[str] = frozenset()

    @classmethod
    def propose(cls, table: SurveyTable, id_column: str,
                open_columns: Sequence[str] | None = None) -> SurveyPlan:
        """A plan with ``open_columns`` open and the rest closed, or, without them, the roles
        :func:`~qcode.importers.survey_columns.propose_roles` proposes. InputError for a column
        the table lacks."""
        id_name = table.header[table.column(id_column)]
        if open_columns:
            chosen = {table.header[table.column(c)] for c in open_columns}
            if id_name in chosen:
                raise InputError(f"column {id_name!r} is the id; it cannot be open too",
                                 path=table.source)
            roles: dict[str, Role] = {c: "id" if c == id_name else
                                      "open" if c in chosen else "closed" for c in table.header}
            return cls(table, id_name, roles, chosen=frozenset(chosen))
        roles = propose_roles(table, id_name)
        return cls(table, id_name, roles, proposed=frozenset(roles) - {id_name})

    @property
    def source_name(self) -> str:
        return self.source or self.table.source.name

    def chosen_columns(self) -> frozenset[str]:
        """The columns whose role the user set (rather than left as proposed or default)."""
        if self.chosen is not None:
            return self.chosen
        return frozenset(self.table.header) - self.proposed - {self.id_column}

    def keeping(self, known: Mapping[str, Role]) -> SurveyPlan:
        """This plan with the roles an earlier import gave ``known`` columns (InputError
        naming a chosen role against one)."""
        if not known:
            return self
        roles = keep_known_roles({c: self.role(c) for c in self.table.header}, known,
                                 self.chosen_columns(), self.table)
        return replace(self, roles=roles, proposed=self.proposed - frozenset(known),
                       kept=frozenset(known))

    def role(self, column: str) -> Role:
        return "id" if column == self.id_column else self.roles.get(column, "closed")

    def columns(self, role: Role) -> list[str]:
        """The columns of ``role``, in the header's order."""
        return [c for c in self.table.header if self.role(c) == role]


@dataclass(frozen=True)
class SurveyColumn:
    """A column in the summary: its role, whether it was proposed, and for a closed column
    its type as read (integer, number, date, text) and the attribute's type in the project."""

    name: str
    role: Role
    proposed: bool
    type: str = ""
    attribute_type: str = ""
    kept: bool = False


@dataclass(frozen=True)
class SurveyReport:
    """What a survey import did."""

    source: str
    columns: tuple[SurveyColumn, ...]
    added: tuple[str, ...]
    #: respondents already here whose open answers changed: the re-import of each
    updated: tuple[ReimportSummary, ...]
    unchanged: tuple[str, ...]
    #: respondents already here with no open answer in the file: their text was kept
    kept_text: tuple[str, ...]
    attributes_added: tuple[str, ...]
    values_set: int
    values_changed: int
    #: CSV line numbers of rows with fewer cells than the header: their last answers empty
    short_rows: tuple[int, ...] = ()


def import_survey(session: Session, *, plan: SurveyPlan, progress: Progress | None = None,
                  reports: list[SurveyReport] | None = None) -> Changes:
    """Import the survey of ``plan`` (see the module doc); its :class:`SurveyReport` is
    appended to ``reports``. InputError (nothing written) for what the module doc lists."""
    table, source = plan.table, plan.source_name
    _check_roles(plan)
    plan = plan.keeping(known_roles(session, table, plan.id_column))
    ids = _respondent_ids(plan)
    existing = _existing(session, ids, table)
    documents = _documents(plan, ids, progress)
    planned = plan_columns(session, _closed_columns(plan), table.source, table.lines)
    parts, planned = define_columns(session, planned)
    row_of = {respondent: row for row, respondent in enumerate(ids)}
    new = [d for d in documents if d.name not in existing]
    new_values = [row_values(planned, row_of[d.name]) for d in new]
    if new:
        added, _ = add_respondents(session, documents=new, values=new_values)
        parts.append(added)
    updated, unchanged, kept_text = _update_existing(session, documents, existing, parts)
    report(progress, len(ids), len(ids), "attributes")
    changed: int = 0
    if existing:
        value_parts, changed = update_values(
            session, planned, [(doc_id, row_of[name]) for name, (doc_id, _) in existing.items()],
            f"Set the closed answers of {source}")
        parts.extend(value_parts)
    if reports is not None:
        reports.append(SurveyReport(
            source, _summary_columns(plan, planned), tuple(d.name for d in new),
            tuple(updated), tuple(unchanged), tuple(kept_text),
            tuple(c.column.name for c in planned if c.defined_now),
            sum(map(len, new_values)), changed, table.short))
    description = f"Import survey {source}"
    if all(p.empty for p in parts):
        return Changes(description=description, inverse=partial(no_change,
                                                                description=description))
    return combine(description, parts)


def _check_roles(plan: SurveyPlan) -> None:
    table = plan.table
    unknown = [c for c in (plan.id_column, *plan.roles) if c not in table.header]
    if unknown:
        raise InputError(f"no column {unknown[0]!r} (the columns are: "
                         f"{', '.join(repr(h) for h in table.header)})", path=table.source)
    wrong = [f"{c!r}: {r!r}" for c, r in plan.roles.items() if r not in ROLES
             or (r == "id") != (c == plan.id_column)]
    if wrong:
        raise InputError(f"wrong column role {wrong[0]} (one id column, {plan.id_column!r}; "
                         "the others open or closed)", path=table.source)
    clash = next((c for c in plan.columns("closed") if c.casefold() == SOURCE), None)
    if clash is not None:
        raise InputError(f"closed column {clash!r} would clash with the attribute '{SOURCE}' "
                         f"that marks survey documents ({SOURCE} = {SURVEY}); rename the "
                         "column", path=table.source)


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


def _and(numbers: Sequence[int]) -> str:
    """``6 and 22``, ``6, 9 and 22``."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _respondent_ids(plan: SurveyPlan) -> list[str]:
    """The ids, one per row; InputError listing the rows without one or ids given twice."""
    table = plan.table
    ids = table.cells(plan.id_column)
    empty = [str(line) for line, i in zip(table.lines, ids, strict=True) if not i]
    if empty:
        raise InputError(f"{len(empty)} row{'s' * (len(empty) != 1)} without an id (column "
                         f"{plan.id_column!r}): row{'s' * (len(empty) != 1)} {_listed(empty)}; "
                         "nothing was imported", path=table.source)
    rows: dict[str, list[int]] = {}
    for line, respondent in zip(table.lines, ids, strict=True):
        rows.setdefault(respondent, []).append(line)
    twice = [f"{i!r} (rows {_and(lines)})" for i, lines in rows.items() if len(lines) > 1]
    if twice:
        raise InputError(f"{len(twice)} id{'s' * (len(twice) != 1)} given more than once: "
                         f"{_listed(twice)}; nothing was imported", path=table.source)
    long = [repr(i[:40] + "...") for i in ids if len(i) > MAX_NAME - 10]
    if long:
        raise InputError(f"ids too long to name a document (at most {MAX_NAME - 10} "
                         f"characters): {_listed(long)}", path=table.source)
    return ids


def _existing(session: Session, ids: list[str], table: SurveyTable
              ) -> dict[str, tuple[int, str]]:
    """Survey documents already here among ``ids``: name -> (id, text). InputError listing
    the ids that name documents that are not survey respondents."""
    wanted = set(ids)
    rows = session.execute(select(Document.id, Document.name)).all()
    found = {name: doc_id for doc_id, name in rows if name in wanted}
    if not found:
        return {}
    survey = set(session.scalars(
        select(DocumentAttribute.document_id)
        .join(Attribute, Attribute.id == DocumentAttribute.attribute_id)
        .where(func.lower(Attribute.name) == SOURCE, DocumentAttribute.value == SURVEY)))
    taken = [repr(name) for name in ids if name in found and found[name] not in survey]
    if taken:
        verb = "names" if len(taken) == 1 else "name"
        raise InputError(f"{len(taken)} id{'s' * (len(taken) != 1)} already {verb} a document "
                         f"that is not a survey respondent: {_listed(taken)}; nothing was "
                         "imported", path=table.source)
    doc_ids = list(found.values())
    texts: dict[int, str] = {}
    for chunk in chunks(doc_ids, _CHUNK):  # SQLite takes at most 32,766 parameters
        texts.update(session.execute(select(Document.id, Document.text).where(
            Document.id.in_(chunk))).all())
    return {name: (doc_id, texts[doc_id]) for name, doc_id in found.items()}


def _documents(plan: SurveyPlan, ids: list[str], progress: Progress | None
               ) -> list[ImportedDocument]:
    table = plan.table
    open_columns = [(question_heading(c), table.column(c)) for c in plan.columns("open")]
    documents = []
    for n, (respondent, row) in enumerate(zip(ids, table.rows, strict=True)):
        if n % _PROGRESS_EVERY == 0:
            report(progress, n, len(ids), respondent)
        answers = [(name, row[index]) for name, index in open_columns]
        documents.append(respondent_document(respondent, answers, plan.source_name))
    return documents


def _update_existing(session: Session, documents: list[ImportedDocument],
                     existing: dict[str, tuple[int, str]], parts: list[Changes]
                     ) -> tuple[list[ReimportSummary], list[str], list[str]]:
    """Give the respondents already here whose text changed the new one (appending the
    changes to ``parts``): through :func:`reimport_document` when they have codings, which
    re-anchors them, else in bulk. (Their summaries, the unchanged, those whose new row has no
    open answer.)"""
    unchanged = [d.name for d in documents if d.name in existing
                 and d.text == existing[d.name][1]]
    kept_text = [d.name for d in documents if d.name in existing and not d.text
                 and existing[d.name][1]]
    changed = [d for d in documents if d.name in existing and d.text
               and d.text != existing[d.name][1]]
    coded = _coded(session, [existing[d.name][0] for d in changed])
    updated: list[ReimportSummary] = []
    for doc in changed:
        if existing[doc.name][0] in coded:
            parts.append(reimport_document(session, document_id=existing[doc.name][0],
                                           imported=doc, reports=updated))
    plain = [d for d in changed if existing[d.name][0] not in coded]
    if plain:
        parts.append(replace_uncoded_texts(session, texts=[
            (existing[d.name][0], d.text, d.sha256, d.direction, d.turns) for d in plain]))
        updated.extend(ReimportSummary(d.name, d.original_filename, 0, 0, ()) for d in plain)
    return updated, unchanged, kept_text


def _coded(session: Session, document_ids: list[int]) -> set[int]:
    """Those of the documents that have codings (on any of their texts)."""
    found: set[int] = set()
    for chunk in chunks(document_ids, _CHUNK):
        found.update(session.scalars(select(Coding.document_id).distinct().where(
            Coding.document_id.in_(chunk))))
    return found


def _closed_columns(plan: SurveyPlan) -> list[ColumnValues]:
    table = plan.table
    columns = []
    for name in plan.columns("closed"):
        cells = table.cells(name)
        columns.append(ColumnValues(name, column_type(cells), tuple(cells)))
    columns.append(ColumnValues(SOURCE, "text", (SURVEY,) * len(table.rows)))
    return columns


def _summary_columns(plan: SurveyPlan, planned: list[PlannedColumn]
                     ) -> tuple[SurveyColumn, ...]:
    by_name = {c.column.name: c for c in planned}
    out = []
    for name in plan.table.header:
        column = by_name.get(name)
        out.append(SurveyColumn(name, plan.role(name), name in plan.proposed,
                                column.column.type if column else "",
                                column.type if column else "", name in plan.kept))
    return tuple(out)


def short_rows_line(lines: tuple[int, ...]) -> str:
    """The rows a CSV cut short, said once: "line 5", "lines 5, 9, 12 and 3 more"."""
    shown = ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5} more"
                                               if len(lines) > 5 else "")
    one = len(lines) == 1
    return (f"{'line' if one else 'lines'} {shown} had fewer cells than the header: "
            f"{'its' if one else 'their'} last answers were taken as empty")
