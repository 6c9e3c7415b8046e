"""What the start-up check of the X11 window libraries costs ``qcode gui``.

Each run is a fresh Python process (the libraries are loaded once per process), best of
``--runs``:

(a) the check alone (``missing_libraries_message`` as for an X11 window);
(b) the check followed by the Qt import the app does next (``PySide6.QtWidgets``), against the
    floor: that Qt import alone. Qt loads the same libraries, so (b) minus the floor is what the
    check adds to start-up. Goal: a few milliseconds.

    python bench/platform_check_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECK = ("from qcode.ui.platform_check import missing_libraries_message\n"
         "missing_libraries_message({'QT_QPA_PLATFORM': 'xcb'})\n")
QT = "import PySide6.QtWidgets\n"


def timed(code: str) -> float:
    """Seconds that ``code`` takes in a fresh interpreter (interpreter start not counted)."""
    script = (f"import time\nt = time.perf_counter()\n{code}"
              "print(time.perf_counter() - t)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def best(runs: int, *codes: str) -> list[float]:
    """The best time of each of ``codes``, run in turn so that load on the machine hits all."""
    times = [[timed(code) for code in codes] for _ in range(runs)]
    return [min(column) for column in zip(*times, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    alone, with_qt, floor = best(runs, CHECK, CHECK + QT, QT)
    print(f"(a) the check alone:                  {alone * 1000:7.1f} ms")
    print(f"(b) check + Qt import:                {with_qt * 1000:7.1f} ms")
    print(f"    floor, Qt import alone:           {floor * 1000:7.1f} ms")
    print(f"    added to start-up (b - floor):    {(with_qt - floor) * 1000:7.1f} ms"
          f"  (ratio b / floor {with_qt / floor:.2f})")


if __name__ == "__main__":
    main()
