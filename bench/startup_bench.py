"""Start-up of the ``qcode`` command: help, version and a small real command, in fresh processes.

    python bench/startup_bench.py [--runs 7] [--no-gui]

Each figure is the median of ``--runs`` fresh processes of the installed ``qcode`` script (or
``python -m qcode`` when there is none): ``qcode --help``, ``qcode --version``,
``qcode codes --help`` and ``qcode docs DEMO`` on the demo project (23 interviews, built first
with ``qcode demo``, not timed). The floors are measured in the same run, interleaved with the
commands so that a busy machine slows both alike: ``python -c pass`` (an interpreter that does
nothing) and ``python -c "import sqlite3"`` (the database driver alone). The ratio is the
figure over ``python -c pass``; the goal is 0.3 s for help and version.

Unless ``--no-gui``, ``qcode gui DEMO --screenshot`` (offscreen) is timed too, whole process:
Qt, the window, the project and every panel filled and painted; the window's own goal (shown
within 1.5 s) is measured by bench/window_bench.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 0.3  # seconds, for --help and --version
SCRIPT = Path(sys.executable).with_name("qcode")


def qcode(*args: str | Path) -> list[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "qcode"]
    return [*command, *map(str, args)]


def run_once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def measure(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """The median seconds of each command, the commands taken in turn ``runs`` times."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(run_once(command, env))
    return {name: statistics.median(t) for name, t in times.items()}


def sandbox(folder: Path) -> dict[str, str]:
    """Settings, data and backups in ``folder``: the benchmark never touches the user's."""
    return dict(os.environ, QCODE_CONFIG_DIR=str(folder / "config"),
                QCODE_DATA_DIR=str(folder / "data"), QCODE_BACKUP_KEEP="0",
                QT_QPA_PLATFORM="offscreen")


def report(figures: dict[str, float], floor: float, goals: dict[str, float]) -> None:
    print(f"{'command':<34} {'median s':>9} {'floor s':>8} {'ratio':>7}   goal")
    for name, seconds in figures.items():
        goal = goals.get(name)
        verdict = "" if goal is None else (
            f"<= {goal} s: {'met' if seconds <= goal else 'NOT met'}")
        print(f"{name:<34} {seconds:>9.3f} {floor:>8.3f} {seconds / floor:>6.1f}x   {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-gui", action="store_true", help="leave out qcode gui --screenshot")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        folder = Path(tmp)
        env = sandbox(folder)
        demo = folder / "demo.qcode"
        subprocess.run(qcode("demo", demo), env=env, check=True, stdout=subprocess.DEVNULL)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            'python -c "import sqlite3"': [sys.executable, "-c", "import sqlite3"],
            "qcode --help": qcode("--help"),
            "qcode --version": qcode("--version"),
            "qcode codes --help": qcode("codes", "--help"),
            "qcode docs DEMO": qcode("docs", demo),
        }
        if not options.no_gui:
            commands["qcode gui DEMO --screenshot"] = qcode("gui", demo, "--screenshot",
                                                            folder / "shot.png")
        figures = measure(commands, options.runs, env)
    floor = figures.pop("python -c pass")
    print(f"median of {options.runs} fresh processes; floor = python -c pass "
          f"({floor:.3f} s), measured in the same run")
    report(figures, floor, {"qcode --help": GOAL, "qcode --version": GOAL,
                            "qcode codes --help": GOAL})


if __name__ == "__main__":
    main()
