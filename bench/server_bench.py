"""A team on a server: analysts coding at once while a lead exports the theme matrix.

    python bench/server_bench.py --study STUDY.qcode [--runs 3] [--analysts 8]
                                 [--codings 2000] [--every 3] [--work FOLDER]
                                 [--pace SECONDS] [--paced-codings N]

A throwaway PostgreSQL cluster (tests/postgres_server.py: its own socket, fsync off) is started
and the study (a copy, upgraded once) pushed into a new database (``qcode server push``); one
login role per analyst is made and granted ``coder``. Then, ``--runs`` times:

* the theme matrix (code x document; segments, characters and words) on the server, against
  the same matrix from the study file (SQLite), with nobody writing: the ratio is the figure
  (goal <= 2x);
* one coding alone: ``Project.open(url)``, ``add_coding`` in its own transaction, by one
  analyst with nobody else writing (the floor of the next figure);
* the team: ``--analysts`` processes (spawned) each add ``--codings`` codings, one transaction
  each, on random documents and codes, while the lead rebuilds the matrix every ``--every``
  seconds: p50 and p95 latency of one coding (goal p95 <= 50 ms on the local socket) against
  the one alone, with the analyst's own CPU time and the time spent taking the refresh's
  advisory locks (:mod:`qcode.server.locks`) a coding, the lead's matrix times, and that nothing
  was lost (codings before + those acknowledged == codings after);
* with ``--pace``, the team again, each analyst waiting about that long between codings (as
  people do: a random 0.5-1.5 times it), ``--paced-codings`` each (default ``--codings``).

Each team's p50 and p95 are printed with the floor's and their ratios to it, and the p95
against the goal. Back to back, the analysts form a closed loop: each starts a coding the
moment the last is saved, so the machine is always saturated and a coding's latency is the
analysts' number over the throughput, whatever the code does; on 2 shared cores that also
pay for the 8 analysts' own processes (in use each runs on its analyst's computer), that is a
measure of throughput. Paced (``--pace 0.5``: two codings a second each, several times faster
than a person selects text and picks a code) is the team the goal speaks of.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QCODE_BACKUP_KEEP", "0")

from sqlalchemy import func, select, text  # noqa: E402

from qcode.analysis import MatrixOptions, build_matrix  # noqa: E402
from qcode.models import Code, Coding  # noqa: E402
from qcode.project import Project  # noqa: E402
from qcode.server import admin  # noqa: E402
from qcode.server.transfer import push  # noqa: E402
from qcode.server.url import parse  # noqa: E402
from tests.postgres_server import Server  # noqa: E402
from tests.team_server import TeamServer  # noqa: E402

MEASURES = ("segments", "characters", "words")
ALONE = 200  # codings the floor adds
GOAL_P95 = 0.050  # seconds: the latency of one coding with the team at work


def _targets(project: Project) -> tuple[list[tuple[int, int]], list[int]]:
    """(document, length) of every document and the codes without sub-codes."""
    with project.reading() as s:
        lengths = [tuple(r) for r in s.execute(text(
            "SELECT id, char_length(text) FROM documents WHERE char_length(text) > 1"))]
        parents = select(Code.parent_id).where(Code.parent_id.is_not(None))
        leaves = list(s.scalars(select(Code.id).where(Code.id.not_in(parents))))
    return lengths, leaves


def code_many(url: str, login: str, count: int, seed: int, start, log: str,  # noqa: ANN001
              pace: float = 0.0) -> None:
    """One analyst: ``count`` codings, each its own transaction, each timed; logged. With
    ``pace``, a random 0.5-1.5 times ``pace`` seconds waited after each (not timed)."""
    from qcode.ops.coders import coder_id_named
    from qcode.ops.codings import add_coding

    pick = random.Random(seed)
    took: list[float] = []
    saved, refused, cpu = 0, [], 0.0
    locking = _time_locks()
    with Project.open(url) as project:
        documents, codes = _targets(project)
        with project.reading() as s:
            me = coder_id_named(s, login)
        if start is not None:
            start.wait(timeout=600)
        for _ in range(count):
            document, length = pick.choice(documents)
            begin = pick.randrange(length - 1)
            began, began_cpu = time.perf_counter(), time.process_time()
            try:
                with project.transaction() as s:
                    changes = add_coding(s, document_id=document, code_id=pick.choice(codes),
                                         coder_id=me, start=begin,
                                         end=min(length, begin + pick.randint(5, 400)))
            except Exception as exc:  # noqa: BLE001 - counted and told, the run goes on
                refused.append(f"{type(exc).__name__}: {exc}")
                continue
            took.append(time.perf_counter() - began)
            cpu += time.process_time() - began_cpu
            saved += len(changes.codings)
            if pace:
                time.sleep(pick.uniform(0.5 * pace, 1.5 * pace))
    Path(log).write_text(json.dumps({"took": took, "saved": saved, "refused": refused,
                                     "cpu": cpu, "locks": locking[0]}))


def _time_locks() -> list[float]:
    """Seconds this process spends in the refresh's advisory locks (waiting for other
    analysts' refreshes of the same documents), added up in the one-item list returned."""
    import qcode.derived.coverage as coverage

    spent = [0.0]
    take = coverage.serialise_refresh

    def timed(session, documents) -> None:  # noqa: ANN001
        began = time.perf_counter()
        take(session, documents)
        spent[0] += time.perf_counter() - began

    coverage.serialise_refresh = timed
    return spent


