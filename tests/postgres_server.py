"""A throwaway PostgreSQL server for the tests: a new cluster in a temporary folder, listening
only on a Unix socket there, removed afterwards. Needs the server's programs (``initdb``,
``pg_ctl``) and the psycopg driver; as root the server runs as the ``postgres`` user, since
PostgreSQL refuses to run as root."""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PORT = 5432  # names the socket file in the server's own folder; no TCP port is opened


def _program(name: str) -> str | None:
    found = shutil.which(name)
    if found is None:
        candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
        found = candidates[-1] if candidates else None
    return found


def unavailable() -> str | None:
    """Why no server can be started here, or None if one can."""
    if importlib.util.find_spec("psycopg") is None:
        return "the psycopg driver is not installed"
    if _program("initdb") is None or _program("pg_ctl") is None:
        return "PostgreSQL's initdb and pg_ctl are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the server"
        if shutil.which("runuser") is None:
            return "running as root without runuser"
    return None


class Server:
    """``start()``, then ``url(database)``; ``pause()`` and ``resume()`` stop and start it
    again (a server going away mid-session); ``stop()`` removes the cluster."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="qcode-pg-"))
        self._as: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        data = self.folder / "data"
        self._run(str(_program("initdb")), "-D", str(data), "-A", "trust", "-U", "qcode",
                  "-E", "UTF8", "--locale=C", "--no-sync")
        self._start_cluster()

    def _start_cluster(self) -> None:
        options = (f"-p {PORT} -k {self.folder} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._run(str(_program("pg_ctl")), "-D", str(self.folder / "data"), "-o", options,
                  "-w", "-l", str(self.folder / "log"), "start")

    def pause(self) -> None:
        """Stop the running server as an administrator would (``pg_ctl stop -m fast``: open
        sessions are ended, every committed transaction is kept); its cluster stays."""
        self._run(str(_program("pg_ctl")), "-D", str(self.folder / "data"), "-m", "fast",
                  "-w", "stop")

    def resume(self) -> None:
        """Start the paused server again on the same cluster, socket and port."""
        self._start_cluster()

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://qcode@/{database}?host={self.folder}&port={PORT}"

    def stop(self) -> None:
        try:
            if (self.folder / "data" / "postmaster.pid").exists():
                self._run(str(_program("pg_ctl")), "-D", str(self.folder / "data"), "-m",
                          "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def running_server() -> Iterator[Server]:
    """A started cluster for a test fixture, stopped and removed afterwards. Where PostgreSQL's
    programs are missing the tests are skipped, saying why; where they are installed a cluster
    that will not start FAILS them, so CI on such a machine never passes by skipping."""
    import pytest

    why = unavailable()
    if why is not None:
        pytest.skip(f"no PostgreSQL server for these tests: {why}")
    server = Server()
    try:
        try:
            server.start()
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            pytest.fail(f"the PostgreSQL server did not start: {exc} {detail.decode()[-300:]}")
        yield server
    finally:
        server.stop()
