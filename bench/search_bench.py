"""Corpus search over 10,000,000 characters in 2,000 documents: the whole ``search()`` call
for exact, regular-expression and typo-tolerant queries, against a plain Python ``re`` scan.

    python bench/search_bench.py [--keep FILE] [--chars 10000000] [--runs 3]

The project (built once, not timed; ``--keep FILE`` keeps it for the next run): 2,000
documents of mixed English and Arabic, Arabic words written with and without vowel marks,
with alef forms and tatweel, a line break every 60 words, speaker turns of two speakers.
Figure: :func:`qcode.search.search` in a read session, from the query to the hits built (with
their speakers and context). Floor, in the same run: ``re.finditer`` of the query (escaped,
IGNORECASE; the user's pattern for a regular expression) over the same texts already in
memory (for typo-tolerant queries: of the query as typed, which finds only the exact
spellings). Reading the texts from SQLite (``SELECT text``) is timed and printed apart. Wall
and CPU time are both printed: the machine may be shared. Goal: each figure at most 1 s.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select  # noqa: E402

from qcode.models import Document, SpeakerTurn  # noqa: E402
from qcode.project import Project  # noqa: E402
from qcode.search import SearchQuery, search  # noqa: E402

GOAL_SECONDS = 1.0
DOCUMENTS = 2000
ENGLISH = ("capacity", "ministry", "government", "budget", "training", "trust", "digital",
           "services", "citizens", "registration", "infrastructure", "the", "and", "of", "to")
ARABIC = ("الحكومة", "الحُكُومَةُ", "الحكــومة", "الإلكترونية", "الالكترونية", "أعلن", "إعلان",
          "على", "مستوى", "الوزارة", "الوِزَارَة", "ٱلدولة", "التدريب", "الثِّقَة", "المواطنين")
#: (label, mode, query)
QUERIES = (("exact", "exact", "capacity"), ("exact", "exact", "الحكومة"),
           ("regex", "regex", r"\bregistrat\w*"), ("fuzzy", "fuzzy", "capcity"),
           ("fuzzy", "fuzzy", "الحكومه"), ("fuzzy", "fuzzy", "bugdet"))


def _vocabulary(rnd: random.Random) -> list[str]:
    letters, marks = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "\u064e\u064f\u0650\u0651\u0652"
    made = ["".join(rnd.choices("abcdefghijklmnopqrstuvwxyz", k=rnd.randint(2, 9)))
            for _ in range(500)]
    for _ in range(300):
        word = "".join(rnd.choices(letters, k=rnd.randint(2, 7)))
        made.append("".join(c + (rnd.choice(marks) if rnd.random() < 0.3 else "")
                            for c in word))
    return made + list(ENGLISH) * 3 + list(ARABIC)


def build(path: Path, chars: int) -> None:
    """The bench project: documents of about ``chars / 2000`` characters each, two speakers."""
    rnd = random.Random(14)
    words = _vocabulary(rnd)
    each = chars // DOCUMENTS
    project = Project.create(path)
    with project.transaction() as s:
        docs, turns = [], []
        for i in range(DOCUMENTS):
            parts, size, lines = [], 0, []
            while size < each:
                label = "Interviewer: " if len(lines) % 4 == 0 else "Expert: "
                line = label + " ".join(rnd.choice(words) for _ in range(60))
                lines.append(line)
                size += len(line) + 1
            text = "\n".join(lines)[:each]
            at = 0
            for line in lines:
                end = min(at + len(line), len(text))
                if at < end:
                    speaker = "Interviewer" if line.startswith("Interviewer") else "Expert"
                    turns.append(dict(document_id=i + 1, speaker=speaker, start=at, end=end))
                at += len(line) + 1
            parts.append(text)
            docs.append(dict(id=i + 1, name=f"D{i:04d}", text=text, position=i,
                             sha256=hashlib.sha256(text.encode()).hexdigest()))
        s.execute(insert(Document), docs)
        s.execute(insert(SpeakerTurn), turns)
    project.close()


def timed(work: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, result) of ``work()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def floor(texts: list[str], mode: str, query: str) -> list[tuple[int, tuple[int, int]]]:
    pattern = re.compile(query if mode == "regex" else re.escape(query), re.IGNORECASE)
    return [(i, m.span()) for i, text in enumerate(texts) for m in pattern.finditer(text)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="the bench project (built if missing)")
    parser.add_argument("--chars", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-")) / "bench.qcode"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.chars)
        print(f"built {path} in {time.perf_counter() - started:.1f} s")
    project = Project.open(path, readonly=True)
    with project.reading() as s:
        started = time.perf_counter()
        texts = list(s.scalars(select(Document.text).order_by(Document.position, Document.id)))
        read = time.perf_counter() - started
    print(f"{sum(map(len, texts)):,} characters in {len(texts):,} documents; reading the texts "
          f"from SQLite: {read:.3f} s; goal: each search under {GOAL_SECONDS} s\n")
    print(f"{'mode':<7}{'query':<16}{'run':>4}{'search':>9}{'floor':>8}{'ratio':>7}"
          f"{'CPU':>8}{'floor':>8}{'ratio':>7}{'hits':>7}{'floor hits':>11}")
    for label, mode, query in QUERIES:
        for run in range(1, args.runs + 1):
            asked = SearchQuery(query, mode=mode)
            with project.reading() as s:
                wall, cpu, result = timed(lambda s=s, asked=asked: search(s, asked))
            low_wall, low_cpu, low = timed(lambda m=mode, q=query: floor(texts, m, q))
            print(f"{label:<7}{query:<16}{run:>4}{wall:>8.3f}s{low_wall:>7.3f}s"
                  f"{wall / low_wall:>6.1f}x{cpu:>7.3f}s{low_cpu:>7.3f}s{cpu / low_cpu:>6.1f}x"
                  f"{result.total:>7}{len(low):>11}")
    project.close()


if __name__ == "__main__":
    main()
