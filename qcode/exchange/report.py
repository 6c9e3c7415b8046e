"""What a REFI-QDA import did: counts, what was skipped and why, what was assumed per source.

Shown by ``qcode import`` and ``qcode codebook import`` (a few lines, or ``--json``) and by
the GUI's summary dialog. A codebook (.qdc) brings codes only, most of them matched to codes
the project holds: its report says how many were matched and how many added, and has no
words for documents, codings or coders.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qcode.changes import Changes
from qcode.exchange.records import Skipped
from qcode.wording import plural

#: what an import read: a whole project (.qdpx) or a codebook (.qdc)
PROJECT = "project"
CODEBOOK = "codebook"


def counted(report: ImportReport | ExportReport) -> list[tuple[int, str]]:
    """(count, word) of each kind of thing an import brought or an export wrote."""
    return [(report.documents, "document"), (report.codes, "code"),
            (report.codings, "coding"), (report.coders, "coder"), (report.memos, "memo"),
            (report.attribute_values, "attribute value")]


@dataclass(frozen=True)
class ImportReport:
    file: str
    kind: str = PROJECT
    documents: int = 0
    codes: int = 0
    codings: int = 0
    coders: int = 0
    memos: int = 0
    attribute_values: int = 0
    #: (source name, what its positions were read as), one per text source with selections
    assumptions: tuple[tuple[str, str], ...] = ()
    #: names changed on the way in: (what, old name, new name), e.g. a second "E07"
    renamed: tuple[tuple[str, str, str], ...] = ()
    #: differences noticed and not applied (a .qdc's colour for an existing code ...)
    differences: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    #: a codebook's codes found in the project (by GUID, else by path): nothing added for them
    codes_matched: int = 0
    changes: Changes = field(default_factory=Changes, compare=False, repr=False)

    def line(self) -> str:
        """One line: what arrived, and how much was skipped."""
        if self.kind == CODEBOOK:
            return self._codebook_line()
        text = f"{self.file}: imported " + ", ".join(plural(n, w) for n, w in counted(self))
        if self.skipped:
            text += f"; {len(self.skipped)} skipped"
        return text

    def _codebook_line(self) -> str:
        """``demo.qdc: 26 codes matched (by GUID or path), 0 added``, then what was not."""
        text = (f"{self.file}: {plural(self.codes_matched, 'code')} matched (by GUID or path), "
                f"{self.codes} added")
        if self.differences:
            text += f"; {plural(len(self.differences), 'difference')} not applied"
        if self.skipped:
            text += f"; {len(self.skipped)} skipped"
        return text

    def lines(self) -> list[str]:
        """The summary line, then one line per assumption, rename, difference and skip."""
        out = [self.line()]
        out += [f"  {name}: positions read as {how}" for name, how in self.assumptions]
        out += [f"  {what} '{old}' renamed '{new}'" for what, old, new in self.renamed]
        out += [f"  {text}" for text in self.differences]
        out += [f"  skipped {s.what}: {s.reason}" for s in self.skipped]
        return out

    def as_dict(self) -> dict:
        listed = {
            "renamed": [{"what": w, "from": o, "to": n} for w, o, n in self.renamed],
            "differences": list(self.differences),
            "skipped": [{"what": s.what, "reason": s.reason} for s in self.skipped],
        }
        if self.kind == CODEBOOK:
            return {"file": self.file, "kind": self.kind, "codes": self.codes,
                    "codes_matched": self.codes_matched, **listed}
        return {
            "file": self.file, "kind": self.kind,
            "documents": self.documents, "codes": self.codes, "codings": self.codings,
            "coders": self.coders, "memos": self.memos,
            "attribute_values": self.attribute_values,
            "assumptions": [{"source": n, "positions": how} for n, how in self.assumptions],
            **listed,
        }


@dataclass(frozen=True)
class ExportReport:
    """What a .qdpx or .qdc export wrote."""

    file: str
    documents: int = 0
    codes: int = 0
    codings: int = 0
    coders: int = 0
    memos: int = 0
    attribute_values: int = 0
    #: codings made on an earlier text of their document, left out (a .qdpx holds each
    #: document's current text only)
    earlier_codings: int = 0

    def line(self) -> str:
        parts = [plural(n, word) for n, word in counted(self) if n or word == "code"]
        text = f"wrote {self.file}: " + ", ".join(parts)
        if self.earlier_codings:
            n = self.earlier_codings
            text += (f"; left out {n} coding{'s' * (n != 1)} made on an earlier text of "
                     f"{'their' if n != 1 else 'its'} document")
        return text

    def as_dict(self) -> dict:
        return {"file": self.file, "documents": self.documents, "codes": self.codes,
                "codings": self.codings, "coders": self.coders, "memos": self.memos,
                "attribute_values": self.attribute_values,
                "earlier_codings": self.earlier_codings}
