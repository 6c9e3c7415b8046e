"""Building REFI-QDA archives (.qdpx) in tests: the project XML as a string, zipped with its
sources by :mod:`zipfile`, as another QDA tool would write them."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

NS = "urn:QDA-XML:project:1.0"

USER = "11111111-1111-4111-8111-111111111111"
PARENT = "22222222-2222-4222-8222-222222222222"
CHILD = "33333333-3333-4333-8333-333333333333"
SOURCE = "44444444-4444-4444-8444-444444444444"
SELECTION = "55555555-5555-4555-8555-555555555555"
CODING = "66666666-6666-4666-8666-666666666666"
VARIABLE = "77777777-7777-4777-8777-777777777777"
CASE = "88888888-8888-4888-8888-888888888888"
NOTE = "99999999-9999-4999-8999-999999999999"


def guid(n: int) -> str:
    """A distinct valid GUID for each ``n``."""
    return f"{n:08x}-0000-4000-8000-{n:012x}"


def attrs(**values: str | int | None) -> str:
    """XML attributes, quoted; a value of None leaves the attribute out."""
    return "".join(f" {k}={quoteattr(str(v))}" for k, v in values.items() if v is not None)


def project(*parts: str, namespace: bool = True, **root: str) -> str:
    """A project XML whose Project element holds ``parts`` in order."""
    root.setdefault("name", "Libya study")
    xmlns = f' xmlns="{NS}"' if namespace else ""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project{xmlns}{attrs(**root)}>'
            + "".join(parts) + "</Project>")


def codebook(*codes: str) -> str:
    return "<CodeBook><Codes>" + "".join(codes) + "</Codes></CodeBook>"


def code(guid_: str, name: str, *children: str, **extra: str) -> str:
    return (f"<Code{attrs(guid=guid_, name=name, isCodable='true', **extra)}>"
            + "".join(children) + "</Code>")


def selection(guid_: str, start: int, end: int, code_guid: str, *, coding: str = CODING,
              user: str | None = USER) -> str:
    return (f"<PlainTextSelection{attrs(guid=guid_, startPosition=start, endPosition=end)}>"
            f"<Coding{attrs(guid=coding, creatingUser=user)}>"
            f"<CodeRef targetGUID='{code_guid}'/></Coding></PlainTextSelection>")


def text_source(guid_: str, name: str | None, *children: str, **paths: str | None) -> str:
    return (f"<TextSource{attrs(guid=guid_, name=name, **paths)}>" + "".join(children)
            + "</TextSource>")


def sources(*items: str) -> str:
    return "<Sources>" + "".join(items) + "</Sources>"


def write_qdpx(path: Path, xml: str | bytes, files: dict[str, str | bytes] | None = None, *,
               xml_name: str = "project.qde", folder: str = "sources") -> Path:
    """A .qdpx at ``path``: the project XML as ``xml_name`` and ``files`` in ``folder``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(xml_name, xml.encode() if isinstance(xml, str) else xml)
        for name, data in (files or {}).items():
            archive.writestr(f"{folder}/{name}", data.encode() if isinstance(data, str)
                             else data)
    return path


def write_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    """A zip holding exactly ``members`` (names taken as given, hostile ones too)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data.encode() if isinstance(data, str)
                             else data, compress_type=zipfile.ZIP_DEFLATED)
    return path
