"""Codebook operations: create, edit, move, merge, delete; each undone and redone exactly."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qcode.codebook_counts import code_counts
from qcode.errors import InputError
from qcode.models import Code, Coding
from qcode.ops.codebook import (
    PALETTE,
    create_code,
    create_code_path,
    delete_code,
    describe_code,
    ensure_code_path,
    merge_codes,
    move_code,
    recolour_code,
    rename_code,
    set_code_memo,
)
from qcode.ops.codings import NewCoding, add_codings
from qcode.project import Project
from qcode.queries import child_code, code_paths, find_code
from tests.factories import add_code, add_coder, add_doc
from tests.ops_helpers import check_undo_redo, counts, dump

TEXT = "Trust in the portal grew 👍 after the ministry published data. الثقة مهمة."


def code_id(project: Project, path: str) -> int:
    with project.reading() as s:
        return find_code(s, path).id


def new(project: Project, name: str, parent: str | None = None, **kw) -> int:
    with project.transaction() as s:
        parent_id = find_code(s, parent).id if parent else None
        create_code(s, name=name, parent_id=parent_id, **kw)
        return child_code(s, parent_id, name.strip()).id


def layout(project: Project) -> dict[str | None, list[str]]:
    """Each parent path -> its children's names in order, checking positions are 0..n-1."""
    with project.reading() as s:
        paths = code_paths(s)
        rows = s.execute(select(Code.id, Code.parent_id, Code.position)
                         .order_by(Code.position, Code.id)).all()
    out: dict[str | None, list[str]] = {}
    for r in rows:
        out.setdefault(paths.get(r.parent_id), []).append(paths[r.id].rsplit("/", 1)[-1])
    for parent, names in out.items():
        positions = [r.position for r in rows if paths.get(r.parent_id) == parent]
        assert positions == list(range(len(names))), f"positions under {parent}: {positions}"
    return out


def codebook(project: Project, tree: dict[str, list[str]]) -> None:
    """Create codes from {"Parent": ["Child", ...]} (parents listed first)."""
    for parent, children in tree.items():
        for name in children:
            new(project, name, parent or None)


@pytest.fixture
def people(project: Project) -> dict[str, int]:
    with project.transaction() as s:
        return dict(doc=add_doc(s, "E01", TEXT), doc2=add_doc(s, "E02", TEXT + " 2"),
                    amal=add_coder(s, "Amal"), omar=add_coder(s, "Omar"))


def code_spans(project: Project, path: str) -> set[tuple[int, int, int, int]]:
    with project.reading() as s:
        return {tuple(r) for r in s.execute(
            select(Coding.document_id, Coding.coder_id, Coding.start, Coding.end)
            .where(Coding.code_id == find_code(s, path).id))}


def apply(project: Project, path: str, spans: list[tuple[int, int, int, int]]) -> None:
    with project.transaction() as s:
        cid = find_code(s, path).id
        add_codings(s, codings=[NewCoding(d, cid, c, a, b) for d, c, a, b in spans])


# -- creating ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "reason"), [
    ("", "needs a name"), ("   ", "needs a name"), ("Trust/Credibility", "cannot contain '/'"),
    ("Trust\tx", "line breaks or tabs"), ("x" * 301, "too long")])
def test_bad_names_are_refused(project, name, reason):
    with project.transaction() as s, pytest.raises(InputError, match=reason):
        create_code(s, name=name)
    assert counts(project)["codes"] == 0


def test_names_are_unique_among_siblings_only(project):
    new(project, "Trust")
    new(project, "Barriers")
    new(project, "Trust", "Barriers")  # same name, other parent: fine
    with project.transaction() as s, pytest.raises(InputError, match="at the top"):
        create_code(s, name="Trust")
    with project.transaction() as s, pytest.raises(InputError, match="under the same parent"):
        create_code(s, name=" Trust ", parent_id=find_code(s, "Barriers").id)
    assert layout(project) == {None: ["Trust", "Barriers"], "Barriers": ["Trust"]}


