"""The main window's counts after edits: the codebook and documents panels always show what a
brute-force count over the codings says, while each edit reads only the rows it changed; and a
big project's panels load off the GUI thread without a screenshot ever catching them loading."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from sqlalchemy import event, select

from qcode.models import Code, Coding
from qcode.ops.codings import add_coding, remove_coding
from qcode.project import Project
from qcode.ui.codebook.model import DOCUMENTS, SEGMENTS
from qcode.ui.workspace import TextSelection
from tests.factories import add_code, add_coder, add_doc
from tests.ui_support import ui_settings, window  # noqa: F401 - fixtures

WORDS = ("trust", "budget", "donors", "training", "ministry", "portal", "citizens", "data", "law",
         "staff")


def _text(seed: int) -> str:
    return " ".join(WORDS[(seed * 7 + i) % len(WORDS)] for i in range(80))


def build(path: Path, documents: int = 6) -> dict[str, int]:
    """A project of ``documents`` documents and a nested codebook (Themes > Trust > Official
    trust, Themes > Money, Other), with a few codings by another coder."""
    with Project.create(path, name="Counts") as project, project.transaction() as s:
        ids = {f"doc{i}": add_doc(s, f"Interview {i:02}", _text(i)) for i in range(documents)}
        ids["themes"] = add_code(s, "Themes")
        ids["trust"] = add_code(s, "Trust", ids["themes"])
        ids["official"] = add_code(s, "Official trust", ids["trust"])
        ids["money"] = add_code(s, "Money", ids["themes"])
        ids["other"] = add_code(s, "Other")
        coder = add_coder(s, "Demo coder")
        for i in range(documents):
            add_coding(s, document_id=ids[f"doc{i}"], code_id=ids["money"], coder_id=coder,
                       start=0, end=12)
        add_coding(s, document_id=ids["doc0"], code_id=ids["official"], coder_id=coder,
                   start=20, end=40)
    return ids


def brute_force(workspace) -> tuple[dict, dict]:  # noqa: ANN001
    """(code id -> own segments, own documents, subtree segments, subtree documents),
    (document id -> codings, distinct codes), counted in Python over every coding."""
    codings, parents = workspace.read(lambda s: (
        s.execute(select(Coding.code_id, Coding.document_id)).all(),
        dict(s.execute(select(Code.id, Code.parent_id)).all())))
    own, below = defaultdict(list), defaultdict(list)
    per_doc = defaultdict(list)
    for code_id, doc_id in codings:
        own[code_id].append(doc_id)
        per_doc[doc_id].append(code_id)
        node = code_id
        while node is not None:
            below[node].append(doc_id)
            node = parents[node]
    codes = {c: (len(own[c]), len(set(own[c])), len(below[c]), len(set(below[c])))
             for c in parents}
    return codes, {d: (len(v), len(set(v))) for d, v in per_doc.items()}


def shown(win) -> tuple[dict, dict]:  # noqa: ANN001
    codebook = win.panels.codebook.model
    codes = {n.id: (n.segments, n.documents, n.segments_total, n.documents_total)
             for n in codebook.nodes()}
    table = win.panels.documents.model
    documents = {table.entry(r).id: (table.entry(r).codings, table.entry(r).codes)
                 for r in range(table.rowCount())}
    return codes, documents


def check_counts(win, selected: int) -> None:  # noqa: ANN001
    """Every count shown equals the brute-force count, the codebook's status line too."""
    codes, documents = brute_force(win.workspace)
    shown_codes, shown_documents = shown(win)
    assert shown_codes == codes
    assert shown_documents == {d: documents.get(d, (0, 0)) for d in shown_documents}
    model = win.panels.codebook.model
    segments, docs, total, docs_total = codes[selected]
    index = model.index_of(selected, SEGMENTS)
    assert index.data() == (f"{segments} ({total})" if total != segments else str(segments))
    assert index.siblingAtColumn(DOCUMENTS).data() == (
        f"{docs} ({docs_total})" if docs_total != docs else str(docs))
    assert win.panels.codebook.status.text() == (
        f"{segments} segment{'s' * (segments != 1)} · {docs} document{'s' * (docs != 1)}")


def code(win, document_id: int, code_id: int, start: int, end: int) -> None:  # noqa: ANN001
    ws = win.workspace
    ws.set_text_selection(TextSelection(document_id, start, end, "x" * (end - start)))
    assert ws.code_selection(code_id) is not None


