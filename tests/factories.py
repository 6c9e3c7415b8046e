"""Small builders for tests: documents and codes added through the real operations."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from qcode.importers.normalise import text_direction
from qcode.models import Code, Coder, Document


def add_doc(s: Session, name: str, text: str) -> int:
    """A document row as an import would leave it (without turns)."""
    doc = Document(name=name, text=text, original_filename=f"{name}.txt",
                   sha256=hashlib.sha256(text.encode()).hexdigest(),
                   direction=text_direction(text))
    s.add(doc)
    s.flush()
    return doc.id


def add_code(s: Session, name: str, parent_id: int | None = None, colour: str = "#336699") -> int:
    code = Code(name=name, parent_id=parent_id, colour=colour)
    s.add(code)
    s.flush()
    return code.id


def add_coder(s: Session, name: str = "Amal") -> int:
    coder = Coder(name=name)
    s.add(coder)
    s.flush()
    return coder.id
