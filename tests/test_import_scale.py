"""Large legal inputs take the bulk paths (streamed .docx, sampled encoding, codings by
executemany, codes made in one pass) and give exactly what the small paths give.

Speed and memory are measured in bench/import_bench.py, not here.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from sqlalchemy import select

from qcode.covered import covered_sql
from qcode.importers import read_document
from qcode.importers.codebook_csv import read_codebook_csv
from qcode.importers.codings_csv import read_codings_csv
from qcode.models import Code, Coding, Document
from qcode.ops.codebook_create import PALETTE
from qcode.ops.codebook_import import import_codebook, import_codings
from qcode.project import Project
from qcode.queries import code_paths
from tests.docx_build import p, r, table, write_docx
from tests.factories import add_doc
from tests.ops_helpers import check_undo_redo, dump
from tests.test_coverage_tables import assert_tables_match_codings

WORDS = ["trust", "portal", "ministry", "citizens", "data", "access", "law", "الثقة",
         "الحكومة", "👍"]


def _text(rng: random.Random, lines: int) -> str:
    return "\n".join(f"E{i % 7:02d}: " + " ".join(rng.choices(WORDS, k=12))
                     for i in range(lines))


def test_thousands_of_codings_store_their_text_and_keep_the_coverage_tables_true(
        project: Project, tmp_path: Path) -> None:
    rng = random.Random(4)
    texts = {"E01": _text(rng, 80), "E02": _text(rng, 60)}
    with project.transaction() as s:
        for name, text in texts.items():
            add_doc(s, name, text)
    path = tmp_path / "codings.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["document", "code", "start", "end", "coder"])
        for i in range(2500):  # above the size that goes through executemany
            name = rng.choice(sorted(texts))
            start = rng.randrange(len(texts[name]) - 1)
            end = rng.randint(start + 1, min(len(texts[name]), start + 300))
            writer.writerow([name, f"Theme {i % 5}/Code {i % 40}", start, end,
                             rng.choice(["Amal", "Omar"])])
    rows = read_codings_csv(path)
    before = dump(project)
    with project.transaction() as s:
        changes = import_codings(s, rows=rows, default_coder="Amal")
    with project.reading() as s:
        names = dict(s.execute(select(Document.id, Document.name)).all())
        paths = code_paths(s)
        stored = s.execute(select(Coding.id, Coding.document_id, Coding.code_id, Coding.start,
                                  Coding.end, covered_sql().label("text"))).all()
    assert changes.codings == {row.id for row in stored}
    unique = {(r.document, r.code, r.start, r.end, r.coder) for r in rows}
    assert len(stored) == len(unique)
    for _, doc, code, start, end, text in stored:
        assert text == texts[names[doc]][start:end]
        assert paths[code].startswith("Theme ")
    assert_tables_match_codings(project)
    check_undo_redo(project, before, changes)


def test_a_codebook_of_thousands_of_codes_is_placed_in_file_order_and_undone_whole(
        project: Project, tmp_path: Path) -> None:
    with project.transaction() as s:
        import_codebook(s, rows=read_codebook_csv(_codebook(tmp_path / "a.csv", 3)))
    before = dump(project)
    path = _codebook(tmp_path / "b.csv", 60)
    with project.transaction() as s:
        changes = import_codebook(s, rows=read_codebook_csv(path))
    with project.reading() as s:
        paths = code_paths(s)
        codes = {paths[c.id]: c for c in s.execute(
            select(Code.id, Code.position, Code.colour, Code.description))}
    assert len(codes) == 60 + 60 * 40
    assert codes["Theme 5"].position == 5 and codes["Theme 5/Code 39"].position == 39
    assert codes["Theme 0/Code 1"].colour == "#123456"  # the file's colour, an existing code
    assert codes["Theme 0/Code 1"].description == "described"
    assert codes["Theme 7/Code 1"].colour == "#123456"  # the file's colour, a new code
    # Every other new code takes the palette's next colour, counting all codes made before it.
    order = sorted(codes.values(), key=lambda c: c.id)
    for made_before, code in enumerate(order):
        if code.colour != "#123456":
            assert code.colour == PALETTE[made_before % len(PALETTE)]
    check_undo_redo(project, before, changes)


def _codebook(path: Path, themes: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["path", "colour", "description"])
        for theme in range(themes):
            writer.writerow([f"Theme {theme}", "", ""])
            for code in range(40):
                given = code == 1
                writer.writerow([f"Theme {theme}/Code {code}", "#123456" if given else "",
                                 "described" if given else ""])
    return path


def test_a_large_legacy_text_is_read_whole_in_the_encoding_its_sample_shows(
        tmp_path: Path) -> None:
    lines = [f"Интервьюер {i}: государство и граждане, данные и доверие." for i in range(60_000)]
    lines[45_000] += " Ёлка — №5 «тест»"  # far from the start: only the whole decode sees it
    text = "\r\n".join(lines)
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    assert path.stat().st_size > 3 * 2**20
    assert read_document(path).text == text.replace("\r\n", "\n")


def test_a_long_docx_streams_out_tables_boxes_and_deleted_rows_in_order(
        tmp_path: Path) -> None:
    box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
           f'<w:txbxContent>{p(r("in the box"))}</w:txbxContent></wps:txbx></w:drawing>'
           '</mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>'
           f'{p(r("fallback copy"))}</w:txbxContent></v:textbox></w:pict></mc:Fallback>'
           '</mc:AlternateContent></w:r>')
    deleted_row = ('<w:tr><w:trPr><w:del w:id="1" w:author="A"/></w:trPr>'
                   f'<w:tc>{p(r("gone"))}</w:tc></w:tr>')
    grid = table([[p(r("a")), p(r("b"))]]).replace("</w:tbl>", deleted_row + "</w:tbl>")
    blocks = [p(r(f"Paragraph {i}")) for i in range(9000)]  # past the output's compaction
    blocks[4500] = p(r("anchor"), box)
    blocks.insert(8000, grid)
    text = read_document(write_docx(tmp_path / "long.docx", *blocks)).text
    expected = [f"Paragraph {i}" for i in range(9000)]
    expected[4500] = "anchor\nin the box"
    expected.insert(8000, "a\tb")
    assert text == "\n".join(expected)
