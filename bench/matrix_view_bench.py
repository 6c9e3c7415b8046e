"""Theme matrix view on a large study: from asking for a matrix to seeing it, in the app.

    python bench/matrix_view_bench.py [--keep FILE] [--codings N]

Builds (or reuses) the study of ``matrix_bench.py`` (2,000 documents, 300 codes, 1,000,000
codings), opens it in the main window offscreen and times, for a few settings, the matrix view
from the request to the shown table (counting on the worker thread, then the table filled,
columns sized and painted once). The floor is ``build_matrix`` alone for the same settings in
the same run; the goal is what the analysis goal allows plus a little: under 2 s, and at most
0.5 s over the floor.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matrix_bench import build  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from qcode.analysis import MatrixOptions, build_matrix  # noqa: E402
from qcode.project import Project  # noqa: E402
from qcode.ui.analysis.docks import show_analysis  # noqa: E402
from qcode.ui.main_window import MainWindow  # noqa: E402

SETTINGS = (("documents", None, "segments", False), ("documents", None, "coverage", True),
            ("attribute", "role", "words", False))
OVER_FLOOR = 0.5
GOAL = 2.0


def floor(path: Path, kind: str, attribute: str | None, measure: str, rollup: bool) -> float:
    project = Project.open(path, readonly=True)
    try:
        with project.reading() as s:
            started = time.perf_counter()
            build_matrix(s, MatrixOptions(measure=measure, columns=kind, attribute=attribute,
                                          rollup=rollup))
            return time.perf_counter() - started
    finally:
        project.close()


def wait_until(condition, limit_ms: int = 120_000) -> None:  # noqa: ANN001
    """Run the event loop (idle in Qt, as in the app) until ``condition`` holds."""
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if condition() else None)
    timer.start(5)
    QTimer.singleShot(limit_ms, loop.quit)
    if not condition():
        loop.exec()
    timer.stop()


def shown_after(view, kind: str, attribute: str | None, measure: str,  # noqa: ANN001
                rollup: bool) -> float:
    """Seconds from choosing the settings to the table showing their matrix, painted."""
    bar = view.options_bar
    started = time.perf_counter()
    bar.set_columns(kind, attribute)
    bar.set_measure(measure)
    bar.set_rollup(rollup)
    wanted = bar.options()
    view.recompute()
    wait_until(lambda: view.result is not None and view.result.options == wanted
               and not view.computer.busy)
    view.table.viewport().repaint()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build here (or reuse this file)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "bench.qcode"
        if not path.exists():
            build(path, 2000, 300, args.codings)
        Project.open(path).close()  # upgrade, and refresh the coverage tables (not timed)
        window = MainWindow()
        window.resize(1500, 950)
        window.open_project(path)
        window.show()
        view = show_analysis(window, "matrix")
        assert view is not None
        wait_until(lambda: view.result is not None and not view.computer.busy)
        print(f"{'columns':<12}{'measure':<11}{'roll-up':<9}{'floor':>8}{'view':>9}  goal")
        for kind, attribute, measure, rollup in SETTINGS:
            base = floor(path, kind, attribute, measure, rollup)
            took = shown_after(view, kind, attribute, measure, rollup)
            ok = took <= min(GOAL, base + OVER_FLOOR)
            print(f"{attribute or kind:<12}{measure:<11}{'yes' if rollup else 'no':<9}"
                  f"{base:>7.2f}s{took:>8.2f}s  {'ok' if ok else 'SLOW'}")
        window.close()
    del app


if __name__ == "__main__":
    main()
