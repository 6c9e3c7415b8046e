"""REFI-QDA positions at scale: :func:`qcode.exchange.positions.place` over every document and
coding of the 1M study (widened to whole words, as people select), as the file of a tool
counting code points would give them, and again
as a Windows tool counting UTF-16 units with a BOM and CRLF line ends would.

Floor, in the same run: what any import must do per source anyway, ``normalise_text`` of the
raw text and one span tuple per selection. Goal: seconds, not minutes (≤ 3× the floor).

    python bench/positions_bench.py STUDY.qcode [--runs 3]

The study is read only (through ``mode=ro``), never written.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import sys
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qcode.exchange.positions import place  # noqa: E402
from qcode.exchange.records import Selection, Skipped, Source  # noqa: E402
from qcode.importers.normalise import normalise_text  # noqa: E402

BOM, EMOJI = "\ufeff", "\U0001f600"
Convert = Callable[[str], tuple[str, Callable[[int], int]]]


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words, as people select (the study's spans are random)."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def study(path: Path) -> Iterator[tuple[str, str, list[tuple[int, int]]]]:
    """(name, text, spans) of each document, its codings' spans in code points, widened to
    whole words."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    spans: dict[int, list[tuple[int, int]]] = {}
    for doc_id, start, end in db.execute('SELECT document_id, start, "end" FROM codings'):
        spans.setdefault(doc_id, []).append((start, end))
    for doc_id, name, text in db.execute("SELECT id, name, text FROM documents ORDER BY id"):
        yield name, text, sorted(whole_words(text, a, b) for a, b in spans.get(doc_id, []))
    db.close()


def as_standard(text: str) -> tuple[str, Callable[[int], int]]:
    return text, lambda p: p


def as_windows(text: str) -> tuple[str, Callable[[int], int]]:
    """BOM + an emoji + CRLF line ends; positions in UTF-16 units, BOM and CRLF counted."""
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    raw = BOM + EMOJI + " " + text.replace("\n", "\r\n")
    return raw, lambda p: 1 + 3 + p + bisect_left(breaks, p)


def sources(path: Path, convert: Convert) -> list[tuple[Source, str, list[tuple[int, int]]]]:
    out = []
    for name, text, spans in study(path):
        raw, position = convert(text)
        selections = tuple(Selection(f"s{k}", position(a), position(b))
                           for k, (a, b) in enumerate(spans))
        out.append((Source(name, name, raw, "bench", selections), text, spans))
    return out


@contextmanager
def collector_paused() -> Iterator[None]:
    """Time the work, not the garbage collector walking the million selections the bench
    itself holds (an import holds one source at a time)."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def floor(items: list[tuple[Source, str, list[tuple[int, int]]]]) -> float:
    began = time.perf_counter()
    kept = [(normalise_text(source.raw_text), [(s, s.start, s.end) for s in source.selections])
            for source, _, _ in items]
    elapsed = time.perf_counter() - began
    del kept
    return elapsed


def placed(items: list[tuple[Source, str, list[tuple[int, int]]]]) -> tuple[float, list]:
    began = time.perf_counter()
    results = [place(source) for source, _, _ in items]
    return time.perf_counter() - began, results


def check(items: list, results: list, shift: int) -> None:
    """Every 97th span codes the same text as the study's coding."""
    for (_, text, spans), result in zip(items, results, strict=True):
        for k in range(0, len(spans), 97):
            span = result.spans[k]
            assert not isinstance(span, Skipped), span
            a, b = spans[k]
            assert (span[1] - shift, span[2] - shift) == (a, b)
            assert result.text[span[1]:span[2]] == text[a:b]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("study", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for label, convert, shift in (("code points, LF", as_standard, 0),
                                  ("UTF-16 + BOM + CRLF", as_windows, 2)):
        items = sources(args.study, convert)
        count = sum(len(s.selections) for s, _, _ in items)
        for _ in range(args.runs):
            with collector_paused():
                floor_s = floor(items)
            with collector_paused():
                place_s, results = placed(items)
            check(items, results, shift)
            print(f"{label}: {len(items):,} sources, {count:,} selections: place {place_s:.2f} s,"
                  f" floor {floor_s:.2f} s, ratio {place_s / floor_s:.2f}x "
                  f"({results[0].assumption})", flush=True)
            del results


if __name__ == "__main__":
    main()
