"""Merging other copies of a project (each analyst's ``.qcode``) into this one, as one change.

    with project.transaction() as s:
        report = merge_projects(s, sources=[Path("omar.qcode")],
                                coder_aliases={"omar": "Omar"})

Each source is opened read-only and read as plain data, one document at a time
(:mod:`qcode.team.merge_source`). Coders are matched by name (after ``coder_aliases``), codes
by uuid then by path (:mod:`qcode.ops.codebook_match`, as a .qdc import matches them),
documents by uuid then by identical text, else by name as a conflict
(:mod:`qcode.team.merge_documents`); codings are added unless the same coding is already there
(:mod:`qcode.team.merge_codings`), memos merged without losing either
(:mod:`qcode.team.merge_memos`). Nothing the project holds is changed but memos (joined) and
missing attribute values (added). The caller owns the transaction, so a source that cannot be
read leaves the project as it was; the report's ``changes`` undo the whole merge.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.changes import Changes, combine
from qcode.db import undecodable_is_damage
from qcode.errors import InputError
from qcode.models import Coder
from qcode.ops.codebook_match import add_missing_codes, guid_key
from qcode.ops.coders import ensure_coder
from qcode.progress import Progress
from qcode.progress import report as report_progress
from qcode.queries import code_paths
from qcode.team.merge_codings import CodingMerger
from qcode.team.merge_documents import ADDED, CONFLICT, AttributeMerger, DocumentMatcher
from qcode.team.merge_memos import MemoMerger
from qcode.team.merge_report import MergeReport, Tally
from qcode.team.merge_server import (
    ServerRights,
    other_project,
    server_coders,
    withheld_memos,
)
from qcode.team.merge_source import SourceReader, open_source


@dataclass
class _Steps:
    """The merge's changes by kind, combined in the order that lets undo take them back."""

    coders: list[Changes] = field(default_factory=list)
    codes: list[Changes] = field(default_factory=list)
    attributes: list[Changes] = field(default_factory=list)
    documents: list[Changes] = field(default_factory=list)
    values: list[Changes] = field(default_factory=list)
    codings: list[Changes] = field(default_factory=list)
    memos: list[Changes] = field(default_factory=list)

    def combined(self, description: str) -> Changes:
        return combine(description, [*self.coders, *self.codes, *self.attributes,
                                     *self.documents, *self.values, *self.codings,
                                     *self.memos])


def merge_projects(session: Session, *, sources: Sequence[Path],
                   coder_aliases: Mapping[str, str] | None = None,
                   progress: Progress | None = None) -> MergeReport:
    """Bring every project file of ``sources`` into the session's project (see the module
    docstring). ``coder_aliases`` maps a coder's name in a source to the name to use here."""
    aliases = {old.strip(): new.strip() for old, new in (coder_aliases or {}).items()}
    rights = ServerRights.of(session)
    report, steps = MergeReport(), _Steps()
    memos = MemoMerger(kinds=None if rights.lead else frozenset({"coding"}))
    matcher = DocumentMatcher.read(session)
    matcher.may_add = rights.lead
    seen_coders: set[str] = set()
    for path in map(Path, sources):
        _refuse_the_project_itself(session, path)
        with _naming(path), open_source(path) as source:
            report.sources.append(path.name)
            seen_coders |= set(source.coders().values())
            if rights.on_server:
                report.conflicts.extend(other_project(session, source))
            _merge_source(session, source, aliases, report, steps, memos, matcher, rights,
                          progress)
    unused = sorted(set(aliases) - seen_coders)
    if unused:
        raise InputError(f"--coder-alias: no coder named {unused[0]!r} in "
                         f"{', '.join(report.sources)}")
    steps.documents.append(matcher.changes())
    steps.memos.append(memos.write(session))
    report.memos = Tally(memos.added, memos.matched, memos.conflict)
    report.withheld += withheld_memos(memos)
    report.documents.added = len(matcher.added)
    report.changes = steps.combined(f"Merge {', '.join(report.sources)}")
    return report


def _refuse_the_project_itself(session: Session, path: Path) -> None:
    database = session.get_bind().url.database
    if database and path.exists() and Path(database).resolve() == path.resolve():
        raise InputError("this is the project being merged into", path=path)


