"""Word frequencies at scale: the 1M-coding study (2,000 documents, 38 million characters).

    python bench/words_bench.py [--study FILE] [--repeats N]

STUDY is the 1M-coding study (``bench/matrix_bench.py --keep FILE --build-only``; default
/work/study/new1m.qcode). It is copied to a temporary folder first, never opened itself.

Each line prints the figure (``word_frequencies``: the whole call, texts read from the project,
words counted, folded, ranked, every row built), the floor measured in the same run and their
ratio. The floor is reading the same texts with one SQL query and counting each document's
words with a plain ``re.findall`` and ``collections.Counter`` (no folding, no ranking, no
rows). Figure and floor alternate, and each is the best of N repeats (machines are shared: run
the script three times). Goal: the whole by-document count in seconds (about 2x the floor).
No groups, stop-words, attribute values and codes (1,000,000 codings) are printed for
comparison.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from study_runs import best_of, main_on_copy  # noqa: E402

from qcode.models import Document  # noqa: E402
from qcode.project import Project  # noqa: E402
from qcode.search.words import WordOptions, word_frequencies  # noqa: E402

PLAIN_WORD = re.compile(r"[^\W\d_]+")


def floor(session: Session) -> float:
    """Read every text, then re.findall + Counter per document."""
    started = time.perf_counter()
    texts = session.execute(select(Document.text).order_by(Document.position, Document.id))
    for (text,) in texts:
        Counter(PLAIN_WORD.findall(text))
    return time.perf_counter() - started


def run(path: Path, repeats: int) -> None:
    cases = [("by document", WordOptions(by="document")),
             ("no groups", WordOptions()),
             ("no groups, stop-words en,ar", WordOptions(stopwords=("en", "ar"))),
             ("by attribute:role", WordOptions(by="attribute", attribute="role")),
             ("by code (1M codings)", WordOptions(by="code"))]
    with Project.open(path, readonly=True) as project, project.reading() as s:
        started = time.perf_counter()
        chars = sum(len(t) for t in s.execute(select(Document.text)).scalars())
        reading = time.perf_counter() - started
        print(f"{chars:,} characters; reading the texts alone {reading:.2f} s")
        for label, options in cases:
            figure, floor_time, table = best_of(
                repeats, lambda o=options: word_frequencies(s, o), lambda: floor(s))
            goal = "  (goal: seconds, ~2x)" if label == "by document" else ""
            print(f"{label:<28} {figure:6.2f} s  floor {floor_time:5.2f} s  "
                  f"{figure / floor_time:4.2f}x  {table.distinct:,} words, "  # type: ignore[attr-defined]
                  f"{len(table.groups):,} groups{goal}")  # type: ignore[attr-defined]


def main() -> None:
    main_on_copy(__doc__.splitlines()[0], "words-bench-", run)


if __name__ == "__main__":
    main()
