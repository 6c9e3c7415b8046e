"""The tables a push or pull carries, in an order that puts every row after the rows it refers
to, and how each column crosses between a project file and a server.

Most values are the same on both sides. Two columns of ``codings`` are stored compactly in a
file (:mod:`qcode.models.types`): the uuid as 16 bytes and the creation time as whole seconds
since 1970. They are converted by the database that reads them (SQLite's ``hex`` and
``datetime``, PostgreSQL's ``uuid_send`` and ``extract``), so a million codings cross as plain
text and integers without a Python conversion per value. Other times are stored by SQLAlchemy
as text in a file (``YYYY-MM-DD HH:MM:SS.ffffff``), which PostgreSQL reads as a timestamp and
``to_char`` writes back.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import DateTime, Table

from qcode.models import Base
from qcode.models.types import EpochSeconds

#: ``project_info`` travels on its own (its keys are merged, not copied); the rest in this order
ORDER = ("coders", "codes", "documents", "document_versions", "speaker_turns", "attributes",
         "document_attributes", "codings", "code_coverage", "document_coverage", "code_totals",
         "rollup_coverage", "coverage_stale", "document_stale", "rollup_stale_codes",
         "rollup_rebuild")

#: derived tables: caches of the codings a push may copy or have the server rebuild
DERIVED = ("code_coverage", "document_coverage", "code_totals", "rollup_coverage")

#: the marks of what the derived tables lack (see qcode.derived.coverage)
STALE = ("coverage_stale", "document_stale", "rollup_stale_codes", "rollup_rebuild")

#: project_info keys that describe one copy, never the project: not pushed
LOCAL_KEYS = ("server_origin", "server_login")

#: the time format SQLAlchemy stores in a file
_FILE_TIME = "YYYY-MM-DD HH24:MI:SS.US"


@dataclass(frozen=True)
class Carried:
    """One table as it crosses: its name, columns (quoted), and the select list each side
    reads it with."""

    name: str
    columns: tuple[str, ...]
    from_file: str
    from_server: str

    @property
    def column_list(self) -> str:
        return ", ".join(f'"{c}"' for c in self.columns)

    def file_select(self) -> str:
        return f"SELECT {self.from_file} FROM {self.name}{self._order}"

    def server_select(self) -> str:
        return f"SELECT {self.from_server} FROM {self.name}{self._order}"

    @property
    def _order(self) -> str:
        return ' ORDER BY "id"' if "id" in self.columns else ""


def _file_expression(table: Table, column: str) -> str:
    kind = table.c[column].type
    if table.name == "codings" and column == "uuid":
        return ("CASE WHEN typeof(uuid) = 'blob' AND length(uuid) = 16 "
                "THEN lower(hex(uuid)) ELSE uuid END")
    if isinstance(kind, EpochSeconds):
        return (f"CASE WHEN typeof(\"{column}\") = 'integer' "
                f"THEN datetime(\"{column}\", 'unixepoch') ELSE \"{column}\" END")
    return f'"{column}"'


def _server_expression(table: Table, column: str) -> str:
    kind = table.c[column].type
    if table.name == "codings" and column == "uuid":
        return "uuid_send(uuid)"
    if isinstance(kind, EpochSeconds):
        return f'floor(extract(epoch FROM "{column}"))::bigint'
    if isinstance(kind, DateTime):
        return f"to_char(\"{column}\", '{_FILE_TIME}')"
    return f'"{column}"'


def carried(name: str) -> Carried:
    table = Base.metadata.tables[name]
    columns = tuple(c.name for c in table.columns)
    return Carried(name, columns,
                   ", ".join(_file_expression(table, c) for c in columns),
                   ", ".join(_server_expression(table, c) for c in columns))


TABLES: tuple[Carried, ...] = tuple(carried(name) for name in ORDER)

#: tables whose ``id`` comes from a sequence on the server (set after explicit ids)
WITH_IDS = tuple(t.name for t in TABLES if "id" in t.columns and t.name != "rollup_rebuild")
