"""A small study for the analysis view tests, built with ops, and plain-Python facts about it
for brute-force checks: two coders, nested codes, two attributes (one value missing), speaker
turns (one coding runs from one turn into the next), a document without turns."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from qcode.importers.base import ImportedDocument
from qcode.importers.turns import Turn
from qcode.ops.attributes import define_attribute, set_attribute_value
from qcode.ops.codebook_create import create_code
from qcode.ops.coders import add_coder
from qcode.ops.codings import add_coding
from qcode.ops.documents import add_documents
from qcode.project import Project

TEXTS = {
    "Interview A": "Q: How is funding?\nA: Donors pay, the EU mostly. Trust is low.\nQ: Why?\n"
                   "A: Promises were broken.",
    "Interview B": "Q: Budget?\nA: The national budget covers salaries; donors cover training.",
    "Interview C": "ثقة المواطن أساسية. التمويل من المانحين.",
}
SPEAKERS = {"Q": "Interviewer", "A": "Expert"}
CODES = ("Funding", "Funding/Donors", "Funding/Donors/EU", "Trust")
VALUES = {"role": {"Interview A": "Official", "Interview B": "Vendor"},
          "city": {"Interview A": "Tripoli", "Interview B": "Tripoli",
                   "Interview C": "Benghazi"}}
#: (document, code path, coder, the coded text)
CODINGS = (
    ("Interview A", "Funding/Donors", "Amal", "Donors pay"),
    ("Interview A", "Funding/Donors/EU", "Badr", "the EU mostly"),
    ("Interview A", "Funding", "Badr", "Donors pay, the EU mostly."),
    ("Interview A", "Trust", "Amal", "Trust is low.\nQ: Why?"),
    ("Interview A", "Trust", "Badr", "Promises were broken."),
    ("Interview A", "Funding", "Amal", "How is funding?"),
    ("Interview B", "Funding", "Amal", "national budget"),
    ("Interview B", "Funding/Donors", "Amal", "donors cover training"),
    ("Interview B", "Trust", "Badr", "The national budget covers salaries"),
    ("Interview C", "Trust", "Amal", "ثقة المواطن"),
    ("Interview C", "Funding/Donors", "Badr", "التمويل من المانحين"),
    ("Interview C", "Funding/Donors/EU", "Amal", "المانحين"),
)


def turns_of(text: str) -> tuple[Turn, ...]:
    """One turn per line starting with "Q:" or "A:", running to the next line's start."""
    turns, offset = [], 0
    for line in text.split("\n"):
        if line[:2] in ("Q:", "A:"):
            turns.append(Turn(SPEAKERS[line[0]], offset, min(offset + len(line) + 1, len(text))))
        offset += len(line) + 1
    return tuple(turns)


@dataclass(frozen=True)
class Coded:
    id: int
    document: str
    document_id: int
    code: str
    code_id: int
    coder: str
    start: int
    end: int


@dataclass(frozen=True)
class Study:
    doc_ids: dict[str, int]
    code_ids: dict[str, int]
    coder_ids: dict[str, int]
    codings: tuple[Coded, ...]

    def speaker_of(self, c: Coded) -> str | None:
        found = [t for t in turns_of(TEXTS[c.document]) if t.start <= c.start < t.end]
        return found[-1].speaker if found else None

    def subtree(self, path: str) -> set[str]:
        return {p for p in CODES if p == path or p.startswith(path + "/")}


def _document(name: str, text: str) -> ImportedDocument:
    rtl = any("\u0600" <= ch <= "\u06ff" for ch in text)
    return ImportedDocument(name=name, text=text, original_filename=f"{name}.txt",
                            sha256=hashlib.sha256(text.encode()).hexdigest(),
                            direction="rtl" if rtl else "ltr", turns=turns_of(text),
                            format="txt")


def build_analysis_study(project: Project) -> Study:
    with project.transaction() as s:
        changes = add_documents(s, documents=[_document(n, t) for n, t in TEXTS.items()])
        doc_ids = dict(zip(TEXTS, sorted(changes.documents), strict=True))
        code_ids: dict[str, int] = {}
        for path in CODES:
            parent, _, name = path.rpartition("/")
            created = create_code(s, name=name, parent_id=code_ids.get(parent))
            code_ids[path] = next(iter(created.codes))
        coder_ids = {n: next(iter(add_coder(s, name=n).coders)) for n in ("Amal", "Badr")}
        for attribute, values in VALUES.items():
            attribute_id = next(iter(define_attribute(s, name=attribute, type="text")
                                     .attributes))
            for doc, value in values.items():
                set_attribute_value(s, document_id=doc_ids[doc], attribute_id=attribute_id,
                                    value=value)
        codings = []
        for doc, path, coder, quote in CODINGS:
            start = TEXTS[doc].index(quote)
            added = add_coding(s, document_id=doc_ids[doc], code_id=code_ids[path],
                               coder_id=coder_ids[coder], start=start, end=start + len(quote))
            codings.append(Coded(next(iter(added.codings)), doc, doc_ids[doc], path,
                                 code_ids[path], coder, start, start + len(quote)))
    return Study(doc_ids, code_ids, coder_ids, tuple(codings))
