"""Merge properties over random work in two copies of one project: merging is idempotent, A
into B and B into A give the same codings, and nothing of either copy is lost."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from qcode.models import Code, Coder, Document
from qcode.ops.codings import add_coding
from qcode.project import Project
from tests.factories import add_code, add_coder, add_doc
from tests.test_team_merge import codings_of, counts, make_base, merge

CODERS = ("Amal", "Omar", "Lina")
NEW_TEXT = "Expert: the portal is slow, trust is low."

#: (document index, code index, start, length, coder index); document 1 is a document new
#: in that copy
WORK = st.lists(st.tuples(st.integers(0, 1), st.integers(0, 2), st.integers(0, 35),
                          st.integers(1, 20), st.integers(0, 2)), max_size=8)


def do_work(path: Path, work: list[tuple[int, int, int, int, int]], new_code: str,
            new_doc: str) -> None:
    with Project.open(path) as p, p.transaction() as s:
        docs = [s.scalar(select(Document.id).where(Document.name == "E01")),
                add_doc(s, new_doc, f"{new_doc} {NEW_TEXT}")]
        codes = [s.scalar(select(Code.id).where(Code.name == "Trust")),
                 s.scalar(select(Code.id).where(Code.name == "Portal")),
                 add_code(s, new_code)]
        coders = [s.scalar(select(Coder.id).where(Coder.name == name)) or add_coder(s, name)
                  for name in CODERS]
        for doc, code, start, length, who in work:
            text = s.scalar(select(Document.text).where(Document.id == docs[doc]))
            start %= len(text) - 1
            add_coding(s, document_id=docs[doc], code_id=codes[code], coder_id=coders[who],
                       start=start, end=min(len(text), start + length))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WORK, WORK, st.sampled_from(("Cost", "Trust")))
def test_merging_is_symmetric_idempotent_and_loses_nothing(work_a, work_b, b_code):
    with tempfile.TemporaryDirectory() as folder:
        base = make_base(Path(folder) / "base.qcode")
        a, b = (shutil.copy(base, Path(folder) / name) for name in ("a.qcode", "b.qcode"))
        do_work(Path(a), work_a, "Cost", "E02")
        do_work(Path(b), work_b, f"{b_code} (b)", "E03")
        a_into_b = shutil.copy(b, Path(folder) / "a_into_b.qcode")
        b_into_a = shutil.copy(a, Path(folder) / "b_into_a.qcode")
        merge(Path(a_into_b), Path(a))
        merge(Path(b_into_a), Path(b))
        either = codings_of(Path(a)) | codings_of(Path(b))
        assert codings_of(Path(a_into_b)) == codings_of(Path(b_into_a)) == either
        before = counts(Path(b_into_a))
        again = merge(Path(b_into_a), Path(b), Path(a))
        assert counts(Path(b_into_a)) == before
        assert again.codings.added == again.documents.added == again.codes.added == 0
