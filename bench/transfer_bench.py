"""``qcode server push`` and ``pull`` of the 1M-coding study, against reading the rows alone.

    python bench/transfer_bench.py --study STUDY.qcode [--runs 3] [--work FOLDER]

A throwaway PostgreSQL cluster (tests/postgres_server.py: its own socket, fsync off) is started;
then, ``--runs`` times:

* push floor: every row the push carries read from the file (the push's own SELECTs, plain
  sqlite3 cursor, fetchmany): the least a push does before it writes anything;
* push: :func:`qcode.server.transfer.push` into a freshly initialised database, committed
  (ANALYZE included), with the derived tables' share (copied as they are) printed;
* rebuild instead (first run only): the derived tables of the pushed project rebuilt on the
  server (:func:`qcode.derived.rebuild.rebuild_documents`, rolled back): what the push would
  cost if it had the server rebuild them rather than copying them;
* pull floor: every row the pull carries read from the server (the pull's own SELECTs through
  a server-side cursor), plus the same rows written into a new project file by plain sqlite3
  (the study ATTACHed, one ``INSERT ... SELECT`` per table, the codings triggers dropped, in one
  transaction): the least reading them and writing them cost apart;
* pull: :func:`qcode.server.transfer_pull.pull` into a new file (as the coder ``amira``);
* merge back: 100 codings added offline in that copy, then the copy merged into the server as
  amira (:func:`qcode.team.merge.merge_projects`, committed): a million codings matched,
  100 added.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QCODE_BACKUP_KEEP", "0")

from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from qcode.derived.rebuild import rebuild_documents  # noqa: E402
from qcode.models import Coder  # noqa: E402
from qcode.ops.codings import add_coding  # noqa: E402
from qcode.project import Project  # noqa: E402
from qcode.server.connect import make_engine  # noqa: E402
from qcode.server.transfer import INDEXING, push  # noqa: E402
from qcode.server.transfer_pull import pull  # noqa: E402
from qcode.server.transfer_tables import DERIVED, TABLES  # noqa: E402
from qcode.server.url import parse  # noqa: E402
from qcode.team.merge import merge_projects  # noqa: E402
from tests.postgres_server import Server  # noqa: E402
from tests.team_server import TeamServer  # noqa: E402


def push_floor(study: Path) -> float:
    started = time.perf_counter()
    raw = sqlite3.connect(study)
    for table in TABLES:
        cursor = raw.execute(table.file_select())
        while cursor.fetchmany(20_000):
            pass
    raw.close()
    return time.perf_counter() - started


def pull_floor(url: str) -> float:
    engine = make_engine(parse(url)[0])
    started = time.perf_counter()
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        for table in TABLES:
            with raw.cursor(name="floor") as cursor:
                cursor.execute(table.server_select())
                while cursor.fetchmany(20_000):
                    pass
    engine.dispose()
    return time.perf_counter() - started


def write_floor(study: Path, work: Path) -> float:
    target = work / "floor.qcode"
    Project.create(target).close()
    started = time.perf_counter()
    raw = sqlite3.connect(target, isolation_level=None)
    raw.execute("ATTACH DATABASE ? AS src", (str(study),))
    raw.execute("BEGIN")
    for (name,) in raw.execute("SELECT name FROM main.sqlite_master WHERE type = 'trigger' "
                               "AND tbl_name = 'codings'").fetchall():
        raw.execute(f'DROP TRIGGER "{name}"')
    raw.execute("DELETE FROM main.project_info")
    for table in ("project_info", *(t.name for t in TABLES)):
        raw.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")
    raw.execute("COMMIT")
    raw.close()
    took = time.perf_counter() - started
    for leftover in work.glob("floor.qcode*"):
        leftover.unlink()
    return took


class Shares:
    """Seconds spent on each progress label (the table being copied)."""

    def __init__(self) -> None:
        self.by_label: dict[str, float] = {}
        self.last_label, self.last = "", time.perf_counter()

    def __call__(self, done: int, total: int, label: str) -> bool:
        now = time.perf_counter()
        self.by_label[self.last_label] = self.by_label.get(self.last_label, 0) + now - self.last
        self.last_label, self.last = label, now
        return True

    def derived(self) -> float:
        """Seconds after each report on a derived table until the next one (about the time
        they take: each share runs to the next report)."""
        return sum(v for k, v in self.by_label.items()
                   if k.replace(" ", "_") in DERIVED)

    def indexing(self) -> float:
        return self.by_label.get(INDEXING, 0.0)


def rebuild_on_server(url: str) -> float:
    engine = make_engine(parse(url)[0])
    try:
        with engine.connect() as conn, Session(bind=conn) as session:
            started = time.perf_counter()
            rebuild_documents(session, None)
            session.flush()
            took = time.perf_counter() - started
            conn.rollback()
    finally:
        engine.dispose()
    return took


def merge_back(url: str, copy: Path) -> float:
    with Project.open(copy) as project, project.transaction() as session:
        me = session.scalar(select(Coder.id).where(Coder.name == "amira"))
        for document in range(1, 101):
            add_coding(session, document_id=document, code_id=1, coder_id=me, start=0, end=3)
    started = time.perf_counter()
    with Project.open(url) as project, project.transaction() as session:
        report = merge_projects(session, sources=[copy])
    took = time.perf_counter() - started
    assert report.codings.added == 100, report.line()
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--study", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped run removes its cluster
    work = Path(tempfile.mkdtemp(dir=args.work, prefix="transfer-bench-"))
    study = work / "study.qcode"
    shutil.copy(args.study, study)
    Project.open(study).close()  # upgraded to this qcode's schema once (not timed)
    server = Server()
    server.start()
    team = TeamServer(server)
    try:
        for run in range(1, args.runs + 1):
            floor = push_floor(study)
            name = team.project({"amira": "coder"})
            shares = Shares()
            started = time.perf_counter()
            report = push(study, parse(team.url(name))[0], progress=shares)
            took = time.perf_counter() - started
            print(f"run {run}: push {took:.1f} s ({report.rows['codings']:,} codings; derived "
                  f"tables copied in about {shares.derived():.1f} s, keys and indexes built in "
                  f"{shares.indexing():.1f} s), floor (reading the file) {floor:.1f} s, "
                  f"ratio {took / floor:.1f}", flush=True)
            if run == 1:  # minutes: once is enough to choose
                rebuilt = rebuild_on_server(team.url(name))
                print(f"run {run}: rebuilding the derived tables on the server instead: "
                      f"{rebuilt:.1f} s", flush=True)
            reading, writing = pull_floor(team.url(name)), write_floor(study, work)
            floor = reading + writing
            copy = work / f"copy{run}.qcode"
            started = time.perf_counter()
            pull(parse(team.url(name, "amira"))[0], copy, progress=(shares := Shares()))
            took = time.perf_counter() - started
            print(f"run {run}: pull {took:.1f} s (indexes built in {shares.indexing():.1f} s), "
                  f"floor {floor:.1f} s (reading the server {reading:.1f} s, writing the file "
                  f"{writing:.1f} s), ratio {took / floor:.1f}", flush=True)
            print(f"run {run}: merge back {merge_back(team.url(name, 'amira'), copy):.1f} s "
                  "(100 offline codings added, 1,000,000 matched)", flush=True)
            copy.unlink()
    finally:
        team.close()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
