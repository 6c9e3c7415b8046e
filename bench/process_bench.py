"""Whole-process gestures at 1,000,000 codings against the same at 20,000.

    python bench/process_bench.py --big STUDY [--runs 5]

STUDY is the 1M-coding study (``matrix_bench.py --keep FILE --build-only``), copied first. The
small project has the same shape with 40 documents and 20,000 codings, so its opened document
carries as many codings (about 500) as one of the big study's. Each is closed cleanly once and
each command is run once untimed (that takes the day's backup), then each figure is the median
of ``--runs`` fresh processes:

* ``qcode coding add`` of one coding;
* the first ``qcode code add`` after a bulk ``qcode coding import`` of 2,000 codings (the
  import itself is not timed);
* ``qcode gui PROJECT --open DOC --screenshot``, which waits for every panel's data.

The floor is the same command on the 20,000-coding project, in the same run; the goal is
each within 1.5x.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.matrix_bench import build  # noqa: E402
from qcode.project import Project  # noqa: E402

GOAL = 1.5
DOC = "E0001"
CODE = "Theme 0/Sub 0/Leaf 0"


def _qcode(*args: str | Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qcode", *map(str, args)], check=True, env=env,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _codings_csv(path: Path, count: int, offset: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["document", "code", "start", "end"])
        for i in range(count):
            start = (offset + i * 7) % 15_000
            writer.writerow([DOC, CODE, start, start + 40])
    return path


def measure(project: Path, folder: Path, runs: int, env: dict[str, str]) -> dict[str, float]:
    times: dict[str, list[float]] = {"coding add": [], "code add after import": [], "gui": []}
    for run in range(-1, runs):  # run -1: untimed warm-up (the day's backup, caches)
        start = 100 + run * 50 + 50
        add = _qcode("coding", "add", project, "--doc", DOC, "--code", CODE, "--start",
                     start, "--end", start + 20, env=env)
        _qcode("coding", "import", project,
               _codings_csv(folder / f"codings{run}.csv", 2_000, run * 13 + 13), env=env)
        code = _qcode("code", "add", project, f"New code {run + 1}", env=env)
        gui = _qcode("gui", project, "--open", DOC, "--screenshot", folder / "shot.png", env=env)
        if run >= 0:
            times["coding add"].append(add)
            times["code add after import"].append(code)
            times["gui"].append(gui)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "QCODE_DATA_DIR": str(folder / "data"),
               "QCODE_CONFIG_DIR": str(folder / "config"), "QT_QPA_PLATFORM": "offscreen"}
        os.environ.update({k: env[k] for k in ("QCODE_DATA_DIR", "QCODE_CONFIG_DIR")})
        big = folder / "big.qcode"
        shutil.copyfile(args.big, big)
        small = folder / "small.qcode"
        build(small, docs=40, codes=300, codings=20_000)
        for path in (big, small):
            Project.open(path).close()
        figures = {name: measure(path, folder, args.runs, env)
                   for name, path in (("20k", small), ("1M", big))}
    print(f"{'command':<24} {'20k (floor)':>12} {'1M':>9} {'ratio':>7}   goal <= {GOAL}x")
    for command in figures["1M"]:
        floor, figure = figures["20k"][command], figures["1M"][command]
        verdict = "met" if figure / floor <= GOAL else "NOT met"
        print(f"{command:<24} {floor:>10.2f} s {figure:>7.2f} s {figure / floor:>6.2f}x   "
              f"{verdict}")


if __name__ == "__main__":
    main()
