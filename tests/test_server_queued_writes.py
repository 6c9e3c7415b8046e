"""A coding's refresh on a server sends its writes with its next read (one round trip,
:mod:`qcode.derived.queued`): what is read after a write sees it, and a write the server
refuses still ends the step in one plain line with nothing saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from qcode.derived.queued import fetch_all, queued_writes, write_many
from qcode.errors import QcodeError
from qcode.models import Coding
from qcode.ops.coders import coder_id_named
from qcode.ops.codings import NewCoding, add_coding, add_codings, remove_codings
from qcode.project import Project
from tests.factories import add_code, add_doc
from tests.team_server import team  # noqa: F401 - the fixture
from tests.test_server_live import seeded

DERIVED = ("code_coverage", "document_coverage", "code_totals", "rollup_coverage")
WORDS = "The ministry signed a partnership for training and funding of local staff. "


def test_a_read_after_queued_writes_sees_them_in_order(team):  # noqa: F811
    name, doc_id, code_id = seeded(team)
    with Project.open(team.url(name, "owner")) as project, project.transaction() as s, \
            queued_writes(s):
        write_many(s, "CREATE TEMPORARY TABLE seen (n integer)", None)
        write_many(s, "INSERT INTO seen VALUES (%s)", [(1,), (2,), (3,)])
        write_many(s, "DELETE FROM seen WHERE n = %s", [(2,)])
        assert fetch_all(s, "SELECT n FROM seen ORDER BY n", None) == [(1,), (3,)]
        write_many(s, "INSERT INTO seen VALUES (%s)", [(4,)])
        assert fetch_all(s, "SELECT count(*) FROM seen", None) == [(3,)]


def test_a_refused_queued_write_is_one_plain_line_and_the_coding_is_not_saved(team):  # noqa: F811
    name, doc_id, code_id = seeded(team)
    with Project.open(team.url(name, "amira")) as project:
        with pytest.raises(QcodeError) as refused, project.transaction() as s:
            add_coding(s, document_id=doc_id, code_id=code_id,
                       coder_id=coder_id_named(s, "amira"), start=0, end=5)
            with queued_writes(s):  # a derived row of a code that does not exist
                write_many(s, "INSERT INTO code_totals VALUES (%s, %s, 1, 1, 1)",
                           [(999_999, doc_id)])
        message = str(refused.value)
        assert "\n" not in message and "Traceback" not in message and "INSERT" not in message
        with project.reading() as s:
            assert s.scalar(select(func.count()).select_from(Coding)) == 0
            assert s.execute(text("SELECT count(*) FROM code_totals")).scalar() == 0


def _derived(session) -> dict[str, list[tuple]]:
    return {t: sorted(map(tuple, session.execute(text(f"SELECT * FROM {t}")))) for t in DERIVED}


def test_a_write_across_many_documents_counts_as_a_whole_rebuild_does(team):  # noqa: F811
    """Many pairs and documents in one transaction: each table's writes queue up behind
    others' (inserts after updates, deletes) before a read; the kept counts must equal what
    a rebuild from the codings makes."""
    name = team.project()
    with Project.open(team.url(name, "lead")) as lead, lead.transaction() as s:
        docs = [add_doc(s, f"E{i:02}", WORDS * (8 + i)) for i in range(12)]
        theme = add_code(s, "Partnerships")
        codes = [add_code(s, n, theme) for n in ("Training", "Funding", "Trust")] + \
            [add_code(s, "Sovereignty"), add_code(s, "Legal frameworks", theme)]
    with Project.open(team.url(name, "amira")) as project:
        added: list[int] = []
        for shift, used in ((0, 4), (3, 5)):  # the second round updates rows the first
            with project.transaction() as s:  # inserted, and inserts those of a new code
                me = coder_id_named(s, "amira")
                added += add_codings(s, codings=[
                    NewCoding(doc, codes[(i + j) % used], me, 7 * j + i + shift,
                              7 * j + i + shift + 5 + 3 * (j % 4))
                    for i, doc in enumerate(docs) for j in range(60)]).codings
        with project.transaction() as s:
            remove_codings(s, coding_ids=sorted(added)[::3])
        with project.reading() as s:
            kept = _derived(s)
    assert len(kept["code_totals"]) == 5 * len(docs)
    with Project.open(team.url(name, "owner")) as owner:
        with owner.transaction() as s:
            s.execute(text("INSERT INTO rollup_rebuild VALUES (1)"))  # rebuild it all
        with owner.reading() as s:
            assert _derived(s) == kept
