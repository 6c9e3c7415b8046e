"""Theme matrix speed on a large study: 2,000 documents, 300 nested codes, 1,000,000 codings.

Builds a project in a temporary folder with bulk inserts (not timed), then times every measure
for document columns and for one attribute crosstab (role), against the floor: the bare
``SELECT code_id, document_id, count(*) FROM codings GROUP BY code_id, document_id`` run on the
same table, through the same connection, in the same run. Then times the XLSX export of a
300 x 2,000 matrix. Goals: each measure <= 1.5 x the floor and under 2 s; XLSX under 5 s.

    python bench/matrix_bench.py [--codings N] [--rollup] [--cooccurrence] [--span-indexes]
                                 [--keep FILE [--build-only]]

``--cooccurrence`` also times the code x code matrix in each mode (no goal is set for it).

``--span-indexes`` adds covering indexes (code, document, start, end) and (document, start,
end) to the benchmark's file, to show what the span measures gain from them.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text  # noqa: E402

from qcode.analysis import MEASURES, MatrixOptions, build_matrix  # noqa: E402
from qcode.analysis.cooccurrence import build_cooccurrence  # noqa: E402
from qcode.analysis.options import CooccurrenceOptions  # noqa: E402
from qcode.export.manifest import Source  # noqa: E402
from qcode.export.xlsx import write_matrix_xlsx  # noqa: E402
from qcode.models import rollup_rebuild  # noqa: E402
from qcode.ops.codebook import move_code  # noqa: E402
from qcode.project import Project  # noqa: E402

FLOOR = "SELECT code_id, document_id, count(*) FROM codings GROUP BY code_id, document_id"
ROLES = ("Ministry official", "IT director", "Academic", "Donor adviser", "Vendor", "NGO")
NOW = "2024-01-01 00:00:00"
CODING_TIME = 1_704_067_200  # NOW in seconds since 1970


def _codes(n: int) -> list[tuple[int, int | None, str, int]]:
    """A three-level codebook: 20 themes, 4 sub-themes each, leaves below."""
    codes: list[tuple[int, int | None, str, int]] = []
    for theme in range(20):
        codes.append((len(codes) + 1, None, f"Theme {theme}", theme))
        top = len(codes)
        for sub in range(4):
            codes.append((len(codes) + 1, top, f"Sub {sub}", sub))
            mid = len(codes)
            for leaf in range(3):
                codes.append((len(codes) + 1, mid, f"Leaf {leaf}", leaf))
    return [c for c in codes if c[0] <= n]


def _paragraphs(words: list[str], per_line: int = 60) -> str:
    """Words joined by spaces with a line break every ``per_line`` words, as transcripts have."""
    lines = (" ".join(words[i:i + per_line]) for i in range(0, len(words), per_line))
    return "\n".join(lines)


def build(path: Path, docs: int, codes: int, codings: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    Project.create(path, name="matrix bench").close()
    vocabulary = ["".join(rnd.choices("abcdefghijklmnopqrstuvwxyz", k=rnd.randint(2, 9)))
                  for _ in range(800)]
    texts = [_paragraphs(rnd.choices(vocabulary, k=3000)) for _ in range(docs)]
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-400000")
    with con:
        con.executemany("INSERT INTO coders(id, name, uuid, created_at) VALUES (?, ?, ?, ?)",
                        [(i, f"coder {i}", str(uuid.uuid4()), NOW) for i in (1, 2, 3)])
        con.executemany(
            "INSERT INTO documents(id, name, text, original_filename, sha256, imported_at,"
            " direction, position, memo, uuid, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(i + 1, f"E{i + 1:04d}", t, "", f"{i:064x}", NOW, "ltr", i, "",
              str(uuid.uuid4()), NOW) for i, t in enumerate(texts)])
        turns = []
        for i, t in enumerate(texts):
            pos, k = 0, 0
            while pos < len(t):
                end = min(len(t), pos + rnd.randint(200, 900))
                turns.append((i + 1, "Interviewer" if k % 2 == 0 else f"E{i + 1:04d}", pos, end))
                pos, k = end, k + 1
        con.executemany('INSERT INTO speaker_turns(document_id, speaker, start, "end") '
                        "VALUES (?, ?, ?, ?)", turns)
        con.executemany(
            "INSERT INTO codes(id, parent_id, name, colour, description, position, memo, uuid,"
            " created_at) VALUES (?, ?, ?, '#336699', '', ?, '', ?, ?)",
            [(*c, str(uuid.uuid4()), NOW) for c in _codes(codes)])
        con.execute("INSERT INTO attributes(id, name, type, position, uuid) "
                    "VALUES (1, 'role', 'text', 0, ?)", (str(uuid.uuid4()),))
        con.executemany("INSERT INTO document_attributes(document_id, attribute_id, value) "
                        "VALUES (?, 1, ?)",
                        [(i + 1, rnd.choice(ROLES)) for i in range(docs) if rnd.random() < 0.95])
        rows = []
        for _ in range(codings):
            d = rnd.randrange(docs)
            start = rnd.randrange(len(texts[d]) - 1)
            end = min(len(texts[d]), start + rnd.randint(20, 300))
            rows.append((d + 1, rnd.randint(1, codes), rnd.randint(1, 3), start, end, "",
                         uuid.uuid4().bytes, CODING_TIME))
        # as qcode stores them (qcode/models/types.py): the uuid's 16 bytes, whole seconds
        con.executemany('INSERT INTO codings(document_id, code_id, coder_id, start, "end",'
                        " memo, uuid, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()


def add_span_indexes(path: Path) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute('CREATE INDEX IF NOT EXISTS bench_code_span '
                    'ON codings(code_id, document_id, start, "end")')
        con.execute('CREATE INDEX IF NOT EXISTS bench_document_span '
                    'ON codings(document_id, start, "end")')
    con.close()


def refresh_cold(path: Path) -> None:
    """Open for writing once: that refreshes the coverage tables the bulk inserts left stale."""
    started = time.perf_counter()
    Project.open(path).close()
    took = time.perf_counter() - started
    con = sqlite3.connect(path)
    islands = con.execute("SELECT count(*) FROM code_coverage").fetchone()[0]
    merged = con.execute("SELECT count(*) FROM document_coverage").fetchone()[0]
    rolled = con.execute("SELECT count(*) FROM rollup_coverage").fetchone()[0]
    con.close()
    print(f"cold refresh of the coverage tables (opening for writing): {took:.3f} s "
          f"({islands:,} code islands, {merged:,} document islands, {rolled:,} roll-up rows)")


def rebuild_rollup(path: Path) -> None:
    """Time the whole rebuild of rollup_coverage (once, after an upgrade from before it)."""
    project = Project.open(path)
    try:
        started = time.perf_counter()
        with project.transaction() as s:
            s.execute(insert(rollup_rebuild).values(id=1))
        took = time.perf_counter() - started
    finally:
        project.close()
    print(f"whole rebuild of the roll-up table (after an upgrade): {took:.3f} s")


def move_subtheme(path: Path) -> None:
    """Time moving "Sub 0" of "Theme 0" (id 2, with its leaves) under "Sub 1" of "Theme 1"
    (id 23), and back: the roll-up rows of the codes above both places are refreshed in every
    document."""
    project = Project.open(path)
    try:
        for target, label in ((23, "to another theme"), (1, "back")):
            started = time.perf_counter()
            with project.transaction() as s:
                move_code(s, code_id=2, parent_id=target)
            took = time.perf_counter() - started
            print(f"moving a sub-theme {label} (refreshes both themes' roll-up): {took:.3f} s")
    finally:
        project.close()


def best_of(runs: int, work) -> tuple[float, object]:  # noqa: ANN001
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def best_time(runs: int, work) -> float:  # noqa: ANN001
    """The fastest of ``runs`` calls of ``work``, in seconds (other benchmarks share it)."""
    return best_of(runs, work)[0]


def build_unless_kept(path: Path, docs: int, codes: int, codings: int) -> None:
    """Build the study at ``path`` unless a kept one is already there (not timed)."""
    if path.exists():
        return
    started = time.perf_counter()
    build(path, docs, codes, codings)
    print(f"built {path.name} in {time.perf_counter() - started:.0f} s (not timed)")


def bench(path: Path, runs: int, rollup: bool) -> None:
    project = Project.open(path, readonly=True)
    with project.reading() as s:
        floor, _ = best_of(runs, lambda: s.connection().execute(text(FLOOR)).all())
        print(f"floor (bare GROUP BY code_id, document_id): {floor:.3f} s\n")
        print(f"{'columns':<16}{'measure':<12}{'roll-up':<9}{'cells only':>11}"
              f"{'with totals':>13}{'ratio':>8}")
        for cols in ("documents", "attribute:role"):
            kind, _, attribute = cols.partition(":")
            for measure in MEASURES:
                for up in (False, True) if rollup else (False,):
                    def matrix(totals: bool, measure=measure, up=up, kind=kind,  # noqa: ANN001
                               attribute=attribute):
                        return build_matrix(s, MatrixOptions(
                            measure=measure, columns=kind, attribute=attribute or None,
                            rollup=up, totals=totals))
                    if measure == "words" and cols == "documents" and not up:
                        cold, _ = best_of(1, lambda: matrix(False))
                        print(f"{'':<16}{'words':<12}{'no':<9}{cold:>10.3f}s  (cold: builds "
                              "the word index)")
                    cells, _ = best_of(runs, lambda: matrix(False))
                    whole, _ = best_of(runs, lambda: matrix(True))
                    print(f"{cols:<16}{measure:<12}{'yes' if up else 'no':<9}{cells:>10.3f}s"
                          f"{whole:>12.3f}s{whole / floor:>7.1f}x")
        m = build_matrix(s, MatrixOptions(measure="segments"))
        c = build_matrix(s, MatrixOptions(measure="coverage"))
    source = Source.of(project)
    project.close()
    with tempfile.TemporaryDirectory() as folder:
        for name, matrix in (("segments", m), ("coverage", c)):
            out = Path(folder) / f"{name}.xlsx"
            took, _ = best_of(1, lambda out=out, matrix=matrix: write_matrix_xlsx(
                matrix, out, source=source))
            print(f"\nXLSX {len(matrix.rows)} x {len(matrix.columns)} {name} matrix: "
                  f"{took:.3f} s ({out.stat().st_size / 1e6:.1f} MB)", end="")
    print()


def bench_cooccurrence(path: Path) -> None:
    project = Project.open(path, readonly=True)
    try:
        with project.reading() as s:
            print("\nco-occurrence (code x code, coding pairs)")
            for mode, distance in (("overlap", 0), ("near", 50), ("turn", 0)):
                took, matrix = best_of(1, lambda mode=mode, distance=distance: build_cooccurrence(
                    s, CooccurrenceOptions(mode=mode, distance=distance)))
                pairs = sum(v or 0 for row in matrix.values for v in row) // 2
                label = f"near:{distance}" if mode == "near" else mode
                print(f"  {label:<10}{took:>8.3f} s  ({pairs:,} pairs)")
    finally:
        project.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--codes", type=int, default=300)
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs")
    parser.add_argument("--rollup", action="store_true", help="also time roll-up")
    parser.add_argument("--cooccurrence", action="store_true", help="also time co-occurrence")
    parser.add_argument("--span-indexes", action="store_true")
    parser.add_argument("--keep", type=Path, help="build here (or reuse this file)")
    parser.add_argument("--build-only", action="store_true",
                        help="with --keep: build (and refresh) the study, time nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "bench.qcode"
        build_unless_kept(path, args.docs, args.codes, args.codings)
        if args.span_indexes:
            add_span_indexes(path)
        refresh_cold(path)
        if args.build_only:
            return
        rebuild_rollup(path)
        move_subtheme(path)
        print(f"{args.docs} documents, {args.codes} codes, {args.codings:,} codings\n")
        bench(path, args.runs, args.rollup)
        if args.cooccurrence:
            bench_cooccurrence(path)


if __name__ == "__main__":
    main()
