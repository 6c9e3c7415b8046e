"""What every importer shares: dispatch by suffix, checks, normalisation, batches of files."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qcode.errors import Cancelled, InputError
from qcode.importers.files import kind_of, read_regular_file, status
from qcode.importers.normalise import document_direction, normalise_text
from qcode.importers.signatures import not_text_reason
from qcode.importers.turns import Turn, find_turns
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
#: Formats read as plain text, whose bytes must not look like a binary file.
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
NOTHING_TO_IMPORT = f"no files qcode can import (supported: {', '.join(SUPPORTED_SUFFIXES)})"


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
    """The outcome of reading many files: what was read, each failure with its message, and
    each file in a named folder that was passed over (not a type qcode imports), with why."""

    documents: list[ImportedDocument] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


@dataclass
class Collected:
    """The files to read from the paths named, and what was passed over or failed on the way."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    failures: list[tuple[Path, str]] = field(default_factory=list)


def read_document(path: str | Path, *, turn_patterns: Sequence[str] | None = None
                  ) -> ImportedDocument:
    """Read one file. Raises InputError naming the file and the cause."""
    path = Path(path)
    data = _read_supported(path)
    suffix = path.suffix.lower()
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
        direction=document_direction(text, turns),
        turns=turns,
        format=suffix.lstrip("."),
    )


def _read_supported(path: Path) -> bytes:
    """The bytes of a regular file of a supported type, not empty, not binary if plain text."""
    mode = status(path).st_mode
    if not stat.S_ISREG(mode):
        raise InputError(f"not a regular file ({kind_of(mode)})", path=path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(f"unsupported file type {suffix or '(none)'!r}", path=path)
    data = read_regular_file(path, limit=MAX_FILE_BYTES)
    if not data:
        raise InputError("the file is empty", path=path)
    if suffix in TEXT_SUFFIXES and (reason := not_text_reason(data)) is not None:
        raise InputError(f"not a text file ({reason})", path=path)
    return data


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
    """The files :func:`read_documents` reads for ``paths`` (see :func:`gather_paths`)."""
    return gather_paths(paths).files


def gather_paths(paths: Iterable[str | Path]) -> Collected:
    """Files named, plus every supported file in named folders (recursively, sorted by name).

    A file named explicitly is always returned, so that an unsupported or missing one is
    reported rather than ignored. In folders, files of other types are listed as skipped, a
    folder with nothing to import is a failure, and hidden files and folders and Word's lock
    files (``~$...``) are passed over in silence. Links to folders inside a folder are not
    followed (they could lead in circles); they are listed as skipped.
    """
    out = Collected()
    for p in map(Path, paths):
        if os.path.isdir(p):
            _gather_folder(p, out)
        else:
            out.files.append(p)
    return out


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def _gather_folder(folder: Path, out: Collected) -> None:
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    errors: list[tuple[Path, str]] = []

    def unreadable(exc: OSError) -> None:
        errors.append((Path(exc.filename or folder), f"cannot read the folder ({exc.strerror})"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        for name in dirs:
            if os.path.islink(os.path.join(root, name)):
                skipped.append((Path(root, name), "a link to a folder; not followed"))
        for name in names:
            path = Path(root, name)
            suffix = path.suffix.lower()
            if _hidden(name):
                continue
            if suffix in SUPPORTED_SUFFIXES:
                found.append(path)
            else:
                skipped.append((path, f"unsupported file type {suffix or '(none)'!r}"))
    out.files.extend(sorted(found))
    out.skipped.extend(sorted(skipped))
    out.failures.extend(errors)
    if not found and not errors:
        out.failures.append((folder, NOTHING_TO_IMPORT))


def read_documents(paths: Iterable[str | Path], *, progress: Progress | None = None,
                   turn_patterns: Sequence[str] | None = None) -> ReadBatch:
    """Read many files; a failing file is recorded and the batch goes on.

    ``progress(done, total, file name)`` is called before each file; answering False cancels
    (raises Cancelled; nothing has been written since reading writes nothing).
    """
    collected = gather_paths(paths)
    files = collected.files
    batch = ReadBatch(failures=collected.failures, skipped=collected.skipped)
    for i, path in enumerate(files):
        report(progress, i, len(files), path.name)
        try:
            batch.documents.append(read_document(path, turn_patterns=turn_patterns))
        except InputError as exc:
            batch.failures.append((path, exc.reason))
    report(progress, len(files), len(files), "")
    return batch
