"""Importing a REFI-QDA project (.qdpx) at scale, against parsing its XML with lxml alone.

    python bench/exchange_import_bench.py --study STUDY.qcode [--qdpx KEPT.qdpx] [--runs 3]

The study (the 1,000,000-coding one ``matrix_bench.py --keep FILE --build-only`` builds) is
copied and exported once to a .qdpx (not timed; ``--qdpx`` keeps it for the next run). Then,
each in a fresh process so that its peak memory is its own, ``--runs`` times:

* floor: streaming the archive's ``project.qde`` through lxml ``iterparse``, each element
  cleared at its end (the least any streaming reader of the file does);
* insert: as many codings over as many documents written into a new project by sqlite3's
  ``executemany`` of plain tuples, in the import's batches, page cache and suspended insert
  triggers (the database's share: no import writes less);
* rebuild: the study's derived tables rebuilt whole, as the import's commit does once;
* import: :func:`qcode.exchange.import_qdpx.import_qdpx` into a new project, committed (reading,
  placing positions, writing documents and codings, the derived tables refreshed).

Prints each figure, the floors, the ratios to the parse floor and to the three floors
together, and each process's peak memory (goal of issue 12: <= 2x the parse floor, <= 500 MB).
The column ``least/parse`` is (parse + insert) / parse: what an import that reads the file and
writes its codings costs at the least, before any derived table or check, against the goal.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qcode.project import Project  # noqa: E402


def export_once(study: Path, qdpx: Path) -> None:
    """The study's .qdpx, exported from a copy (the study itself is never opened to write)."""
    if qdpx.exists():
        return
    from qcode.exchange.export_qdpx import export_qdpx

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / study.name
        shutil.copy(study, copy)
        started = time.perf_counter()
        with Project.open(copy) as project, project.reading() as s:
            print(export_qdpx(s, qdpx).line())
        print(f"exported in {time.perf_counter() - started:.0f} s (not timed)")


def floor(qdpx: Path) -> None:
    with zipfile.ZipFile(qdpx) as archive, archive.open("project.qde") as xml:
        for _, element in etree.iterparse(xml, events=("end",)):
            element.clear(keep_tail=False)


def _counts(qdpx: Path) -> tuple[int, int]:
    """(text sources, codings) of the file, counted with lxml (not timed)."""
    with zipfile.ZipFile(qdpx) as archive, archive.open("project.qde") as xml:
        counts = {"TextSource": 0, "Coding": 0}
        for _, element in etree.iterparse(xml, events=("end",)):
            name = etree.QName(element).localname
            counts[name] = counts.get(name, 0) + 1
            element.clear(keep_tail=False)
    return max(counts["TextSource"], 1), counts["Coding"]


def insert_floor(qdpx: Path) -> None:
    """As many codings as the file holds, over as many documents, written into a new project
    by sqlite3's executemany of plain tuples, 20,000 a batch, as the import writes them (its
    page cache, the insert triggers suspended): the least the database's share can be."""
    import os

    from qcode.db_bulk import insert_triggers_suspended, large_page_cache
    from qcode.models import Code, Coder, Document

    documents, codings = _counts(qdpx)
    with (tempfile.TemporaryDirectory() as folder,
          Project.create(Path(folder) / "floor.qcode") as project,
          project.transaction() as s):
        rows = [Document(name=f"D{i}", text="word " * 20_000, sha256="") for i in range(documents)]
        codes = [Code(name=f"C{i}") for i in range(300)]
        coder = Coder(name="Amal")
        s.add_all([*rows, *codes, coder])
        s.flush()
        docs, code_ids = [d.id for d in rows], [c.id for c in codes]
        values = [(docs[i * documents // codings], code_ids[i % 300], coder.id, i % 90_000,
                   i % 90_000 + 40, 1, "", os.urandom(16), 1_700_000_000)
                  for i in range(codings)]
        cursor = s.connection().connection.dbapi_connection.cursor()
        started = time.perf_counter()
        with (large_page_cache(s.connection(), 128),
              insert_triggers_suspended(s.connection(), "codings")):
            for first in range(0, codings, 20_000):
                cursor.executemany(
                    'INSERT INTO codings (document_id, code_id, coder_id, start, "end", version,'
                    " memo, uuid, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    values[first:first + 20_000])
        seconds = time.perf_counter() - started
    print(f"{seconds:.3f} 0")


def rebuild_floor(study: Path) -> None:
    """The derived tables of the study rebuilt whole (what an import's commit does once)."""
    from qcode.derived.rebuild import rebuild_documents

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / study.name
        shutil.copy(study, copy)
        with Project.open(copy) as project, project.transaction() as s:
            started = time.perf_counter()
            rebuild_documents(s, None)
            seconds = time.perf_counter() - started
    print(f"{seconds:.3f} 0")


def import_into_new(qdpx: Path) -> None:
    from qcode.exchange.import_qdpx import import_qdpx

    with (tempfile.TemporaryDirectory() as folder,
          Project.create(Path(folder) / "in.qcode") as project,
          project.transaction() as s):
        report = import_qdpx(s, qdpx)
    print(report.line(), file=sys.stderr)


def one(kind: str, qdpx: Path, study: Path) -> None:
    """Time one measurement in this process; print seconds and peak MB."""
    if kind in ("insert", "rebuild"):  # they time themselves (their set-up is not part of it)
        insert_floor(qdpx) if kind == "insert" else rebuild_floor(study)
        return
    started = time.perf_counter()
    (floor if kind == "floor" else import_into_new)(qdpx)
    seconds = time.perf_counter() - started
    print(f"{seconds:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


def measure(kind: str, qdpx: Path, study: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, __file__, "--one", kind, "--qdpx", str(qdpx),
                          "--study", str(study)],
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[-2]), float(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--study", type=Path, default=Path("/work/study/new1m.qcode"))
    parser.add_argument("--qdpx", type=Path, help="export here once and reuse it")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", choices=("floor", "insert", "rebuild", "import"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one, args.qdpx, args.study)
        return
    qdpx = args.qdpx or Path(tempfile.mkdtemp()) / "study.qdpx"
    export_once(args.study, qdpx)
    print(f"{'run':<5}{'parse s':>9}{'insert s':>10}{'rebuild s':>11}{'import s':>10}"
          f"{'/parse':>8}{'/(sum of floors)':>18}{'least/parse':>13}{'parse MB':>10}"
          f"{'import MB':>11}")
    for run in range(1, args.runs + 1):
        low, low_mb = measure("floor", qdpx, args.study)
        written, _ = measure("insert", qdpx, args.study)
        rebuilt, _ = measure("rebuild", qdpx, args.study)
        figure, mb = measure("import", qdpx, args.study)
        print(f"{run:<5}{low:>9.1f}{written:>10.1f}{rebuilt:>11.1f}{figure:>10.1f}"
              f"{figure / low:>7.1f}x{figure / (low + written + rebuilt):>17.2f}x"
              f"{(low + written) / low:>12.2f}x{low_mb:>10.0f}{mb:>11.0f}")


if __name__ == "__main__":
    main()
