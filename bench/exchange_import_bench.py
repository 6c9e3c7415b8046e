"""Importing a REFI-QDA project (.qdpx) at scale, against parsing its XML with lxml alone.

    python bench/exchange_import_bench.py --study STUDY.qcode [--qdpx KEPT.qdpx] [--runs 3]

The study (the 1,000,000-coding one ``matrix_bench.py --keep FILE --build-only`` builds) is
copied and exported once to a .qdpx (not timed; ``--qdpx`` keeps it for the next run). Then,
each in a fresh process so that its peak memory is its own, ``--runs`` times:

* floor: streaming the archive's ``project.qde`` through lxml ``iterparse``, each element
  cleared at its end (the least any streaming reader of the file does);
* insert: as many codings over as many documents added to a new project through the loader's
  bulk op in its batches, without parsing (the database's share: no import writes less);
* import: :func:`qcode.exchange.import_qdpx.import_qdpx` into a new project, committed (reading,
  placing positions, writing documents and codings, the derived tables refreshed).

Prints each figure, the floor, the ratio and each process's peak memory (goal of issue 12:
<= 2x the floor, <= 500 MB).
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


def insert_floor(qdpx: Path) -> None:
    """As many codings as the file holds, over as many documents, added to a new project in
    the loader's batches through the same bulk op: the database's share of the import."""
    from sqlalchemy import delete, select

    from qcode.exchange.load_codings import BATCH
    from qcode.models import Code, Coder, Document, coverage_stale, document_stale
    from qcode.models.types import new_uuids
    from qcode.ops.codings import NewCoding, add_codings

    with zipfile.ZipFile(qdpx) as archive, archive.open("project.qde") as xml:
        counts = {"TextSource": 0, "Coding": 0}
        for _, element in etree.iterparse(xml, events=("end",)):
            name = etree.QName(element).localname
            counts[name] = counts.get(name, 0) + 1
            element.clear(keep_tail=False)
    documents, codings = max(counts["TextSource"], 1), counts["Coding"]
    started = time.perf_counter()
    with (tempfile.TemporaryDirectory() as folder,
          Project.create(Path(folder) / "floor.qcode") as project,
          project.transaction() as s):
        rows = [Document(name=f"D{i}", text="word " * 20_000, sha256="") for i in range(documents)]
        coding_codes = [Code(name=f"C{i}") for i in range(300)]
        s.add_all([*rows, *coding_codes, Coder(name="Amal")])
        s.flush()
        docs, codes = [d.id for d in rows], [c.id for c in coding_codes]
        coder = s.scalar(select(Coder.id))
        for first in range(0, codings, BATCH):
            count = min(BATCH, codings - first)
            add_codings(s, unique=True, codings=[
                NewCoding(docs[(first + i) * documents // codings], codes[i % 300], coder,
                          i % 90_000, i % 90_000 + 40, "", uuid)
                for i, uuid in enumerate(new_uuids(count))])
        for table in (coverage_stale, document_stale):  # not the recount: the import does one
            s.execute(delete(table))
    print(f"{time.perf_counter() - started:.3f} 0")


def import_into_new(qdpx: Path) -> None:
    from qcode.exchange.import_qdpx import import_qdpx

    with (tempfile.TemporaryDirectory() as folder,
          Project.create(Path(folder) / "in.qcode") as project,
          project.transaction() as s):
        report = import_qdpx(s, qdpx)
    print(report.line(), file=sys.stderr)


def one(kind: str, qdpx: Path) -> None:
    """Time one measurement in this process; print seconds and peak MB."""
    if kind == "insert":
        insert_floor(qdpx)  # times itself (counting the codings is not part of it)
        return
    started = time.perf_counter()
    (floor if kind == "floor" else import_into_new)(qdpx)
    seconds = time.perf_counter() - started
    print(f"{seconds:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


def measure(kind: str, qdpx: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, __file__, "--one", kind, "--qdpx", str(qdpx)],
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[-2]), float(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--study", type=Path, default=Path("/work/study/new1m.qcode"))
    parser.add_argument("--qdpx", type=Path, help="export here once and reuse it")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", choices=("floor", "insert", "import"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one, args.qdpx)
        return
    qdpx = args.qdpx or Path(tempfile.mkdtemp()) / "study.qdpx"
    export_once(args.study, qdpx)
    print(f"{'run':<5}{'parse s':>9}{'insert s':>10}{'import s':>10}{'/parse':>8}"
          f"{'/(parse+insert)':>16}{'parse MB':>10}{'import MB':>11}")
    for run in range(1, args.runs + 1):
        low, low_mb = measure("floor", qdpx)
        written, _ = measure("insert", qdpx)
        figure, mb = measure("import", qdpx)
        print(f"{run:<5}{low:>9.1f}{written:>10.1f}{figure:>10.1f}{figure / low:>7.1f}x"
              f"{figure / (low + written):>15.2f}x{low_mb:>10.0f}{mb:>11.0f}")


if __name__ == "__main__":
    main()
