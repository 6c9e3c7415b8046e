"""CLI: ``qcode merge TARGET SOURCE [SOURCE...] [--coder-alias OLD=NEW]... [--json]``.

The sources are read only; the target takes the merge in one transaction, so a source that
cannot be read (or a wrong alias) leaves it as it was. See :mod:`qcode.team.merge`.
"""

from __future__ import annotations

import argparse

from qcode.cli.common import EXIT_USAGE, fail, opened, print_json, progress_bar


def coder_aliases(pairs: list[str]) -> dict[str, str]:
    """``OLD=NEW`` pairs as a mapping; a pair without both names is a usage error."""
    aliases: dict[str, str] = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            fail(f"--coder-alias wants OLD=NEW, not {pair!r}", EXIT_USAGE)
        aliases[old.strip()] = new.strip()
    return aliases


def cmd_merge(args: argparse.Namespace) -> int:
    from qcode.team.merge import merge_projects

    aliases = coder_aliases(args.coder_alias)
    for source in args.sources:
        if not source.is_file():
            fail(f"{source.name}: no such file" if not source.exists() else
                 f"{source.name}: not a file")
    with opened(args.project) as project, progress_bar("merging") as bar, \
            project.transaction(progress=bar) as session:
        report = merge_projects(session, sources=args.sources, coder_aliases=aliases,
                                progress=bar)
    if args.json:
        print_json(report.as_dict())
    else:
        print("\n".join(report.lines()))
    return 0
