"""Import speed: many .docx transcripts, and the scale of large legal inputs.

    python bench/import_bench.py                 # every section, small sizes (a minute or two)
    python bench/import_bench.py --full          # the sizes of the goals (several minutes)
    python bench/import_bench.py --only docx --docx-mb 190 --rounds 3
    python bench/import_bench.py --only txt --txt-mb 50
    python bench/import_bench.py --only codings --codings 200000
    python bench/import_bench.py --only codes --codes 50000
    python bench/import_bench.py --only transcripts --count 200

Sections (``--only`` picks some, comma-separated; ``--full`` sets the goals' sizes: 190 MB of
docx XML, 50 MB text files, 200,000 codings, 50,000 codes). Each prints the figure, a floor
measured in the same run, the ratio and the goal:

* transcripts: described below;
* docx, txt, codings, codes: see bench/import_bench_scale.py (goals: docx <= 1.3 x streaming
  its XML text with lxml iterparse and peak memory <= 5 x its text; a text file's reader, and
  its whole import into a document, <= 3 x reading and decoding it; codings <= 2 x one
  executemany of the same rows; 50,000 codes in <= 10 s).

Transcripts: reads the demo transcripts (resources/demo/transcripts/*.docx, skipped if absent)
and a set of synthetic long interviews generated into a temporary folder (thousands of words
each, speaker labels, tables, some Arabic). For each set it times, in the same run and on the
same files:

* floor: ``"\\n".join(p.text for p in docx.Document(f).paragraphs)``, the least any .docx
  importer built on python-docx does (and it misses tables, content controls, tracked changes);
* ours: :func:`qcode.importers.read_document`, the whole import path (safe zip and XML checks,
  text extraction, normalisation, speaker turns, hash);
* add: adding all documents read to a fresh project with ``add_documents`` (when it exists).

The best of ``--rounds`` rounds is kept for each, and the ratio ours / floor is checked against
the goal of 1.3. The process exits 1 when any section misses its goal.
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

SECTIONS = ("transcripts", "docx", "txt", "codings", "codes")
SMALL = {"count": 40, "docx_mb": 20.0, "txt_mb": 5.0, "codings": 20_000, "codes": 5_000}
FULL = {"count": 200, "docx_mb": 190.0, "txt_mb": 50.0, "codings": 200_000, "codes": 50_000}

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


def bench_transcripts(folder: Path, count: int, rounds: int) -> bool:
    ratios = []
    demo = sorted(DEMO.glob("*.docx")) if DEMO.is_dir() else []
    if demo:
        ratios.append(bench_set("demo transcripts", demo, rounds, folder))
    else:
        print(f"demo transcripts: none in {DEMO.relative_to(ROOT)}; skipped")
    start = time.perf_counter()
    synthetic = make_synthetic(folder, count)
    took = time.perf_counter() - start
    print(f"(generated {len(synthetic)} synthetic files in {took:.1f} s)")
    ratios.append(bench_set("synthetic interviews", synthetic, rounds, folder))
    return max(ratios) <= GOAL


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"sections, comma-separated: {', '.join(SECTIONS)}")
    parser.add_argument("--full", action="store_true", help="the sizes of the goals")
    parser.add_argument("--rounds", type=int, default=3, help="best of N rounds (default 3)")
    parser.add_argument("--count", type=int, help="synthetic transcripts (default 40; full 200)")
    parser.add_argument("--docx-mb", type=float, help="MB of docx XML (default 20; full 190)")
    parser.add_argument("--txt-mb", type=float, help="MB per text file (default 5; full 50)")
    parser.add_argument("--codings", type=int, help="codings rows (default 20,000; full 200,000)")
    parser.add_argument("--codes", type=int, help="codebook codes (default 5,000; full 50,000)")
    parser.add_argument("--peak-of", help=argparse.SUPPRESS)  # the memory probe's subprocess
    args = parser.parse_args(argv)
    sizes = FULL if args.full else SMALL
    for name, value in sizes.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    import import_bench_scale as scale

    if args.peak_of:
        scale.measure_peak(args.peak_of)
        return 0
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        print(f"unknown section {unknown[0]!r}; choose from {', '.join(SECTIONS)}")
        return 2
    runs = {
        "transcripts": lambda f: bench_transcripts(f, args.count, args.rounds),
        "docx": lambda f: scale.bench_docx(f, args.docx_mb, args.rounds),
        "txt": lambda f: scale.bench_txt(f, args.txt_mb, args.rounds),
        "codings": lambda f: scale.bench_codings(f, args.codings, args.rounds),
        "codes": lambda f: scale.bench_codes(f, args.codes, args.rounds),
    }
    missed = []
    with tempfile.TemporaryDirectory(prefix="qcode-bench-") as tmp:
        for name in chosen:
            folder = Path(tmp) / name
            folder.mkdir()
            if not runs[name](folder):
                missed.append(name)
            print()
    print("all goals met" if not missed else f"goals MISSED in: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
