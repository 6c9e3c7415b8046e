"""After a corrected text, the kept-fresh count tables count only the codings placed on it.

A coding a correction could not re-anchor stays on the old text (unplaced): it is kept, but
its span points into the old text, so it must not be counted against the new one. The tables
are checked against a brute-force count of the placed codings on the current text, in the
same process (the word masks are cached per document), and again after undo.
"""

from __future__ import annotations

from sqlalchemy import select

from qcode.models import (
    Code,
    Coding,
    Document,
    code_coverage,
    code_totals,
    document_coverage,
    rollup_coverage,
)
from qcode.ops.codings import add_coding
from qcode.ops.document_text import replace_document_text
from qcode.project import Project
from tests.factories import add_code, add_coder, add_doc
from tests.test_coverage_tables import expected_islands, expected_rollup

OLD = ("Interviewer: Who pays for the portal? Expert: the ministry must own it. Trust is low, "
       "and it shows at the very end of it all.")
#: "Trust is low" moves to the front; the other passages are gone (their codings unplaced),
#: one of them past the end of the shorter new text
NEW = "Trust is low. Interviewer: Who pays? Expert: nobody."
PASSAGES = {"Trust": "Trust is low", "Ministry": "the ministry must own it",
            "End": "at the very end of it all", "Question": "Who pays"}


def _coded(project: Project) -> tuple[int, dict[str, int]]:
    with project.transaction() as s:
        doc, coder = add_doc(s, "E01", OLD), add_coder(s)
        parent = add_code(s, "Themes")
        codes = {name: add_code(s, name, parent) for name in PASSAGES}
        for name, passage in PASSAGES.items():
            start = OLD.index(passage)
            add_coding(s, document_id=doc, code_id=codes[name], coder_id=coder, start=start,
                       end=start + len(passage))
    return doc, codes


def _placed(project: Project) -> tuple[dict[int, str], dict[int, int | None], list[tuple]]:
    """Texts, the code tree and the (code, document, start, end) of the placed codings."""
    with project.reading() as s:
        texts = dict(s.execute(select(Document.id, Document.text)).all())
        parents = dict(s.execute(select(Code.id, Code.parent_id)).all())
        codings = [tuple(r) for r in s.execute(
            select(Coding.code_id, Coding.document_id, Coding.start, Coding.end)
            .join(Document, Document.id == Coding.document_id)
            .where(Coding.version == Document.version))]
    return texts, parents, codings


def assert_tables_count_placed_codings(project: Project) -> None:
    texts, parents, codings = _placed(project)
    with project.reading() as s:
        stored = {t.name: [tuple(r) for r in s.execute(select(t).order_by(*t.c))]
                  for t in (code_coverage, code_totals, document_coverage, rollup_coverage)}
    by_pair: dict[tuple[int, int], list[tuple[int, int]]] = {}
    by_doc: dict[int, list[tuple[int, int]]] = {}
    for code, doc, a, b in codings:
        by_pair.setdefault((code, doc), []).append((a, b))
        by_doc.setdefault(doc, []).append((a, b))
    assert stored["code_coverage"] == sorted(
        (code, doc, *island) for (code, doc), spans in by_pair.items()
        for island in expected_islands(texts[doc], spans))
    assert stored["document_coverage"] == sorted(
        (doc, *island) for doc, spans in by_doc.items()
        for island in expected_islands(texts[doc], spans))
    own = dict.fromkeys(code for code, *_ in codings)
    assert stored["code_totals"] == expected_rollup(texts, own, codings)
    assert stored["rollup_coverage"] == expected_rollup(texts, parents, codings)


def test_unplaced_codings_are_not_counted_against_the_new_text(project):
    doc, codes = _coded(project)
    assert_tables_count_placed_codings(project)  # the old text's word mask is cached now
    with project.transaction() as s:
        changes = replace_document_text(s, document_id=doc, text=NEW)
    texts, _, placed = _placed(project)
    assert {code for code, *_ in placed} == {codes["Trust"], codes["Question"]}
    assert_tables_count_placed_codings(project)
    with project.reading() as s:  # the unplaced codings are kept, not counted
        assert s.scalar(select(Coding.id).where(Coding.code_id == codes["End"])) is not None
        totals = {code: n for code, _, n, *_ in s.execute(select(code_totals))}
    assert totals == {codes["Trust"]: 1, codes["Question"]: 1}

    with project.transaction() as s:  # undo: the old text, every coding counted on it again
        changes.inverse(s)
    assert_tables_count_placed_codings(project)
    assert len(_placed(project)[2]) == len(PASSAGES)
