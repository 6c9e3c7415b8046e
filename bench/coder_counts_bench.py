"""Codebook counts under a coder filter (or in blind mode) on the 1M study: what the codebook
panel reads on a worker thread when the coders shown change, and after an edit.

    python bench/coder_counts_bench.py --study COPY.qcode [--runs 3]

Use a copy of the study (``bench/matrix_bench.py --keep FILE --build-only``; 2,000 documents,
300 nested codes, 1,000,000 codings by three coders). Times, best of ``--runs``, in one read
session:

* the floor: the bare ``GROUP BY`` of one coder's codings per code, as fast as SQLite runs it
  (``SELECT code_id + 0 AS code, count(*) FROM codings WHERE coder_id = ? GROUP BY code``:
  over the covering document index; written plainly, SQLite reads the code index and looks
  every row up for its coder, 10 x as long, printed too);
* :func:`qcode.browse.codebook.codebook_nodes` with ``coder_ids`` (the whole tree with each
  code's own segments and documents and its sub-tree's, for that coder), the figure, for one
  coder and for two;
* the recount after one edit: a leaf code and its ancestors (:func:`recounted`).

The whole tree also counts distinct documents, per code and per sub-tree (each coding joined
to its ancestors with sub-codes), which the floor does not: the ratio is printed, the goal is
the time a user waits with "…" in the count columns (the read is off the GUI thread): at most
1 s for one coder's codings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from matrix_bench import best_time  # noqa: E402
from sqlalchemy import text  # noqa: E402

from qcode.browse.codebook import codebook_nodes, recounted  # noqa: E402
from qcode.project import Project  # noqa: E402

GOAL_SECONDS = 1.0
FLOOR = text("SELECT code_id + 0 AS code, count(*) FROM codings WHERE coder_id = :coder "
             "GROUP BY code")
PLAIN = text("SELECT code_id, count(*) FROM codings WHERE coder_id = :coder GROUP BY code_id")


def bench(path: Path, runs: int) -> bool:
    project = Project.open(path)
    try:
        with project.reading() as s:
            coders = [c for (c,) in s.execute(text("SELECT id FROM coders ORDER BY id"))]
            one, two = {coders[0]}, set(coders[:2])
            floor = best_time(runs, lambda: s.execute(FLOOR, {"coder": coders[0]}).all())
            plain = best_time(1, lambda: s.execute(PLAIN, {"coder": coders[0]}).all())
            tree = best_time(runs, lambda: codebook_nodes(s, coder_ids=one))
            tree_two = best_time(runs, lambda: codebook_nodes(s, coder_ids=two))
            everyone = best_time(runs, lambda: codebook_nodes(s))
            nodes = {n.id: n for n in codebook_nodes(s)}
            leaf = max(nodes.values(), key=lambda n: n.path.count("/"))
            chain = [leaf]
            while chain[-1].parent_id is not None:
                chain.append(nodes[chain[-1].parent_id])
            edit = best_time(runs, lambda: recounted(s, chain, one))
    finally:
        project.close()
    ratio = tree / floor
    ok = tree <= GOAL_SECONDS
    print(f"floor: bare GROUP BY of one coder's codings  {floor * 1000:8.1f} ms")
    print(f"the same GROUP BY written plainly (no goal)  {plain * 1000:8.1f} ms")
    print(f"codebook tree, one coder                      {tree * 1000:8.1f} ms  ratio "
          f"{ratio:.2f} (goal <= {GOAL_SECONDS:.0f} s) {'ok' if ok else 'TOO SLOW'}")
    print(f"codebook tree, two coders                     {tree_two * 1000:8.1f} ms  ratio "
          f"{tree_two / floor:.2f}")
    print(f"codebook tree, every coder (kept tables)      {everyone * 1000:8.1f} ms")
    print(f"recount after an edit: {len(chain)} codes ({leaf.path}) "
          f"{edit * 1000:8.1f} ms")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path, required=True, help="a copy of the 1M study")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    return 0 if bench(args.study, args.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
