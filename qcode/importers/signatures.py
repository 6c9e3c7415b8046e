"""Telling binary files by their first bytes, to say what a file named ``.txt`` or ``.csv`` is.

Many binary formats hold few NUL bytes (a PDF is mostly ASCII, an MP3 or a JPEG may have none in
its first kilobytes), so decoding them as some code page gives a document of garbage. Their
signatures ("magic numbers") are certain, and they let the refusal say what the file looks like.
Only signatures that no text file starts with are listed: a text starting "BM" or "MZ" is
not taken for a bitmap or a Windows program. Text with a byte order mark is never binary.
"""

from __future__ import annotations

import codecs
import re

_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
              codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)

#: (signature at offset 0, what the file is)
_AT_START: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"PK\x07\x08", "a ZIP archive"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel file (.doc, .xls)"),
    (b"\x7fELF", "a program (ELF)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3\x00", "an SQLite database (a qcode project?)"),
    (b"ID3\x02\x00", "an MP3 audio file"),
    (b"ID3\x03\x00", "an MP3 audio file"),
    (b"ID3\x04\x00", "an MP3 audio file"),
    (b"\xff\xfb", "an MP3 audio file"),
    (b"\xff\xf3", "an MP3 audio file"),
    (b"\xff\xf2", "an MP3 audio file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"BZh", "a bzip2 archive"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"OggS", "an Ogg audio or video file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska or WebM video"),
    (b"\x00asm", "a WebAssembly program"),
    (b"\xca\xfe\xba\xbe", "a Java class or macOS program"),
    (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"\xce\xfa\xed\xfe", "a macOS program"),
    (b"{\\rtf", "an RTF document (rename it .rtf)"),
)
_RIFF_KINDS = {b"WAVE": "a WAV audio file", b"AVI ": "an AVI video", b"WEBP": "a WebP image"}
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_FTYP_KINDS = {b"qt  ": "a QuickTime video", b"M4A ": "an M4A audio file",
               b"heic": "a HEIC image", b"heix": "a HEIC image", b"mif1": "a HEIF image",
               b"avif": "an AVIF image", b"3gp4": "a 3GP video", b"3gp5": "a 3GP video"}


def binary_kind(data: bytes) -> str | None:
    """What a binary file ``data`` starts like ("a PNG image"), or None for no known signature."""
    if data.startswith(_TEXT_BOMS):
        return None
    if data[:4] == b"RIFF" and len(data) >= 12:
        return _RIFF_KINDS.get(data[8:12], "a RIFF audio or video file")
    if data[4:8] == b"ftyp":
        return _FTYP_KINDS.get(data[8:12], "an MP4 video or audio file")
    if data.startswith(b"MZ") and _is_windows_program(data):
        return "a Windows program"
    for signature, kind in _AT_START:
        if data.startswith(signature):
            if signature == b"BZh" and not _BZIP2.match(data):
                continue
            return kind
    return None


def _is_windows_program(data: bytes) -> bool:
    """An MZ header whose offset at byte 60 points at the "PE" signature."""
    if len(data) < 64:
        return False
    offset = int.from_bytes(data[60:64], "little")
    return data[offset:offset + 4] == b"PE\x00\x00"


#: Control bytes no text has many of. Left out: NUL (UTF-16 without a byte order mark is full of
#: them; each reader decides), tab and line ends, the DOS end-of-file mark, and the shifts and
#: escapes of the ISO-2022 encodings (SO, SI, ESC), which decoding removes.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x10, 0x1a), *range(0x1c, 0x20), 0x7f])
_OTHER_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_SAMPLE_BYTES = 1 << 20


def not_text_reason(data: bytes) -> str | None:
    """Why ``data`` is not a text file ("it looks like a PNG image"), or None if it may be one.

    Refused are known binary signatures and, unless a byte order mark or NUL bytes say the text
    may be UTF-16 or UTF-32, more control bytes than any text has (one in 50, at least 3) in
    the first MiB (binary data is binary throughout; a text reader checks what it decodes).
    """
    kind = binary_kind(data)
    if kind is not None:
        return f"it looks like {kind}"
    sample = data[:_SAMPLE_BYTES]
    if sample.startswith(_TEXT_BOMS) or b"\x00" in sample:
        return None
    controls = len(sample.translate(None, _OTHER_BYTES))
    return "binary data" if controls > max(2, len(sample) // 50) else None
