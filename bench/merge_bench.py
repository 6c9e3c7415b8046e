"""Merging two copies of the 1M-coding study, against copying the codings table in SQLite.

    python bench/merge_bench.py --study STUDY.qcode [--runs 3] [--work FOLDER]

The study (``matrix_bench.py --keep FILE --build-only``: 2,000 documents, 300 codes, 1,000,000
codings) is copied twice. The second copy is made to differ as a second analyst's would: its
codings get another coder (a new one) and new uuids, by SQL (not timed). Then, ``--runs`` times,
on fresh copies of the first:

* floor: raw sqlite3, the second copy ATTACHed, its codings copied with one
  ``INSERT INTO codings SELECT ... FROM src.codings`` (the table's indexes and triggers
  included), committed: the least any merge that writes a million codings does;
* merge: :func:`qcode.team.merge.merge_projects` of the second copy into the first, committed
  (the derived tables refreshed), printed with the op alone and the commit's share;
* undo floor: on the floor's file, the codings it copied removed with one
  ``DELETE FROM codings WHERE id IN (temp table of their ids)`` (triggers included), committed;
* undo: the merge's ``changes.inverse`` (what Edit > Undo runs) on the merged file, committed
  (the derived tables refreshed); the codings count is checked to be back where it was.

Goal of issue 13 item 6: merge <= 2x the floor (undo: printed against its floor).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QCODE_BACKUP_KEEP", "0")  # no backup when the copy is opened to write

from qcode.project import Project  # noqa: E402
from qcode.team.merge import merge_projects  # noqa: E402

COLUMNS = 'document_id, code_id, coder_id, start, "end", version, memo, uuid, created_at'


def second_analyst(source: Path) -> int:
    """The copy's codings given to a new coder, with new uuids; how many codings it has."""
    con = sqlite3.connect(source)
    try:
        con.execute("INSERT INTO coders(name, uuid, created_at) VALUES "
                    "('second analyst', '5ec0d000-0000-4000-8000-000000000002', "
                    "'2024-01-01 00:00:00')")
        coder = con.execute("SELECT id FROM coders WHERE name = 'second analyst'").fetchone()[0]
        con.execute("UPDATE codings SET coder_id = ?, uuid = randomblob(16)", (coder,))
        con.commit()
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return con.execute("SELECT count(*) FROM codings").fetchone()[0]
    finally:
        con.close()


def floor(target: Path, source: Path) -> tuple[float, float]:
    """(copying the codings, removing them again), each committed."""
    con = sqlite3.connect(target, isolation_level=None)
    try:
        con.execute("ATTACH ? AS src", (str(source),))
        before = con.execute("SELECT max(id) FROM codings").fetchone()[0]
        started = time.perf_counter()
        con.execute("BEGIN")
        con.execute("INSERT INTO coders(name, uuid, created_at) SELECT name, uuid, created_at "
                    "FROM src.coders WHERE name NOT IN (SELECT name FROM main.coders)")
        con.execute(f"INSERT INTO codings({COLUMNS}) SELECT document_id, code_id, "
                    "(SELECT m.id FROM main.coders m JOIN src.coders s ON m.name = s.name "
                    f"WHERE s.id = c.coder_id), start, \"end\", version, memo, uuid, created_at "
                    "FROM src.codings c")
        con.execute("COMMIT")
        copied = time.perf_counter() - started
        con.execute("DETACH src")
        con.execute("CREATE TEMP TABLE gone (id INTEGER PRIMARY KEY)")
        con.execute("INSERT INTO gone SELECT id FROM codings WHERE id > ?", (before,))
        started = time.perf_counter()
        con.execute("BEGIN")
        con.execute("DELETE FROM codings WHERE id IN (SELECT id FROM gone)")
        con.execute("COMMIT")
        return copied, time.perf_counter() - started
    finally:
        con.close()


def merge(target: Path, source: Path) -> tuple[float, float, int, float, float]:
    """(whole merge committed, the op alone, codings added, whole undo committed, its op)."""
    with Project.open(target) as project:
        count = codings_count(target)
        started = time.perf_counter()
        with project.transaction() as session:
            report = merge_projects(session, sources=[source])
            op = time.perf_counter() - started
        whole = time.perf_counter() - started
        started = time.perf_counter()
        with project.transaction() as session:
            report.changes.inverse(session)
            undo_op = time.perf_counter() - started
        undo = time.perf_counter() - started
    if codings_count(target) != count:
        raise SystemExit("the undo left codings of the merge behind")
    return whole, op, report.codings.added, undo, undo_op


def codings_count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM codings").fetchone()[0]
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path, default=Path("/work/study/new1m.qcode"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="folder for the copies")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.work) as folder:
        first, second = Path(folder) / "first.qcode", Path(folder) / "second.qcode"
        shutil.copy(args.study, first)
        shutil.copy(args.study, second)
        print(f"second copy: {second_analyst(second):,} codings by a second analyst")
        for run in range(1, args.runs + 1):
            target = Path(folder) / f"floor{run}.qcode"
            shutil.copy(first, target)
            floor_s, undo_floor = floor(target, second)
            target.unlink()
            target = Path(folder) / f"merge{run}.qcode"
            shutil.copy(first, target)
            whole, op, added, undo, undo_op = merge(target, second)
            target.unlink()
            print(f"run {run}: merge {whole:.1f} s (op {op:.1f} s, commit and refresh "
                  f"{whole - op:.1f} s; {added:,} codings added), floor {floor_s:.1f} s, "
                  f"ratio {whole / floor_s:.2f}x (op alone {op / floor_s:.2f}x; goal <= 2x); "
                  f"undo {undo:.1f} s (op {undo_op:.1f} s), floor {undo_floor:.1f} s, "
                  f"ratio {undo / undo_floor:.2f}x", flush=True)


if __name__ == "__main__":
    main()
