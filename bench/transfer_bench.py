"""``qcode server push`` and ``pull`` of the 1M-coding study, against reading the rows alone.

    python bench/transfer_bench.py --study STUDY.qcode [--runs 3] [--work FOLDER]

A throwaway PostgreSQL cluster (tests/postgres_server.py: its own socket, fsync off) is started;
then, ``--runs`` times:

* push floor: every row the push carries read from the file (the push's own SELECTs, plain
  sqlite3 cursor, fetchmany): the least a push does before it writes anything;
* push: :func:`qcode.server.transfer.push` into a freshly initialised database, committed
  (ANALYZE included), with the derived tables' share (copied as they are) printed;
* rebuild instead: the derived tables of the pushed project rebuilt on the server
  (:func:`qcode.derived.rebuild.rebuild_documents`, rolled back): what the push would cost
  if it had the server rebuild them rather than copying them;
* pull floor: every row the pull carries read from the server (the pull's own SELECTs through
  a server-side cursor);
* pull: :func:`qcode.server.transfer_pull.pull` into a new file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QCODE_BACKUP_KEEP", "0")

from sqlalchemy.orm import Session  # noqa: E402

from qcode.derived.rebuild import rebuild_documents  # noqa: E402
from qcode.project import Project  # noqa: E402
from qcode.server.connect import make_engine  # noqa: E402
from qcode.server.transfer import push  # noqa: E402
from qcode.server.transfer_pull import pull  # noqa: E402
from qcode.server.transfer_tables import DERIVED, TABLES  # noqa: E402
from qcode.server.url import parse  # noqa: E402
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
        return sum(v for k, v in self.by_label.items()
                   if k.replace(" ", "_") in DERIVED)


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--study", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
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
            name = team.project({})
            shares = Shares()
            started = time.perf_counter()
            report = push(study, parse(team.url(name))[0], progress=shares)
            took = time.perf_counter() - started
            print(f"run {run}: push {took:.1f} s ({report.rows['codings']:,} codings; derived "
                  f"tables copied in {shares.derived():.1f} s), floor (reading the file) "
                  f"{floor:.1f} s, ratio {took / floor:.1f}", flush=True)
            rebuilt = rebuild_on_server(team.url(name))
            print(f"run {run}: rebuilding the derived tables on the server instead: "
                  f"{rebuilt:.1f} s", flush=True)
            floor = pull_floor(team.url(name))
            copy = work / f"copy{run}.qcode"
            started = time.perf_counter()
            pull(parse(team.url(name))[0], copy)
            took = time.perf_counter() - started
            print(f"run {run}: pull {took:.1f} s, floor (reading the server) {floor:.1f} s, "
                  f"ratio {took / floor:.1f}", flush=True)
            copy.unlink()
    finally:
        team.close()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
