"""Speed of the coding workspace's hot path: the document viewer, each figure beside a floor
measured in the same run.

    python bench/workspace_bench.py [--runs 7] [--chars 200000] [--codings 3000]
                                    [--single-chars 18000] [--single-codings 500] [--steps 60]

Builds a project with one synthetic transcript (``--chars`` characters of speaker turns, some
paragraphs in Arabic, a few emoji) and ``--codings`` codings of 12 codes, a third of them
overlapping others, and one single-paragraph transcript (``--single-chars``, ``--single-codings``),
then opens them in the viewer offscreen (QT_QPA_PLATFORM=offscreen) and times

(a) opening the transcript: reading it from the project, building it, one repaint of the text
    and the stripes margin. Floor: a bare QTextEdit of the same size showing the same text (read
    from the project, setPlainText, one repaint). Goal <= 2x the floor.
(b) applying one code to a selection on screen through ``workspace.code_selection``: the op,
    its commit, the viewer's restyle and one repaint; the viewer's share (its restyle and the
    repaint) is printed apart. Floor: a raw INSERT + COMMIT of one coding row and one repaint.
    Goal <= 50 ms.
(c) opening the single paragraph, as (a). Goal <= 0.3 s.
(d) scrolling the transcript just opened, a third of the view a step, each step painted (text
    and stripes): frames a second. Floor: the bare QTextEdit scrolled the same way. Goal >= 30.
(e) hovering the single paragraph's stripes: mouse moves with a tooltip look-up each, a second,
    and how many paragraphs' bars were measured meanwhile (goal: none).

Each figure is the median of ``--runs`` runs; an opening's ratio is the median of each run's
ratio to the floor run just before it. (a) and (b) are also timed on the demo project
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

from PySide6.QtCore import QEvent, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QTextEdit  # noqa: E402
from sqlalchemy import delete, func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from qcode.importers.base import ImportedDocument  # noqa: E402
from qcode.importers.normalise import text_direction  # noqa: E402
from qcode.importers.turns import find_turns  # noqa: E402
from qcode.models import Code, Coder, Coding, Document  # noqa: E402
from qcode.ops.codebook_create import create_code  # noqa: E402
from qcode.ops.codings import NewCoding, add_codings  # noqa: E402
from qcode.ops.documents import add_documents  # noqa: E402
from qcode.project import Project  # noqa: E402
from qcode.ui.viewer import DocumentViewer  # noqa: E402
from qcode.ui.viewer.stripes import PADDING  # noqa: E402
from qcode.ui.workspace import TextSelection, Workspace  # noqa: E402

OPEN_RATIO = 2.0
APPLY_GOAL = 0.050
SINGLE_GOAL = 0.3
SCROLL_FPS = 30

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


def _imported(name: str, text: str) -> ImportedDocument:
    return ImportedDocument(
        name=name, text=text, original_filename=f"{name}.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(), direction=text_direction(text),
        turns=tuple(find_turns(text)), format="txt")


def build_synthetic(path: Path, chars: int, codings: int) -> tuple[Project, int, int]:
    """A project with the synthetic transcript coded; returns (project, document id, coder id)."""
    rng = random.Random(2024)
    return _coded_transcript(path, "synthetic", synthetic_text(rng, chars), rng, codings)


def _coded_transcript(path: Path, name: str, text: str, rng: random.Random,
                      codings: int) -> tuple[Project, int, int]:
    """A new project with ``text`` as its one transcript, coded with 12 themes."""
    project = Project.create(path)
    with project.transaction() as s:
        doc_id = next(iter(add_documents(s, documents=[_imported(name, text)]).documents))
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


def single_paragraph(path: Path, chars: int, codings: int) -> tuple[Project, int, int]:
    """A project whose one transcript is a single paragraph (no line break) with codings."""
    rng = random.Random(18)
    text = ("Expert 07: " + " ".join(rng.choices(_WORDS, k=chars // 4)))[:chars].rstrip()
    return _coded_transcript(path, "single", text, rng, codings)


def repaint(widget: DocumentViewer | QTextEdit) -> None:  # the text (and the stripes) now
    QApplication.processEvents()
    if isinstance(widget, QTextEdit):
        widget.viewport().repaint()
    else:
        widget.editor.viewport().repaint()
        widget.stripes.repaint()


def settle(seconds: float = 0.3) -> None:
    """Let Qt finish what it does in the background (laying out the rest of a long document)
    so that a timed run does not pay for the run before it."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QApplication.processEvents()


