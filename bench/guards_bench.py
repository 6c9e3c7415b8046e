"""What the server's guards (:mod:`qcode.server.guards`) cost a bulk insert of codings.

A throwaway cluster, a project with 200 documents of 16,820 characters and 30 codes; a coder
adds 100,000 codings, (a) through the app's bulk path (``add_coding_columns``: the driver's
executemany, one INSERT per row, so the statement triggers run once per row) and (b) as one
``INSERT ... SELECT`` (the triggers run once). Floor: the same insert with the guard
triggers on codings switched off by the owner. Each insert is rolled back; three runs,
alternating. Usage: ``python bench/guards_bench.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from qcode.ops.codings import CodingColumns, add_coding_columns  # noqa: E402
from qcode.server import admin  # noqa: E402
from qcode.server.url import parse, sqlalchemy_url  # noqa: E402
from tests.postgres_server import Server  # noqa: E402
from tests.team_server import TeamServer  # noqa: E402

DOCUMENTS, CODES, CODINGS, LENGTH = 200, 30, 100_000, 16_820
GUARDS = ("codings_spans_insert",)


def _seed(team: TeamServer) -> str:
    name = team.empty_database()
    owner = parse(team.url(name))[0]
    admin.init(owner)
    admin.grant(owner, "amira", "coder")
    engine = create_engine(sqlalchemy_url(owner))
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO documents(name, text, original_filename, sha256, imported_at, "
            "direction, position, memo, version, uuid, created_at) SELECT 'D' || n, "
            f"repeat('word ', {LENGTH // 5}), '', '', now(), 'ltr', n, '', 1, "
            "gen_random_uuid()::text, now() FROM generate_series(1, :n) n"), {"n": DOCUMENTS})
        conn.execute(text(
            "INSERT INTO codes(name, colour, description, position, memo, uuid, created_at) "
            "SELECT 'C' || n, '#000000', '', n, '', gen_random_uuid()::text, now() "
            "FROM generate_series(1, :n) n"), {"n": CODES})
    engine.dispose()
    return name


def _columns(session: Session) -> CodingColumns:
    docs = session.execute(text("SELECT id FROM documents ORDER BY id")).scalars().all()
    codes = session.execute(text("SELECT id FROM codes ORDER BY id")).scalars().all()
    me = session.execute(text("SELECT qcode_login_coder()")).scalar_one()
    columns = CodingColumns()
    for n in range(CODINGS):
        start = (n * 37) % (LENGTH - 100)
        columns.document_id.append(docs[n % len(docs)])
        columns.code_id.append(codes[n % len(codes)])
        columns.coder_id.append(me)
        columns.start.append(start)
        columns.end.append(start + 50 + n % 40)
        columns.memo.append("")
        columns.uuid.append(None)
    return columns


_ONE_STATEMENT = (
    "INSERT INTO codings(document_id, code_id, coder_id, start, \"end\", version, memo, uuid, "
    "created_at) SELECT d.id, c.id, qcode_login_coder(), (n * 37) % 16720, "
    "(n * 37) % 16720 + 50, 1, '', gen_random_uuid(), now() FROM generate_series(0, :n - 1) n "
    "JOIN documents d ON d.position = 1 + n % 200 JOIN codes c ON c.position = 1 + n % 30")


def _timed(engine, how: str) -> float:
    with Session(engine) as session:
        columns = _columns(session) if how == "app" else None
        started = time.perf_counter()
        if columns is not None:
            add_coding_columns(session, columns=columns)
        else:
            session.execute(text(_ONE_STATEMENT), {"n": CODINGS})
        session.flush()
        took = time.perf_counter() - started
        session.rollback()
    return took


def _switch(owner_engine, on: bool) -> None:
    with owner_engine.begin() as conn:
        for trigger in GUARDS:
            conn.execute(text(f"ALTER TABLE codings {'ENABLE' if on else 'DISABLE'} "
                              f"TRIGGER {trigger}"))


def main() -> None:
    server = Server()
    server.start()
    try:
        team = TeamServer(server)
        name = _seed(team)
        amira = team.engine(name, "amira")
        owner = team.engine(name)
        for how in ("app", "one statement"):
            guarded, floor = [], []
            for _ in range(3):
                _switch(owner, False)
                floor.append(_timed(amira, how))
                _switch(owner, True)
                guarded.append(_timed(amira, how))
            g, f = statistics.median(guarded), statistics.median(floor)
            print(f"{CODINGS:,} codings as a coder, {how}: guarded {g:.2f} s, floor (guards "
                  f"off) {f:.2f} s, ratio {g / f:.2f}  (runs: "
                  f"{', '.join(f'{x:.2f}' for x in guarded)} / "
                  f"{', '.join(f'{x:.2f}' for x in floor)})")
        amira.dispose()
        owner.dispose()
        team.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
