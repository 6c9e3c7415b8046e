"""Large legal inputs for bench/import_bench.py, made quickly and deterministically.

A big .docx is written as raw WordprocessingML streamed into the zip (python-docx would take
minutes for 190 MB of XML); text files, codebook and codings CSVs are written line by line.
Every file is within qcode's limits: the inputs are legal, only large.
"""

from __future__ import annotations

import csv
import random
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from xml.sax.saxutils import escape


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split(" "))


WORDS = _words(
    "the government portal service citizens ministry registration online "
    "system data access trust internet municipality process document "
    "identity card staff training budget network users form request week "
    "month office paper digital policy law security support project "
    "e-government Libya Tripoli we they it was is are not very really think "
    "because about would could have had been with for from"
)
ARABIC = _words(
    "الحكومة الإلكترونية الخدمات المواطنين الوزارة التسجيل النظام البيانات "
    "الثقة الإنترنت البلدية الوثائق الهوية الموظفين التدريب الميزانية "
    "الشبكة"
)
CYRILLIC = _words(
    "государство портал услуги граждане министерство регистрация система "
    "данные доверие интернет"
)
WESTERN = _words(
    "café élève façade naïve résumé déjà über Straße año señor"
)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def sentence(rng: random.Random, words: Sequence[str]) -> str:
    return " ".join(rng.choices(words, k=rng.randint(6, 20))).capitalize() + "."