def median_time(action: Callable[[], object], runs: int,
                before: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(label: str, figure: float, floor: float, goal: str, ok: bool, unit: str = "ms",
           ratio: float | None = None) -> None:
    scale = 1000 if unit == "ms" else 1
    ratio = figure / floor if ratio is None else ratio
    print(f"  {label:<34} {figure * scale:8.1f} {unit}  floor {floor * scale:7.1f} {unit}  "
          f"ratio {ratio:5.2f}  goal {goal}  {'ok' if ok else 'SLOW'}")


class Bench:
    """One project's transcript in the viewer and, for the floors, in a bare QTextEdit."""

    def __init__(self, project: Project, doc_id: int, coder_id: int, runs: int,
                 size: tuple[int, int] = (1100, 800)) -> None:
        self.project, self.doc_id, self.runs = project, doc_id, runs
        self.workspace = Workspace(project, coder_id)
        self.viewer = DocumentViewer(self.workspace)
        self.bare = QTextEdit()
        self.bare.setReadOnly(True)
        for widget in (self.viewer, self.bare):
            widget.resize(*size)
            widget.show()
        QApplication.processEvents()

    def close(self) -> None:
        self.viewer.close()
        self.bare.close()
        self.workspace.close()

    def open_viewer(self) -> None:
        self.viewer.reload(self.doc_id)
        repaint(self.viewer)

    def open_bare(self) -> None:
        with self.project.reading() as s:
            text = s.scalar(select(Document.text).where(Document.id == self.doc_id))
        self.bare.setPlainText(text)
        repaint(self.bare)

    def opening(self) -> tuple[float, float, float]:
        """(viewer, floor, ratio): medians of seconds to open and paint, the runs interleaved,
        and the median of each run's ratio to the floor run just before it (load on a shared
        machine drifts between runs, less within a pair)."""
        viewer, bare = [], []
        for _ in range(self.runs):
            bare.append(median_time(self.open_bare, 1, before=settle))
            viewer.append(median_time(self.open_viewer, 1, before=settle))
        ratio = statistics.median(v / b for v, b in zip(viewer, bare, strict=True))
        return statistics.median(viewer), statistics.median(bare), ratio

    def scrolling(self, steps: int) -> tuple[float, float]:
        """(viewer, floor) frames a second scrolling the transcript just opened."""
        def scroll(editor: QTextEdit, paint: Callable[[], None]) -> Callable[[], None]:
            def run() -> None:
                bar = editor.verticalScrollBar()
                step = max(1, editor.viewport().height() // 3)
                for i in range(1, steps + 1):
                    bar.setValue(min(bar.maximum(), i * step))
                    paint()
            return run

        viewer = median_time(scroll(self.viewer.editor, lambda: repaint(self.viewer)),
                             self.runs, before=self.open_viewer)
        bare = median_time(scroll(self.bare, lambda: repaint(self.bare)), self.runs,
                           before=self.open_bare)
        return steps / viewer, steps / bare

    def hovering(self, moves: int) -> tuple[float, int]:
        """(moves a second, paragraphs measured meanwhile) over the stripes margin."""
        stripes = self.viewer.stripes
        self.open_viewer()
        measured = stripes.measured
        start = time.perf_counter()
        for i in range(moves):
            point = QPointF(PADDING + (i * 3) % (stripes.width() - 2 * PADDING),
                            (i * 7) % stripes.height())
            QApplication.sendEvent(stripes, QMouseEvent(
                QEvent.Type.MouseMove, point, stripes.mapToGlobal(point),
                Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
            stripes.tooltip_at(point.toPoint())
        return moves / (time.perf_counter() - start), stripes.measured - measured

    def applying(self) -> tuple[float, float, float]:
        """(apply, viewer's share, floor) seconds for one code on a selection on screen."""
        viewer, workspace, model = self.viewer, self.workspace, self.viewer.model
        assert model is not None
        code_id = workspace.read(lambda s: s.scalar(select(func.min(Code.id))))
        bar = viewer.editor.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)
        repaint(viewer)
        rng = random.Random(5)
        middle = model.offsets.from_utf16(
            viewer.editor.cursorForPosition(viewer.editor.viewport().rect().center()).position())
        restyles: list[float] = []
        paints: list[float] = []
        workspace.changed.disconnect(viewer.on_changed)
        workspace.changed.connect(lambda changes: restyles.append(
            median_time(lambda: viewer.on_changed(changes), 1)))

        def span() -> tuple[int, int]:
            start = max(0, middle + rng.randint(-200, 200))
            return start, min(len(model.text), start + rng.randint(10, 120))

        def apply_code() -> None:
            start, end = span()
            workspace.set_text_selection(TextSelection(self.doc_id, start, end,
                                                       model.text[start:end]))
            workspace.code_selection(code_id)
            paints.append(median_time(lambda: repaint(viewer), 1))

        applying = median_time(apply_code, self.runs)
        share = statistics.median(map(sum, zip(restyles, paints, strict=True)))
        floor = statistics.median(self._raw_insert(code_id, *span()) for _ in range(self.runs))
        return applying, share, floor

    def _raw_insert(self, code_id: int, start: int, end: int) -> float:
        """Seconds for an INSERT + COMMIT of one coding row (no derived tables, no viewer
        update) and one repaint; the row is deleted again afterwards, untimed."""
        began = time.perf_counter()
        with Session(self.project.engine) as s, s.begin():
            coding = Coding(document_id=self.doc_id, code_id=code_id,
                            coder_id=self.workspace.coder_id, start=start, end=end)
            s.add(coding)
            s.flush()
            coding_id = coding.id
        repaint(self.viewer)
        elapsed = time.perf_counter() - began
        with Session(self.project.engine) as s, s.begin():
            s.execute(delete(Coding).where(Coding.id == coding_id))
        return elapsed


def bench(label: str, project: Project, doc_id: int, coder_id: int, runs: int,
          steps: int) -> None:
    run = Bench(project, doc_id, coder_id, runs)
    opening, open_floor, ratio = run.opening()
    model = run.viewer.model
    assert model is not None
    print(f"{label}: {len(model.text):,} characters, {len(model.codings):,} codings")
    report("(a) open, painted", opening, open_floor, f"<= {OPEN_RATIO}x floor",
           ratio <= OPEN_RATIO, ratio=ratio)
    if steps:
        fps, fps_floor = run.scrolling(steps)
        report(f"(d) scroll {steps} steps, painted", fps, fps_floor, f">= {SCROLL_FPS} fps",
               fps >= SCROLL_FPS, unit="fps", ratio=fps_floor / fps)
    applying, share, floor = run.applying()
    report("(b) apply one code + repaint", applying, floor, f"<= {APPLY_GOAL * 1000:.0f} ms",
           applying <= APPLY_GOAL)
    print(f"      of which the viewer (restyle, stripes, repaint): {share * 1000:.1f} ms")
    run.close()


def bench_single(project: Project, doc_id: int, coder_id: int, runs: int) -> None:
    run = Bench(project, doc_id, coder_id, runs, size=(700, 800))
    opening, floor, ratio = run.opening()
    model = run.viewer.model
    assert model is not None
    print(f"single paragraph: {len(model.text):,} characters, {len(model.codings):,} codings, "
          f"{run.viewer.editor.document().firstBlock().layout().lineCount()} lines")
    report("(c) open, painted", opening, floor, f"<= {SINGLE_GOAL * 1000:.0f} ms",
           opening <= SINGLE_GOAL, ratio=ratio)
    rate, measured = run.hovering(300)
    print(f"  (e) hover the stripes: {rate:8.0f} moves a second, paragraphs measured meanwhile: "
          f"{measured} (goal 0)  {'ok' if measured == 0 else 'SLOW'}")
    run.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--codings", type=int, default=3000)
    parser.add_argument("--single-chars", type=int, default=18_000)
    parser.add_argument("--single-codings", type=int, default=500)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--demo-codings", type=int, default=150)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project, doc_id, coder_id = build_synthetic(folder / "synthetic.qcode", args.chars,
                                                    args.codings)
        bench("synthetic transcript", project, doc_id, coder_id, args.runs, args.steps)
        project, doc_id, coder_id = single_paragraph(folder / "single.qcode", args.single_chars,
                                                     args.single_codings)
        bench_single(project, doc_id, coder_id, args.runs)
        try:
            project, doc_id, coder_id = demo_project(folder, args.demo_codings)
        except Exception as exc:  # noqa: BLE001 - the demo is optional for this bench
            print(f"demo project skipped: {exc}")
        else:
            bench("demo, longest transcript", project, doc_id, coder_id, args.runs, 0)
    del app


if __name__ == "__main__":
    main()
