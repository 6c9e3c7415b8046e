"""Word frequencies as CSV or XLSX, with the manifest beside the file.

Columns: ``word``, ``count``, then one column per group when grouped (code paths, document
names or attribute values, as :class:`qcode.search.words.WordTable` has them). CSV goes through
the one formula guard (:mod:`qcode.export.csv_file`): a document named ``=cmd`` stays text.
"""

from __future__ import annotations

from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Any

from qcode.export.csv_file import csv_extra, write_csv_rows
from qcode.export.manifest import Source, head_facts, write_manifest
from qcode.export.xlsx import Sheet, write_workbook
from qcode.search.words import WordTable

GROUP_RULES = {
    "none": "count: the word's occurrences in the documents in scope.",
    "document": "one column per document in scope (document order: position, then id): the "
                "word's occurrences in it; count: their sum.",
    "attribute": "one column per value of the attribute among the documents in scope (numbers "
                 "by value, other values in code point order), then (missing) for documents "
                 "without a value: the word's occurrences in those documents; count: their sum.",
    "code": "one column per code (codebook order; a code's own codings, not those of the codes "
            "below it; codings on their document's current text, by the chosen coders): in "
            "each document, the words having at least one character in the union of the "
            "code's passages, so a word that overlapping codings of one code cover counts "
            "once; count: the words having a character in the union of every code's "
            "passages.",
}


def words_rules(table: WordTable) -> list[str]:
    """The counting rules, in words, for the manifest and the About sheet."""
    o = table.options
    compared = ("lower-cased, as the search compares words by default: Arabic vowel marks, "
                "shadda, sukun, superscript alef and tatweel ignored, alef forms (أ إ آ ٱ) as "
                "ا, ى as ي, Latin accents folded (é as e)" if o.normalise
                else "lower-cased only (exact spelling)")
    rules = [
        "a word is a maximal run of letters and combining marks holding a letter: "
        "\"ministry's\" is \"ministry\" and \"s\"; digits and other numerals are not letters",
        f"words are compared {compared}; a word is shown as it is most often written "
        "(lower-cased; of two spellings as frequent, the one written as compared, then the "
        "shorter, then the first in code point order)",
        GROUP_RULES[o.by],
        "rows: words by count, most first, then by word in code point order",
    ]
    if o.stopwords:
        rules.append(f"left out: the words of the stop-word lists {', '.join(o.stopwords)} "
                     "(compared the same way)")
    if o.min_length > 1:
        rules.append(f"left out: words of fewer than {o.min_length} letters (marks not counted)")
    if o.top is not None:
        rules.append(f"only the {o.top} most frequent words are listed")
    return rules


def words_facts(table: WordTable, source: Source) -> dict[str, Any]:
    o = table.options
    return {**head_facts(source, "word frequencies"), "by": o.by_spec,
            "coders": list(o.filters.coders) or "all", "where": list(o.filters.specs),
            "normalise": o.normalise, "stopwords": list(o.stopwords),
            "stopword_files": list(table.stopword_files), "min_length": o.min_length,
            "top": o.top, "documents": table.documents, "occurrences": table.occurrences,
            "distinct_words": table.distinct, "rows": len(table.rows),
            "groups": len(table.groups), "counting_rules": words_rules(table)}


def write_words_csv(table: WordTable, path: str | Path, *, source: Source, bom: bool = False,
                    now: datetime | None = None) -> Path:
    """Write the table and its manifest; returns the manifest's path."""
    write_csv_rows(path, chain([table.header()], table.records()), bom=bom)
    return write_manifest(path, words_facts(table, source), file_format="csv", now=now,
                          **csv_extra(bom))


def write_words_xlsx(table: WordTable, path: str | Path, *, source: Source,
                     now: datetime | None = None) -> Path:
    """Write the table (sheet "Words") and its manifest; returns the manifest's path."""
    facts = words_facts(table, source)
    header = list(table.header())
    widths = {1: float(min(40, max((len(r.word) for r in table.rows), default=8) + 2)),
              2: 10.0, **{i: 12.0 for i in range(3, len(header) + 1)}}
    rows: list[list[Any]] = [list(r) for r in table.records()]
    write_workbook(path, [Sheet("Words", (header, rows), freeze="C2", widths=widths)], facts)
    return write_manifest(path, facts, file_format="xlsx", now=now)
