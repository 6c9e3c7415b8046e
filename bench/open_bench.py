"""Opening a large project for writing: fast after a clean close, page-checked after a change.

    python bench/open_bench.py [--codings 1000000] [--runs 5] [--keep FILE]

Builds the matrix benchmark's study (2,000 documents, 300 codes, ``--codings`` codings; not
timed) and times ``Project.open`` + ``close`` for writing:

(a) after qcode closed the file cleanly: no page check; the floor is the same open of a
    one-document project in the same run (goal: at most 2 x the floor, i.e. opening does not
    grow with the project);
(b) after another program touched the file (its modification time changes): SQLite's quick
    check reads every page; the floor is reading the file's bytes once (from the page cache).

Backups on opening are turned off (``QCODE_BACKUP_KEEP=0``) so only the opening is timed.
Each figure is the median of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matrix_bench import build, build_unless_kept  # noqa: E402

from qcode.project import Project  # noqa: E402

CLEAN_GOAL = 2.0


def median_time(runs: int, work: Callable[[], object], before: Callable[[], object] = lambda: None
                ) -> float:
    times = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def open_and_close(path: Path) -> None:
    Project.open(path).close()


def touch(path: Path) -> None:
    """What another program leaves: the same bytes, a new modification time."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build here (or reuse this file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["QCODE_DATA_DIR"] = str(Path(folder) / "data")
        os.environ["QCODE_BACKUP_KEEP"] = "0"
        path = args.keep or Path(folder) / "bench.qcode"
        build_unless_kept(path, 2000, 300, args.codings)
        open_and_close(path)  # refreshes the bulk-built tables once, closes cleanly (not timed)
        small = Path(folder) / "small.qcode"
        build(small, 1, 3, 10)
        open_and_close(small)
        size = path.stat().st_size / 2**20
        print(f"{args.codings:,} codings, {size:,.0f} MiB; median of {args.runs} runs\n")

        clean = median_time(args.runs, lambda: open_and_close(path))
        floor = median_time(args.runs, lambda: open_and_close(small))
        print(f"(a) open after a clean close  {clean * 1000:8.1f} ms   floor (1-document project) "
              f"{floor * 1000:6.1f} ms   ratio {clean / floor:5.2f}   goal <= {CLEAN_GOAL}")

        checked = median_time(args.runs, lambda: open_and_close(path), lambda: touch(path))
        read = median_time(args.runs, path.read_bytes)
        print(f"(b) open after another program {checked * 1000:7.1f} ms   floor (read the file) "
              f"{read * 1000:8.1f} ms   ratio {checked / read:5.2f}")


if __name__ == "__main__":
    main()
