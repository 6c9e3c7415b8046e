"""A REFI-QDA codebook into qcode's: hierarchy, colours, descriptions, GUIDs as uuids.

The file's codes are matched to the project's as a .qdc codebook's are
(:mod:`qcode.ops.codebook_match`): by GUID, else by path, so a project that already holds the
codebook (imported first from a .qdc, whose tool may have minted new GUIDs for the .qdpx) gets
no second copy; a matched code keeps its colour, description and place, and where the file's
differ the import report says so. qcode's rules differ from the file's in a few places, each
settled there so the import never fails on them: a code name may not hold ``/`` (it separates
parent and child in paths) or line breaks, and siblings may not share a name in any case.
Such names are changed (``/`` becomes ``-``; a clash gets `` (2)``) and every change is listed
in the report. ``isCodable="false"`` codes (NVivo folders, ATLAS.ti groups) become ordinary
codes: qcode has no codes that cannot carry codings.

The reader gives the whole codebook before any source, so the codes are gathered and matched
at once, when the first record after them (or the end) arrives: :meth:`CodeLoader.resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from qcode.errors import InputError
from qcode.exchange import records
from qcode.ops.codebook_match import add_missing_codes


@dataclass
class CodeLoader:
    """Gathers the file's codes (parents first, as the reader yields them), then adds those
    the project does not hold."""

    session: Session
    file: str
    ids: dict[str, int] = field(default_factory=dict)  # by guid_key
    added: list[int] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    not_codable: int = 0
    pending: list[records.Code] = field(default_factory=list)

    def add(self, code: records.Code) -> None:
        self.pending.append(code)

    def resolve(self) -> None:
        """Match and add the codes gathered so far (nothing when there are none)."""
        if not self.pending:
            return
        try:
            match = add_missing_codes(self.session, self.pending, f"Import {self.file}")
        except InputError as exc:
            if exc.path is not None:
                raise
            raise InputError(exc.reason, path=self.file) from None
        new = match.changes.codes - set(self.added)
        self.not_codable += sum(1 for code in self.pending if not code.is_codable
                                and match.ids.get(records.guid_key(code.guid)) in new)
        self.pending = []
        self.ids.update(match.ids)
        self.added.extend(sorted(new))
        self.renamed.extend(match.renamed)
        self.differences.extend(match.differences)

    def id_of(self, guid: str) -> int | None:
        self.resolve()
        return self.ids.get(records.guid_key(guid))
