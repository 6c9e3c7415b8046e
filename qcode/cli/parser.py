"""The ``qcode`` command line: every command's arguments, and where the code that runs it lives.

Building the parser must stay cheap, because ``qcode --help``, ``qcode --version`` and every
``qcode COMMAND --help`` do nothing else: this module imports only the standard library. A
command's code is named by an entry point, ``"MODULE:FUNCTION"`` in :mod:`qcode.cli`, and
imported (with SQLAlchemy, the importers, the exporters ...) only when that command runs.
tests/test_cli_startup.py checks both: no heavy module for help, and every entry point exists.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from qcode import __version__
from qcode.cli.agreement_args import add_agreement_command
from qcode.cli.common import EXIT_USAGE, out_file, project_target
from qcode.cli.export_args import (
    add_attributes_by_code_export,
    export_arguments,
    where_argument,
)
from qcode.cli.search_args import add_kwic_export, add_search_commands
from qcode.cli.server_args import add_server_commands

#: what a matrix cell can count: qcode.analysis.MEASURES, named here so that ``--help`` need
#: not load the analysis (a test keeps the two equal)
MATRIX_MEASURES = ("segments", "documents", "characters", "words", "coverage")

DOC_HELP = "document name (or the start of it) or id"
CODE_HELP = "code path or name, e.g. 'Trust/Credibility' or 'Credibility'"
TOP_LEVEL = "/"  # ``qcode code move CODE /``: to the top level

Subcommands = argparse._SubParsersAction


#: options whose value is free text, which may well start with "-" (``--memo -m``)
FREE_TEXT = frozenset({"--memo", "--coder", "--text", "--description", "--doc", "--code",
                       "--speaker", "--coded-by", "--in-code"})


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (``qcode: error: ...``) and exit status 2, and a
    free-text option takes a value that starts with "-"."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"qcode: error: {message} (see '{self.prog} --help')\n")

    def parse_known_args(self, args: Sequence[str] | None = None,
                         namespace: argparse.Namespace | None = None
                         ) -> tuple[argparse.Namespace, list[str]]:
        words = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(_joined_free_text(words, _option_strings(self)),
                                        namespace)


def _joined_free_text(words: list[str], options: set[str]) -> list[str]:
    """``--memo -m`` as ``--memo=-m``: argparse takes any word starting with "-" for an option
    and would say "expected one argument". A word that is one of qcode's options (``--memo
    --json``) or ``--`` is left alone, so a forgotten value is still reported."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":  # what follows is taken as it is
            return out + words[i:]
        following = words[i + 1] if i + 1 < len(words) else None
        if (word in FREE_TEXT and following is not None and following.startswith("-")
                and following != "--" and following not in options):
            out.append(f"{word}={following}")
            i += 2
        else:
            out.append(word)
            i += 1
    return out


def _option_strings(parser: argparse.ArgumentParser) -> set[str]:
    """Every option of ``parser`` and of its sub-commands, all the way down."""
    found: set[str] = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                found |= _option_strings(sub)
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="qcode", description="Qualitative coding of interview transcripts.")
    parser.add_argument("--version", action="version", version=f"qcode {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add_commands in (_project_commands, _codebook_commands, _coding_commands,
                         _export_commands, add_agreement_command, _backup_commands, _gui_command,
                         _survey_commands, add_search_commands, add_server_commands):
        add_commands(sub)
    return parser


def entry_point(entry: str) -> Callable[[argparse.Namespace], int]:
    """The function an entry point ``"MODULE:FUNCTION"`` names, its module imported now."""
    module, _, function = entry.partition(":")
    return getattr(importlib.import_module(f"qcode.cli.{module}"), function)


