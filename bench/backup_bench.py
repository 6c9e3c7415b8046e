"""Backup speed on a large study (the matrix benchmark's: 2,000 documents, 1,000,000 codings).

Times, best of ``--runs``:

(a) one backup (``qcode.backups.take_backup``: SQLite online backup into the backup folder,
    journal folded in, quick check of the copy, rename, rotation), against the floor: a plain
    ``shutil.copyfile`` of the same file, in the same run;
(b) the first write-open of the project without a backup, which takes one (``Project.open``),
    against the same open with backups turned off;
(c) what the app's GUI thread feels while a periodic backup runs on a worker thread: small
    write transactions (adding a coding) made during the backup, median and slowest, against
    the median of the same transaction with no backup running.

    python bench/backup_bench.py [--codings N] [--runs 3] [--keep FILE]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matrix_bench import best_time, build  # noqa: E402

from qcode import backups  # noqa: E402
from qcode.models import Coding  # noqa: E402
from qcode.project import Project  # noqa: E402


def add_coding(project: Project) -> float:
    started = time.perf_counter()
    with project.transaction() as s:
        s.add(Coding(document_id=1, code_id=1, coder_id=1, start=0, end=5))
    return time.perf_counter() - started


def edits_during_backup(project: Project, identity: str) -> list[float]:
    """How long each edit took while a backup ran on another thread."""
    worker = threading.Thread(target=backups.take_backup, args=(project.path, identity))
    worker.start()
    took = []
    while worker.is_alive():
        took.append(add_coding(project))
        time.sleep(0.02)
    worker.join()
    return took


def bench(path: Path, runs: int) -> None:
    size = path.stat().st_size
    print(f"project file: {size / 1e6:,.0f} MB\n")
    copy = path.with_name("plain-copy.qcode")
    floor = best_time(runs, lambda: shutil.copyfile(path, copy))
    copy.unlink()

    os.environ[backups.KEEP_ENV] = "0"  # backups off
    off = best_time(runs, lambda: Project.open(path).close())
    del os.environ[backups.KEEP_ENV]
    started = time.perf_counter()
    Project.open(path).close()  # (b): the first write-open takes a backup
    first_open = time.perf_counter() - started
    identity = backups.project_identity(path)
    assert identity is not None and backups.latest_backup(path) is not None
    one = best_time(runs, lambda: backups.take_backup(path, identity))
    print(f"(a) one backup, checked:         {one:7.3f} s   floor (plain file copy) "
          f"{floor:.3f} s   ratio {one / floor:.1f}")
    print(f"(b) first write-open, backup taken: {first_open:.3f} s   floor (the same open, "
          f"backups off) {off:.3f} s   ratio {first_open / off:.1f}")

    with Project.open(path) as project:
        quiet = statistics.median(add_coding(project) for _ in range(9))
        during = edits_during_backup(project, identity)
    middle, slowest = statistics.median(during), max(during)
    print(f"(c) {len(during)} edits during a background backup: median {middle * 1000:.0f} ms, "
          f"slowest {slowest * 1000:.0f} ms   floor (same edit, no backup, median) "
          f"{quiet * 1000:.0f} ms   ratio {middle / quiet:.1f} (slowest {slowest / quiet:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    parser.add_argument("--keep", type=Path, help="build here (or reuse this file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ[backups.DIR_ENV] = str(Path(folder) / "backups")
        path = args.keep or Path(folder) / "bench.qcode"
        if not path.exists():
            started = time.perf_counter()
            build(path, args.docs, 300, args.codings)
            os.environ[backups.KEEP_ENV] = "0"
            Project.open(path).close()  # refresh the derived tables once (not timed)
            del os.environ[backups.KEEP_ENV]
            print(f"built {path.name} in {time.perf_counter() - started:.0f} s (not timed)")
        bench(path, args.runs)


if __name__ == "__main__":
    main()