def test_colours_are_checked_normalised_and_default_to_the_palette_in_turn(project):
    with project.transaction() as s:
        with pytest.raises(InputError, match="not a colour"):
            create_code(s, name="Red", colour="red")
        with pytest.raises(InputError, match="not a colour"):
            create_code(s, name="Red", colour="#12345")
        create_code(s, name="Given", colour="#A1B2C3")
        for i in range(len(PALETTE)):
            create_code(s, name=f"Code {i}")
        colours = dict(s.execute(select(Code.name, Code.colour)).all())
    assert colours["Given"] == "#a1b2c3"
    # The n-th code created (counting from 0) gets PALETTE[n % len(PALETTE)].
    assert [colours[f"Code {i}"] for i in range(len(PALETTE))] == [
        PALETTE[(i + 1) % len(PALETTE)] for i in range(len(PALETTE))]


def test_create_at_a_position_shifts_later_siblings_and_undoes(project):
    codebook(project, {"": ["A", "B", "C"]})
    before = dump(project)
    with project.transaction() as s:
        changes = create_code(s, name="X", position=1, description="inserted")
    assert layout(project) == {None: ["A", "X", "B", "C"]}
    assert changes.codebook_tree
    check_undo_redo(project, before, changes)


def test_undo_restores_positions_exactly_even_when_they_were_not_dense(project):
    with project.transaction() as s:  # factory rows all sit at position 0
        for name in ("A", "B", "C"):
            add_code(s, name)
    before = dump(project)
    with project.transaction() as s:
        changes = create_code(s, name="X", position=0)
    assert layout(project) == {None: ["X", "A", "B", "C"]}
    check_undo_redo(project, before, changes)


def test_ensure_code_path_creates_what_is_missing_once(project):
    new(project, "Trust")
    with project.transaction() as s:
        leaf, changes = ensure_code_path(s, "Trust / Credibility/Sources", colour="#112233")
        again, nothing = ensure_code_path(s, "Trust/Credibility/Sources")
        with pytest.raises(InputError, match="not a code path"):
            ensure_code_path(s, "Trust//Sources")
    assert leaf == again and nothing.codes == frozenset() and len(changes.codes) == 2
    assert layout(project) == {None: ["Trust"], "Trust": ["Credibility"],
                               "Trust/Credibility": ["Sources"]}
    with project.reading() as s:
        assert s.get(Code, leaf).colour == "#112233"


def test_create_code_path_refuses_an_existing_code_and_undoes_parents_too(project):
    before = dump(project)
    with project.transaction() as s:
        changes = create_code_path(s, path="Barriers/Skills", description="staff skills")
    assert layout(project) == {None: ["Barriers"], "Barriers": ["Skills"]}
    with project.transaction() as s, pytest.raises(InputError, match="already exists"):
        create_code_path(s, path="Barriers/Skills")
    check_undo_redo(project, before, changes)


# -- editing ----------------------------------------------------------------------------------

def test_rename_recolour_describe_and_memo_each_undo(project):
    codebook(project, {"": ["Trust", "Barriers"]})
    trust = code_id(project, "Trust")
    for op, kwargs in ((rename_code, dict(name="الثقة")), (recolour_code, dict(colour="#00FF00")),
                       (describe_code, dict(description="Confidence in institutions")),
                       (set_code_memo, dict(memo="Ask the team about overlap"))):
        before = dump(project)
        with project.transaction() as s:
            changes = op(s, code_id=trust, **kwargs)
        assert changes.codes == {trust} and not changes.codebook_tree
        check_undo_redo(project, before, changes)
    with project.reading() as s:
        code = s.get(Code, trust)
        assert (code.name, code.colour) == ("الثقة", "#00ff00")
    with project.transaction() as s, pytest.raises(InputError, match="already a code named"):
        rename_code(s, code_id=trust, name="Barriers")


# -- moving -----------------------------------------------------------------------------------

def test_move_reorders_within_a_parent(project):
    codebook(project, {"": ["A", "B", "C", "D"]})
    before = dump(project)
    with project.transaction() as s:
        changes = move_code(s, code_id=find_code(s, "D").id, parent_id=None, position=1)
    assert layout(project) == {None: ["A", "D", "B", "C"]}
    check_undo_redo(project, before, changes)


