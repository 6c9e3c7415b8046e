"""What every CLI command shares: opening projects, errors as one line, JSON, progress bars."""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from qcode.errors import QcodeError, describe_unexpected

if TYPE_CHECKING:
    from qcode.project import Project  # SQLAlchemy and Alembic: loaded when a project opens
    from qcode.server.url import ServerAddress

EXIT_INPUT = 1  # bad input: a file, value or project that cannot be used
EXIT_USAGE = 2  # the command line itself is wrong
#: 128 + SIGINT, as a shell reports a program stopped by Ctrl+C
EXIT_INTERRUPTED = 130
#: signals that end a command as Ctrl+C does (SIGHUP: the terminal closed; none on Windows)
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


class CliError(Exception):
    """Ends the command with one line on stderr and the given exit status."""

    def __init__(self, message: str, status: int = EXIT_INPUT) -> None:
        super().__init__(message)
        self.status = status


def fail(message: str, status: int = EXIT_INPUT) -> NoReturn:
    raise CliError(message, status)


def project_target(value: str) -> str | Path:
    """A PROJECT argument: a server URL stays text (a Path would fold its ``//``), anything
    else is a file path."""
    from qcode.server.url import is_server_url

    return value.strip() if is_server_url(value) else Path(value)


def out_file(value: str) -> Path:
    """An ``--out FILE`` argument: an empty one is refused as argparse refuses a bad value
    (a Path of "" is the current folder, and every message then named the file as "")."""
    if not value.strip():
        raise argparse.ArgumentTypeError("needs a file name")
    return Path(value)


def file_only(target: str | Path, what: str) -> Path:
    """``target`` as a file path; a server URL is refused in one line (``what`` is a file's)."""
    if isinstance(target, Path):
        return target
    fail(f"{target}: {what} works on a project file, not a server project")


def checked_writer(out: Path, writers: dict[str, Callable[..., Path]]) -> Callable[..., Path]:
    """The writer of ``out``'s suffix, once its folder is known to take the file and its
    manifest: a wrong suffix or folder, or a target that is no regular file (a FIFO), is said
    before the work, not after it."""
    from qcode.export.files import check_export_target  # loaded when a command writes

    suffix = out.suffix.lower()
    if suffix not in writers:
        fail(f"{out.name}: cannot write {suffix or 'a file without suffix'} here "
             f"(use {' or '.join(writers)})", EXIT_USAGE)
    check_export_target(out)
    return writers[suffix]


@contextmanager
def opened(path: str | Path, *, readonly: bool = False) -> Iterator[Project]:
    """An existing project, closed afterwards. QcodeErrors pass up to main() as one line."""
    from qcode.project import Project

    project = asking_password(lambda password: Project.open(path, readonly=readonly,
                                                             password=password), path)
    try:
        if project.backup_path is not None:
            print(f"upgraded {Path(path).name}; the previous version was saved as "
                  f"{project.backup_path.name}", file=sys.stderr)
        yield project
    finally:
        project.close()


def asking_password(connect: Callable[[str | None], Any], target: str | Path) -> Any:
    """``connect(None)``; when a server asks for a password that libpq did not find
    (~/.pgpass, PGPASSWORD) and a person is at the terminal, ask once and try again. The
    password lives in memory for this command only."""
    from qcode.errors import PasswordNeeded

    try:
        return connect(None)
    except PasswordNeeded:
        if not isinstance(target, str) or not sys.stdin.isatty():
            raise
    import getpass

    from qcode.server.url import parse

    address = parse(target)[0]
    return connect(getpass.getpass(f"password for {address.user or 'you'} on {address.label}: "))


def on_server(url: str, action: Callable[[ServerAddress, str | None], Any]) -> Any:
    """``action(address, password)`` on the server at ``url``: the password the URL carried,
    else the one :func:`asking_password` asks for when the server wants one."""
    from qcode.server.url import parse

    address, given = parse(url)
    return asking_password(lambda password: action(address, password or given), url)


class OutputError(QcodeError):
    """stdout could not be written: a full disk, a closed or unwritable output."""

    def __init__(self, exc: OSError) -> None:
        why = ": the disk is full" if exc.errno == errno.ENOSPC else f" ({exc.strerror or exc})"
        super().__init__(f"cannot write the output{why}")


