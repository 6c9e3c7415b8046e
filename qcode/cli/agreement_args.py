"""The arguments of ``qcode agreement`` (run in :mod:`qcode.cli.agreement_cmd`).

Standard library only, like :mod:`qcode.cli.parser`, which adds the command: ``--help`` loads
nothing heavy.
"""

from __future__ import annotations

import argparse

from qcode.cli.common import out_file, project_target


def add_agreement_command(sub: argparse._SubParsersAction) -> None:
    """``qcode agreement``: coder agreement (qcode.team); its formulas are in the README."""
    p = sub.add_parser("agreement", help="how far coders (or groups of coders) agree, per code "
                                         "and document: percent, Cohen's kappa, Krippendorff's "
                                         "alpha, or segment overlap")
    p.add_argument("project", type=project_target, metavar="PROJECT")
    p.add_argument("--coders", nargs="+", metavar="NAME",
                   help="two coders (percent, kappa, alpha) or more (alpha)")
    p.add_argument("--group-a", metavar="A1,A2", help="a group of coders: a unit is the group's "
                                                      "if any member coded it")
    p.add_argument("--group-b", metavar="B1,B2", help="the group compared with --group-a")
    p.add_argument("--unit", choices=("character", "sentence", "turn", "segment"),  # = UNITS
                   default="character", help="what is compared (default: character)")
    p.add_argument("--overlap", type=float, default=90.0, metavar="PCT",
                   help="segment units: the least overlap, in percent of the two spans' "
                        "union, at which codings match (default 90)")
    p.add_argument("--coded-only", action="store_true",
                   help="count only the units some coder coded")
    p.add_argument("--code", action="append", default=[], metavar="CODE",
                   help="only this code (repeat for several; default: every code)")
    p.add_argument("--rollup", action="store_true",
                   help="a code's row includes the codings of all codes below it")
    p.add_argument("--doc", action="append", default=[], metavar="DOC",
                   help="only this document (repeat for several; default: every document)")
    p.add_argument("--json", action="store_true", help="every row as JSON")
    p.add_argument("--out", type=out_file, metavar="FILE",
                   help="write every row to FILE.csv or FILE.xlsx, and FILE.manifest.json "
                        "beside it")
    p.add_argument("--bom", action="store_true",
                   help="CSV: start with a byte order mark (for Excel)")
    p.add_argument("--disagreements", action="store_true",
                   help="two sides: also list the passages coded by one side only, per code "
                        "and document counted (with --json: 'disagreements')")
    p.set_defaults(run="agreement_cmd:cmd_agreement")
