"""What the benchmarks on the 1M-coding study share: the best of N alternating runs of a
figure and its floor, and a command line that runs on a copy of the study, never the study
itself (``--study FILE``, ``--repeats N``)."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STUDY = Path("/work/study/new1m.qcode")


def best_of(repeats: int, work: Callable[[], object], floor_run: Callable[[], float]
            ) -> tuple[float, float, object]:
    """(best figure, best floor, the last result): floor and figure alternate, so both see
    the same load of a shared machine."""
    figure = floor_time = float("inf")
    result: object = None
    for _ in range(repeats):
        floor_time = min(floor_time, floor_run())
        started = time.perf_counter()
        result = work()
        figure = min(figure, time.perf_counter() - started)
    return figure, floor_time, result


def main_on_copy(description: str, prefix: str, run: Callable[[Path, int], None]) -> None:
    """Parse ``--study`` and ``--repeats``, copy the study to a temporary folder, and
    ``run(copy, repeats)``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--study", type=Path, default=STUDY)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        copy = Path(folder) / args.study.name
        shutil.copyfile(args.study, copy)
        run(copy, args.repeats)
