"""Reading a 1,000,000-coding REFI-QDA archive into records, against lxml alone.

    python bench/qdpx_read_bench.py                       # builds the archive in a temp folder
    python bench/qdpx_read_bench.py --keep /tmp/me/1m.qdpx --runs 3
    python bench/qdpx_read_bench.py --codings 100000      # a smaller archive

The archive is made here as another tool would write it: 2,000 text sources (a line break
every 60 words) in ``sources/``, 300 nested codes, one user, the codings spread over the
sources, each a ``PlainTextSelection`` with one ``Coding``/``CodeRef``. In the same run, each in
a fresh process (so each one's peak memory is its own):

* floor: lxml's ``iterparse`` over the same project XML streamed from the zip, each source
  element cleared at its end: the least any streaming reader of this file does;
* ours: :func:`qcode.exchange.qde_read.read_project` consumed to the end (every record made,
  every source's text read from the archive and decoded).

Prints the best of ``--runs`` for each, the ratio ours / floor and each one's peak memory
(goal of the whole import, issue #12: <= 2x the floor, peak <= 500 MB).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NS = "urn:QDA-XML:project:1.0"
WORDS = ("trust", "ministry", "digital", "services", "citizens", "records", "identity",
         "network", "the", "of", "and", "to", "in", "a", "government", "data", "people",
         "system", "were", "would", "online", "office")
GOAL = 2.0


def _guid(kind: int, n: int) -> str:
    return f"{kind:08x}-0000-4000-8000-{n:012x}"


def build(path: Path, docs: int, codes: int, codings: int) -> None:
    """Write the archive (not timed)."""
    rng = random.Random(12)
    code_guids = [_guid(1, i) for i in range(codes)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        texts = []
        for d in range(docs):
            words = [rng.choice(WORDS) for _ in range(3_000)]
            text = "\n".join(" ".join(words[i:i + 60]) for i in range(0, len(words), 60))
            texts.append(len(text))
            archive.writestr(f"sources/{_guid(2, d)}.txt", text)
        with archive.open("project.qde", "w", force_zip64=True) as out:
            out.write(_head(code_guids).encode())
            per_doc = codings // docs
            for d in range(docs):
                out.write(_source(d, texts[d], per_doc, code_guids, rng).encode())
            out.write(b"</Sources></Project>")


def _head(code_guids: list[str]) -> str:
    user = _guid(9, 0)
    parents = code_guids[:30]
    xml = [f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="bench" '
           f'origin="bench"><Users><User guid="{user}" name="coder"/></Users>'
           "<CodeBook><Codes>"]
    children = code_guids[30:]
    for p, parent in enumerate(parents):
        xml.append(f'<Code guid="{parent}" name="theme {p}" isCodable="true" color="#1F77B4">')
        for c, child in enumerate(children[p::len(parents)]):
            xml.append(f'<Code guid="{child}" name="code {p}.{c}" isCodable="true"/>')
        xml.append("</Code>")
    xml.append("</Codes></CodeBook><Sources>")
    return "".join(xml)


def _source(d: int, length: int, count: int, code_guids: list[str], rng: random.Random) -> str:
    guid = _guid(2, d)
    user = _guid(9, 0)
    parts = [f'<TextSource guid="{guid}" name="doc {d}" plainTextPath="internal://{guid}.txt">']
    for i in range(count):
        n = d * count + i
        start = rng.randrange(0, length - 200)
        parts.append(
            f'<PlainTextSelection guid="{_guid(3, n)}" startPosition="{start}" '
            f'endPosition="{start + rng.randrange(20, 200)}" creatingUser="{user}" '
            f'creationDateTime="2024-05-01T10:00:00Z"><Coding guid="{_guid(4, n)}" '
            f'creatingUser="{user}"><CodeRef targetGUID="{rng.choice(code_guids)}"/>'
            "</Coding></PlainTextSelection>")
    parts.append("</TextSource>")
    return "".join(parts)


def floor(path: Path) -> int:
    from lxml import etree

    count = 0
    with zipfile.ZipFile(path) as archive, archive.open("project.qde") as member:
        for _, el in etree.iterparse(member, events=("end",), tag=f"{{{NS}}}TextSource"):
            count += len(el)
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
    return count


def ours(path: Path) -> int:
    from qcode.exchange.archive import open_qdpx
    from qcode.exchange.qde_read import read_project
    from qcode.exchange.records import Source

    count = 0
    with open_qdpx(path) as archive:
        for record in read_project(archive):
            if isinstance(record, Source):
                count += len(record.selections)
    return count


def child(which: str, path: Path) -> None:
    import lxml.etree  # noqa: F401  (imports are not timed)

    import qcode.exchange.qde_read  # noqa: F401
    started = time.perf_counter()
    count = (floor if which == "floor" else ours)(path)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "count": count}))


def measure(which: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", which, str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the archive here once, and reuse it")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=2, metavar=("WHICH", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    folder = None if args.keep else tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "bench.qdpx"
    if not path.exists():
        started = time.perf_counter()
        build(path, 2_000, 300, args.codings)
        print(f"built {path.name} ({path.stat().st_size / 2**20:.0f} MB) in "
              f"{time.perf_counter() - started:.0f} s (not timed)")
    results = {"floor": [], "ours": []}
    for _ in range(args.runs):
        for which in results:  # alternated, so both see the same load
            results[which].append(measure(which, path))
    best = {which: min(runs, key=lambda r: r["seconds"]) for which, runs in results.items()}
    ratio = best["ours"]["seconds"] / best["floor"]["seconds"]
    for which, result in best.items():
        print(f"{which:6} {result['seconds']:6.2f} s  peak {result['peak_mb']:6.0f} MB  "
              f"({result['count']:,} selections)")
    print(f"ratio  {ratio:.2f}x lxml alone (goal <= {GOAL}x); peak {best['ours']['peak_mb']:.0f}"
          " MB (goal <= 500 MB)")
    if folder is not None:
        folder.cleanup()
    return 0 if ratio <= GOAL and best["ours"]["peak_mb"] <= 500 else 1


if __name__ == "__main__":
    sys.exit(main())
