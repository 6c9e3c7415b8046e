"""Every committed coding survives closing the window, a crash, and reopening the project."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select

from qcode.covered import covered_sql
from qcode.models import Coding
from qcode.project import Project
from qcode.ui.workspace import TextSelection
from tests.ui_support import DOCS, build_study, ui_settings, window  # noqa: F401
from tests.viewer_support import format_at, has_background

ROOT = Path(__file__).resolve().parents[1]


def _codings(path: Path) -> list[tuple[int, int, str]]:
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return [tuple(r) for r in s.execute(select(Coding.start, Coding.end, covered_sql())
                                            .order_by(Coding.start))]


def test_codings_made_in_the_window_are_there_after_reopening(window, tmp_path, qtbot):  # noqa: F811
    study = build_study(tmp_path / "study.qcode")
    window.open_project(study.path)
    ws = window.workspace
    name, text = DOCS[1][0], DOCS[1][1]
    ws.open_document(study.doc_ids[1])
    start, end = 0, min(12, len(text))
    ws.set_text_selection(TextSelection(study.doc_ids[1], start, end, text[start:end]))
    assert ws.code_selection(study.code_id) is not None
    window.close_project()
    assert (start, end, text[start:end]) in _codings(study.path)

    window.open_project(study.path)
    window.open_document_named(name)
    viewer = window.panels.viewer
    qtbot.waitUntil(lambda: viewer.editor.model is not None
                    and viewer.editor.model.doc.id == study.doc_ids[1])
    # highlighted again after reopening
    assert has_background(format_at(SimpleNamespace(viewer=viewer), start + 1))


def test_a_coding_committed_before_a_crash_is_kept(tmp_path):
    study = build_study(tmp_path / "study.qcode")
    before = _codings(study.path)
    script = textwrap.dedent(f"""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        from qcode.project import Project
        from qcode.ui.workspace import TextSelection, Workspace
        from qcode.ops.coders import ensure_coder
        app = QApplication([])
        project = Project.open({str(study.path)!r})
        with project.transaction() as s:
            coder_id, _ = ensure_coder(s, "Amal")
        ws = Workspace(project, coder_id)
        ws.set_text_selection(TextSelection({study.doc_ids[0]}, 0, 5, ""))
        assert ws.code_selection({study.code_id}) is not None
        os._exit(3)  # the app dies: no close, no checkpoint, the lock is never released
    """)
    died = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=60)
    assert died.returncode == 3
    after = _codings(study.path)  # opening again works: the OS dropped the dead process's lock
    assert len(after) == len(before) + 1
    assert (0, 5, DOCS[0][1][:5]) in after
    Project.open(study.path).close()
