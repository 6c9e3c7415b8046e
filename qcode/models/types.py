"""Compact column types for the rows a project holds a million of (codings).

Python keeps seeing what the other tables give (a uuid as its 36-character text, a naive UTC
datetime); only the stored form is smaller. On SQLite a uuid is its 16 bytes (not 36 characters
of text and as many again in its unique index) and a creation time is whole seconds since
1970-01-01 UTC (4 to 6 bytes, not 26 characters). PostgreSQL has native types for both.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, LargeBinary, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

_EPOCH = datetime(1970, 1, 1)


def uuid_bytes(value: str) -> bytes:
    """The 16 bytes of a uuid in any spelling; b"" (which no stored uuid equals) for text that
    is not a uuid, so looking up a mistyped uuid finds nothing rather than failing."""
    if len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-":
        try:  # the canonical spelling, ten times faster than uuid.UUID (bulk inserts)
            raw = bytes.fromhex(value.replace("-", ""))
        except ValueError:
            raw = b""
        if len(raw) == 16:
            return raw
    try:
        return uuid.UUID(value).bytes
    except (ValueError, AttributeError, TypeError):
        return b""


def new_uuids(count: int) -> list[str]:
    """``count`` random (version 4) uuids in their canonical spelling, made in bulk: the same
    as ``str(uuid.uuid4())`` each, without building a UUID object per uuid."""
    out = []
    for raw in _chunks(os.urandom(16 * count), 16):
        h = (int.from_bytes(raw) & _CLEAR | _VERSION_4).to_bytes(16).hex()
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


_CLEAR = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_VERSION_4 = (0x4000 << 64) | (0x8000 << 48)


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


def epoch_seconds(value: datetime) -> int:
    """Whole seconds since 1970-01-01 of a naive UTC datetime (an aware one is made UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return int((value - _EPOCH).total_seconds() // 1)


class CompactUuid(TypeDecorator[str]):
    """A uuid, a str in Python: 16 bytes on SQLite, the native ``uuid`` on PostgreSQL."""

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Uuid(as_uuid=False))
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: str | None, dialect: Dialect) -> bytes | str | None:
        if value is None or dialect.name == "postgresql":
            return value
        return uuid_bytes(value)

    def process_result_value(self, value: bytes | str | None, dialect: Dialect) -> str | None:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, uuid.UUID):
            return str(value)
        return str(uuid.UUID(bytes=bytes(value)))


class EpochSeconds(TypeDecorator[datetime]):
    """A naive UTC datetime to the second: an integer on SQLite, a timestamp on PostgreSQL."""

    impl = Integer
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(DateTime())
        return dialect.type_descriptor(Integer())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> int | datetime | None:
        if value is None or dialect.name == "postgresql":
            return value
        return epoch_seconds(value)

    def process_result_value(self, value: int | datetime | None, dialect: Dialect
                             ) -> datetime | None:
        if value is None or isinstance(value, datetime):
            return value
        if isinstance(value, str):  # written as text by another program
            return datetime.fromisoformat(value)
        return datetime.fromtimestamp(int(value), UTC).replace(tzinfo=None)
