"""What a merge did: documents, codes, codings and memos added, matched and in conflict.

Shown by ``qcode merge`` (a few lines, or ``--json``); ``changes`` is the one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qcode.changes import Changes

#: how many unplaced codings the summary lines quote (the JSON lists them all)
LISTED = 20


@dataclass
class Tally:
    """Counts of one kind of thing: added, matched (already there), in conflict."""

    added: int = 0
    matched: int = 0
    conflict: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "matched": self.matched, "conflict": self.conflict}


@dataclass(frozen=True)
class Unplaced:
    """A coding of another copy whose passage is not in this project's text of its document:
    reported, never attached to text that was not coded."""

    source: str
    document: str
    code: str
    coder: str
    #: the span and passage in the other copy's text
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"source": self.source, "document": self.document, "code": self.code,
                "coder": self.coder, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class MergeReport:
    """What merging ``sources`` into the project did (see :func:`qcode.team.merge`).

    Documents in conflict have the same uuid or name but a different text (the project's text
    is kept); codes in conflict differ in colour, description or place (the project's are
    kept); codings in conflict could not be placed in the project's text (``unplaced``); memos
    in conflict differed and were joined.
    """

    sources: list[str] = field(default_factory=list)
    documents: Tally = field(default_factory=Tally)
    codes: Tally = field(default_factory=Tally)
    codings: Tally = field(default_factory=Tally)
    memos: Tally = field(default_factory=Tally)
    #: new codings of documents in conflict placed in the project's text (counted as added too)
    reanchored: int = 0
    coders_added: list[str] = field(default_factory=list)
    attribute_values: int = 0
    #: lines: documents, codes and attribute values that differ (the project's kept)
    conflicts: list[str] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    #: merging into a server project: new codings of other coders, by coder name, that this
    #: login may not add (the database would refuse them), and other things it may not change
    not_brought: dict[str, int] = field(default_factory=dict)
    withheld: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes, compare=False, repr=False)

    def line(self) -> str:
        parts = [f"{name} {tally.added} added, {tally.matched} matched, "
                 f"{tally.conflict} in conflict"
                 for name, tally in (("documents", self.documents), ("codes", self.codes),
                                     ("codings", self.codings), ("memos", self.memos))]
        return f"merged {', '.join(self.sources)}: " + "; ".join(parts)

    def lines(self) -> list[str]:
        """The summary line, then what else arrived, each conflict, the unplaced codings."""
        out = [self.line()]
        if self.coders_added:
            out.append(f"  new coders: {', '.join(self.coders_added)}")
        if self.reanchored:
            out.append(f"  {self.reanchored} coding{'s' * (self.reanchored != 1)} placed in "
                       "this project's differing text of their document")
        if self.attribute_values:
            out.append(f"  {self.attribute_values} attribute value"
                       f"{'s' * (self.attribute_values != 1)} added")
        out += [f"  {line}" for line in self.conflicts]
        for coder, count in self.not_brought.items():
            out.append(f"  {count} coding{'s' * (count != 1)} by {coder} not brought: on a "
                       f"server a coder brings only their own codings, and codings come only "
                       f"under members' logins (if they are yours: --coder-alias "
                       f"{coder}=YOUR_LOGIN)")
        out += [f"  {line}" for line in self.withheld]
        for u in self.unplaced[:LISTED]:
            out.append(f"  {u.source}: {u.document}: not placed ({u.code}, {u.coder}, "
                       f"{u.start}-{u.end}): {_quoted(u.text)} is not in this project's text")
        if len(self.unplaced) > LISTED:
            out.append(f"  ... and {len(self.unplaced) - LISTED} more codings not placed "
                       "(--json lists them all)")
        return out

    def as_dict(self) -> dict:
        return {
            "sources": self.sources,
            "documents": self.documents.as_dict(), "codes": self.codes.as_dict(),
            "codings": self.codings.as_dict(), "memos": self.memos.as_dict(),
            "reanchored": self.reanchored, "coders_added": self.coders_added,
            "attribute_values": self.attribute_values, "conflicts": self.conflicts,
            "unplaced": [u.as_dict() for u in self.unplaced],
            "not_brought": self.not_brought, "withheld": self.withheld,
        }


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")
