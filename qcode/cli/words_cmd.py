"""CLI: ``qcode export words``: word frequencies to CSV or XLSX, with a manifest.

The output format follows the suffix of ``--out``. The project is opened read-only. A file and
its manifest land together or not at all.
"""

from __future__ import annotations

import argparse

from qcode.analysis.options import Filters, parse_where
from qcode.cli.common import EXIT_USAGE, checked_writer, fail, opened, progress_bar
from qcode.errors import InputError
from qcode.export.files import written_together
from qcode.export.manifest import Source
from qcode.search.stopwords import parse_names
from qcode.search.words import WordOptions, parse_by, word_frequencies
from qcode.wording import plural


def _options(args: argparse.Namespace) -> WordOptions:
    """The options as typed; a wrong value is a usage error (exit status 2)."""
    try:
        by, attribute = parse_by(args.by)
        filters = Filters(coders=tuple(args.coder),
                          where=tuple(parse_where(w) for w in args.where))
        return WordOptions(by=by, attribute=attribute, filters=filters,
                           stopwords=parse_names(args.stopwords),
                           normalise=not args.exact_spelling, min_length=args.min_length,
                           top=args.top)
    except InputError as exc:
        fail(str(exc), EXIT_USAGE)


def cmd_words(args: argparse.Namespace) -> int:
    from qcode.export.words import write_words_csv, write_words_xlsx

    options = _options(args)
    write = checked_writer(args.out, {".csv": write_words_csv, ".xlsx": write_words_xlsx})
    extra = {"bom": args.bom} if args.out.suffix.lower() == ".csv" else {}
    with opened(args.project, readonly=True) as project:
        with project.reading() as s, progress_bar("Counting") as bar:
            table = word_frequencies(s, options, bar)
        source = Source.of(project)
    with written_together():  # the file and its manifest, or neither
        manifest = write(table, args.out, source=source, **extra)
    print(f"wrote {args.out}: {len(table.rows)} of {table.distinct} words, "
          f"{plural(table.occurrences, 'occurrence')} in {plural(table.documents, 'document')} "
          f"(rules and filters in {manifest.name})")
    return 0
