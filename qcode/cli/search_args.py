"""The arguments of ``qcode search``, ``qcode autocode`` and ``qcode export kwic``.

Standard library only, like :mod:`qcode.cli.parser`, which adds these commands: ``--help``
loads nothing heavy. The commands run in :mod:`qcode.cli.search_cmds`.
"""

from __future__ import annotations

import argparse

from qcode.cli.common import out_file, project_target
from qcode.cli.export_args import where_argument

#: qcode.search.units.UNITS, named here so that ``--help`` need not load the search
UNITS = ("hit", "sentence", "paragraph", "turn")
#: qcode.search.query.DEFAULT_CONTEXT
DEFAULT_CONTEXT = 40
#: qcode.search.regex_run.REGEX_TIMEOUT
REGEX_TIMEOUT = 10.0


def add_search_commands(sub: argparse._SubParsersAction) -> None:
    """``qcode search`` and ``qcode autocode`` (qcode.cli.search_cmds, qcode.cli.autocode_cmd)."""
    p = sub.add_parser("search", help="find words, a phrase or a regular expression in every "
                                      "document (or a scope): one line per hit, or --json")
    p.add_argument("project", type=project_target, metavar="PROJECT")
    _search_arguments(p, code_scope=("--code", "--in-code"), coder_filter="--coder")
    p.add_argument("--limit", type=int, metavar="N", help="list at most N hits (the total "
                                                          "still counts them all)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="search_cmds:cmd_search")

    p = sub.add_parser("autocode", help="code every hit of a search (or the sentence, "
                                        "paragraph or turn holding it) with one code")
    p.add_argument("project", type=project_target, metavar="PROJECT")
    _search_arguments(p, code_scope=("--in-code",), coder_filter="--coded-by", context=False)
    p.add_argument("--code", dest="target_code", required=True, metavar="PATH",
                   help="the code to apply (created when no code has this path or name)")
    p.add_argument("--unit", choices=UNITS,
                   default="hit", help="what is coded: the hit itself (default), or the "
                                       "sentence, paragraph or speaker turn holding it")
    p.add_argument("--coder", default=None, help="who codes (default: your login name)")
    p.add_argument("--dry-run", action="store_true",
                   help="say how many codings would be made; change nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="autocode_cmd:cmd_autocode")


def _search_arguments(p: argparse.ArgumentParser, *, code_scope: tuple[str, ...],
                      coder_filter: str, context: bool = True) -> None:
    """What a search takes: the query, how it matches, where it looks. ``autocode`` names the
    code it applies ``--code`` and who codes ``--coder``: its scope options are ``--in-code``
    and ``--coded-by``; it shows no hits, so it takes no ``--context``."""
    p.add_argument("query", metavar="QUERY", help="words, a phrase or (--regex) a regular "
                                                  "expression; put -- before one starting "
                                                  "with '-'")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--regex", action="store_true",
                     help="a Python regular expression on the stored text")
    how.add_argument("--fuzzy", action="store_true",
                     help="typo-tolerant: whole words within a small edit distance, ranked")
    p.add_argument("--whole-words", action="store_true", help="hits start and end at word "
                                                              "boundaries")
    p.add_argument("--exact-spelling", action="store_true",
                   help="do not ignore Arabic marks, tatweel, alef forms or Latin accents")
    p.add_argument("--case-sensitive", action="store_true")
    p.add_argument("--regex-timeout", type=float, default=REGEX_TIMEOUT, metavar="SECONDS",
                   help="give up a regular expression after this long (default 10)")
    p.add_argument("--speaker", metavar="NAME", help="only inside this speaker's turns")
    p.add_argument(*code_scope, dest="scope_code", metavar="PATH",
                   help="only inside passages coded with this code or a code below it")
    p.add_argument(coder_filter, dest="scope_coders", action="append", default=[],
                   metavar="NAME",
                   help=f"with {code_scope[0]}: only this coder's passages (repeat for several)")
    where_argument(p)
    if context:
        p.add_argument("--context", type=int, default=DEFAULT_CONTEXT, metavar="N",
                       help="characters of text either side of a hit (default 40)")


def add_kwic_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kwic", help="keyword in context: every hit of a search with the text "
                                    "either side and the codes on it")
    p.add_argument("project", type=project_target, metavar="PROJECT")
    _search_arguments(p, code_scope=("--code", "--in-code"), coder_filter="--coder")
    p.add_argument("--out", type=out_file, required=True, metavar="FILE",
                   help="output file (.csv or .xlsx); FILE.manifest.json is written beside it")
    p.add_argument("--bom", action="store_true",
                   help="CSV: start with a byte order mark (for Excel)")
    p.set_defaults(run="search_cmds:cmd_export_kwic")