def test_move_to_another_parent_keeps_both_groups_dense(project):
    codebook(project, {"": ["Trust", "Barriers"], "Trust": ["Credibility", "Integrity", "Fear"],
                       "Barriers": ["Skills", "Funding"]})
    before = dump(project)
    with project.transaction() as s:
        changes = move_code(s, code_id=find_code(s, "Trust/Integrity").id,
                            parent_id=find_code(s, "Barriers").id, position=1)
    assert layout(project) == {None: ["Trust", "Barriers"], "Trust": ["Credibility", "Fear"],
                               "Barriers": ["Skills", "Integrity", "Funding"]}
    check_undo_redo(project, before, changes)
    with project.transaction() as s:  # to the top level, last
        move_code(s, code_id=find_code(s, "Trust/Fear").id, parent_id=None)
    assert layout(project)[None] == ["Trust", "Barriers", "Fear"]


def test_move_under_itself_a_descendant_or_a_namesake_is_refused(project):
    codebook(project, {"": ["Trust", "Credibility"], "Trust": ["Credibility"],
                       "Trust/Credibility": ["Sources"]})
    before = dump(project)
    with project.transaction() as s:
        trust = find_code(s, "Trust").id
        for parent in ("Trust", "Trust/Credibility", "Trust/Credibility/Sources"):
            with pytest.raises(InputError, match="under itself or one of its own sub-codes"):
                move_code(s, code_id=trust, parent_id=find_code(s, parent).id)
        with pytest.raises(InputError, match="already a code named 'Credibility'"):
            move_code(s, code_id=find_code(s, "Trust/Credibility").id, parent_id=None)
    assert dump(project) == before


# -- merging ----------------------------------------------------------------------------------

def test_merge_moves_codings_drops_exact_duplicates_and_merges_namesake_children(project, people):
    codebook(project, {"": ["Trust", "Confidence"], "Trust": ["Credibility", "Integrity"],
                       "Confidence": ["Credibility"]})
    d, d2, amal, omar = people["doc"], people["doc2"], people["amal"], people["omar"]
    trust = [(d, amal, 0, 5), (d, amal, 6, 12), (d, omar, 0, 5), (d2, amal, 0, 5)]
    confidence = [(d, amal, 0, 5), (d2, amal, 1, 5)]
    apply(project, "Trust", trust)
    apply(project, "Confidence", confidence)
    apply(project, "Trust/Credibility", [(d, amal, 20, 30)])
    apply(project, "Confidence/Credibility", [(d, amal, 20, 30), (d, omar, 20, 30)])
    apply(project, "Trust/Integrity", [(d2, omar, 3, 9)])
    with project.transaction() as s:
        set_code_memo(s, code_id=find_code(s, "Trust").id, memo="Close to Confidence")
    before = dump(project)
    codings_before = counts(project)["codings"]
    with project.transaction() as s:
        changes = merge_codes(s, source_id=find_code(s, "Trust").id,
                              target_id=find_code(s, "Confidence").id)
    assert code_spans(project, "Confidence") == set(trust) | set(confidence)
    assert code_spans(project, "Confidence/Credibility") == {(d, amal, 20, 30), (d, omar, 20, 30)}
    assert code_spans(project, "Confidence/Integrity") == {(d2, omar, 3, 9)}
    dropped = len(set(trust) & set(confidence)) + 1  # + the Credibility duplicate
    assert counts(project)["codings"] == codings_before - dropped
    assert layout(project) == {None: ["Confidence"], "Confidence": ["Credibility", "Integrity"]}
    assert "2 duplicate codings dropped" in changes.messages[0]
    with project.reading() as s:
        assert "Close to Confidence" in find_code(s, "Confidence").memo
    check_undo_redo(project, before, changes)