@contextmanager
def _naming(path: Path) -> Iterator[None]:
    """An InputError met while merging ``path`` names it; a text in it that is not UTF-8 (a
    damaged page) says the file is damaged."""
    try:
        with undecodable_is_damage(path):
            yield
    except InputError as exc:
        if exc.path is not None:
            raise
        raise InputError(exc.reason, path=path) from None


def _merge_source(session: Session, source: SourceReader, aliases: dict[str, str],
                  report: MergeReport, steps: _Steps, memos: MemoMerger,
                  matcher: DocumentMatcher, rights: ServerRights,
                  progress: Progress | None) -> None:
    file = source.path.name
    if rights.on_server:
        coder_ids, names = server_coders(session, source.coders(), aliases)
    else:
        coder_ids = _coders(session, source, aliases, report, steps)
        names = _coder_names(session, coder_ids)
    code_ids = _codes(session, source, report, steps, memos)
    attributes = AttributeMerger(session, file, report.conflicts, dry=not rights.lead)
    attributes.prepare(source.attributes())
    steps.attributes.extend(attributes.defined)
    values = source.values()
    codings = CodingMerger(session, file, report, memos, code_ids, coder_ids, names,
                           code_paths(session),
                           allowed_coders=rights.allowed_coders(session, coder_ids))
    documents = source.documents()
    for done, doc in enumerate(documents):
        report_progress(progress, done, len(documents), f"{file}: {doc.name}")
        text = source.text(doc.id) or ""
        status, target = matcher.place(source, doc, text)
        if target is None:
            report.documents.conflict += 1
            report.withheld.append(f"{file}: {doc.name} is not in this project and only a "
                                   "lead adds documents (its codings are not brought)")
            continue
        if status == ADDED:
            memos.count_new(doc.memo)
        else:
            setattr(report.documents, status, getattr(report.documents, status) + 1)
            memos.bring("document", target.id, doc.memo, file)
        if status == CONFLICT:
            report.conflicts.append(f"{file}: {doc.name}: its text differs from this "
                                    f"project's {target.name!r} (kept); its codings are "
                                    "placed where their passages are found")
        attributes.bring(target, values.get(doc.id, ()))
        codings.place(doc.id, doc.version, target, status == CONFLICT)
    report_progress(progress, len(documents), len(documents), f"{file}: codings")
    codings.merge(source)
    steps.values.append(attributes.write())
    report.attribute_values += len(attributes.values)
    steps.codings.extend(codings.parts)
    memos.bring("project", 0, source.project_memo(), file)


def _coders(session: Session, source: SourceReader, aliases: dict[str, str],
            report: MergeReport, steps: _Steps) -> dict[int, int]:
    """Source coder id -> project coder id, by name (after the aliases); new coders added,
    but only those who made a coding: opening a project in the app records its user as a
    coder, who is no new coder for the lead."""
    out: dict[int, int] = {}
    coding = source.coding_coders()
    for source_id, name in source.coders().items():
        if source_id not in coding:
            continue
        wanted = aliases.get(name, name)
        coder_id, changes = ensure_coder(session, wanted)
        if changes.coders:
            steps.coders.append(changes)
            report.coders_added.append(wanted)
        out[source_id] = coder_id
    return out


def _coder_names(session: Session, coder_ids: dict[int, int]) -> dict[int, str]:
    return dict(session.execute(select(Coder.id, Coder.name)
                                .where(Coder.id.in_(set(coder_ids.values())))).all())


def _codes(session: Session, source: SourceReader, report: MergeReport, steps: _Steps,
           memos: MemoMerger) -> dict[int, int]:
    """Source code id -> project code id; new codes added, differences reported."""
    codes = source.codes()
    match = add_missing_codes(session, codes, description=f"Merge codes of {source.path.name}")
    steps.codes.append(match.changes)
    report.codes.added += match.added
    report.codes.matched += len(codes) - match.added
    report.codes.conflict += len(match.differing)
    report.conflicts.extend(f"{source.path.name}: {line}" for line in match.differences)
    report.conflicts.extend(f"{source.path.name}: code {old!r} arrives as {new!r}"
                            for _, old, new in match.renamed)
    ids = {code.id: match.ids[guid_key(code.guid)] for code in codes}
    for code in codes:
        memos.bring("code", ids[code.id], code.memo, source.path.name)
    return ids
