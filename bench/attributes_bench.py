"""The attribute-by-code table at 1,000,000 codings: per code, the documents with and without
it and the mean, median and values of a numeric attribute.

    python bench/attributes_bench.py STUDY [--runs N]

STUDY is the 1M-coding study (``bench/matrix_bench.py --keep FILE --build-only``); it is
copied to a temporary folder first and never opened itself. The copy gets a number attribute
``score`` (a Likert answer 1-5, fixed seed; every tenth document without one). Each line prints
the median of N runs, the floor measured in the same run and their ratio. The floor is the
bare ``GROUP BY code_id, document_id`` of every coding, its groups counted in SQL: what any
count of "documents with a code" must at least do. Lines: the table as ``qcode export
attributes-by-code`` counts it (no filter; the maintained per-code-and-document table serves),
with a coder filter (counted from the codings), with roll-up, and with ``--where score>=3``.
Goal: within 3x the floor (an interactive table, about a second at 1M codings).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from qcode.analysis.attributes_by_code import (  # noqa: E402
    AttributesByCodeOptions,
    build_attributes_by_code,
)
from qcode.analysis.options import Filters  # noqa: E402
from qcode.models import Attribute, Coder, Coding, Document, DocumentAttribute  # noqa: E402
from qcode.project import Project  # noqa: E402

ATTRIBUTE = "score"


def add_scores(project: Project) -> None:
    """A Likert answer on nine documents in ten (seeded), as a number attribute."""
    rng = random.Random(15)
    with project.transaction() as s:
        attribute = Attribute(name=ATTRIBUTE, type="number", position=9)
        s.add(attribute)
        s.flush()
        ids = s.scalars(select(Document.id).order_by(Document.id)).all()
        s.add_all(DocumentAttribute(document_id=doc, attribute_id=attribute.id,
                                    value=str(rng.randint(1, 5)))
                  for i, doc in enumerate(ids) if i % 10 != 9)


def floor(project: Project) -> int:
    """The groups counted in SQL (not fetched: the table fetches a few thousand rows)."""
    with project.reading() as s:
        groups = (select(Coding.code_id, Coding.document_id, func.count())
                  .group_by(Coding.code_id, Coding.document_id).subquery())
        return int(s.scalar(select(func.count()).select_from(groups)) or 0)


def table(project: Project, options: AttributesByCodeOptions) -> int:
    with project.reading() as s:
        return len(build_attributes_by_code(s, options).rows)


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def run(project: Project, runs: int) -> None:
    with project.reading() as s:
        coder = s.scalar(select(Coder.name).order_by(Coder.id))
    cases = {
        "table (no filter)": AttributesByCodeOptions(ATTRIBUTE),
        f"table, --coder '{coder}'": AttributesByCodeOptions(
            ATTRIBUTE, filters=Filters(coders=(coder,))),
        "table, --rollup": AttributesByCodeOptions(ATTRIBUTE, rollup=True),
        f"table, --where {ATTRIBUTE}>=3": AttributesByCodeOptions(
            ATTRIBUTE, filters=Filters(compare=((ATTRIBUTE, ">=", "3"),))),
    }
    floor(project)  # warm the page cache for both sides
    for what, options in cases.items():
        figures, floors = [], []
        for _ in range(runs):
            floors.append(timed(lambda: floor(project)))
            figures.append(timed(lambda options=options: table(project, options)))
        figure, base = statistics.median(figures), statistics.median(floors)
        print(f"{what:<34}{figure * 1000:9.1f} ms  floor {base * 1000:8.1f} ms  "
              f"ratio {figure / base:5.2f}x  (goal 3x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("study", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "study.qcode"
        shutil.copyfile(args.study, copy)
        with Project.open(copy) as project:
            add_scores(project)
            run(project, args.runs)


if __name__ == "__main__":
    main()
