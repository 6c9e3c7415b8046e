"""Importing a survey of 10,000 respondents x 40 columns, as CSV and as XLSX (``qcode survey
import``'s work, in process): reading the file, proposing roles, opening the project (a new,
empty one), one document per respondent with its question turns, the closed answers as
attributes, and the commit.

    python bench/survey_bench.py [--respondents N] [--runs N] [--keep FOLDER]

The bench writes both files itself: an id, 10 open questions (free text, a fifth of answers
blank, some in Arabic) and 29 closed ones (integers, Likert items, decimals, ISO dates,
categories). The floor is reading the same file with the standard library's csv module (the
file decoded as UTF-8, every row a list) or with openpyxl in read-only mode (every row's
values), measured in the same run. Goal: each import <= 10 s. Each line prints the median of
the runs (wall time, and the process's CPU time, which other work on a shared machine does not
inflate), the floor's medians and their ratios.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qcode.importers.survey_table import read_survey_table  # noqa: E402
from qcode.ops.survey import SurveyPlan, import_survey  # noqa: E402
from qcode.project import Project  # noqa: E402

OPEN = 10
ENGLISH = "the portal is slow and staff need training before the new system works"
ARABIC = "الخدمات الإلكترونية بطيئة والموظفون يحتاجون إلى تدريب على النظام الجديد"
WORDS = (*ENGLISH.split(), *ARABIC.split())
MINISTRIES = ("Health", "Education", "Finance", "Local Government", "Transport", "Interior")


def header() -> list[str]:
    closed = [f"likert_{i}" for i in range(12)] + [f"count_{i}" for i in range(6)] \
        + [f"score_{i}" for i in range(4)] + [f"date_{i}" for i in range(3)] \
        + ["ministry", "gender", "grade", "region"]
    return ["respondent", *(f"Open question {i + 1}: what would you change?"
                            for i in range(OPEN)), *closed]


def rows(count: int, seed: int = 6) -> list[list[object]]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        answers = [None if rng.random() < 0.2 else " ".join(rng.choices(WORDS, k=rng.randint(
            5, 40))) for _ in range(OPEN)]
        closed = [rng.randint(1, 5) for _ in range(12)] + [rng.randint(0, 40) for _ in range(6)] \
            + [round(rng.uniform(0, 100), 2) + 0.005 for _ in range(4)] \
            + [date(2024, 1, 1) - timedelta(days=rng.randint(0, 9000)) for _ in range(3)] \
            + [rng.choice(MINISTRIES), rng.choice(("f", "m")), f"G{rng.randint(1, 9)}",
               rng.choice(("East", "West", "South"))]
        out.append([f"R{n:05d}", *answers, *closed])
    return out


def write_csv(path: Path, table: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header())
        writer.writerows([["" if v is None else v.isoformat() if isinstance(v, date) else v
                           for v in row] for row in table])


def write_xlsx(path: Path, table: list[list[object]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    sheet.append(header())
    for row in table:
        sheet.append(row)
    book.save(path)


def floor_csv(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        list(csv.reader(f))


def floor_xlsx(path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    list(book.worksheets[0].iter_rows(values_only=True))
    book.close()


def import_into(path: Path, project_path: Path) -> None:
    """What ``qcode survey import PROJECT FILE --id respondent`` does, in process."""
    table = read_survey_table(path)
    plan = SurveyPlan.propose(table, "respondent")
    with Project.open(project_path) as project, project.transaction() as s:
        import_survey(s, plan=plan)


def fresh_project(template: Path, folder: Path) -> Path:
    """A new empty project (a copy of ``template``; not timed)."""
    path = folder / f"survey-{time.monotonic_ns()}.qcode"
    shutil.copyfile(template, path)
    return path


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of ``work``: on a shared machine the wall time waits for other
    work; the CPU time of this process (single-threaded) says what the import itself costs."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def median_of(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(w for w, _ in pairs), statistics.median(c for _, c in pairs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the two survey files here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        table = rows(args.respondents)
        files = {"CSV": folder / "survey.csv", "XLSX": folder / "survey.xlsx"}
        write_csv(files["CSV"], table)
        write_xlsx(files["XLSX"], table)
        print(f"{args.respondents:,} respondents x {len(header())} columns; CSV "
              f"{files['CSV'].stat().st_size / 2**20:.1f} MiB, XLSX "
              f"{files['XLSX'].stat().st_size / 2**20:.1f} MiB")
        os.environ["QCODE_BACKUP_DIR"] = str(Path(temporary) / "backups")  # not the user's
        template = Path(temporary) / "empty.qcode"
        Project.create(template).close()
        for kind, floor in (("CSV", floor_csv), ("XLSX", floor_xlsx)):
            path = files[kind]
            figures, floors = [], []
            for _ in range(args.runs):
                floors.append(timed(lambda p=path, f=floor: f(p)))
                target = fresh_project(template, Path(temporary))
                figures.append(timed(lambda p=path, t=target: import_into(p, t)))
                target.unlink()
            (wall, cpu), (floor_wall, floor_cpu) = median_of(figures), median_of(floors)
            runs = ", ".join(f"{w:.2f}" for w, _ in figures)
            print(f"{kind:<5} import {wall:6.2f} s (runs {runs}; CPU {cpu:.2f} s)  floor "
                  f"{floor_wall:6.2f} s (CPU {floor_cpu:.2f} s)  ratio {wall / floor_wall:5.1f}x "
                  f"(CPU {cpu / floor_cpu:.1f}x)  goal <= 10 s")


if __name__ == "__main__":
    main()
