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
from qcode.ops.codings import add_coding
from qcode.project import Project
from tests.team_server import team  # noqa: F401 - the fixture
from tests.test_server_live import seeded


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
