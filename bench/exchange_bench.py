"""REFI-QDA export speed and memory on the large study (2,000 documents, 300 codes, 1M codings).

Times ``export_qdpx`` of the study (a copy: the study itself is never opened for writing)
against the floor: lxml's ``xmlfile`` writing the same project XML (the same elements and
attributes, a TextSource per document and a PlainTextSelection/Coding/CodeRef per coding, with
GUIDs and times of the same length) to a plain file in the same folder, with nothing read from
the database, no zip and no compression. Prints the figure, the floor, their ratio and the
peak memory of the process (``ru_maxrss``). Goal: <= 2x the floor, peak <= 500 MB. The runs
alternate export and floor, and both wall and CPU time (all threads: the export compresses on
a second one) are given, best of the runs: on a shared machine the wall time of one run
depends on the load of the minute.

    python bench/exchange_bench.py --study STUDY.qcode [--runs 3]

STUDY is the file ``bench/matrix_bench.py --keep FILE --build-only`` builds.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lxml import etree  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from qcode.exchange.export_qdpx import export_qdpx  # noqa: E402
from qcode.models import Coding, Document  # noqa: E402
from qcode.project import Project  # noqa: E402

NS = "urn:QDA-XML:project:1.0"
GUID = "0f498859-3193-4f6f-8809-35f3802bc632"
WHEN = "2024-01-01T00:00:00Z"


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def floor_xml(out: Path, documents: int, codings: int) -> None:
    """The same XML as the export's, written with lxml alone from values already in hand."""
    per_doc, extra = divmod(codings, documents)
    selection, coding, code_ref = _tag("PlainTextSelection"), _tag("Coding"), _tag("CodeRef")
    with out.open("wb") as stream, etree.xmlfile(stream, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(_tag("Project"), {"name": "bench"}, nsmap={None: NS}), \
                xf.element(_tag("Sources")):
            for d in range(documents):
                with xf.element(_tag("TextSource"), {"guid": GUID, "name": f"Doc {d}",
                                                     "plainTextPath": f"internal://{GUID}.txt",
                                                     "creationDateTime": WHEN}):
                    for i in range(per_doc + (d < extra)):
                        _selection(xf, i * 7, i * 7 + 40, selection, coding, code_ref)


def _selection(xf: etree.xmlfile, start: int, end: int, selection: str, coding: str,
               code_ref: str) -> None:
    with xf.element(selection, {"guid": GUID, "startPosition": str(start),
                                "endPosition": str(end), "creatingUser": GUID,
                                "creationDateTime": WHEN}), \
            xf.element(coding, {"guid": GUID, "creatingUser": GUID, "creationDateTime": WHEN}), \
            xf.element(code_ref, {"targetGUID": GUID}):
        pass


def timed(work) -> tuple[float, float]:  # noqa: ANN001
    """(wall seconds, CPU seconds of every thread of the process) of one call of ``work``."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path(args.study).parent) as folder:
        copy = Path(folder) / "study.qcode"
        shutil.copyfile(args.study, copy)
        project = Project.open(copy, readonly=True)
        out, floor_out = Path(folder) / "study.qdpx", Path(folder) / "floor.xml"
        figures, floors = [], []
        with project.reading() as s:
            documents = s.scalar(select(func.count()).select_from(Document))
            codings = s.scalar(select(func.count()).select_from(Coding))
            report = export_qdpx(s, out)  # a first run warms the file cache for both
            for _ in range(args.runs):  # alternated: the machine's load changes by the minute
                figures.append(timed(lambda: export_qdpx(s, out)))
                floors.append(timed(lambda: floor_xml(floor_out, documents, codings)))
        project.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(report.line())
        print(f".qdpx {out.stat().st_size / 1e6:.0f} MB; the project XML "
              f"{floor_out.stat().st_size / 1e6:.0f} MB")
        for kind, i in (("wall", 0), ("CPU", 1)):
            figure, floor = min(f[i] for f in figures), min(f[i] for f in floors)
            print(f"{kind}: export_qdpx {figure:.1f} s; floor (lxml alone, same XML, no zip) "
                  f"{floor:.1f} s; ratio {figure / floor:.2f} (goal <= 2)")
        print(f"peak memory: {peak:.0f} MB (goal <= 500)")


if __name__ == "__main__":
    main()
