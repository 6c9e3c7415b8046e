"""The README's two commands are the ones CI and newcomers run: keep them true."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    command = ci[-1]
    assert "pytest" in command
    assert f"\n{command}\n" in readme


def test_readme_first_command_opens_the_demo_and_shows_a_real_screenshot():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install -q -e . && .venv/bin/qcode gui --demo" in readme
    assert len(sorted((ROOT / "resources" / "demo" / "transcripts").glob("*.docx"))) == 23
    shot = ROOT / "docs" / "workspace.png"
    assert "](docs/workspace.png)" in readme
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
