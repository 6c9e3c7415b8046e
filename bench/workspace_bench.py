"""Speed of the coding workspace's hot path: the document viewer.

    python bench/workspace_bench.py [--runs 7] [--chars 200000] [--codings 3000]

Builds a project with one synthetic transcript (``--chars`` characters of speaker turns, some
paragraphs in Arabic, a few emoji) and ``--codings`` codings of 12 codes, a third of them
overlapping others, then opens it in the viewer offscreen (QT_QPA_PLATFORM=offscreen) and times

(a) opening the document fully highlighted: reading it from the project, building and styling
    the text, one repaint of the text and the stripes margin (goal <= 0.3 s);
(b) applying one code to a selection on screen through ``workspace.code_selection``: the op,
    its commit, the viewer's restyle and one repaint (goal <= 50 ms).

Each figure is the median of ``--runs`` runs. The same is done on the demo project
(``qcode.ops.demo.build_demo``) with its longest transcript.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from qcode.importers.base import ImportedDocument  # noqa: E402
from qcode.importers.normalise import text_direction  # noqa: E402
from qcode.importers.turns import find_turns  # noqa: E402
from qcode.models import Code, Coder, Coding, Document  # noqa: E402
from qcode.ops.codebook_create import create_code  # noqa: E402
from qcode.ops.codings import NewCoding, add_codings  # noqa: E402
from qcode.ops.documents import add_documents  # noqa: E402
from qcode.project import Project  # noqa: E402
from qcode.ui.viewer import DocumentViewer  # noqa: E402
from qcode.ui.workspace import TextSelection, Workspace  # noqa: E402

OPEN_GOAL = 0.3
APPLY_GOAL = 0.050

_ENGLISH_TEXT = ("the government portal service citizens ministry registration online system data "
          "access trust internet municipality process document identity card staff training "
          "budget network users capacity request office paper digital policy law security "
          "we they it was is are not very really think because would could have been")
_ARABIC_TEXT = ("الحكومة الإلكترونية الخدمات المواطنين الوزارة التسجيل النظام البيانات الثقة "
           "الإنترنت البلدية الوثائق الهوية الموظفين التدريب الميزانية الشبكة")
_WORDS = _ENGLISH_TEXT.split()
_ARABIC = _ARABIC_TEXT.split()


def synthetic_text(rng: random.Random, chars: int) -> str:
    paragraphs, total, turn = [], 0, 0
    while total < chars:
        turn += 1
        speaker = "Interviewer" if turn % 2 else "Expert 07"
        words = _ARABIC if turn % 7 == 0 else _WORDS
        body = " ".join(rng.choices(words, k=rng.randint(15, 70)))
        if turn % 23 == 0:
            body += " 👍"
        paragraphs.append(f"{speaker}: {body}.")
        total += len(paragraphs[-1]) + 1
    return "\n".join(paragraphs)[:chars].rstrip()


def synthetic_spans(rng: random.Random, length: int, count: int) -> list[tuple[int, int]]:
    """``count`` spans: two thirds side by side, a third overlapping one of those."""
    plain = count - count // 3
    slot = length // plain
    spans = []
    for i in range(plain):
        start = i * slot + rng.randint(0, slot // 4)
        spans.append((start, min(length, start + rng.randint(slot // 4, slot // 2))))
    for _ in range(count // 3):
        base_start, base_end = spans[rng.randrange(plain)]
        start = rng.randint(base_start, base_end - 1)
        spans.append((start, min(length, start + rng.randint(20, 2 * slot))))
    return spans


def build_synthetic(path: Path, chars: int, codings: int) -> tuple[Project, int, int]:
    """A project with the synthetic transcript coded; returns (project, document id, coder id)."""
    rng = random.Random(2024)
    text = synthetic_text(rng, chars)
    imported = ImportedDocument(
        name="synthetic", text=text, original_filename="synthetic.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(), direction=text_direction(text),
        turns=tuple(find_turns(text)), format="txt")
    project = Project.create(path)
    with project.transaction() as s:
        doc_id = next(iter(add_documents(s, documents=[imported]).documents))
        coder = Coder(name="Bench coder")
        s.add(coder)
        s.flush()
        codes = [next(iter(create_code(s, name=f"Theme {i}").codes)) for i in range(12)]
        add_codings(s, codings=[NewCoding(doc_id, rng.choice(codes), coder.id, a, b)
                                for a, b in synthetic_spans(rng, len(text), codings)])
    return project, doc_id, coder.id


def demo_project(folder: Path, codings: int) -> tuple[Project, int, int]:
    """The demo project; its longest transcript gets ``codings`` codings of the demo codebook
    (a third overlapping) when it has none, as a coded transcript would."""
    from qcode.ops.demo import build_demo

    build_demo(folder / "demo.qcode")
    project = Project.open(folder / "demo.qcode")
    rng = random.Random(7)
    with project.transaction() as s:
        doc_id, length = s.execute(select(Document.id, func.length(Document.text))
                                   .order_by(func.length(Document.text).desc())).first()
        coder_id = s.scalar(select(Coder.id))
        if coder_id is None:
            coder = Coder(name="Bench coder")
            s.add(coder)
            s.flush()
            coder_id = coder.id
        codes = s.scalars(select(Code.id)).all() or [
            next(iter(create_code(s, name="Bench theme").codes))]
        coded = s.scalar(select(func.count()).select_from(Coding)
                         .where(Coding.document_id == doc_id))
        if not coded:
            add_codings(s, codings=[NewCoding(doc_id, rng.choice(codes), coder_id, a, b)
                                    for a, b in synthetic_spans(rng, length, codings)])
    return project, doc_id, coder_id


def repaint(viewer: DocumentViewer) -> None:
    QApplication.processEvents()
    viewer.editor.viewport().repaint()
    viewer.stripes.repaint()


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(label: str, project: Project, doc_id: int, coder_id: int, runs: int) -> None:
    workspace = Workspace(project, coder_id)
    viewer = DocumentViewer(workspace)
    viewer.resize(1100, 800)
    viewer.show()
    QApplication.processEvents()

    def open_document() -> None:
        viewer.reload(doc_id)
        repaint(viewer)

    opening = median_time(open_document, runs)
    model = viewer.model
    assert model is not None
    code_id = workspace.read(lambda s: s.scalar(select(func.min(Code.id))))
    bar = viewer.editor.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    repaint(viewer)
    rng = random.Random(5)
    middle = viewer.editor.model.offsets.from_utf16(
        viewer.editor.cursorForPosition(viewer.editor.viewport().rect().center()).position())

    def apply_code() -> None:
        start = max(0, middle + rng.randint(-200, 200))
        end = min(len(model.text), start + rng.randint(10, 120))
        workspace.set_text_selection(TextSelection(doc_id, start, end, model.text[start:end]))
        workspace.code_selection(code_id)
        repaint(viewer)

    applying = median_time(apply_code, runs)
    print(f"{label}: {len(model.text):,} characters, {len(model.codings):,} codings")
    print(f"  (a) open fully highlighted: {opening * 1000:7.1f} ms   goal <= "
          f"{OPEN_GOAL * 1000:.0f} ms   {'ok' if opening <= OPEN_GOAL else 'SLOW'}")
    print(f"  (b) apply one code + repaint: {applying * 1000:5.1f} ms   goal <= "
          f"{APPLY_GOAL * 1000:.0f} ms   {'ok' if applying <= APPLY_GOAL else 'SLOW'}")
    viewer.close()
    workspace.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--codings", type=int, default=3000)
    parser.add_argument("--demo-codings", type=int, default=150)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project, doc_id, coder_id = build_synthetic(folder / "synthetic.qcode", args.chars,
                                                    args.codings)
        bench("synthetic transcript", project, doc_id, coder_id, args.runs)
        try:
            project, doc_id, coder_id = demo_project(folder, args.demo_codings)
        except Exception as exc:  # noqa: BLE001 - the demo is optional for this bench
            print(f"demo project skipped: {exc}")
        else:
            bench("demo, longest transcript", project, doc_id, coder_id, args.runs)
    del app


if __name__ == "__main__":
    main()