def export_while(url: str, every: float, done, log: str) -> None:  # noqa: ANN001
    """The lead: the matrix every ``every`` seconds until ``done`` is set; times logged."""
    took: list[float] = []
    with Project.open(url) as project:
        while not done.wait(every):
            with project.reading() as s:
                began = time.perf_counter()
                build_matrix(s, MatrixOptions(measure="segments"))
                took.append(time.perf_counter() - began)
    Path(log).write_text(json.dumps({"took": took}))


def matrix_seconds(location: str | Path, measure: str) -> float:
    """The best of three builds of the code x document matrix of ``measure``."""
    with Project.open(location, readonly=True) as project, project.reading() as s:
        best = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            build_matrix(s, MatrixOptions(measure=measure))
            best = min(best, time.perf_counter() - began)
    return best


def codings_in(url: str) -> int:
    with Project.open(url) as project, project.reading() as s:
        return s.scalar(select(func.count()).select_from(Coding))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _goal(p95: float) -> str:
    return f"{'within' if p95 <= GOAL_P95 else 'above'} the goal ({GOAL_P95 * 1000:.0f} ms)"


def _against(took: list[float], floor: list[float]) -> str:
    """p50 and p95 of ``took`` with the floor's (one analyst alone) and the ratios."""
    parts = []
    for name, share in (("p50", 0.5), ("p95", 0.95)):
        value, alone_value = percentile(took, share), percentile(floor, share)
        parts.append(f"{name} {value * 1000:.1f} ms (floor {alone_value * 1000:.1f} ms, "
                     f"ratio {value / alone_value:.1f})")
    return ", ".join(parts)