def _project_commands(sub: Subcommands) -> None:
    p = sub.add_parser("new", help="create an empty project")
    p.add_argument("project", type=project_target)
    p.set_defaults(run="project_cmds:cmd_new")

    p = sub.add_parser("import", help="import transcripts (files or folders) and/or "
                                      "attributes, or a REFI-QDA project (.qdpx)")
    p.add_argument("project", type=project_target)
    p.add_argument("paths", type=Path, nargs="*", metavar="PATH",
                   help="transcripts or folders; or one FILE.qdpx, which goes into a new "
                        "project (created when PROJECT does not exist) or one without documents")
    p.add_argument("--attributes", type=Path, metavar="CSV",
                   help="document attributes: first column the document name (alone, they "
                        "apply to the documents already in the project)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="project_cmds:cmd_import")

    p = sub.add_parser("docs", help="list documents")
    p.add_argument("project", type=project_target)
    where_argument(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="project_cmds:cmd_docs")

    p = sub.add_parser("text", help="print a document's stored text exactly")
    p.add_argument("project", type=project_target)
    p.add_argument("doc", metavar="DOC", help="document name or id")
    p.set_defaults(run="project_cmds:cmd_text")

    p = sub.add_parser("demo", help="build the demo project (23 expert interviews)")
    p.add_argument("path", type=Path)
    p.set_defaults(run="project_cmds:cmd_demo")

    p = sub.add_parser("merge", help="bring other copies of a project (each analyst's .qcode) "
                                     "into this one: documents, codes, codings, memos")
    p.add_argument("project", type=project_target, metavar="TARGET")
    p.add_argument("sources", type=Path, nargs="+", metavar="SOURCE",
                   help="project files to merge in (read only; never changed)")
    p.add_argument("--coder-alias", action="append", default=[], metavar="OLD=NEW",
                   help="a coder named OLD in a source is NEW here (repeat for several)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="merge_cmd:cmd_merge")

    p = sub.add_parser("reimport", help="replace a document's text with a corrected transcript, "
                                        "keeping its codings (moved where their text is)")
    p.add_argument("project", type=project_target)
    p.add_argument("doc", metavar="DOCUMENT", help=DOC_HELP)
    p.add_argument("file", type=Path, metavar="FILE", help="the corrected transcript")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="reimport_cmd:cmd_reimport")


def _codebook_commands(sub: Subcommands) -> None:
    p = sub.add_parser("codes", help="the codebook tree with segment counts")
    p.add_argument("project", type=project_target)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="codebook_cmds:cmd_codes")

    code = sub.add_parser("code", help="change the codebook").add_subparsers(
        dest="action", metavar="ACTION", required=True)
    p = code.add_parser("add", help="add a code (parents in the path are created too)")
    p.add_argument("project", type=project_target)
    p.add_argument("path", help="code path, e.g. 'Trust/Credibility'")
    p.add_argument("--colour", "--color", dest="colour", metavar="#RRGGBB")
    p.add_argument("--description", default="")
    p.set_defaults(run="codebook_cmds:cmd_code_add")
    _code_edits(code)

    book = sub.add_parser("codebook", help="codebook CSV (path, colour, description) or "
                                           "REFI-QDA codebook (.qdc)")
    book = book.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action, function, helptext in (
            ("import", "cmd_codebook_import", "read codes from a CSV or a .qdc (a .qdc's codes "
                                              "are matched by GUID, then by path)"),
            ("export", "cmd_codebook_export", "write the codebook to a CSV or a .qdc")):
        p = book.add_parser(action, help=helptext)
        p.add_argument("project", type=project_target)
        p.add_argument("file", type=Path, help="FILE.csv or FILE.qdc")
        p.add_argument("--json", action="store_true")
        p.set_defaults(run=f"codebook_cmds:{function}")


def _code_edits(code: Subcommands) -> None:
    """The edits under ``qcode code``."""
    p = code.add_parser("remove", help="remove a code; its sub-codes move up a level")
    p.add_argument("project", type=project_target)
    p.add_argument("code", help=CODE_HELP)
    p.add_argument("--force", action="store_true",
                   help="remove the code even when it has codings (they are removed with it)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="code_edit_cmds:cmd_code_remove")

    p = code.add_parser("rename", help="give a code a new name (its place stays)")
    p.add_argument("project", type=project_target)
    p.add_argument("code", help=CODE_HELP)
    p.add_argument("name", metavar="NEW_NAME", help="the new name (no '/')")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="code_edit_cmds:cmd_code_rename")

    p = code.add_parser("move", help="put a code (with its sub-codes) under another code")
    p.add_argument("project", type=project_target)
    p.add_argument("code", help=CODE_HELP)
    p.add_argument("parent", metavar="PARENT", help=f"the new parent; '{TOP_LEVEL}' for the "
                                                    "top level")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="code_edit_cmds:cmd_code_move")


