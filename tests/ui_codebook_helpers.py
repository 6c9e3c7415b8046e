"""A small study for the codebook-side GUI tests: two interviews with speaker turns, a nested
codebook and a few codings, all made with the real operations."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from qcode.covered import covered_sql
from qcode.importers.turns import find_turns
from qcode.models import Code, Coding, SpeakerTurn
from qcode.ops.codings import add_coding
from qcode.project import Project
from qcode.ui.workspace import TextSelection, Workspace
from tests.factories import add_code, add_coder, add_doc

TEXT_1 = (
    "Interviewer: How are civil servants trained?\n"
    "Expert 07: Training is mostly abroad, on donor money. Capacity building takes years.\n"
    "Interviewer: And do they stay?\n"
    "Expert 07: Many leave for the private sector. That is the brain drain we live with.\n"
)
TEXT_2 = (
    "Interviewer: Who pays for the systems?\n"
    "Expert 12: The national budget pays salaries, donors pay for the pilots.\n"
    "الخبير: التدريب في الخارج مكلف جدا.\n"
)


@dataclass
class Study:
    workspace: Workspace
    doc1: int
    doc2: int
    coder: int
    capacity: int
    training: int
    retention: int
    funding: int
    budget: int
    trust: int


def build_study(project: Project) -> Study:
    with project.transaction() as s:
        doc1, doc2 = add_doc(s, "Interview 01", TEXT_1), add_doc(s, "Interview 02", TEXT_2)
        for doc_id, text in ((doc1, TEXT_1), (doc2, TEXT_2)):
            s.add_all(SpeakerTurn(document_id=doc_id, speaker=t.speaker, start=t.start, end=t.end)
                      for t in find_turns(text))
        coder = add_coder(s, "Amal")
        capacity = add_code(s, "Capacity building", colour="#ff7f0e")
        training = add_code(s, "Training", capacity, colour="#ffa04d")
        retention = add_code(s, "Retention", capacity, colour="#ffc08a")
        funding = add_code(s, "Funding", colour="#8c564b")
        budget = add_code(s, "National budget", funding, colour="#c69c8f")
        trust = add_code(s, "Trust", colour="#17becf")
        for position, code_id in enumerate((capacity, funding, trust)):
            s.get(Code, code_id).position = position
        s.get(Code, retention).position = 1
        for doc_id, text, phrase, code_id in (
                (doc1, TEXT_1, "Training is mostly abroad", training),
                (doc1, TEXT_1, "on donor money", training),
                (doc2, TEXT_2, "التدريب في الخارج", training),
                (doc1, TEXT_1, "brain drain", retention),
                (doc2, TEXT_2, "national budget pays salaries", budget)):
            start = text.index(phrase)
            add_coding(s, document_id=doc_id, code_id=code_id, coder_id=coder, start=start,
                       end=start + len(phrase))
    workspace = Workspace(project, coder)
    return Study(workspace, doc1, doc2, coder, capacity, training, retention, funding, budget,
                 trust)


def select_text(workspace: Workspace, document_id: int, text: str, phrase: str) -> TextSelection:
    """Select ``phrase`` in a document, as the viewer would."""
    start = text.index(phrase)
    selection = TextSelection(document_id, start, start + len(phrase), phrase)
    workspace.set_text_selection(selection)
    return selection


def codings_of(project: Project, code_id: int) -> list[tuple[int, int, int, str]]:
    """(document, start, end, text) of a code's codings, read straight from the database."""
    with project.reading() as s:
        rows = s.execute(select(Coding.document_id, Coding.start, Coding.end, covered_sql())
                         .where(Coding.code_id == code_id).order_by(Coding.id)).all()
    return [tuple(r) for r in rows]


def code_row(project: Project, code_id: int) -> tuple[int | None, str, int] | None:
    """(parent id, name, position) of a code, or None if it does not exist."""
    with project.reading() as s:
        code = s.get(Code, code_id)
        return None if code is None else (code.parent_id, code.name, code.position)


def code_named(project: Project, name: str) -> int | None:
    with project.reading() as s:
        return s.scalar(select(Code.id).where(Code.name == name))
