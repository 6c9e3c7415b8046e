"""Undoing a step after another analyst changed or deleted what it touched, on the team server:
one clear line instead of a crash, a database error or a silent no-op; the project is left as
it is; in the app the step leaves the undo stack and the other steps still undo."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from qcode.changes import Changes
from qcode.errors import ChangedMeanwhile
from qcode.models import Code, Coding
from qcode.ops.codebook import delete_code, rename_code
from qcode.ops.coders import coder_id_named
from qcode.ops.codings import NewCoding, add_coding, add_codings, remove_coding, set_coding_memo
from qcode.project import Project
from qcode.ui.workspace import Workspace
from tests.factories import add_code, add_doc
from tests.ops_helpers import dump
from tests.team_server import team  # noqa: F401 - the fixture

TEXT = "Trust in the ministry is low. The budget is late. Training happens abroad."


class Team:
    """A server project with a document and a code, opened by amira (a coder), lead and the
    owner (a second lead)."""

    def __init__(self, team) -> None:  # noqa: F811
        name = team.project()
        self.amira = Project.open(team.url(name, "amira"))
        self.lead = Project.open(team.url(name, "lead"))
        self.owner = Project.open(team.url(name, "owner"))
        with self.lead.transaction() as s:
            self.doc = add_doc(s, "E01", TEXT)
            self.trust = add_code(s, "Trust")
        with self.amira.reading() as s:
            self.coder = coder_id_named(s, "amira")

    def code(self, start: int, end: int) -> Changes:
        with self.amira.transaction() as s:
            return add_coding(s, document_id=self.doc, code_id=self.trust,
                              coder_id=self.coder, start=start, end=end)

    def by_lead(self, op, **kwargs) -> Changes:
        with self.lead.transaction() as s:
            return op(s, **kwargs)

    def undo_by_amira(self, changes: Changes) -> Changes:
        assert changes.inverse is not None
        with self.amira.transaction() as s:
            return changes.inverse(s)

    def close(self) -> None:
        for project in (self.amira, self.lead, self.owner):
            project.close()


@pytest.fixture
def two(team):  # noqa: F811
    opened = Team(team)
    yield opened
    opened.close()


def only(changes: Changes) -> int:
    [coding_id] = changes.codings
    return coding_id


def test_undoing_a_coding_another_analyst_deleted_says_so_and_changes_nothing(two):
    added = two.code(0, 5)
    two.by_lead(remove_coding, coding_id=only(added))
    before = dump(two.lead)
    with pytest.raises(ChangedMeanwhile, match="^this coding was deleted by another analyst "
                                               "meanwhile; nothing to undo$"):
        two.undo_by_amira(added)
    assert dump(two.lead) == before


def test_undoing_codings_of_which_some_were_deleted_takes_back_the_rest(two):
    with two.amira.transaction() as s:
        added = add_codings(s, codings=[NewCoding(two.doc, two.trust, two.coder, start, end)
                                        for start, end in ((0, 5), (30, 40), (51, 59))])
    two.by_lead(remove_coding, coding_id=min(added.codings))
    undone = two.undo_by_amira(added)
    assert undone.messages == ("1 coding of this step had been deleted by another analyst "
                               "meanwhile; the other 2 codings were taken back",)
    with two.lead.reading() as s:
        assert s.scalar(select(func.count()).select_from(Coding)) == 0


def test_putting_back_a_coding_whose_code_was_deleted_says_so(two):
    with two.amira.transaction() as s:
        removed = remove_coding(s, coding_id=only(add_coding(
            s, document_id=two.doc, code_id=two.trust, coder_id=two.coder, start=6, end=12)))
    two.by_lead(delete_code, code_id=two.trust)
    before = dump(two.lead)
    with pytest.raises(ChangedMeanwhile, match="^the document, code or coder of this coding was "
                                               "deleted by another analyst meanwhile; nothing"):
        two.undo_by_amira(removed)
    assert dump(two.lead) == before


def test_undoing_a_memo_of_a_coding_deleted_meanwhile_says_so(two):
    coding = only(two.code(0, 5))
    with two.amira.transaction() as s:
        memo = set_coding_memo(s, coding_id=coding, memo="strong claim")
    two.by_lead(remove_coding, coding_id=coding)
    with pytest.raises(ChangedMeanwhile, match="^this coding was deleted by another analyst"):
        two.undo_by_amira(memo)


def test_undoing_a_memo_someone_rewrote_meanwhile_keeps_theirs(two):
    coding = only(two.code(0, 5))
    with two.amira.transaction() as s:
        memo = set_coding_memo(s, coding_id=coding, memo="strong claim")
    two.by_lead(set_coding_memo, coding_id=coding, memo="check with E02")
    with pytest.raises(ChangedMeanwhile, match="^the memo of this coding was changed by "
                                               "another analyst meanwhile"):
        two.undo_by_amira(memo)
    with two.amira.reading() as s:
        assert s.scalar(select(Coding.memo)) == "check with E02"


def test_putting_back_a_code_whose_parent_was_deleted_says_so(two):
    child = two.by_lead(lambda s: Changes(codes=frozenset({add_code(s, "Child", two.trust)})))
    [child_id] = child.codes
    deleted = two.by_lead(delete_code, code_id=child_id)
    with two.owner.transaction() as s:  # another lead
        delete_code(s, code_id=two.trust)
    before = dump(two.lead)
    with pytest.raises(ChangedMeanwhile, match="^the code 'Child' was under was deleted by "
                                               "another analyst meanwhile; nothing was undone"):
        two.by_lead(deleted.inverse)
    assert dump(two.lead) == before


def test_undoing_a_new_code_others_have_coded_with_keeps_their_codings(two):
    made = two.by_lead(lambda s: rename_code(s, code_id=two.trust, name="Trust in state"))
    with two.lead.transaction() as s:
        from qcode.ops.codebook import create_code

        created = create_code(s, name="Legitimacy")
    [legitimacy] = created.codes
    with two.amira.transaction() as s:
        add_coding(s, document_id=two.doc, code_id=legitimacy, coder_id=two.coder,
                   start=0, end=5)
    with pytest.raises(ChangedMeanwhile, match="^code 'Legitimacy' got new codings by another "
                                               "analyst meanwhile"):
        two.by_lead(created.inverse)
    with two.lead.reading() as s:
        assert s.scalar(select(Code.name).where(Code.id == legitimacy)) == "Legitimacy"
    two.by_lead(made.inverse)  # the lead's other steps still undo
    with two.lead.reading() as s:
        assert s.scalar(select(Code.name).where(Code.id == two.trust)) == "Trust"


def test_in_the_app_the_failed_step_leaves_the_stack_and_the_others_still_undo(two, qtbot):
    workspace = Workspace(two.amira, two.coder)
    first = workspace.run(add_coding, document_id=two.doc, code_id=two.trust,
                          coder_id=two.coder, start=0, end=5)
    second = workspace.run(add_coding, document_id=two.doc, code_id=two.trust,
                           coder_id=two.coder, start=30, end=40)
    assert first is not None and second is not None
    two.by_lead(remove_coding, coding_id=only(second))
    before = dump(two.lead)
    with qtbot.waitSignal(workspace.error, timeout=2000) as error:
        workspace.undo_stack.undo()
    assert error.args[0] == "this coding was deleted by another analyst meanwhile; nothing to undo"
    assert dump(two.lead) == before
    assert workspace.undo_stack.count() == 1  # the step no one can undo is gone
    assert not workspace.undo_stack.canRedo()
    workspace.undo_stack.undo()  # the other step still undoes and redoes
    with two.lead.reading() as s:
        assert s.scalar(select(func.count()).select_from(Coding)) == 0
    workspace.undo_stack.redo()
    with two.lead.reading() as s:
        assert s.scalars(select(Coding.id)).all() == [only(first)]
