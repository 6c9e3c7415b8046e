"""The demo project: 23 expert interviews on e-government in Libya, with attributes and codebook.

The transcripts are fictional, written for qcode. ``qcode demo PATH`` builds a project from
``resources/demo`` so newcomers (and the benchmarks) have a realistic study to work on.
"""

from __future__ import annotations

from pathlib import Path

from qcode.errors import ProjectError
from qcode.importers import read_documents
from qcode.ops.importing import import_into
from qcode.progress import Progress
from qcode.project import Project
from qcode.userdata import data_dir

DEMO_FILE = "e-government-in-libya-demo.qcode"
RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DEMO = RESOURCES / "demo"


def demo_files() -> tuple[list[Path], Path, Path, Path]:
    """Transcripts, attributes CSV, codebook CSV, example codings CSV (may be absent)."""
    transcripts = sorted((DEMO / "transcripts").glob("*.docx"))
    if not transcripts:
        raise ProjectError(f"demo transcripts not found in {DEMO / 'transcripts'}; "
                           "install qcode from its source folder (pip install -e .)")
    return transcripts, DEMO / "attributes.csv", DEMO / "codebook.csv", DEMO / "codings.csv"


def build_demo(path: str | Path, *, progress: Progress | None = None) -> str:
    """Create the demo project at ``path`` and return a one-paragraph summary of it."""
    from qcode.importers.codebook_csv import read_codebook_csv
    from qcode.importers.codings_csv import read_codings_csv
    from qcode.ops.codebook_import import import_codebook, import_codings

    transcripts, attributes, codebook, codings = demo_files()
    batch = read_documents(transcripts, progress=progress)
    if batch.failures:
        path_, reason = batch.failures[0]
        raise ProjectError(f"demo transcript {path_.name} cannot be read: {reason}")
    project = Project.create(path, name="E-government in Libya (demo)")
    try:
        summary = import_into(project, batch, attributes_csv=attributes)
        with project.transaction() as s:
            import_codebook(s, rows=read_codebook_csv(codebook))
        coded = 0
        if codings.exists():
            with project.transaction() as s:
                coded = len(import_codings(s, rows=read_codings_csv(codings),
                                           default_coder="Demo coder").codings)
    finally:
        project.close()
    words = sum(len(d.text.split()) for d in batch.documents)
    return (f"{Path(path)}: {len(summary.imported)} interviews ({words:,} words, "
            f"{summary.turns} speaker turns), {summary.attributes} attribute values, "
            f"codebook of {len(read_codebook_csv(codebook))} codes, {coded} example codings")


def default_demo_path() -> Path:
    """Where the app keeps its demo project: the user's data folder (``QCODE_DATA_DIR`` wins)."""
    return data_dir() / "demo" / DEMO_FILE


def ensure_demo(target: Path | None = None, *, progress: Progress | None = None) -> Path:
    """The demo project at ``target`` (default: :func:`default_demo_path`), built if missing.

    It is built in a temporary file and renamed, so a failed build leaves no half project.
    """
    target = target or default_demo_path()
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    side_files = [partial.with_name(partial.name + s) for s in ("-wal", "-shm", ".lock")]
    for leftover in (partial, *side_files):
        leftover.unlink(missing_ok=True)
    try:
        build_demo(partial, progress=progress)
        partial.replace(target)
    finally:
        for leftover in (partial, *side_files):
            leftover.unlink(missing_ok=True)
    return target
