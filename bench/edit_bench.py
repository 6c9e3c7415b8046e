"""Edits cost what they change: the database side of applying a code, undo, moving a sub-theme,
rebuilding the derived tables and the first open after a bulk import, at 1,000,000 codings.

    python bench/edit_bench.py STUDY [--runs N]

STUDY is a copy of the 1M-coding study (``bench/matrix_bench.py --keep FILE --build-only``);
it is opened for writing and every edit is undone, but never pass the shared original. A
20,000-coding project of the same shape (300 codes, ~500 codings in the edited document) is
built in a temporary folder. Each line prints the figure, the floor measured in the same run
and their ratio; the move and the rebuild also by CPU time of this process, SQLite included
(on a loaded machine wall times also hold the time others had the cores). ``--only`` runs
some of the parts (edits, move, rebuild, import):

- apply one coding (op + refresh + commit) and undo it, median of N: at 1M against the same
  on the 20k project (goal 1.5x) and against a bare INSERT + COMMIT (DELETE for undo) of the
  same row on the same file; goal under 50 ms;
- move a sub-theme (a code with 3 sub-codes, ~13,000 codings) under another theme and back:
  against reading the code islands of both themes' subtrees, which the roll-up unions must
  read; goal 0.2 s;
- rebuild every derived table (an upgraded or outside-built file) against one sorted scan of
  the codings read fully; goal 3x. A second line times writing the same rows alone (given,
  in key order, with the tables made again and their indexes): the part no counting saves;
  a third the same without SQLite's foreign key checks (what derived tables declared without
  foreign keys would cost to write); a fourth adds the scan to that: the least any rebuild
  that reads the codings and writes these rows costs, with no counting at all;
- import 200,000 codings into a copy of the 20k project, then open it for writing: the first
  open against the second (nothing left to refresh); goal 1.2x.
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

from sqlalchemy import delete, insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from qcode.db_bulk import begin_now, large_page_cache  # noqa: E402
from qcode.derived.bulk import insert_rows, plain_rows  # noqa: E402
from qcode.derived.rebuild import TABLES  # noqa: E402
from qcode.importers.codings_csv import CodingCsvRow  # noqa: E402
from qcode.models import Code, Coder, Coding, Document, code_coverage, rollup_rebuild  # noqa: E402
from qcode.ops.codebook import move_code  # noqa: E402
from qcode.ops.codebook_import import import_codings  # noqa: E402
from qcode.ops.codings import NewCoding, add_coding, add_codings  # noqa: E402
from qcode.project import Project  # noqa: E402

SCAN = 'SELECT document_id, code_id, start, "end" FROM codings ORDER BY document_id, code_id, start'
DOC, CODE, SPAN = 5, 7, (100, 180)
PARTS = ["edits", "move", "rebuild", "import"]


def line(what: str, figure: float, floor: float, goal: str) -> None:
    print(f"{what:<58}{figure * 1000:9.1f} ms  floor {floor * 1000:8.1f} ms  "
          f"ratio {figure / floor:5.2f}x  ({goal})")


def median_of(runs: int, work: Callable[[], float]) -> float:
    return statistics.median(work() for _ in range(runs))


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def timed_both(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``work`` (CPU: this process, so SQLite's work is in it; on a
    shared, loaded machine the wall time also holds the time others had the cores)."""
    started, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - started, time.process_time() - cpu


def cpu_line(what: str, figure: float, floor: float) -> None:
    print(f"{'  ' + what + ', CPU':<58}{figure * 1000:9.1f} ms  floor {floor * 1000:8.1f} ms  "
          f"ratio {figure / floor:5.2f}x")


def build_small(path: Path, docs: int = 40, codings: int = 20_000, seed: int = 11) -> None:
    """The study's shape at 20k codings: 300 codes in three levels, ~500 codings a document."""
    rnd = random.Random(seed)
    vocabulary = ["".join(rnd.choices("abcdefghijklmnopqrstuvwxyz", k=rnd.randint(2, 9)))
                  for _ in range(800)]
    with Project.create(path) as project, project.transaction() as s:
        coder = Coder(name="bench")
        s.add(coder)
        texts = []
        for i in range(docs):
            words = rnd.choices(vocabulary, k=3000)
            texts.append("\n".join(" ".join(words[j:j + 60]) for j in range(0, 3000, 60)))
            s.add(Document(name=f"E{i + 1:04d}", text=texts[-1], original_filename="",
                           sha256=f"{i:064x}", direction="ltr", position=i))
        codes: list[int] = []
        for theme in range(20):
            top = Code(name=f"Theme {theme}", position=theme)
            s.add(top)
            s.flush()
            codes.append(top.id)
            for sub in range(4):
                mid = Code(name=f"Sub {sub}", parent_id=top.id, position=sub)
                s.add(mid)
                s.flush()
                codes.append(mid.id)
                for leaf in range(3):
                    low = Code(name=f"Leaf {leaf}", parent_id=mid.id, position=leaf)
                    s.add(low)
                    s.flush()
                    codes.append(low.id)
        codes = codes[:300]
        rows = []
        for _ in range(codings):
            d = rnd.randrange(docs)
            start = rnd.randrange(len(texts[d]) - 1)
            rows.append(NewCoding(d + 1, rnd.choice(codes), coder.id, start,
                                  min(len(texts[d]), start + rnd.randint(20, 300))))
        add_codings(s, codings=rows)


