"""Coder agreement at scale: two coders over 2,000 documents, 300 codes, 1,000,000 codings.

    python bench/agreement_bench.py [--study FILE] [--repeats N]

STUDY is the 1M-coding study (``bench/matrix_bench.py --keep FILE --build-only``; default
/work/study/new1m.qcode). It is copied to a temporary folder first, never opened itself.
When the copy's codings have more than two coders, the others' codings are handed to the
first two in turn (in the copy), so that all 1,000,000 are compared.

Each line prints the figure (``measure_agreement``: the whole table, 600,000 document rows,
300 pooled rows and the overall row, every figure computed), the floor measured in the same
run and their ratio. The floor is reading the same codings sorted by (code, document, start)
in one SQL query, fetched whole through the driver's own cursor: the fastest of letting
SQLite walk the (code, document, span) index and of reading the table and sorting. Figure
and floor alternate, and each is the best of N repeats (machines are shared: run the script
three times). Goal for character units: <= 3x the floor. The other units, --coded-only,
roll-up and three coders are printed for comparison (no goal of their own).
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy.orm import Session  # noqa: E402
from study_runs import best_of, main_on_copy  # noqa: E402

from qcode.project import Project  # noqa: E402
from qcode.team.agreement import measure_agreement  # noqa: E402
from qcode.team.options import AgreementOptions  # noqa: E402

GOAL = 3.0
FLOORS = ('SELECT code_id, document_id, coder_id, start, "end" FROM codings '
          "WHERE coder_id IN ({ids}) ORDER BY code_id, document_id, start",
          'SELECT code_id, document_id, coder_id, start, "end" FROM codings '
          "WHERE coder_id IN ({ids}) ORDER BY code_id + 0, document_id, start")


def two_coders(path: Path) -> tuple[str, str]:
    """Hand every other coder's codings to the first two coders, alternately; their names."""
    con = sqlite3.connect(path)
    with con:
        coders = con.execute("SELECT id, name FROM coders ORDER BY id").fetchall()
        if len(coders) < 2:
            sys.exit(f"{path.name} needs codings by two coders at least")
        (first, a), (second, b) = coders[:2]
        con.execute("UPDATE codings SET coder_id = CASE id % 2 WHEN 0 THEN ? ELSE ? END "
                    "WHERE coder_id NOT IN (?, ?)", (first, second, first, second))
        counts = con.execute("SELECT count(*) FROM codings WHERE coder_id IN (?, ?)",
                             (first, second)).fetchone()[0]
    con.close()
    print(f"{counts:,} codings by {a!r} and {b!r}")
    return a, b


def floor(session: Session, ids: str) -> float:
    """Reading the codings sorted, in one query, whichever plan is faster."""
    cursor = session.connection().connection.cursor()
    best = float("inf")
    for sql in FLOORS:
        started = time.perf_counter()
        cursor.execute(sql.format(ids=ids))
        cursor.fetchall()
        best = min(best, time.perf_counter() - started)
    cursor.close()
    return best


def run(path: Path, repeats: int) -> None:
    a, b = two_coders(path)
    cases = [("character", {}), ("character, coded only", {"coded_only": True}),
             ("character, roll-up", {"rollup": True}), ("sentence", {"unit": "sentence"}),
             ("turn", {"unit": "turn"}), ("segment (90%)", {"unit": "segment"})]
    with Project.open(path, readonly=True) as project, project.reading() as s:
        ids = ",".join(str(i) for i, in s.connection().exec_driver_sql(
            "SELECT id FROM coders WHERE name IN (?, ?)", (a, b)).all())
        for label, extra in cases:
            options = AgreementOptions(coders=(a, b), **extra)  # type: ignore[arg-type]
            figure, floor_time, table = best_of(
                repeats, lambda o=options: measure_agreement(s, o), lambda: floor(s, ids))
            goal = f"  (goal <= {GOAL:g}x)" if label == "character" else ""
            print(f"{label:<24} {figure:6.2f} s  floor {floor_time:5.2f} s  "
                  f"{figure / floor_time:4.2f}x  {len(table.rows):,} rows{goal}")


def main() -> None:
    main_on_copy(__doc__.splitlines()[0], "agreement-bench-", run)


if __name__ == "__main__":
    main()
