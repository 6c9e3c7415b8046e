"""``qcode --help``, ``--version`` and ``qcode COMMAND --help`` answer at once: they load no
database, importer, exporter or Qt library (the time itself is bench/startup_bench.py's)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from qcode.analysis import MEASURES
from qcode.cli.parser import MATRIX_MEASURES, build_parser, entry_point

ROOT = Path(__file__).resolve().parents[1]

#: what a command loads when it runs, and its help must not
HEAVY = ("sqlalchemy", "alembic", "PySide6", "shiboken6", "openpyxl", "lxml", "docx", "rapidfuzz",
         "pypdf", "odf", "charset_normalizer", "qcode.models", "qcode.project", "qcode.analysis")

HELP_IN_A_FRESH_PROCESS = """
import argparse, contextlib, io, sys
from qcode.cli.main import build_parser, main

def commands(parser, path=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield path + (name,)
                yield from commands(sub, path + (name,))

asked = [["--help"], ["--version"]] + [[*p, "--help"] for p in commands(build_parser())]
for argv in asked:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main(argv)
loaded = {m for m in sys.modules for h in sys.argv[1:] if m == h or m.startswith(h + ".")}
print(len(asked), sorted(loaded))
"""


def _leaf_commands(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subcommands:
        yield parser
    for action in subcommands:
        for sub in action.choices.values():
            yield from _leaf_commands(sub)


def test_help_and_version_load_no_heavy_library():
    out = subprocess.run([sys.executable, "-c", HELP_IN_A_FRESH_PROCESS, *HEAVY],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    asked, loaded = out.stdout.split(" ", 1)
    assert int(asked) > 20  # every command's --help was asked
    assert loaded.strip() == "[]"


def test_every_command_names_code_that_exists():
    commands = list(_leaf_commands(build_parser()))
    assert len(commands) > 15
    for command in commands:
        assert callable(entry_point(command.get_default("run"))), command.prog


def test_the_matrix_measures_offered_are_the_analysis_measures():
    assert MATRIX_MEASURES == MEASURES