def apply_and_undo(project: Project, runs: int) -> tuple[float, float]:
    applies, undos = [], []
    for _ in range(runs):
        started = time.perf_counter()
        with project.transaction() as s:
            changes = add_coding(s, document_id=DOC, code_id=CODE, coder_id=1, start=SPAN[0],
                                 end=SPAN[1])
        applies.append(time.perf_counter() - started)
        started = time.perf_counter()
        with project.transaction() as s:
            assert changes.inverse is not None
            changes.inverse(s)
        undos.append(time.perf_counter() - started)
    return statistics.median(applies), statistics.median(undos)


def bare_insert_and_delete(project: Project, runs: int) -> tuple[float, float]:
    """The same row inserted and deleted with a plain statement and commit (no refresh)."""
    with project.transaction() as s:  # a coding's columns, as the op fills them
        add_coding(s, document_id=DOC, code_id=CODE, coder_id=1, start=SPAN[0], end=SPAN[1])
        coding = s.scalars(select(Coding).order_by(Coding.id.desc())).first()
        assert coding is not None
        values = {c.key: getattr(coding, c.key) for c in Coding.__mapper__.column_attrs
                  if c.key != "id"}
        s.delete(coding)
    inserts, deletes = [], []
    for _ in range(runs):
        with project.engine.connect() as connection:
            started = time.perf_counter()
            new_id = connection.execute(insert(Coding).values(values)).inserted_primary_key[0]
            connection.commit()
            inserts.append(time.perf_counter() - started)
            started = time.perf_counter()
            connection.execute(delete(Coding).where(Coding.id == new_id))
            connection.commit()
            deletes.append(time.perf_counter() - started)
    with project.transaction():
        pass  # the marks the bare statements left (nothing changed in the end)
    return statistics.median(inserts), statistics.median(deletes)


def bench_edits(study: Path, small: Path, runs: int) -> None:
    with Project.open(small) as project:
        apply_and_undo(project, 2)  # warm
        small_apply, small_undo = apply_and_undo(project, runs)
    with Project.open(study) as project:
        apply_and_undo(project, 2)
        big_apply, big_undo = apply_and_undo(project, runs)
        bare_apply, bare_undo = bare_insert_and_delete(project, runs)
    line("apply one coding, 1M vs 20k project", big_apply, small_apply, "goal 1.5x")
    line("apply one coding, 1M vs bare INSERT + COMMIT", big_apply, bare_apply, "goal < 50 ms")
    line("undo it, 1M vs 20k project", big_undo, small_undo, "goal 1.5x")
    line("undo it, 1M vs bare DELETE + COMMIT", big_undo, bare_undo, "goal < 50 ms")


def bench_move(study: Path) -> None:
    with Project.open(study) as project:
        with project.reading() as s:
            sub = s.scalar(select(Code.id).where(Code.name == "Sub 0", Code.parent_id == 1))
            target = s.scalar(select(Code.id).where(Code.name == "Sub 1", Code.parent_id == 18))
            themes = s.scalars(select(Code.id).where(Code.id.in_((1, 18)))).all()
        figures = [timed_both(lambda parent=parent: _move(project, sub, parent))
                   for parent in (target, 1, target, 1)]
        with project.reading() as s:
            parents = dict(s.execute(select(Code.id, Code.parent_id)).all())
            under = [c for c in parents if _top(parents, c) in themes]
            cc = code_coverage.c
            stmt = select(cc.document_id, cc.code_id, cc.start, cc.end).where(
                cc.code_id.in_(under)).order_by(cc.document_id, cc.start)
            raw = s.connection().connection
            sql = str(stmt.compile(compile_kwargs={"literal_binds": True}))
            floors = [timed_both(lambda: raw.execute(sql).fetchall()) for _ in range(3)]
    line("move a sub-theme (median of 4 moves)", statistics.median(f[0] for f in figures),
         min(f[0] for f in floors), "floor: read both themes' islands; goal 200 ms")
    cpu_line("the same", statistics.median(f[1] for f in figures), min(f[1] for f in floors))


