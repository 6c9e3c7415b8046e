"""What every importer shares: dispatch by suffix, checks, normalisation, batches of files."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qcode.errors import Cancelled, InputError
from qcode.importers.normalise import normalise_text, text_direction
from qcode.importers.turns import Turn, find_turns, label_spans
from qcode.progress import Progress, report

#: Larger files are refused before reading: no interview transcript comes near it.
MAX_FILE_BYTES = 100 * 1024 * 1024

Reader = Callable[[bytes, Path], str]


def _readers() -> dict[str, Reader]:
    # Imported here so that each reader module loads only when importing is used.
    from qcode.importers.docx_reader import read_docx
    from qcode.importers.markdown_reader import read_markdown
    from qcode.importers.odt_reader import read_odt
    from qcode.importers.pdf_reader import read_pdf
    from qcode.importers.rtf_reader import read_rtf
    from qcode.importers.text_reader import read_txt

    return {
        ".docx": read_docx,
        ".txt": read_txt,
        ".md": read_markdown,
        ".markdown": read_markdown,
        ".rtf": read_rtf,
        ".odt": read_odt,
        ".pdf": read_pdf,
    }


SUPPORTED_SUFFIXES = (".docx", ".txt", ".md", ".markdown", ".rtf", ".odt", ".pdf")


@dataclass(frozen=True)
class ImportedDocument:
    """A file read and normalised, ready to be added to a project (plain data, thread-safe)."""

    name: str
    text: str
    original_filename: str
    sha256: str
    direction: str
    turns: tuple[Turn, ...]
    format: str


@dataclass
class ReadBatch:
    """The outcome of reading many files: what was read, and each failure with its message."""

    documents: list[ImportedDocument] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)


def read_document(path: str | Path, *, turn_patterns: Sequence[str] | None = None
                  ) -> ImportedDocument:
    """Read one file. Raises InputError naming the file and the cause."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError("no such file or folder", path=path)
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(f"unsupported file type {suffix or '(none)'!r}", path=path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path=path) from exc
    if size == 0:
        raise InputError("the file is empty", path=path)
    if size > MAX_FILE_BYTES:
        raise InputError(f"the file is too large ({size // 2**20} MiB; at most "
                         f"{MAX_FILE_BYTES // 2**20} MiB)", path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path=path) from exc
    raw = _run_reader(_readers()[suffix], data, path, suffix)
    text = normalise_text(raw)
    if not text.strip():
        raise InputError("the file has no text", path=path)
    turns = tuple(find_turns(text, turn_patterns))
    return ImportedDocument(
        name=path.stem,
        text=text,
        original_filename=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        direction=text_direction(text, label_spans(text, turns)),
        turns=turns,
        format=suffix.lstrip("."),
    )


def _run_reader(reader: Reader, data: bytes, path: Path, suffix: str) -> str:
    try:
        return reader(data, path)
    except (InputError, Cancelled):
        raise
    except MemoryError:
        raise InputError("the file is too large to read", path=path) from None
    except Exception as exc:  # noqa: BLE001 - any reader failure is the file's fault, said once
        raise InputError(f"damaged or unreadable {suffix} file ({type(exc).__name__})",
                         path=path) from exc


def collect_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, plus every supported file in named folders (recursively, sorted by name).

    Hidden files and Word's lock files (``~$...``) in folders are passed over; a file named
    explicitly is always returned, so that an unsupported one is reported rather than ignored.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                and not f.name.startswith((".", "~$"))
            )
            out.extend(found)
        else:
            out.append(p)
    return out


def read_documents(paths: Iterable[str | Path], *, progress: Progress | None = None,
                   turn_patterns: Sequence[str] | None = None) -> ReadBatch:
    """Read many files; a failing file is recorded and the batch goes on.

    ``progress(done, total, file name)`` is called before each file; answering False cancels
    (raises Cancelled; nothing has been written since reading writes nothing).
    """
    files = collect_paths(paths)
    batch = ReadBatch()
    for i, path in enumerate(files):
        report(progress, i, len(files), path.name)
        try:
            batch.documents.append(read_document(path, turn_patterns=turn_patterns))
        except InputError as exc:
            batch.failures.append((path, exc.reason))
    report(progress, len(files), len(files), "")
    return batch
