"""What the table exports take (the project, ``--out``, ``--coder``, ``--where``, ``--bom``), the
``--where`` of ``qcode docs``, and ``qcode export attributes-by-code``'s own arguments.

Standard library only, like :mod:`qcode.cli.parser`, which adds the commands: ``--help`` loads
nothing heavy. The exports run in :mod:`qcode.cli.export_cmd`.
"""

from __future__ import annotations

import argparse

from qcode.cli.common import out_file, project_target


def export_arguments(p: argparse.ArgumentParser, suffixes: str) -> None:
    """What every export takes: the project, the output file and the filters."""
    p.add_argument("project", type=project_target, metavar="PROJECT")
    p.add_argument("--out", type=out_file, required=True, metavar="FILE",
                   help=f"output file ({suffixes}); FILE.manifest.json is written beside it")
    p.add_argument("--coder", action="append", default=[], metavar="NAME",
                   help="count only this coder's codings (repeat for several)")
    where_argument(p)
    p.add_argument("--bom", action="store_true",
                   help="CSV: start with a byte order mark (for Excel)")


def where_argument(p: argparse.ArgumentParser) -> None:
    """``--where``, read by :func:`qcode.analysis.options.parse_where`."""
    p.add_argument("--where", action="append", default=[], metavar="ATTRIBUTE=VALUE",
                   help="only documents with this attribute value (repeat: AND across "
                        "attributes, OR within one); or compare: years>=10 (!= < <= > >=; "
                        "numbers as numbers, dates as YYYY-MM-DD), each must hold")


def add_attributes_by_code_export(sub: argparse._SubParsersAction) -> None:
    """``qcode export attributes-by-code`` (qcode.analysis.attributes_by_code)."""
    p = sub.add_parser("attributes-by-code", help="per code, the documents with and without "
                                                  "it: mean, median and values of an attribute")
    export_arguments(p, ".csv or .xlsx")
    p.add_argument("--attribute", required=True, metavar="NAME",
                   help="the attribute compared (mean and median for a number attribute)")
    p.add_argument("--rollup", action="store_true",
                   help="a code's row includes the codings of all codes below it")
    p.set_defaults(run="export_cmd:cmd_attributes_by_code")