def _top(parents: dict[int, int | None], code: int) -> int:
    while parents[code] is not None:
        code = parents[code]  # type: ignore[assignment]
    return code


def _move(project: Project, code: int, parent: int) -> None:
    with project.transaction() as s:
        move_code(s, code_id=code, parent_id=parent)


def bench_rebuild(study: Path) -> None:
    with Project.open(study) as project:
        raw = project.engine.raw_connection()
        try:
            floor = timed_both(lambda: raw.cursor().execute(SCAN).fetchall())
        finally:
            raw.close()
        reports: list[int] = []

        def rebuild() -> None:
            with project.transaction(progress=lambda done, total, label: reports.append(done)
                                     ) as s:
                s.execute(insert(rollup_rebuild).values(id=1))

        figure = timed_both(rebuild)
        writing = write_rows_only(project)
        unchecked = write_rows_only(project, foreign_keys=False)
    line(f"rebuild all derived tables ({len(reports)} progress reports)", figure[0], floor[0],
         "floor: one sorted scan of the codings; goal 3x")
    cpu_line("the same", figure[1], floor[1])
    line("  of which writing its rows alone would take", writing[0], floor[0],
         "no counting: rows given, in key order")
    cpu_line("the same", writing[1], floor[1])
    line("  ... the same without foreign key checks", unchecked[0], floor[0],
         "what tables without foreign keys would cost")
    cpu_line("the same", unchecked[1], floor[1])
    line("the least a rebuild of these tables costs", floor[0] + unchecked[0], floor[0],
         "the scan + writing its rows unchecked; goal 3x")


def write_rows_only(project: Project, foreign_keys: bool = True) -> tuple[float, float]:
    """What a rebuild would cost if its rows were given: the derived tables dropped and made
    again, the rows the rebuild made inserted in key order, the indexes made (then all
    rolled back); wall and CPU seconds. The part of a rebuild no counting can save. Without
    ``foreign_keys`` SQLite does not look up each row's code and document (2 lookups a row),
    as it would not for derived tables declared without foreign keys."""
    with project.reading() as s:
        rows = {table: [tuple(r) for r in plain_rows(s, select(table).order_by(
            *table.primary_key.columns))] for table in TABLES}
    session = Session(project.engine)
    try:
        connection = session.connection()
        if not foreign_keys:  # only outside a transaction
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        begin_now(connection)
        with large_page_cache(connection, 256):  # at 64 MiB pages spill: 2-3x slower
            started, cpu = time.perf_counter(), time.process_time()
            for table in TABLES:
                table.drop(connection)
                table.create(connection)
                for index in table.indexes:
                    index.drop(connection)
            for table, held in rows.items():
                insert_rows(session, table, held)
            for table in TABLES:
                for index in table.indexes:
                    index.create(connection)
            return time.perf_counter() - started, time.process_time() - cpu
    finally:
        session.rollback()
        if not foreign_keys:
            session.connection().exec_driver_sql("PRAGMA foreign_keys=ON")
        session.close()


def bench_bulk_import(small: Path, folder: Path, count: int = 200_000) -> None:
    path = folder / "bulk.qcode"
    shutil.copy(small, path)
    rnd = random.Random(5)
    with Project.open(path) as project:
        with project.reading() as s:
            docs = s.execute(select(Document.name, Document.text)).all()
        rows = []
        for i in range(count):
            name, text = docs[rnd.randrange(len(docs))]
            start = rnd.randrange(len(text) - 1)
            rows.append(CodingCsvRow(i + 2, name, f"Imported/Code {rnd.randrange(60)}", start,
                                     min(len(text), start + rnd.randint(20, 300))))

        def bulk() -> None:
            with project.transaction() as s:
                import_codings(s, rows=rows, default_coder="importer")

        took = timed(bulk)
    print(f"{'import 200,000 codings (op + refresh + commit)':<58}{took * 1000:9.1f} ms")
    first = timed(lambda: Project.open(path).close())
    second = timed(lambda: Project.open(path).close())
    line("first open for writing after the import", first, second,
         "floor: the next open; goal 1.2x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("study", type=Path, help="a COPY of the 1M-coding study")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", nargs="+", choices=PARTS, default=PARTS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        small = folder / "small.qcode"
        started = time.perf_counter()
        build_small(small)
        print(f"built the 20k-coding project in {time.perf_counter() - started:.1f} s "
              "(not timed)\n")
        if "edits" in args.only:
            bench_edits(args.study, small, args.runs)
        if "move" in args.only:
            bench_move(args.study)
        if "rebuild" in args.only:
            bench_rebuild(args.study)
        if "import" in args.only:
            bench_bulk_import(small, folder)


if __name__ == "__main__":
    main()
