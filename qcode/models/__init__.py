"""The ORM: SQLAlchemy 2 typed models of a qcode project."""

from __future__ import annotations

from qcode.models.attribute import ATTRIBUTE_TYPES, Attribute, DocumentAttribute
from qcode.models.base import Base
from qcode.models.code import Code
from qcode.models.coder import Coder
from qcode.models.coding import Coding
from qcode.models.coverage import (
    code_coverage,
    code_totals,
    coverage_stale,
    document_coverage,
    document_stale,
    rollup_coverage,
    rollup_rebuild,
    rollup_stale_codes,
)
from qcode.models.document import DIRECTIONS, Document, DocumentVersion, SpeakerTurn
from qcode.models.meta import ProjectInfo

__all__ = [
    "ATTRIBUTE_TYPES",
    "Attribute",
    "Base",
    "Code",
    "Coder",
    "Coding",
    "DIRECTIONS",
    "Document",
    "DocumentAttribute",
    "DocumentVersion",
    "ProjectInfo",
    "SpeakerTurn",
    "code_coverage",
    "code_totals",
    "coverage_stale",
    "document_coverage",
    "document_stale",
    "rollup_coverage",
    "rollup_rebuild",
    "rollup_stale_codes",
]
