"""XLSX export of the 300 x 2,000 theme matrix, whole command, against openpyxl's floor.

    python bench/xlsx_bench.py [--study FILE] [--runs 3] [--measure segments]

The study is the one of bench/matrix_bench.py (2,000 documents, 300 codes, 1,000,000 codings):
``--study`` names a file built by ``matrix_bench.py --keep FILE --build-only``, which is copied to
a temporary folder first (never opened itself) and the copy opened for writing once (an
older study is upgraded, not timed); without it the study is built there (minutes,
not timed).

Figure: ``qcode export matrix COPY --out m.xlsx`` as a whole process, less start-up (``qcode
--version`` timed in the same run), so it includes opening the project, counting the matrix and
writing the file. Floor: the same numbers (header, code paths, counts and totals) written with
openpyxl in write-only mode, ``Workbook(write_only=True)`` + ``append`` + ``save``, in this
process. Also prints the in-process time of ``write_matrix_xlsx`` alone, for information.
Goal: figure <= 1.5 x floor (and the issue's own goal, under 5 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from openpyxl import Workbook  # noqa: E402

from qcode.analysis import MatrixOptions, build_matrix  # noqa: E402
from qcode.export.manifest import Source  # noqa: E402
from qcode.export.tables import matrix_table  # noqa: E402
from qcode.export.xlsx import write_matrix_xlsx  # noqa: E402
from qcode.project import Project  # noqa: E402

GOAL_RATIO = 1.5
#: the command as installed runs it (``qcode``), from this working tree
QCODE = [sys.executable, "-c", "import sys; from qcode.cli.main import main; sys.exit(main())"]


def timed(work) -> float:  # noqa: ANN001
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def run(args: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(BENCH.parent)}
    subprocess.run([*QCODE, *args], check=True, capture_output=True, env=env)


def openpyxl_floor(table: tuple[list, list], out: Path) -> None:
    """The same cells, written the plain way: openpyxl write-only, one ``append`` a row."""
    header, rows = table
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Matrix")
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(out)


def prepare(study: Path | None, folder: Path) -> Path:
    copy = folder / "study.qcode"
    if study is not None:
        shutil.copyfile(study, copy)
        Project.open(copy).close()  # for writing once: upgrades a study built by older code
        return copy
    from matrix_bench import build, refresh_cold
    build(copy, 2000, 300, 1_000_000)
    refresh_cold(copy)
    return copy


def bench(path: Path, folder: Path, measure: str, runs: int) -> list[float]:
    project = Project.open(path, readonly=True)
    with project.reading() as s:
        matrix = build_matrix(s, MatrixOptions(measure=measure))
    source = Source.of(project)
    project.close()
    table = matrix_table(matrix)
    print(f"{len(matrix.rows)} x {len(matrix.columns)} {measure} matrix "
          f"(+ totals), {path.stat().st_size / 1e6:.0f} MB study")
    print(f"{'run':<5}{'figure':>9}{'(command':>10}{'start-up)':>11}{'floor':>9}{'ratio':>8}"
          f"{'write only':>12}")
    ratios, out = [], folder / "m.xlsx"
    for i in range(runs):
        start_up = timed(lambda: run(["--version"]))
        command = timed(lambda: run(["export", "matrix", str(path), "--out", str(out),
                                     "--measure", measure]))
        size = out.stat().st_size
        floor = timed(lambda: openpyxl_floor(table, folder / "floor.xlsx"))
        write = timed(lambda: write_matrix_xlsx(matrix, folder / "w.xlsx", source=source))
        figure = command - start_up
        ratios.append(figure / floor)
        print(f"{i + 1:<5}{figure:>8.3f}s{command:>9.3f}s{start_up:>10.3f}s{floor:>8.3f}s"
              f"{figure / floor:>7.2f}x{write:>11.3f}s")
    print(f"file {size / 1e6:.1f} MB; openpyxl's {(folder / 'floor.xlsx').stat().st_size / 1e6:.1f}"
          f" MB. Goal: figure <= {GOAL_RATIO} x floor; median ratio "
          f"{sorted(ratios)[len(ratios) // 2]:.2f}x")
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path, help="a study built by matrix_bench.py --keep")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--measure", default="segments")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        bench(prepare(args.study, folder), folder, args.measure, args.runs)


if __name__ == "__main__":
    main()
