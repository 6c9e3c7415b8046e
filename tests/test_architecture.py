"""House rules that keep the code base livable, checked on every run."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "qcode"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_outside_ui():
    offenders = [
        str(p.relative_to(ROOT.parent))
        for p in ROOT.rglob("*.py")
        if "ui" not in p.relative_to(ROOT).parts[:1]
        and any(n.split(".")[0] in {"PySide6", "shiboken6"} for n in _imports(p))
    ]
    assert offenders == []


def test_source_files_stay_small():
    big = [
        str(p) for p in ROOT.rglob("*.py") if len(p.read_text(encoding="utf-8").splitlines()) >= 400
    ]
    assert big == []


def test_every_module_uses_postponed_annotations():
    missing = [
        str(p.relative_to(ROOT.parent))
        for p in ROOT.rglob("*.py")
        if p.read_text(encoding="utf-8").strip()
        and "migrations" not in p.parts
        and "from __future__ import annotations" not in p.read_text(encoding="utf-8")
    ]
    assert missing == []


def test_sqlite_specific_sql_only_in_db_modules():
    allowed = {ROOT / "db.py", ROOT / "db_bulk.py"}
    offenders = [
        str(p.relative_to(ROOT.parent))
        for p in ROOT.rglob("*.py")
        if p not in allowed and ("PRAGMA" in p.read_text(encoding="utf-8")
                                 or "import sqlite3" in p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_core_runs_without_loading_qt():
    """Importing every core module (transitively) must not load PySide6."""
    import subprocess
    import sys

    modules = sorted(
        ".".join(p.relative_to(ROOT.parent).with_suffix("").parts)
        for p in ROOT.rglob("*.py")
        if "ui" not in p.relative_to(ROOT).parts[:1] and "migrations" not in p.parts
        and p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m.removesuffix('.__init__'))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT.parent, check=True)
    assert out.stdout.strip() == "[]"


#: Lower layers never import higher ones. Top-level modules of ``qcode`` and the packages named
#: here with "core" form the core; the UI alone may import everything.
LAYERS = {
    "models": 0,
    "core": 1, "importers": 1, "derived": 1, "migrations": 1, "server": 1,
    "ops": 2, "analysis": 2, "browse": 2, "search": 2, "team": 2,
    "export": 3, "exchange": 3, "cli": 3,
    "ui": 4,
}


def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) < 3 and not (ROOT / parts[-1]).is_dir():
        return LAYERS["core"]  # qcode.project, qcode.errors ...
    return LAYERS[parts[1]]


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT.parent).with_suffix("").parts).removesuffix(".__init__")


def test_layers_import_only_downwards():
    offenders = []
    for path in ROOT.rglob("*.py"):
        module = _module(path)
        if module in ("qcode", "qcode.__main__"):
            continue
        for name in _imports(path):
            if module == "qcode.cli.gui_cmd" and name.startswith("qcode.ui."):
                continue  # ``qcode gui`` starts the app: the one way down from the CLI
            if name.startswith("qcode.") and _layer(name) > _layer(module):
                offenders.append(f"{module} imports {name}")
    assert offenders == []


def test_only_the_workspace_opens_sessions_in_the_ui():
    """UI code runs changes through the workspace; it never opens a transaction of its own."""
    allowed = {"workspace.py"}
    offenders = [
        str(p.relative_to(ROOT.parent))
        for p in (ROOT / "ui").rglob("*.py")
        if p.name not in allowed
        and any(call in p.read_text(encoding="utf-8")
                for call in (".transaction(", ".reading(", "Session(", "sessionmaker("))
    ]
    assert offenders == []


def test_schema_reads_the_migration_chain_as_alembic_does():
    """Opening a project compares revisions without loading Alembic; the two must agree."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from qcode import schema

    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    assert schema.head_revision() == script.get_current_head()
    assert schema.revisions() == {
        rev.revision: rev.down_revision for rev in script.walk_revisions()}
