"""Building real .docx files in tests: python-docx, plus raw WordprocessingML where it cannot."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from lxml import etree

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_DECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())


def p(*runs: str) -> str:
    """A w:p holding the given inline XML (use :func:`r` for plain runs)."""
    return "<w:p>" + "".join(runs) + "</w:p>"


def r(text: str) -> str:
    """A run of plain text (spaces kept)."""
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def table(rows: list[list[str]]) -> str:
    """A w:tbl; each cell is raw block XML (one or more w:p / w:tbl)."""
    body = "".join("<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in row) + "</w:tr>"
                   for row in rows)
    return f"<w:tbl><w:tblPr/>{body}</w:tbl>"


def write_docx(path: Path, *blocks: str) -> Path:
    """A .docx made by python-docx whose body holds ``blocks`` (raw block-level XML)."""
    document = docx.Document()
    body = document.element.body
    wrapper = etree.fromstring(f"<w:body {_DECLS}>{''.join(blocks)}</w:body>")
    for block in list(wrapper):
        body.sectPr.addprevious(block)
    document.save(str(path))
    return path


def replace_member(path: Path, member: str, data: bytes) -> Path:
    """Rewrite the zip at ``path`` with ``member`` replaced by ``data`` (or added)."""
    with zipfile.ZipFile(path) as src:
        items = [(i, src.read(i)) for i in src.infolist() if i.filename != member]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, content in items:
            dst.writestr(info, content)
        dst.writestr(member, data)
    return path


def remove_member(path: Path, member: str) -> Path:
    with zipfile.ZipFile(path) as src:
        items = [(i, src.read(i)) for i in src.infolist() if i.filename != member]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, content in items:
            dst.writestr(info, content)
    return path
