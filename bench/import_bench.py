"""Import speed of .docx transcripts against the floor of bare python-docx text extraction.

    python bench/import_bench.py [--count 200] [--rounds 3]

Reads the demo transcripts (resources/demo/transcripts/*.docx, skipped if absent) and a set of
synthetic long interviews generated into a temporary folder (thousands of words each, speaker
labels, tables, some Arabic). For each set it times, in the same run and on the same files:

* floor: ``"\\n".join(p.text for p in docx.Document(f).paragraphs)``, the least any .docx
  importer built on python-docx does (and it misses tables, content controls, tracked changes);
* ours: :func:`qcode.importers.read_document`, the whole import path (safe zip and XML checks,
  text extraction, normalisation, speaker turns, hash);
* add: adding all documents read to a fresh project with ``add_documents`` (when it exists).

The best of ``--rounds`` rounds is kept for each, and the ratio ours / floor is checked against
the goal of 1.3.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qcode.importers import ImportedDocument, read_document  # noqa: E402

GOAL = 1.3
DEMO = ROOT / "resources" / "demo" / "transcripts"

_WORDS = [
    "the", "government", "portal", "service", "citizens", "ministry", "registration", "online",
    "system", "data", "access", "trust", "internet", "municipality", "process", "document",
    "identity", "card", "staff", "training", "budget", "network", "users", "form", "request",
    "week", "month", "office", "paper", "digital", "policy", "law", "security", "support",
    "project", "e-government", "Libya", "Tripoli", "we", "they", "it", "was", "is", "are",
    "not", "very", "really", "think", "because", "about", "would", "could", "have", "had",
    "been", "with", "for", "from",
]
_ARABIC = [
    "الحكومة", "الإلكترونية", "الخدمات", "المواطنين", "الوزارة", "التسجيل", "النظام",
    "البيانات", "الثقة", "الإنترنت", "البلدية", "الوثائق", "الهوية", "الموظفين", "التدريب",
    "الميزانية", "الشبكة",
]


def _sentence(rng: random.Random, arabic: bool) -> str:
    words = rng.choices(_ARABIC if arabic else _WORDS, k=rng.randint(8, 25))
    return " ".join(words).capitalize() + ("." if not arabic else ".")


def make_interview(path: Path, rng: random.Random, words: int) -> None:
    """One long synthetic transcript: speaker turns, a table or two, Arabic answers now and then."""
    document = docx.Document()
    document.add_heading(f"Interview {path.stem}", level=1)
    document.add_paragraph(f"Date: 2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}; "
                           f"Location: Tripoli; Duration: {rng.randint(30, 90)} min")
    written, turn = 0, 0
    arabic_interview = rng.random() < 0.3
    while written < words:
        turn += 1
        speaker = "Interviewer" if turn % 2 else f"Respondent {path.stem[-2:]}"
        arabic = arabic_interview and turn % 2 == 0 and rng.random() < 0.6
        text = " ".join(_sentence(rng, arabic) for _ in range(rng.randint(1, 6)))
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{speaker}: ").bold = True
        words_of_text = text.split(" ")
        while words_of_text:  # several runs per paragraph, as Word's editing leaves them
            cut = rng.randint(3, 30)
            run = paragraph.add_run(" ".join(words_of_text[:cut]) + " ")
            run.italic = rng.random() < 0.1
            words_of_text = words_of_text[cut:]
        written += text.count(" ") + 1
        if rng.random() < 0.02:
            rows = rng.randint(2, 6)
            grid = document.add_table(rows=rows, cols=3)
            for i, row in enumerate(grid.rows):
                for j, cell in enumerate(row.cells):
                    cell.text = f"{rng.choice(_WORDS)} {i}.{j}"
    document.save(str(path))


def make_synthetic(folder: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        path = folder / f"synthetic_{i:03d}.docx"
        make_interview(path, rng, words=rng.randint(3000, 8000))
        paths.append(path)
    return paths


def floor_extract(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def best_time(action: Callable[[Path], object], files: Sequence[Path], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for f in files:
            action(f)
        best = min(best, time.perf_counter() - start)
    return best


def time_add(documents: list[ImportedDocument], folder: Path) -> float | None:
    """Seconds to add ``documents`` to a fresh project, or None if the op is not there yet."""
    try:
        from qcode.ops.documents import add_documents
        from qcode.project import Project
    except ImportError:
        return None
    project = Project.create(folder / f"bench_{time.monotonic_ns()}.qcode")
    try:
        start = time.perf_counter()
        with project.transaction() as s:
            add_documents(s, documents=documents)
        return time.perf_counter() - start
    finally:
        project.close()


def bench_set(label: str, files: Sequence[Path], rounds: int, folder: Path) -> float:
    """Print the figures for one set of files; return the ratio ours / floor."""
    for f in files[:1]:  # load every module before timing
        floor_extract(f)
        read_document(f)
    floor = best_time(floor_extract, files, rounds)
    ours = best_time(read_document, files, rounds)
    documents = [read_document(f) for f in files]
    ratio = ours / floor
    chars = sum(len(d.text) for d in documents)
    verdict = "OK" if ratio <= GOAL else "OVER GOAL"
    print(f"{label}: {len(files)} files, {chars / 1e6:.1f} M characters")
    print(f"  floor (bare python-docx paragraphs): {floor:7.3f} s")
    print(f"  ours  (read_document)             : {ours:7.3f} s")
    print(f"  ratio ours / floor                : {ratio:7.2f}  (goal <= {GOAL}) {verdict}")
    added = time_add(documents, folder)
    if added is None:
        print("  add to project: skipped (qcode.ops.documents.add_documents not available)")
    else:
        print(f"  add to a fresh project (add_documents, one transaction): {added:7.3f} s")
    return ratio


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="synthetic files (default 200)")
    parser.add_argument("--rounds", type=int, default=3, help="best of N rounds (default 3)")
    args = parser.parse_args(argv)
    ratios = []
    with tempfile.TemporaryDirectory(prefix="qcode-bench-") as tmp:
        folder = Path(tmp)
        demo = sorted(DEMO.glob("*.docx")) if DEMO.is_dir() else []
        if demo:
            ratios.append(bench_set("demo transcripts", demo, args.rounds, folder))
        else:
            print(f"demo transcripts: none in {DEMO.relative_to(ROOT)}; skipped")
        start = time.perf_counter()
        synthetic = make_synthetic(folder, args.count)
        took = time.perf_counter() - start
        print(f"(generated {len(synthetic)} synthetic files in {took:.1f} s)")
        ratios.append(bench_set("synthetic interviews", synthetic, args.rounds, folder))
    worst = max(ratios)
    print(f"worst ratio {worst:.2f}: {'meets' if worst <= GOAL else 'MISSES'} the goal {GOAL}")
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
