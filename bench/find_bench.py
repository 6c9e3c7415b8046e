"""Typo-tolerant find over 10,000,000 characters, against exact find in the same run.

    python bench/find_bench.py [--study FILE] [--chars 10000000] [--runs 3]

The text: the document texts of the study of bench/matrix_bench.py concatenated (``--study``
names a file built by ``matrix_bench.py --keep FILE --build-only``, read through a read-only
SQLite URI), else generated the same way (800 random words, a line break every 60 words).
Each measurement runs in a fresh subprocess, which reports its time, then searches again under
tracemalloc for the peak of memory the search itself allocated. Floor:
:func:`qcode.search.exact_hits` (case-insensitive substring). Figure:
:func:`qcode.search.fuzzy_hits`, the engine of the find bar and of the corpus search.
Goal: the figure under 1 s, memory bounded (a few chunk-sized integers).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_SECONDS = 1.0
#: queries besides those made from the text (a frequent word and a pair of words, each with
#: one letter changed): a word that is nowhere
NOWHERE = "qwxzvkj"


def make_text(study: Path | None, chars: int) -> str:
    if study is not None:
        con = sqlite3.connect(f"file:{study}?mode=ro&immutable=1", uri=True)
        parts, total = [], 0
        for (text,) in con.execute("SELECT text FROM documents ORDER BY id"):
            parts.append(text)
            total += len(text) + 2
            if total >= chars:
                break
        con.close()
        return "\n\n".join(parts)[:chars]
    rnd = random.Random(7)
    vocabulary = ["".join(rnd.choices("abcdefghijklmnopqrstuvwxyz", k=rnd.randint(2, 9)))
                  for _ in range(800)] + ["capacity", "Capacity"]
    words = []
    total = 0
    while total < chars:
        word = rnd.choice(vocabulary)
        words.append(word)
        total += len(word) + 1
    return " ".join(w + ("\n" if i % 60 == 59 else "") for i, w in enumerate(words))[:chars]


def queries(text: str) -> list[str]:
    """A frequent word of 7+ letters and the two words after it, each with a letter changed."""
    import re
    from collections import Counter

    words = re.findall(r"[a-z]{7,}", text[:2_000_000])
    word = Counter(words).most_common(1)[0][0]
    pair = re.search(rf"\b{word} (\w+)", text).group(0)
    typo = word[:3] + word[4:]  # one letter left out
    return [typo, pair[:-2] + pair[-1], NOWHERE]


def child(source: str, chars: int, kind: str, query: str) -> None:
    """One measurement, in its own process: prints JSON with seconds, MB and hit count."""
    from qcode.search import exact_hits, fuzzy_hits

    text = make_text(Path(source) if source else None, chars)
    find = fuzzy_hits if kind == "fuzzy" else exact_hits
    import tracemalloc

    find(text[:1000], query)  # tables and regexes built
    started = time.perf_counter()
    hits = find(text, query)
    took = time.perf_counter() - started
    tracemalloc.start()
    find(text, query)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"seconds": took, "mb": peak / 1e6, "hits": len(hits),
                      "chars": len(text)}))


def measure(source: str, chars: int, kind: str, query: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, query, "--source", source,
                          "--chars", str(chars)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path)
    parser.add_argument("--chars", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "QUERY"), help=argparse.SUPPRESS)
    parser.add_argument("--source", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.source, args.chars, *args.child)
        return
    source = str(args.study or "")
    print(f"{args.chars:,} characters ({'the study' if source else 'generated'}); "
          f"goal: typo-tolerant under {GOAL_SECONDS} s\n")
    print(f"{'query':<20}{'run':>4}{'exact':>9}{'typo-tolerant':>15}{'ratio':>8}"
          f"{'peak MB':>9}{'hits':>8}")
    for query in queries(make_text(args.study, args.chars)):
        for run in range(1, args.runs + 1):
            floor = measure(source, args.chars, "exact", query)
            figure = measure(source, args.chars, "fuzzy", query)
            print(f"{query:<20}{run:>4}{floor['seconds']:>8.3f}s{figure['seconds']:>14.3f}s"
                  f"{figure['seconds'] / floor['seconds']:>7.1f}x{figure['mb']:>9.1f}"
                  f"{figure['hits']:>8}")


if __name__ == "__main__":
    main()