def test_counts_follow_edits_undo_and_redo_across_documents_and_codes(window, tmp_path):  # noqa: F811
    ids = build(tmp_path / "counts.qcode")
    assert window.open_project(tmp_path / "counts.qcode")
    ws = window.workspace
    ws.select_codes((ids["official"],))
    check_counts(window, ids["official"])
    code(window, ids["doc1"], ids["official"], 5, 30)  # a new document for the code
    check_counts(window, ids["official"])
    code(window, ids["doc1"], ids["official"], 50, 60)  # the same document again
    code(window, ids["doc2"], ids["trust"], 5, 30)  # the parent's own coding
    code(window, ids["doc3"], ids["other"], 0, 9)
    check_counts(window, ids["official"])
    ws.undo_stack.undo()
    ws.undo_stack.undo()
    check_counts(window, ids["official"])
    ws.undo_stack.redo()
    check_counts(window, ids["official"])
    first = ws.read(lambda s: s.scalar(select(Coding.id).where(
        Coding.code_id == ids["official"], Coding.document_id == ids["doc0"])))
    assert ws.run(remove_coding, coding_id=first) is not None  # the code leaves doc0
    check_counts(window, ids["official"])
    ws.undo_stack.undo()
    check_counts(window, ids["official"])
    ws.select_codes((ids["themes"],))
    check_counts(window, ids["themes"])


class Recorder:
    """Every statement run on the engine, and where the last commit fell (SQLAlchemy's
    events: the panels read after the op's transaction commits; reads never commit)."""

    def __init__(self, engine) -> None:  # noqa: ANN001
        self.statements: list[tuple[str, tuple]] = []
        self.last_commit = 0
        event.listen(engine, "before_cursor_execute", self._execute)
        event.listen(engine, "commit", self._commit)

    def _execute(self, _conn, _cursor, statement, parameters, *_: object) -> None:  # noqa: ANN001
        self.statements.append((" ".join(statement.split()), tuple(parameters or ())))

    def _commit(self, _conn) -> None:  # noqa: ANN001
        self.last_commit = len(self.statements)

    def after_commit(self) -> list[tuple[str, tuple]]:
        return self.statements[self.last_commit:]


COUNTED = ("codings", "code_totals", "rollup_coverage")


@pytest.mark.parametrize("undo", [False, True])
def test_one_coding_change_reads_only_the_rows_it_changed(window, tmp_path, undo):  # noqa: F811
    ids = build(tmp_path / "counts.qcode", documents=12)
    assert window.open_project(tmp_path / "counts.qcode")
    ws = window.workspace
    ws.open_document(ids["doc4"])
    ws.select_codes((ids["official"],))
    ws.set_text_selection(TextSelection(ids["doc4"], 5, 30, "x" * 25))
    changes = ws.code_selection(ids["official"]) if undo else None
    recorder = Recorder(ws.project.engine)
    if undo:
        ws.undo_stack.undo()
    else:
        changes = ws.code_selection(ids["official"])
    reads = [(sql, params) for sql, params in recorder.after_commit()
             if sql.startswith("SELECT") and any(f" {table}" in sql for table in COUNTED)]
    assert changes is not None
    allowed = ({ids["doc4"], ids["official"], ids["trust"], ids["themes"]} | changes.codings
               | {0, 1})  # 0 and 1: "codings > 0", "LIMIT 1"
    assert reads, "the panels read nothing after the change"
    for sql, params in reads:
        assert " WHERE " in sql, f"a read of every row: {sql}"
        assert {p for p in params if isinstance(p, int)} <= allowed, f"{sql} {params}"
    check_counts(window, ids["official"])


def test_big_project_screenshot_waits_for_every_panel(window, tmp_path, qapp, qtbot):  # noqa: F811
    from qcode.ui.app import save_screenshot_when_ready

    ids = build(tmp_path / "big.qcode", documents=30)
    window.background_load_from = 0  # load this project as a big one: off the GUI thread
    assert window.open_project(tmp_path / "big.qcode")
    assert window.loading
    loading = [label.text() for label in window.findChildren(QLabel, "loadingLabel")
               if label.isVisibleTo(window)]
    assert "Loading documents…" in loading
    window.workspace.select_codes((ids["money"],))
    at_grab: dict = {}
    window.project_closing.connect(lambda: at_grab.update(
        loading=window.loading,
        labels=[label.text() for label in window.findChildren(QLabel, "loadingLabel")
                if label.isVisibleTo(window)],
        documents=window.panels.documents.model.rowCount(),
        codes=len(window.panels.codebook.model.nodes()),
        selected=window.panels.codebook.selected_code_ids(),
        status=window.panels.codebook.status.text()))
    target = tmp_path / "shot.png"
    statuses: list[int] = []
    save_screenshot_when_ready(qapp, window, target, settle_ms=0, done=statuses.append)
    qtbot.waitUntil(lambda: statuses == [0], timeout=10_000)
    assert at_grab == {"loading": False, "labels": [], "documents": 30, "codes": 5,
                       "selected": (ids["money"],), "status": "30 segments · 30 documents"}
    assert target.stat().st_size > 10_000