def _coding_commands(sub: Subcommands) -> None:
    coding = sub.add_parser("coding", help="add, remove or import codings").add_subparsers(
        dest="action", metavar="ACTION", required=True)
    p = coding.add_parser("add", help="apply a code to a span (or a passage) of a document")
    p.add_argument("project", type=project_target)
    p.add_argument("--doc", required=True, help=DOC_HELP)
    p.add_argument("--code", required=True, help=CODE_HELP + " (it must exist)")
    _span_arguments(p)
    p.add_argument("--coder", default=None, help="who codes (default: your login name)")
    p.add_argument("--memo", default="", help="a note on the coding (text starting with '-' "
                                              "is fine: --memo -x, or --memo=-x)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="coding_cmds:cmd_coding_add")

    p = coding.add_parser("remove", help="remove codings: by id or uuid, or by --doc, --code "
                                         "and the span")
    p.add_argument("project", type=project_target)
    p.add_argument("codings", nargs="*", metavar="ID_OR_UUID")
    p.add_argument("--doc", help=DOC_HELP)
    p.add_argument("--code", help=CODE_HELP)
    _span_arguments(p)
    p.add_argument("--coder", help="only this coder's coding of the span")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="coding_cmds:cmd_coding_remove")

    p = coding.add_parser("import", help="bulk codings from CSV: document, code, start, end"
                          " [, coder, memo]; all or nothing")
    p.add_argument("project", type=project_target)
    p.add_argument("csv", type=Path)
    p.add_argument("--coder", default=None, help="coder for rows without one")
    p.set_defaults(run="coding_cmds:cmd_coding_import")

    p = sub.add_parser("codings", help="list codings with the covered text")
    p.add_argument("project", type=project_target)
    p.add_argument("--doc", help="only this document: " + DOC_HELP)
    p.add_argument("--code", help="only this code and the codes below it (as in export "
                                  "segments): " + CODE_HELP)
    p.add_argument("--own", action="store_true",
                   help="with --code: only the code's own codings, not those of the codes below")
    p.add_argument("--unplaced", action="store_true",
                   help="only codings left on an earlier text of their document (a re-import "
                        "could not place them)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="coding_cmds:cmd_codings")


def _span_arguments(p: argparse.ArgumentParser) -> None:
    """Where a coding lies (checked by qcode.cli.spans when the command runs)."""
    p.add_argument("--start", type=int, help="first character (code points, from 0)")
    p.add_argument("--end", type=int, help="character after the last (exclusive)")
    p.add_argument("--text", metavar="PASSAGE",
                   help="the exact passage, in place of --start/--end (it must occur once; "
                        "any white space in it matches any white space: tabs, line breaks)")


def _export_commands(subparsers: Subcommands) -> None:
    export = subparsers.add_parser(
        "export", help="theme matrices, co-occurrence and coded segments to CSV/XLSX/DOCX; "
                       "REFI-QDA projects and codebooks")
    sub = export.add_subparsers(dest="what", metavar="WHAT", required=True)

    p = sub.add_parser("matrix", help="codes by documents, attribute values or speakers")
    export_arguments(p, ".csv or .xlsx")
    p.add_argument("--cols", default="documents",
                   help="documents (default), attribute:NAME or speakers")
    p.add_argument("--measure", choices=MATRIX_MEASURES, default="segments")
    p.add_argument("--rollup", action="store_true",
                   help="a code's row includes the codings of all codes below it")
    p.add_argument("--percent", choices=("row", "column"),
                   help="cells as percentages of their row or column total")
    p.add_argument("--no-totals", action="store_true", help="leave out the total row/column")
    p.set_defaults(run="export_cmd:cmd_matrix")

    p = sub.add_parser("cooccurrence", help="code x code: codings that meet")
    export_arguments(p, ".csv or .xlsx")
    p.add_argument("--mode", default="overlap",
                   help="overlap (default), turn, or near:N (at most N characters apart)")
    p.add_argument("--measure", choices=("segments", "documents"), default="segments")
    p.set_defaults(run="export_cmd:cmd_cooccurrence")

    p = sub.add_parser("segments", help="coded segments: a table or a report by code")
    export_arguments(p, ".csv, .xlsx or .docx")
    p.add_argument("--code", action="append", default=[], metavar="CODE",
                   help="only this code (path or name) and the codes below it (repeat for "
                        "several)")
    p.set_defaults(run="export_cmd:cmd_segments")

    add_attributes_by_code_export(sub)
    _words_export(sub)
    add_kwic_export(sub)
    _exchange_exports(sub)


def _words_export(sub: Subcommands) -> None:
    """``qcode export words``: word frequencies (qcode.search.words)."""
    p = sub.add_parser("words", help="word frequencies, over the project or by code, document "
                                     "or attribute value")
    export_arguments(p, ".csv or .xlsx")
    p.add_argument("--by", default=None, metavar="GROUPS",
                   help="code, document or attribute:NAME: a count column per group")
    p.add_argument("--stopwords", default="", metavar="en,ar", help="leave out the words of "
                   "these editable stop-word lists (in your data folder's stopwords/)")
    p.add_argument("--min-length", type=int, default=1, metavar="N",
                   help="leave out words shorter than N letters")
    p.add_argument("--top", type=int, default=None, metavar="N", help="only the N most frequent")
    p.add_argument("--exact-spelling", action="store_true",
                   help="tell apart words that differ only in Arabic marks, alef forms or accents")
    p.set_defaults(run="words_cmd:cmd_words")


def _exchange_exports(sub: Subcommands) -> None:
    """``qcode export qdpx|qdc``: REFI-QDA files for other QDA tools (no filters, no manifest)."""
    for what, helptext, suffix in (
            ("qdpx", "the whole project as REFI-QDA (.qdpx), for NVivo, MAXQDA, ATLAS.ti ...",
             ".qdpx"),
            ("qdc", "the codebook as REFI-QDA (.qdc)", ".qdc")):
        p = sub.add_parser(what, help=helptext)
        p.add_argument("project", type=project_target, metavar="PROJECT")
        p.add_argument("--out", type=out_file, required=True, metavar="FILE",
                       help=f"output file ({suffix})")
        p.add_argument("--json", action="store_true")
        p.set_defaults(run=f"exchange_cmds:cmd_export_{what}")


def _backup_commands(sub: Subcommands) -> None:
    p = sub.add_parser("backups", help="list a project's backups, newest first")
    p.add_argument("project", type=project_target)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="backup_cmds:cmd_backups")

    p = sub.add_parser("restore", help="replace a project with one of its backups "
                                       "(the current file is kept beside it)")
    p.add_argument("project", type=project_target)
    p.add_argument("backup", type=Path, metavar="BACKUP")
    p.add_argument("--force", action="store_true",
                   help="restore a backup taken from another copy of this project")
    p.set_defaults(run="backup_cmds:cmd_restore")


