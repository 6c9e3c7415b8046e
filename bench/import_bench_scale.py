"""The four "scale of legal inputs" sections of bench/import_bench.py.

Each prints the figure, a floor measured in the same run on the same input, the ratio and the
goal, and returns the ratio's verdict (True when the goal is met):

* docx: :func:`read_document` on a large .docx against streaming the text of its
  ``word/document.xml`` with lxml ``iterparse``; and the peak memory of the import (resident
  set, measured in a fresh subprocess) against the size of the text it gives;
* txt: the text reader (reading, finding the encoding, decoding), and the whole import of the
  file into a document (what the user waits for: reader, normalisation, speaker turns,
  direction, hash), each against reading and decoding with the encoding known;
* codings: ``qcode coding import``'s path (read the CSV, import, commit with the derived
  tables) against inserting the same rows with one ``executemany``;
* codes: a codebook CSV of many codes, read and imported in one transaction (goal in seconds).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

import import_bench_make as make
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
W_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
DOCX_GOAL, MEMORY_GOAL, TXT_GOAL, CODINGS_GOAL, CODES_GOAL_S = 1.3, 5.0, 3.0, 2.0, 10.0


def best_of(rounds: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def verdict(figure: float, goal: float) -> str:
    return "OK" if figure <= goal else "OVER GOAL"


def show(label: str, ours: float, floor: float, goal: float, floor_label: str) -> bool:
    ratio = ours / floor
    print(f"  floor ({floor_label}): {floor:8.3f} s")
    print(f"  ours  ({label}): {ours:8.3f} s")
    print(f"  ratio {ratio:6.2f}  (goal <= {goal}) {verdict(ratio, goal)}")
    return ratio <= goal


def stream_docx_text(path: Path) -> str:
    """The floor: the text of every w:t, a newline per w:p, streamed with iterparse."""
    out: list[str] = []
    with zipfile.ZipFile(path) as archive, archive.open("word/document.xml") as member:
        for _, el in etree.iterparse(member, events=("end",), tag=(W_T, W_P)):
            if el.tag == W_T:
                if el.text:
                    out.append(el.text)
                continue
            out.append("\n")
            el.clear(keep_tail=True)
            while el.getprevious() is not None:
                del el.getparent()[0]
    return "".join(out)


def peak_memory(path: Path) -> dict[str, float]:
    """Peak resident memory (MB) of read_document(path) in a fresh process, above what the
    process held after loading its modules; and the UTF-8 size (MB) of the text it gave."""
    script = ROOT / "bench" / "import_bench.py"
    result = subprocess.run([sys.executable, str(script), "--peak-of", str(path)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (Linux), in MB.

    VmHWM is the peak resident set of this process image; unlike getrusage's ru_maxrss it is
    not inherited from the parent that started the process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def measure_peak(path: str) -> None:
    """Run in the subprocess: print {"peak_mb", "text_mb"} as JSON."""
    from qcode.importers import read_document
    from qcode.importers.base import _readers

    _readers()  # load every reader module before the baseline
    before = _status_mb("VmRSS")
    document = read_document(path)
    peak = _status_mb("VmHWM") - before
    print(json.dumps({"peak_mb": peak, "text_mb": len(document.text.encode()) / 2**20}))


def bench_docx(folder: Path, xml_mb: float, rounds: int) -> bool:
    from qcode.importers import read_document

    path = make.make_docx(folder / "big.docx", xml_mb)
    print(f"docx: {path.stat().st_size / 1e6:.1f} MB file, about {xml_mb:.0f} MB of XML")
    floor = best_of(rounds, lambda: stream_docx_text(path))
    ours = best_of(rounds, lambda: read_document(path))
    met = show("read_document", ours, floor, DOCX_GOAL, "lxml iterparse of w:t")
    peak = peak_memory(path)
    times = peak["peak_mb"] / peak["text_mb"]
    print(f"  peak memory {peak['peak_mb']:.0f} MB for {peak['text_mb']:.1f} MB of text: "
          f"{times:.2f} x  (goal <= {MEMORY_GOAL}) {verdict(times, MEMORY_GOAL)}")
    return met and times <= MEMORY_GOAL


def bench_txt(folder: Path, megabytes: float, rounds: int) -> bool:
    from qcode.importers import read_document
    from qcode.importers.text_reader import read_txt

    met = True
    for kind, encoding in (("utf8", "utf-8"), ("western", "cp1252"), ("cyrillic", "cp1251"),
                           ("one-line", "utf-8")):
        path = make.make_text(folder / f"big_{kind}.txt", megabytes, kind)
        print(f"txt ({kind}, {encoding}): {path.stat().st_size / 1e6:.1f} MB")
        floor = best_of(rounds, lambda p=path, e=encoding: p.read_bytes().decode(e))
        reader = best_of(rounds, lambda p=path: read_txt(p.read_bytes(), p))
        met = show("read + text reader", reader, floor, TXT_GOAL, "read + decode") and met
        whole = best_of(rounds, lambda p=path: read_document(p))
        ratio = whole / floor
        print(f"  whole import (read_document: read, text reader, normalise, turns, direction,"
              f" hash): {whole:.3f} s")
        print(f"  ratio {ratio:6.2f}  (goal <= {TXT_GOAL}) {verdict(ratio, TXT_GOAL)}")
        print(f"    of which {txt_phases(path)}")
        met = met and ratio <= TXT_GOAL
    return met


def txt_phases(path: Path) -> str:
    """Seconds of each step of read_document on a text file, in one run (to see where the
    time goes)."""
    import hashlib

    from qcode.importers.normalise import document_direction, normalise_text
    from qcode.importers.text_reader import read_txt
    from qcode.importers.turns import find_turns

    steps: list[tuple[str, float]] = []

    def timed(name: str, action: Callable[[], object]) -> object:
        start = time.perf_counter()
        result = action()
        steps.append((name, time.perf_counter() - start))
        return result

    data = timed("read", path.read_bytes)
    raw = timed("reader", lambda: read_txt(data, path))
    text = timed("normalise", lambda: normalise_text(raw))
    turns = timed("turns", lambda: tuple(find_turns(text)))
    timed("direction", lambda: document_direction(text, turns))
    timed("hash", lambda: hashlib.sha256(data).hexdigest())
    return ", ".join(f"{name} {took:.3f}" for name, took in steps)


def _codings_project(folder: Path, documents: int, characters: int, codes: int) -> Path:
    """A project of ``documents`` texts and ``codes`` codes."""
    from qcode.importers import ImportedDocument
    from qcode.importers.codebook_csv import CodebookRow
    from qcode.importers.normalise import normalise_text
    from qcode.ops.codebook_import import import_codebook
    from qcode.ops.documents import add_documents
    from qcode.project import Project

    texts = [normalise_text(t) for t in make.document_texts(documents, characters)]
    names = [f"E{i:03d}" for i in range(len(texts))]
    imported = [ImportedDocument(name=n, text=t, original_filename=f"{n}.txt", sha256=n,
                                 direction="ltr", turns=(), format="txt")
                for n, t in zip(names, texts, strict=True)]
    paths = make.code_paths(codes)
    path = folder / "codings.qcode"
    with Project.create(path) as project, project.transaction() as s:
        add_documents(s, documents=imported)
        import_codebook(s, rows=[CodebookRow(i + 2, p) for i, p in enumerate(paths)])
    return path


def _project_facts(path: Path) -> tuple[dict[str, str], dict[str, int]]:
    """Document name -> text, code path -> id."""
    from qcode.models import Document
    from qcode.project import Project
    from qcode.queries import code_paths

    with Project.open(path, readonly=True) as project, project.reading() as s:
        texts = dict(s.query(Document.name, Document.text).all())
        return texts, {p: i for i, p in code_paths(s).items()}


def _executemany_floor(project_path: Path, copy: Path, rows: list,
                       codes: dict[str, int]) -> float:
    """One executemany of the same codings, stored as qcode stores them (the uuid's 16 bytes,
    whole seconds), and a commit."""
    shutil.copyfile(project_path, copy)
    db = sqlite3.connect(copy)
    try:
        ids = dict(db.execute("SELECT name, id FROM documents"))
        coders = {"ana": 1, "omar": 2}
        db.executemany("INSERT OR IGNORE INTO coders (id, uuid, name, created_at) "
                       "VALUES (?, ?, ?, '2024-01-01')", [(1, "c1", "ana"), (2, "c2", "omar")])
        params = [(uuid.uuid4().bytes, ids[d], codes[c], coders[who], a, b, "", 1_704_067_200)
                  for d, c, a, b, who in rows]
        start = time.perf_counter()
        db.executemany('INSERT INTO codings (uuid, document_id, code_id, coder_id, start, "end",'
                       " memo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", params)
        db.commit()
        return time.perf_counter() - start
    finally:
        db.close()
        copy.unlink()


def bench_codings(folder: Path, count: int, rounds: int) -> bool:
    from qcode.importers.codings_csv import read_codings_csv
    from qcode.ops.codebook_import import import_codings
    from qcode.project import Project

    project_path = _codings_project(folder, 60, 60_000, 600)
    texts, codes = _project_facts(project_path)
    names = sorted(texts)
    rows = make.codings_rows(names, [len(texts[n]) for n in names], make.code_paths(600), count)
    csv_path = make.write_codings_csv(folder / "codings.csv", rows)
    print(f"codings: {count:,} rows over {len(names)} documents and 600 codes")
    floor = min(_executemany_floor(project_path, folder / "floor.qcode", rows, codes)
                for _ in range(rounds))
    best = float("inf")
    for _ in range(rounds):
        copy = folder / "ours.qcode"
        shutil.copyfile(project_path, copy)
        start = time.perf_counter()
        csv_rows = read_codings_csv(csv_path)
        read = time.perf_counter()
        with Project.open(copy) as project, project.transaction() as s:
            import_codings(s, rows=csv_rows, default_coder="ana")
            imported = time.perf_counter()
        took = time.perf_counter() - start
        print(f"    read CSV {read - start:.2f} s, import op {imported - read:.2f} s, "
              f"commit with derived tables {took - (imported - start):.2f} s")
        best = min(best, took)
        copy.unlink()
    return show("read CSV + import_codings + commit", best, floor, CODINGS_GOAL,
                "one executemany + commit")


def bench_codes(folder: Path, count: int, rounds: int) -> bool:
    from qcode.importers.codebook_csv import read_codebook_csv
    from qcode.ops.codebook_import import import_codebook
    from qcode.project import Project

    csv_path = make.make_codebook_csv(folder / "codebook.csv", count)
    print(f"codes: a codebook CSV of {count:,} codes, three levels")
    best = float("inf")
    for i in range(rounds):
        start = time.perf_counter()
        with Project.create(folder / f"codes{i}.qcode") as project, project.transaction() as s:
            import_codebook(s, rows=read_codebook_csv(csv_path))
        best = min(best, time.perf_counter() - start)
    floor_db = sqlite3.connect(folder / f"codes{rounds - 1}.qcode")
    rows = floor_db.execute("SELECT id, uuid, parent_id, name, colour, description, position,"
                            " memo, created_at FROM codes").fetchall()
    floor_db.execute("DELETE FROM codes")
    start = time.perf_counter()
    floor_db.executemany("INSERT INTO codes (id, uuid, parent_id, name, colour, description,"
                         " position, memo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    floor_db.commit()
    floor = time.perf_counter() - start
    floor_db.close()
    print(f"  floor (one executemany of the same rows + commit): {floor:8.3f} s")
    print(f"  ours  (read CSV + import_codebook + commit)      : {best:8.3f} s "
          f"({best / floor:.1f} x the floor)")
    print(f"  goal <= {CODES_GOAL_S} s: {verdict(best, CODES_GOAL_S)}")
    return best <= CODES_GOAL_S
