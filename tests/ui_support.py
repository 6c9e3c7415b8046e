"""Shared set-up for the desktop-app tests: settings kept in tmp_path, small real projects."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from qcode.models import Attribute, Coding, DocumentAttribute
from qcode.project import Project
from tests.factories import add_code, add_coder, add_doc

#: (name, text, then the value of each of ATTRIBUTES) of the small study used by the UI tests
DOCS = (
    ("Amal interview", "Q: Why?\nA: Trust in the ministry is low.", "Official", "Tripoli", "18"),
    ("Badr interview", "Q: And funding?\nA: Donors pay for training.", "Vendor", "Benghazi", "9"),
    ("Chadi interview", "Q: Privacy?\nA: ثقة المواطن أساسية.", "Academic", "Tripoli", "22"),
)
ATTRIBUTES = (("role", "text"), ("city", "text"), ("years", "number"))
#: (document index, start, end) of each coding in the small study (code "Trust")
CODINGS = ((0, 11, 16), (0, 20, 28), (2, 15, 18))


@pytest.fixture
def ui_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Settings in tmp_path (never the user's), demo and logs in tmp_path, coder Amal."""
    from qcode.ui.settings import Settings

    monkeypatch.setenv("QCODE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("QCODE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    settings = Settings()
    settings.set_coder_name("Amal")
    return settings


@pytest.fixture
def window(qtbot, ui_settings) -> Iterator:
    from qcode.ui.main_window import MainWindow

    win = MainWindow(ui_settings)
    qtbot.addWidget(win)
    win.resize(790, 700)
    win.show()
    yield win
    win.close()


@dataclass(frozen=True)
class Study:
    path: Path
    doc_ids: tuple[int, ...]
    code_id: int


def build_study(path: Path) -> Study:
    """A closed project with three documents, two attributes and three codings."""
    with Project.create(path, name="Small study") as project, project.transaction() as s:
        doc_ids = tuple(add_doc(s, name, text) for name, text, *_ in DOCS)
        attributes = [Attribute(name=name, type=kind, position=i)
                      for i, (name, kind) in enumerate(ATTRIBUTES)]
        s.add_all(attributes)
        s.flush()
        for doc_id, (_name, _text, *values) in zip(doc_ids, DOCS, strict=True):
            s.add_all(DocumentAttribute(document_id=doc_id, attribute_id=a.id, value=v)
                      for a, v in zip(attributes, values, strict=True))
        code_id = add_code(s, "Trust")
        coder_id = add_coder(s, "Demo coder")
        for doc_index, start, end in CODINGS:
            s.add(Coding(document_id=doc_ids[doc_index], code_id=code_id, coder_id=coder_id,
                         start=start, end=end))
    return Study(path, doc_ids, code_id)


def write_transcript(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path
