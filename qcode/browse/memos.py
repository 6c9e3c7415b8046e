"""The memo panel's reads: what a memo belongs to (as a title a user recognises) and its text."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.covered import covered_sql
from qcode.models import Code, Coding, Document, ProjectInfo
from qcode.queries import code_path

MEMO_KINDS = ("project", "document", "code", "coding")
_EXCERPT = 60


@dataclass(frozen=True)
class Memo:
    kind: str
    target_id: int
    title: str
    text: str


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[:_EXCERPT - 1] + "…"


def _project_memo(session: Session, _target_id: int) -> Memo | None:
    info = dict(session.execute(
        select(ProjectInfo.key, ProjectInfo.value).where(ProjectInfo.key.in_(("name", "memo")))
    ).all())
    return Memo("project", 0, f"Project: {info.get('name', '')}", info.get("memo", ""))


def _document_memo(session: Session, target_id: int) -> Memo | None:
    row = session.execute(
        select(Document.name, Document.memo).where(Document.id == target_id)
    ).first()
    return None if row is None else Memo("document", target_id, f"Document: {row[0]}", row[1])


def _code_memo(session: Session, target_id: int) -> Memo | None:
    memo = session.scalar(select(Code.memo).where(Code.id == target_id))
    if memo is None:
        return None
    return Memo("code", target_id, f"Code: {code_path(session, target_id)}", memo)


def _coding_memo(session: Session, target_id: int) -> Memo | None:
    row = session.execute(
        select(Coding.code_id, covered_sql(), Coding.memo, Document.name)
        .join(Document, Document.id == Coding.document_id)
        .where(Coding.id == target_id)
    ).first()
    if row is None:
        return None
    code_id, text, memo, doc_name = row
    title = f"Coding: {code_path(session, code_id)} in {doc_name}: “{_excerpt(text)}”"
    return Memo("coding", target_id, title, memo)


_READERS = {"project": _project_memo, "document": _document_memo, "code": _code_memo,
            "coding": _coding_memo}


def memo_of(session: Session, kind: str, target_id: int) -> Memo | None:
    """The memo of a project (id ignored), document, code or coding; None if it is gone."""
    if kind not in _READERS:
        raise ValueError(f"unknown memo kind {kind!r}")
    return _READERS[kind](session, target_id)
