"""Two people editing the same code at once: the second is told who changed it, never
overwrites it (codes.row_version, migration 0012). On the team server (two leads at once, in
the ops and in the app) and in a project file (one user, two dialogs)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from qcode import schema
from qcode.db import make_engine
from qcode.errors import ChangedMeanwhile
from qcode.models import Code
from qcode.ops.code_versions import CodeState, code_state
from qcode.ops.codebook import describe_code, recolour_code, rename_code, set_code_memo
from qcode.ops.coders import coder_id_named
from qcode.project import Project
from qcode.ui.codebook.model import CodebookModel
from qcode.ui.codebook.panel import CodebookPanel
from qcode.ui.workspace import Workspace
from tests.factories import add_code
from tests.team_server import team  # noqa: F401 - the fixture
from tests.ui_codebook_helpers import build_study, code_row


def state(project: Project, code_id: int) -> CodeState:
    with project.reading() as s:
        found = code_state(s, code_id)
    assert found is not None
    return found


def trust_on_server(team) -> tuple[str, int]:  # noqa: F811
    name = team.project()
    with Project.open(team.url(name, "lead")) as lead, lead.transaction() as s:
        code_id = add_code(s, "Trust")
    return name, code_id


# -- on the team server -----------------------------------------------------------------------

def test_the_second_rename_made_on_the_same_version_is_refused_naming_who_came_first(
        team):  # noqa: F811
    name, trust = trust_on_server(team)
    with Project.open(team.url(name, "lead")) as lead, \
            Project.open(team.url(name, "owner")) as owner:
        seen_by_lead, seen_by_owner = state(lead, trust), state(owner, trust)
        assert seen_by_lead == seen_by_owner
        with lead.transaction() as s:
            rename_code(s, code_id=trust, name="Trust in state",
                        expected_version=seen_by_lead.row_version, seen_name="Trust")
        with pytest.raises(ChangedMeanwhile) as refused, owner.transaction() as s:
            rename_code(s, code_id=trust, name="Trust (public)",
                        expected_version=seen_by_owner.row_version, seen_name="Trust")
        assert str(refused.value) == (
            "code 'Trust' was changed by lead meanwhile (now named 'Trust in state'); "
            "nothing was saved — look again and retry")
        now = state(owner, trust)
        assert (now.name, now.changed_by) == ("Trust in state", "lead")
        assert now.row_version == seen_by_owner.row_version + 1
        with owner.transaction() as s:  # looked again: the fresh version goes through
            recolour_code(s, code_id=trust, colour="#123456",
                          expected_version=now.row_version, seen_name=now.name)
        assert state(lead, trust).changed_by == "owner"


def test_raw_sql_cannot_skip_or_fake_the_version(team):  # noqa: F811
    name, trust = trust_on_server(team)
    with Project.open(team.url(name, "lead")) as lead:  # a lead typing SQL in psql
        before = state(lead, trust)
        with lead.transaction() as s:  # no field changes: nothing moves
            s.execute(text(f"UPDATE codes SET row_version = 1, changed_by = 'nobody' "
                           f"WHERE id = {trust}"))
        assert state(lead, trust) == before
        with lead.transaction() as s:
            s.execute(text(f"UPDATE codes SET name = 'Vertrauen', row_version = 1, "
                           f"changed_by = 'omar' WHERE id = {trust}"))
        after = state(lead, trust)
    assert (after.name, after.changed_by) == ("Vertrauen", "lead")
    assert after.row_version == before.row_version + 1


def test_two_leads_renaming_in_the_app_the_second_sees_the_message(team, qtbot):  # noqa: F811
    name, trust = trust_on_server(team)
    with Project.open(team.url(name, "lead")) as lead, \
            Project.open(team.url(name, "owner")) as owner:
        with lead.reading() as s:
            coder = coder_id_named(s, "lead")
        workspace = Workspace(lead, coder)
        model = CodebookModel(workspace)
        index = model.index_of(trust)
        assert model.data(index, 2) == "Trust"  # the editor opens on the name (EditRole)
        with owner.transaction() as s:  # meanwhile, in another office
            rename_code(s, code_id=trust, name="Trust in state",
                        expected_version=state(owner, trust).row_version)
        with qtbot.waitSignal(workspace.error, timeout=2000) as error:
            assert not model.setData(index, "Public trust")
        assert error.args[0] == ("code 'Trust' was changed by owner meanwhile (now named "
                                 "'Trust in state'); nothing was saved — look again and retry")
        assert state(lead, trust).name == "Trust in state"
        assert model.index_of(trust).data() == "Trust in state"  # read again: look again
        assert workspace.undo_stack.count() == 0
        assert model.setData(model.index_of(trust), "Public trust")  # and retry
        assert state(owner, trust).name == "Public trust"


def test_undoing_a_rename_another_lead_changed_since_says_so(team):  # noqa: F811
    name, trust = trust_on_server(team)
    with Project.open(team.url(name, "lead")) as lead, \
            Project.open(team.url(name, "owner")) as owner:
        with lead.transaction() as s:
            renamed = rename_code(s, code_id=trust, name="Trust in state")
        with owner.transaction() as s:
            rename_code(s, code_id=trust, name="Trust in the state",
                        expected_version=state(owner, trust).row_version)
        with pytest.raises(ChangedMeanwhile) as refused, lead.transaction() as s:
            renamed.inverse(s)
        assert str(refused.value) == ("code 'Trust in state' was changed by owner meanwhile "
                                      "(now named 'Trust in the state'); nothing was undone")
        assert state(lead, trust).name == "Trust in the state"


def test_undoing_a_rename_leaves_another_leads_colour_alone(team):  # noqa: F811
    name, trust = trust_on_server(team)
    with Project.open(team.url(name, "lead")) as lead, \
            Project.open(team.url(name, "owner")) as owner:
        with lead.transaction() as s:
            renamed = rename_code(s, code_id=trust, name="Trust in state")
        with owner.transaction() as s:
            recolour_code(s, code_id=trust, colour="#aa0000")
        with lead.transaction() as s:
            renamed.inverse(s)
        with owner.reading() as s:
            assert s.execute(select(Code.name, Code.colour).where(Code.id == trust)).one() \
                == ("Trust", "#aa0000")


# -- in a project file ------------------------------------------------------------------------

def test_each_edit_moves_the_version_on_and_a_stale_one_is_refused(project):
    with project.transaction() as s:
        trust = add_code(s, "Trust")
    first = state(project, trust)
    assert (first.row_version, first.changed_by) == (1, "")
    edits = [(rename_code, {"name": "Trust in state"}), (recolour_code, {"colour": "#00ff00"}),
             (describe_code, {"description": "Faith in institutions"}),
             (set_code_memo, {"memo": "ask the second coder"})]
    for number, (op, values) in enumerate(edits, start=2):
        with project.transaction() as s:
            op(s, code_id=trust, expected_version=number - 1, **values)
        assert state(project, trust).row_version == number
    with project.transaction() as s:  # the same value again changes nothing: no new version
        recolour_code(s, code_id=trust, colour="#00ff00", expected_version=5)
    assert state(project, trust).row_version == 5
    with pytest.raises(ChangedMeanwhile, match=r"^code 'Trust' was changed meanwhile \(now "
                       r"named 'Trust in state'\); nothing was saved"), project.transaction() as s:
        describe_code(s, code_id=trust, description="stale", expected_version=1,
                      seen_name="Trust")
    with project.reading() as s:
        assert s.scalar(select(Code.description)) == "Faith in institutions"


@pytest.fixture
def study(project, tmp_path, monkeypatch, qapp):
    monkeypatch.setenv("QCODE_CONFIG_DIR", str(tmp_path / "config"))
    return build_study(project)


def test_a_colour_dialog_opened_before_a_rename_cannot_undo_it_unseen(study, qtbot):
    panel = CodebookPanel(study.workspace)
    qtbot.addWidget(panel)
    model, ws = panel.model, study.workspace
    in_the_dialog = model.node(study.trust)  # the colour dialog opens on this
    assert model.setData(model.index_of(study.trust), "Trust in government")  # second window
    with qtbot.waitSignal(ws.error, timeout=1000) as error:
        assert panel.codebook_actions.set_colour(study.trust, "#000000",
                                                 seen=in_the_dialog) is None
    assert error.args[0].startswith("code 'Trust' was changed meanwhile (now named 'Trust in "
                                    "government'); nothing was saved")
    with ws.project.reading() as s:
        assert s.scalar(select(Code.colour).where(Code.id == study.trust)) == "#17becf"
    assert panel.codebook_actions.set_colour(study.trust, "#000000") is not None  # fresh
    assert ws.undo_stack.count() == 2
    ws.undo_stack.undo()
    ws.undo_stack.undo()  # one user's own steps undo in turn, whatever the versions
    assert code_row(ws.project, study.trust)[1] == "Trust"
    assert model.node(study.trust).colour == "#17becf"


def test_a_project_from_before_row_versions_upgrades_with_version_one(project):
    with project.transaction() as s:
        add_code(s, "Trust")
    path = project.path
    project.close()
    engine = make_engine(path)
    schema.downgrade(engine, "0011")
    with engine.connect() as conn:
        columns = [r[1] for r in conn.execute(text("PRAGMA table_info(codes)"))]
    engine.dispose()
    assert "row_version" not in columns
    upgraded = Project.open(path)
    try:
        with upgraded.reading() as s:
            assert s.execute(select(Code.name, Code.row_version, Code.changed_by)).one() \
                == ("Trust", 1, "")
    finally:
        upgraded.close()
