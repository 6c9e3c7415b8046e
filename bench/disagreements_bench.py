"""Disagreeing passages at scale: two coders over the 1M-coding study (2,000 documents, 300
codes, 1,000,000 codings).

    python bench/disagreements_bench.py [--study FILE] [--repeats N]

The study is copied to a temporary folder and its codings handed to two coders, as in
``bench/agreement_bench.py``. Each line prints the figure (``find_disagreements``), the floor
measured in the same run and their ratio:

* one code pooled over every document (what a click on a row of the agreement dialog asks):
  floor = reading that code's codings sorted in one SQL query;
* every code (``qcode agreement --disagreements``, the overall row): floor = the whole
  agreement table (``measure_agreement``), which the command computes anyway.

Figure and floor alternate, each the best of N repeats (machines are shared: run it three
times). No goal of its own: the figures say whether the dialog needs a limit.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from agreement_bench import two_coders  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from study_runs import best_of, main_on_copy  # noqa: E402

from qcode.project import Project  # noqa: E402
from qcode.queries import code_paths  # noqa: E402
from qcode.team.agreement import measure_agreement  # noqa: E402
from qcode.team.disagreements import find_disagreements  # noqa: E402
from qcode.team.options import AgreementOptions  # noqa: E402


def code_floor(session: Session, ids: str, code_id: int) -> float:
    """Reading one code's codings sorted by document and start, in one query."""
    cursor = session.connection().connection.cursor()
    started = time.perf_counter()
    cursor.execute('SELECT document_id, coder_id, start, "end", version FROM codings '
                   f"WHERE coder_id IN ({ids}) AND code_id = ? ORDER BY document_id, start",
                   (code_id,))
    cursor.fetchall()
    cursor.close()
    return time.perf_counter() - started


def run(path: Path, repeats: int) -> None:
    a, b = two_coders(path)
    with Project.open(path, readonly=True) as project, project.reading() as s:
        connection = s.connection()
        ids = ",".join(str(i) for i, in connection.exec_driver_sql(
            "SELECT id FROM coders WHERE name IN (?, ?)", (a, b)).all())
        code_id, = connection.exec_driver_sql(
            "SELECT code_id FROM codings GROUP BY code_id ORDER BY count(*) DESC "
            "LIMIT 1").one()
        options = AgreementOptions(coders=(a, b))
        path_of = code_paths(s)[code_id]
        for label, unit in (("one code, character", "character"),
                            ("one code, sentence", "sentence"),
                            ("one code, segment", "segment")):
            o = AgreementOptions(coders=(a, b), unit=unit)  # type: ignore[arg-type]
            figure, floor_time, found = best_of(
                repeats, lambda o=o: find_disagreements(s, o, code=path_of),
                lambda: code_floor(s, ids, code_id))
            print(f"{label:<24} {figure:6.2f} s  floor {floor_time:5.2f} s  "
                  f"{figure / floor_time:5.2f}x  {len(found.passages):,} passages")
        figure, floor_time, found = best_of(
            repeats, lambda: find_disagreements(s, options), lambda: _timed(
                lambda: measure_agreement(s, options)))
        print(f"{'every code, character':<24} {figure:6.2f} s  table {floor_time:5.2f} s  "
              f"{figure / floor_time:5.2f}x  {len(found.passages):,} passages")


def _timed(work) -> float:  # noqa: ANN001
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    main_on_copy(__doc__.splitlines()[0], "disagreements-bench-", run)


if __name__ == "__main__":
    main()