def _run(text: str, rng: random.Random) -> str:
    props = "<w:rPr><w:i/></w:rPr>" if rng.random() < 0.1 else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraph_xml(rng: random.Random, turn: int) -> str:
    """One speaker turn as Word leaves it: several runs, now and then a tracked change,
    a hyperlink, a tab or a field."""
    speaker = "Interviewer" if turn % 2 else f"Expert {turn % 23:02d}"
    words = ARABIC if turn % 2 == 0 and rng.random() < 0.3 else WORDS
    text = " ".join(sentence(rng, words) for _ in range(rng.randint(1, 4)))
    parts = ['<w:p><w:pPr><w:spacing w:after="120"/></w:pPr>',
             f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{speaker}: </w:t></w:r>']
    pieces = text.split(" ")
    while pieces:
        cut = rng.randint(3, 25)
        chunk, pieces = " ".join(pieces[:cut]) + " ", pieces[cut:]
        roll = rng.random()
        if roll < 0.03:
            parts.append(f'<w:ins w:id="1" w:author="A">{_run(chunk, rng)}</w:ins>'
                         f'<w:del w:id="2" w:author="A"><w:r><w:delText>gone </w:delText>'
                         '</w:r></w:del>')
        elif roll < 0.05:
            parts.append(f'<w:hyperlink r:id="rId9">{_run(chunk, rng)}</w:hyperlink>')
        elif roll < 0.06:
            parts.append('<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                         '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar '
                         f'w:fldCharType="separate"/></w:r>{_run(chunk, rng)}'
                         '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        else:
            parts.append(_run(chunk, rng))
    parts.append("</w:p>")
    return "".join(parts)


def _table_xml(rng: random.Random) -> str:
    rows = "".join(
        "<w:tr>" + "".join(f'<w:tc><w:tcPr/><w:p>{_run(f"{rng.choice(WORDS)} {i}.{j}", rng)}'
                           "</w:p></w:tc>" for j in range(3)) + "</w:tr>"
        for i in range(rng.randint(2, 6)))
    return f"<w:tbl><w:tblPr/>{rows}</w:tbl>"


def _body_blocks(xml_bytes: int, seed: int) -> Iterator[str]:
    """Block XML summing to about ``xml_bytes``: a pool of varied paragraphs, drawn at random
    (so the zip compresses like a real transcript, not like one repeated line)."""
    rng = random.Random(seed)
    pool = [_paragraph_xml(rng, turn) for turn in range(1, 4001)]
    tables = [_table_xml(rng) for _ in range(50)]
    written = 0
    while written < xml_bytes:
        block = rng.choice(tables) if rng.random() < 0.01 else rng.choice(pool)
        written += len(block.encode())
        yield block


def make_docx(path: Path, xml_megabytes: float, seed: int = 3) -> Path:
    """A .docx whose word/document.xml is about ``xml_megabytes`` MB."""
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"'
            ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            "<w:body>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head.encode())
            batch: list[str] = []
            for block in _body_blocks(int(xml_megabytes * 1e6), seed):
                batch.append(block)
                if len(batch) >= 2000:
                    member.write("".join(batch).encode())
                    batch = []
            member.write(("".join(batch) + "<w:sectPr/></w:body></w:document>").encode())
    return path


def _text_lines(rng: random.Random, kind: str) -> Iterator[str]:
    turn = 0
    while True:
        turn += 1
        speaker = "Interviewer" if turn % 2 else f"E{turn % 23:02d}"
        if kind == "western":
            words = [*WORDS, *WESTERN]
        elif kind == "cyrillic":
            words = CYRILLIC
        else:
            words = ARABIC if kind == "utf8" and turn % 2 == 0 and rng.random() < 0.3 else WORDS
        yield f"{speaker}: " + " ".join(sentence(rng, words) for _ in range(rng.randint(1, 5)))


def make_text(path: Path, megabytes: float, kind: str, seed: int = 5) -> Path:
    """A transcript of about ``megabytes`` MB.

    ``kind``: "utf8" (English with Arabic answers), "western" (French and German words, saved
    as Windows-1252), "cyrillic" (Russian in Windows-1251), "one-line" (UTF-8, every turn on
    one line: a 50 MB line).
    """
    rng = random.Random(seed)
    encoding = {"western": "cp1252", "cyrillic": "cp1251"}.get(kind, "utf-8")
    separator = " " if kind == "one-line" else "\r\n"
    target, written = int(megabytes * 1e6), 0
    with open(path, "w", encoding=encoding, newline="") as out:
        lines = _text_lines(rng, kind)
        while written < target:
            chunk = separator.join(next(lines) for _ in range(500)) + separator
            out.write(chunk)
            written += len(chunk.encode(encoding))
    return path


def code_paths(count: int) -> list[str]:
    """``count`` code paths three levels deep (themes / sub-themes / codes)."""
    paths: list[str] = []
    theme = 0
    while len(paths) < count:
        theme += 1
        paths.append(f"Theme {theme}")
        for sub in range(1, 21):
            if len(paths) >= count:
                break
            paths.append(f"Theme {theme}/Sub {sub}")
            paths.extend(f"Theme {theme}/Sub {sub}/Code {leaf}" for leaf in range(1, 41))
    return paths[:count]


def make_codebook_csv(path: Path, count: int, seed: int = 11) -> Path:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["path", "colour", "description"])
        for code in code_paths(count):
            colour = f"#{rng.randrange(0x1000000):06x}" if rng.random() < 0.5 else ""
            description = sentence(rng, WORDS) if rng.random() < 0.3 else ""
            writer.writerow([code, colour, description])
    return path


def document_texts(count: int, characters: int, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        lines, size = [], 0
        for line in _text_lines(rng, "utf8"):
            lines.append(line)
            size += len(line) + 1
            if size >= characters:
                break
        texts.append("\n".join(lines))
    return texts


def codings_rows(names: list[str], lengths: list[int], codes: list[str], count: int,
                 seed: int = 17) -> list[tuple[str, str, int, int, str]]:
    """(document, code, start, end, coder) rows spread over every document."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        doc = rng.randrange(len(names))
        start = rng.randrange(lengths[doc] - 1)
        end = min(lengths[doc], start + rng.randint(20, 600))
        rows.append((names[doc], rng.choice(codes), start, end, rng.choice(("ana", "omar"))))
    return rows


def write_codings_csv(path: Path, rows: list[tuple[str, str, int, int, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["document", "code", "start", "end", "coder"])
        writer.writerows(rows)
    return path
