"""Bytes a coding on disk: the project file at 1,000,000 codings against the same at 20,000.

    python bench/size_bench.py [--codings 1000000] [--small 20000] [--keep FOLDER]

Builds the matrix benchmark's study twice (2,000 documents, 300 codes; the same documents, so
they cancel out) with ``--small`` and ``--codings`` codings, opens each once for writing (which
fills the kept-fresh coverage tables, as a user's first open does) and closes it. Then

    bytes a coding = (size of the large file - size of the small one) / (codings - small)

everything included: the table, its indexes, the coverage tables and their indexes. The floor
is the least a coding could take in SQLite: a bare table of its five numbers (document, code,
coder, start, end) with no index, built in the same run. Goal: <= 200 bytes a coding. The
space each table and index takes in the large file is listed (SQLite's ``dbstat``).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matrix_bench import build  # noqa: E402

from qcode.project import Project  # noqa: E402

GOAL = 200.0


def built(path: Path, docs: int, codes: int, codings: int) -> int:
    """The project's size in bytes once built, opened for writing once and closed."""
    if not path.exists():
        build(path, docs, codes, codings)
    Project.open(path).close()
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def floor_bytes(source: Path, folder: Path) -> float:
    """Bytes a coding of a bare table of the five numbers (no index, no uuid, no time)."""
    bare = folder / "bare.sqlite"
    bare.unlink(missing_ok=True)
    con = sqlite3.connect(bare)
    con.execute("ATTACH DATABASE ? AS study", (str(source),))
    con.execute('CREATE TABLE codings(id INTEGER PRIMARY KEY, document_id INT, code_id INT, '
                'coder_id INT, start INT, "end" INT)')
    with con:
        con.execute('INSERT INTO codings SELECT id, document_id, code_id, coder_id, start, "end"'
                    " FROM study.codings")
    count = con.execute("SELECT count(*) FROM codings").fetchone()[0]
    pages = con.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'codings'").fetchone()[0]
    con.close()
    bare.unlink()
    return pages / count


def breakdown(path: Path, codings: int) -> None:
    con = sqlite3.connect(path)
    rows = con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name "
                       "ORDER BY 2 DESC LIMIT 12").fetchall()
    con.close()
    print(f"\nlargest tables and indexes of the {codings:,}-coding file (bytes a coding):")
    for name, size in rows:
        print(f"  {name:<36}{size / 1e6:8.1f} MB {size / codings:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--codes", type=int, default=300)
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="build in (or reuse the files of) this folder")
    args = parser.parse_args()
    os.environ.setdefault("QCODE_BACKUP_KEEP", "0")  # only the project files are measured
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        small_path = folder / f"size{args.small}.qcode"
        large_path = folder / f"size{args.codings}.qcode"
        small = built(small_path, args.docs, args.codes, args.small)
        large = built(large_path, args.docs, args.codes, args.codings)
        per_coding = (large - small) / (args.codings - args.small)
        floor = floor_bytes(large_path, folder)
        print(f"{args.small:,} codings: {small / 1e6:.1f} MB; "
              f"{args.codings:,} codings: {large / 1e6:.1f} MB")
        print(f"  floor (a bare table of the five numbers): {floor:8.1f} bytes a coding")
        print(f"  ours  (the whole file, indexes included) : {per_coding:8.1f} bytes a coding "
              f"({per_coding / floor:.1f} x the floor)")
        verdict = "OK" if per_coding <= GOAL else "MISSED"
        print(f"  goal <= {GOAL:.0f} bytes a coding: {verdict}")
        breakdown(large_path, args.codings)
    sys.exit(0 if per_coding <= GOAL else 1)


if __name__ == "__main__":
    main()