def team_run(team: TeamServer, name: str, logins: list[str], args: argparse.Namespace,
             work: Path, run: int, floor: list[float], pace: float = 0.0) -> None:
    """The team coding (back to back, or each after about ``pace`` seconds) while the lead
    exports; ``floor`` is the one analyst's times alone."""
    context = multiprocessing.get_context("spawn")
    count = args.paced_codings if pace else args.codings
    start, done = context.Barrier(len(logins) + 1), context.Event()
    before = codings_in(team.url(name, "lead"))
    analysts = [context.Process(target=code_many, args=(
        team.url(name, login), login, count, run * 100 + i + (50 if pace else 0), start,
        str(work / f"{login}.json"), pace)) for i, login in enumerate(logins)]
    lead = context.Process(target=export_while, args=(
        team.url(name, "lead"), args.every, done, str(work / "lead.json")))
    for process in (*analysts, lead):
        process.start()
    start.wait(timeout=600)
    began = time.perf_counter()
    for process in analysts:
        process.join()
    wall = time.perf_counter() - began
    done.set()
    lead.join()
    logs = [json.loads((work / f"{login}.json").read_text()) for login in logins]
    exports = json.loads((work / "lead.json").read_text())["took"]
    took = [t for log in logs for t in log["took"]]
    saved = sum(log["saved"] for log in logs)
    refused = [r for log in logs for r in log["refused"]]
    cpu = sum(log["cpu"] for log in logs) / max(1, len(took))
    locks = sum(log["locks"] for log in logs) / max(1, len(took))
    after = codings_in(team.url(name, "lead"))
    how = f"paced {pace:g} s" if pace else "back to back"
    print(f"run {run}: {len(logins)} analysts {how}, {count:,} codings each, {len(took):,} in "
          f"{wall:.1f} s ({len(took) / wall:.0f}/s): one coding {_against(took, floor)}, "
          f"max {max(took) * 1000:.0f} ms (the analyst's own CPU {cpu * 1000:.1f} ms, "
          f"taking the refresh's locks {locks * 1000:.1f} ms, a coding on average); "
          f"p95 {_goal(percentile(took, 0.95))}; refused {len(refused)}"
          f"{' (' + refused[0] + ')' if refused else ''}", flush=True)
    if exports:
        print(f"run {run}: the lead's matrix while they code: {len(exports)} builds, median "
              f"{statistics.median(exports):.2f} s, max {max(exports):.2f} s", flush=True)
    lost = before + saved - after
    print(f"run {run}: codings before {before:,} + acknowledged {saved:,} = "
          f"{before + saved:,}; after {after:,}: "
          f"{'nothing lost' if lost == 0 else f'{lost:,} LOST'}", flush=True)


def alone(team: TeamServer, name: str, login: str, work: Path, run: int) -> dict:
    log = work / "alone.json"
    code_many(team.url(name, login), login, ALONE, run, None, str(log))
    return json.loads(log.read_text())


def prepare(study: Path, work: Path, analysts: int) -> tuple[Server, TeamServer, str, list]:
    server = Server()
    server.start()
    team = TeamServer(server)
    name = team.project({"lead": "lead"})
    began = time.perf_counter()
    report = push(study, parse(team.url(name))[0])
    print(f"pushed {report.rows['codings']:,} codings in {time.perf_counter() - began:.0f} s",
          flush=True)
    logins = [f"analyst{i}" for i in range(1, analysts + 1)]
    for login in logins:
        team.superuser_sql("postgres", f'CREATE ROLE "{login}" LOGIN')
        admin.grant(parse(team.url(name))[0], login, "coder")
    return server, team, name, logins


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--study", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--analysts", type=int, default=8)
    parser.add_argument("--codings", type=int, default=2000)
    parser.add_argument("--every", type=float, default=3.0)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--pace", type=float, default=0.0,
                        help="also a team waiting about this many seconds between codings")
    parser.add_argument("--paced-codings", type=int,
                        help="codings each analyst adds paced (default --codings)")
    args = parser.parse_args()
    args.paced_codings = args.paced_codings or args.codings
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped run removes its cluster
    work = Path(tempfile.mkdtemp(dir=args.work, prefix="server-bench-"))
    study = work / "study.qcode"
    shutil.copy(args.study, study)
    Project.open(study).close()  # upgraded to this qcode's schema once (not timed)
    server, team, name, logins = prepare(study, work, args.analysts)
    try:
        for run in range(1, args.runs + 1):
            for measure in MEASURES:
                on_server = matrix_seconds(team.url(name, "lead"), measure)
                in_file = matrix_seconds(study, measure)
                print(f"run {run}: matrix ({measure}) on the server {on_server:.2f} s, floor "
                      f"(the file, SQLite) {in_file:.2f} s, ratio {on_server / in_file:.2f}",
                      flush=True)
            floor = alone(team, name, logins[0], work, run)
            took = floor["took"]
            print(f"run {run}: one coding alone p50 {percentile(took, 0.5) * 1000:.1f} ms, "
                  f"p95 {percentile(took, 0.95) * 1000:.1f} ms, its own CPU "
                  f"{floor['cpu'] / len(took) * 1000:.1f} ms (the floor)", flush=True)
            team_run(team, name, logins, args, work, run, took)
            if args.pace:
                team_run(team, name, logins, args, work, run, took, args.pace)
    finally:
        team.close()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
