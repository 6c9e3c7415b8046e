"""Codebook counts with sub-tree totals on a large study: what the codebook panel re-reads after
every edit.

    python bench/codebook_counts_bench.py [--codings N] [--runs 5] [--keep FILE]

Builds the study of bench/matrix_bench.py (2,000 documents, 300 nested codes, 1,000,000
codings by default; not timed), opens it for writing once (that fills the kept-fresh tables),
then times :func:`qcode.browse.codebook.codebook_nodes` (the tree with each code's own counts
and its sub-tree's totals) against the floor: the own counts alone, counted over the codings
as the panel read them before totals existed (:data:`FLOOR`), in the same run. Also prints the
own counts and the totals alone, from the kept-fresh tables and counted over the codings (the
fallback while those tables are stale). Goal: the whole tree within 1.5 x the floor.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from matrix_bench import best_time, build_unless_kept  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from qcode.browse.codebook import codebook_nodes  # noqa: E402
from qcode.codebook_counts import code_counts, subtree_counts  # noqa: E402
from qcode.models import coverage_stale, rollup_stale_codes  # noqa: E402
from qcode.project import Project  # noqa: E402

GOAL_RATIO = 1.5
FLOOR = text("SELECT c.id, count(k.id), count(DISTINCT k.document_id) FROM codes AS c "
             "LEFT JOIN codings AS k ON k.code_id = c.id GROUP BY c.id")


def bench(path: Path, runs: int) -> bool:
    project = Project.open(path)  # for writing once: refreshes what the bulk build left stale
    try:
        with project.reading() as s:
            floor = best_time(runs, lambda: s.execute(FLOOR).all())
            tree = best_time(runs, lambda: codebook_nodes(s))
            own = best_time(runs, lambda: code_counts(s))
            totals = best_time(runs, lambda: subtree_counts(s))
            # Stale tables (rolled back after): both counted over the codings.
            s.execute(insert(coverage_stale).values(code_id=1, document_id=1))
            s.execute(insert(rollup_stale_codes).values(code_id=1))
            stale_own = best_time(runs, lambda: code_counts(s))
            stale_totals = best_time(runs, lambda: subtree_counts(s))
            stale_tree = best_time(runs, lambda: codebook_nodes(s))
    finally:
        project.close()
    ratio = tree / floor
    print(f"floor: own counts over the codings      {floor * 1000:8.1f} ms")
    print(f"own counts from code_totals             {own * 1000:8.1f} ms")
    print(f"sub-tree totals from rollup_coverage    {totals * 1000:8.1f} ms")
    print(f"stale tables: own counts, totals, tree  {stale_own * 1000:8.1f} ms "
          f"{stale_totals * 1000:8.1f} ms {stale_tree * 1000:8.1f} ms (no goal)")
    print(f"codebook tree with counts and totals    {tree * 1000:8.1f} ms  ratio {ratio:.2f} "
          f"(goal <= {GOAL_RATIO}) {'ok' if ratio <= GOAL_RATIO else 'TOO SLOW'}")
    return ratio <= GOAL_RATIO


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--codes", type=int, default=300)
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5, help="best of this many runs")
    parser.add_argument("--keep", type=Path, help="build here (or reuse this file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "bench.qcode"
        build_unless_kept(path, args.docs, args.codes, args.codings)
        print(f"{args.docs} documents, {args.codes} codes, {args.codings:,} codings")
        return 0 if bench(path, args.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