def _survey_commands(sub: Subcommands) -> None:
    """``qcode survey import``: a survey spreadsheet, one document per respondent."""
    survey = sub.add_parser("survey", help="import a survey (CSV or XLSX): open answers as "
                                           "documents, closed answers as attributes")
    survey = survey.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = survey.add_parser("import", help="one document per respondent, named by --id; again "
                                         "with more rows or columns adds only what is new")
    p.add_argument("project", type=project_target)
    p.add_argument("file", type=Path, metavar="FILE", help="FILE.csv or FILE.xlsx")
    p.add_argument("--id", required=True, metavar="COLUMN",
                   help="the column naming each respondent (unique, never empty)")
    p.add_argument("--open", action="append", default=[], metavar="COLUMN",
                   help="an open question: its answers become the document's text (repeat; "
                        "default: the columns of long free text)")
    p.add_argument("--sheet", metavar="NAME", help="XLSX: this sheet (default: the first)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="survey_cmd:cmd_survey_import")


def _gui_command(subparsers: Subcommands) -> None:
    parser = subparsers.add_parser(
        "gui", help="open the desktop app",
        description="Open the qcode desktop app, optionally with a project.")
    parser.add_argument("project", nargs="?", type=project_target, metavar="PROJECT",
                        help="a .qcode project to open")
    parser.add_argument("--open", dest="open_document", metavar="DOC",
                        help="open this document (by name)")
    parser.add_argument("--select", dest="select_code", metavar="CODE",
                        help="select this code (path such as Trust/Credibility)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE.png",
                        help="render the window offscreen to a PNG and exit")
    parser.add_argument("--dark", action="store_true", default=None,
                        help="use the dark theme")
    parser.add_argument("--demo", action="store_true",
                        help="open the demo project (built in your data folder the first time)")
    parser.set_defaults(run="gui_cmd:cmd_gui")