class _Output(io.FileIO):
    """stdout's file descriptor, telling its write failures apart from any other file's.

    A closed pipe stays a BrokenPipeError (main() ends quietly on it). Any other failure
    discards the rest of the output (the descriptor is pointed at the null device, so the
    flush at exit cannot fail again) and is an :class:`OutputError`: one line, exit status 1.
    """

    def write(self, data: Any) -> int | None:
        try:
            return super().write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            discard_output(self.fileno())
            raise OutputError(exc) from exc


def discard_output(fd: int) -> None:
    """Point ``fd`` at the null device: later writes (and the flush at exit) go nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def guard_output() -> None:
    """Write the process's stdout through :class:`_Output` (text and ``.buffer`` alike).

    Left alone when stdout is not the process's own (a test capturing it, an embedding host).
    """
    stdout = sys.stdout
    if stdout is None or stdout is not sys.__stdout__:
        return
    try:
        fd = stdout.fileno()
        stdout.flush()
    except (OSError, ValueError):  # no descriptor (or already unusable): nothing to guard
        return
    raw = _Output(fd, "w", closefd=False)
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(raw), encoding=stdout.encoding,
                                  errors=stdout.errors, line_buffering=stdout.line_buffering)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal.

    Use as the ``progress`` callback of long work: ``bar(done, total, label)``.
    """

    def __init__(self, title: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.title = title
        self.stream = stream or sys.stderr
        self.width = width
        self.enabled = self.stream.isatty()
        self._drawn = False

    def __call__(self, done: int, total: int, label: str = "") -> bool:
        if self.enabled and total > 0:
            filled = round(self.width * done / total)
            bar = "#" * filled + "-" * (self.width - filled)
            line = f"\r{self.title} [{bar}] {done}/{total} {label[:40]:<40}"
            self.stream.write(line)
            self.stream.flush()
            self._drawn = True
        return True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r" + " " * (self.width + 100) + "\r")
            self.stream.flush()


@contextmanager
def progress_bar(title: str) -> Iterator[ProgressBar]:
    bar = ProgressBar(title)
    try:
        yield bar
    finally:
        bar.close()


class Terminated(KeyboardInterrupt):
    """A stop signal (SIGTERM, SIGHUP) raised where the command is, as Ctrl+C raises
    KeyboardInterrupt: transactions roll back and a project the command created is removed,
    rather than the process dying with an empty project file left behind."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_terminated(signum: int, _frame: object) -> None:
    raise Terminated(signum)


@contextmanager
def stop_signals_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated`; restored afterwards.

    A signal the process was told to ignore stays ignored (``nohup qcode import ...``).
    Only the main thread can set handlers: elsewhere the block changes nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    for signum, handler in previous.items():
        if handler == signal.SIG_DFL:
            signal.signal(signum, _raise_terminated)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            if handler == signal.SIG_DFL:
                signal.signal(signum, handler)


def _interrupted(exc: KeyboardInterrupt) -> int:
    """One line, and the status a shell gives a program the signal stopped (128 + signal)."""
    with suppress(OSError):  # after SIGHUP the terminal may be gone
        print("qcode: interrupted", file=sys.stderr)
    return 128 + exc.signum if isinstance(exc, Terminated) else EXIT_INTERRUPTED


def run_guarded(func: Any, *args: Any) -> int:
    """Run a command; map every expected failure to one line on stderr and an exit status."""
    try:
        status = func(*args)
        return int(status or 0)
    except CliError as exc:
        print(f"qcode: {exc}", file=sys.stderr)
        return exc.status
    except QcodeError as exc:
        print(f"qcode: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt as exc:  # Ctrl+C, or a stop signal (see stop_signals_interrupt)
        return _interrupted(exc)
    except Exception as exc:  # noqa: BLE001 - a bug must still not show users a traceback
        if os.environ.get("QCODE_DEBUG"):
            raise
        print(f"qcode: internal error ({describe_unexpected(exc)}); set QCODE_DEBUG=1 for "
              "details and please report it", file=sys.stderr)
        return EXIT_INPUT