def test_merge_into_its_parent_lifts_its_children(project, people):
    codebook(project, {"": ["Barriers"], "Barriers": ["Skills", "Funding"],
                       "Barriers/Skills": ["Skills", "Training"]})
    apply(project, "Barriers/Skills/Training", [(people["doc"], people["amal"], 0, 4)])
    before = dump(project)
    with project.transaction() as s:
        changes = merge_codes(s, source_id=find_code(s, "Barriers/Skills").id,
                              target_id=find_code(s, "Barriers").id)
    # The source's own child "Skills" takes its parent's place under Barriers without clashing.
    assert layout(project) == {None: ["Barriers"], "Barriers": ["Funding", "Skills", "Training"]}
    assert code_spans(project, "Barriers/Training") == {(people["doc"], people["amal"], 0, 4)}
    check_undo_redo(project, before, changes)


def test_merge_into_itself_or_its_own_sub_code_is_refused(project):
    codebook(project, {"": ["Trust"], "Trust": ["Credibility"]})
    with project.transaction() as s:
        trust, cred = find_code(s, "Trust").id, find_code(s, "Trust/Credibility").id
        with pytest.raises(InputError, match="into itself"):
            merge_codes(s, source_id=trust, target_id=trust)
        with pytest.raises(InputError, match="own sub-code"):
            merge_codes(s, source_id=trust, target_id=cred)


# -- deleting ---------------------------------------------------------------------------------

def _delete_setup(project: Project, people: dict[str, int]) -> None:
    codebook(project, {"": ["Before", "Trust", "After"], "Trust": ["Credibility", "Integrity"],
                       "Trust/Credibility": ["Sources"]})
    d, amal = people["doc"], people["amal"]
    apply(project, "Trust", [(d, amal, 0, 5), (d, amal, 10, 15)])
    apply(project, "Trust/Credibility", [(d, amal, 2, 8)])
    apply(project, "Trust/Credibility/Sources", [(d, amal, 3, 4)])
    apply(project, "After", [(d, amal, 1, 2)])


def test_delete_with_children_removes_the_subtree_and_its_codings(project, people):
    _delete_setup(project, people)
    before = dump(project)
    with project.transaction() as s:
        changes = delete_code(s, code_id=find_code(s, "Trust").id, with_children=True)
    assert layout(project) == {None: ["Before", "After"]}
    assert counts(project)["codings"] == 1
    assert len(changes.codings) == 4 and changes.codebook_tree
    check_undo_redo(project, before, changes)


def test_delete_without_children_lifts_them_into_its_place(project, people):
    _delete_setup(project, people)
    before = dump(project)
    with project.transaction() as s:
        changes = delete_code(s, code_id=find_code(s, "Trust").id)
    assert layout(project) == {None: ["Before", "Credibility", "Integrity", "After"],
                               "Credibility": ["Sources"]}
    assert counts(project)["codings"] == 3  # only Trust's own two codings went
    assert changes.messages == ("2 sub-codes of 'Trust' moved up to the top level",)
    check_undo_redo(project, before, changes)


def test_delete_without_children_is_refused_when_a_child_name_is_taken(project):
    codebook(project, {"": ["Trust", "Credibility"], "Trust": ["Credibility"]})
    before = dump(project)
    with project.transaction() as s, pytest.raises(InputError, match="'Credibility' already"):
        delete_code(s, code_id=find_code(s, "Trust").id)
    assert dump(project) == before


# -- counting ---------------------------------------------------------------------------------

def test_code_counts_match_an_independent_count(project, people):
    _delete_setup(project, people)
    apply(project, "Trust", [(people["doc2"], people["omar"], 0, 3)])
    with project.reading() as s:
        counted = code_counts(s)
        rows = s.execute(select(Coding.code_id, Coding.document_id)).all()
        all_codes = list(s.scalars(select(Code.id)))
    expected = {cid: (sum(1 for r in rows if r.code_id == cid),
                      len({r.document_id for r in rows if r.code_id == cid})) for cid in all_codes}
    assert counted == expected
    assert counted[code_id(project, "Trust")] == (3, 2)
    assert counted[code_id(project, "Trust/Integrity")] == (0, 0)
