"""Re-importing a corrected transcript at 1,000,000 codings: the database side of
``qcode reimport`` (the text replaced, every coding of the document re-anchored, the count
tables refreshed, the commit), and its undo.

    python bench/reimport_bench.py STUDY [--runs N] [--doc ID]

STUDY is the 1M-coding study (``bench/matrix_bench.py --keep FILE --build-only``); it is
copied to a temporary folder first and never opened itself. The corrected text of the document
has a line inserted, a line deleted, words replaced and two lines swapped. Each line prints
the median of N runs, the floor measured in the same run and their ratio. The floor is
rewriting every coding of the document in place (``UPDATE ... SET start = start``) and
committing: the triggers mark each of its pairs stale and the refresh recounts them, the least
any re-anchoring of all of a document's codings costs. Goal: 2x.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

from qcode.changes import Changes  # noqa: E402
from qcode.models import Coding, Document  # noqa: E402
from qcode.ops.document_text import replace_document_text  # noqa: E402
from qcode.project import Project  # noqa: E402


def corrected(old: str) -> str:
    """The old text with a line inserted, one deleted, words replaced and two lines swapped."""
    lines = old.split("\n")
    lines.insert(len(lines) // 4, "Interviewer: could you say more about that?")
    del lines[len(lines) // 2]
    lines[1], lines[-2] = lines[-2], lines[1]
    words = "\n".join(lines).split(" ")
    for i in range(7, len(words), 97):
        words[i] = words[i].upper() + "x"
    return " ".join(words)


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def line(what: str, figure: float, floor: float) -> None:
    print(f"{what:<44}{figure * 1000:9.1f} ms  floor {floor * 1000:8.1f} ms  "
          f"ratio {figure / floor:5.2f}x  (goal 2x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("study", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--doc", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "study.qcode"
        shutil.copyfile(args.study, copy)
        with Project.open(copy) as project:
            run(project, args.doc, args.runs)


def rewrite_in_place(project: Project, doc: int) -> None:
    with project.transaction() as s:
        s.execute(text("UPDATE codings SET start = start WHERE document_id = :d"), {"d": doc})


def changes_unplaced(project: Project, doc: int) -> list[int]:
    """The document's codings left on its earlier text."""
    with project.reading() as s:
        return list(s.scalars(select(Coding.id).join(Document, Document.id == Coding.document_id)
                              .where(Coding.document_id == doc,
                                     Coding.version != Document.version)))


def undo(project: Project, changes: Changes) -> None:
    with project.transaction() as s:
        changes.inverse(s)


def run(project: Project, doc: int, runs: int) -> None:
    with project.reading() as s:
        old = s.scalar(select(Document.text).where(Document.id == doc))
        codings = s.scalar(select(func.count()).where(Coding.document_id == doc))
    new = corrected(old)
    print(f"document {doc}: {len(old):,} characters, {codings:,} codings")
    replaced, undone, floors = [], [], []
    for _ in range(runs):
        floors.append(timed(lambda: rewrite_in_place(project, doc)))
        started = time.perf_counter()
        with project.transaction() as s:
            changes = replace_document_text(s, document_id=doc, text=new)
        replaced.append(time.perf_counter() - started)
        unplaced = len(changes_unplaced(project, doc))
        undone.append(timed(lambda: undo(project, changes)))  # noqa: B023 - called at once
    with project.reading() as s:
        placed = s.scalar(select(func.count()).where(Coding.document_id == doc))
    floor = statistics.median(floors)
    line("reimport (replace + re-anchor + refresh)", statistics.median(replaced), floor)
    line("undo it", statistics.median(undone), floor)
    print(f"({unplaced:,} codings unplaced by the correction; after the undos the document has "
          f"its {placed:,} codings)")


if __name__ == "__main__":
    main()
