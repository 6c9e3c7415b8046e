"""What the app remembers between runs: window layout, recent projects, coder, quick keys.

Stored with QSettings in an INI file under the user's config folder (``qcode/qcode.ini``). Set
``QCODE_CONFIG_DIR`` (or call :func:`use_settings_dir`, as the tests do) to keep it elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from qcode.errors import QcodeError

ORGANISATION = "qcode"
APPLICATION = "qcode"
MAX_RECENT = 10
CONFIG_DIR_ENV = "QCODE_CONFIG_DIR"


def use_settings_dir(folder: str | Path) -> None:
    """Keep settings in ``folder`` from now on (tests, portable installs)."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def _apply_env_override() -> None:
    folder = os.environ.get(CONFIG_DIR_ENV)
    if folder:
        use_settings_dir(folder)


class Settings:
    """A typed front to QSettings. ``persist=False`` reads but never writes (screenshots)."""

    def __init__(self, *, persist: bool = True) -> None:
        _apply_env_override()
        self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                             ORGANISATION, APPLICATION)
        self.persist = persist

    @property
    def file_name(self) -> str:
        return self._qs.fileName()

    def _set(self, key: str, value: object) -> None:
        if self.persist:
            self._qs.setValue(key, value)

    def sync(self) -> None:
        if self.persist:
            self._qs.sync()

    # -- window --------------------------------------------------------------------------------

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_geometry(self, data: QByteArray) -> None:
        self._set("window/geometry", data)

    def dock_state(self) -> QByteArray | None:
        """Dock layout (QMainWindow.saveState) as it was while a project was open."""
        return self._bytes("window/dock_state")

    def set_dock_state(self, data: QByteArray) -> None:
        self._set("window/dock_state", data)

    # -- theme ---------------------------------------------------------------------------------

    def theme(self) -> str:
        """'light', 'dark' or 'system'."""
        value = str(self._qs.value("appearance/theme", "system"))
        return value if value in ("light", "dark", "system") else "system"

    def set_theme(self, theme: str) -> None:
        self._set("appearance/theme", theme)

    # -- recent projects -----------------------------------------------------------------------

    def recent_projects(self) -> list[Path | str]:
        """Most recent first: project files (those that no longer exist are left out) and
        server URLs (kept without any password; a server that is down is still listed)."""
        raw = self._qs.value("recent/projects", "[]")
        try:
            names = json.loads(str(raw))
        except json.JSONDecodeError:
            names = []
        entries = [_recent_entry(n) for n in names if isinstance(n, str)]
        return [e for e in entries if isinstance(e, str) or e.is_file()]

    def _store_recent(self, entries: list[Path | str]) -> None:
        self._set("recent/projects", json.dumps([str(e) for e in entries[:MAX_RECENT]]))

    def add_recent_project(self, target: Path | str) -> None:
        entry = _recent_entry(target)
        self._store_recent([entry] + [e for e in self.recent_projects() if e != entry])

    def remove_recent_project(self, target: Path | str) -> None:
        entry = _recent_entry(target)
        self._store_recent([e for e in self.recent_projects() if e != entry])

    # -- coder ---------------------------------------------------------------------------------

    def coder_name(self) -> str | None:
        value = self._qs.value("coder/name")
        return (str(value).strip() or None) if value is not None else None

    def set_coder_name(self, name: str) -> None:
        self._set("coder/name", name.strip())

    # -- quick keys ----------------------------------------------------------------------------

    def quick_keys(self, project_uuid: str) -> dict[int, str]:
        """Keys 1-9 bound to code uuids in one project (uuids survive renames and moves)."""
        raw = self._qs.value(f"quick_keys/{project_uuid}", "{}")
        try:
            data = json.loads(str(raw))
        except json.JSONDecodeError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {int(k): str(v) for k, v in data.items()
                if str(k).isdigit() and 1 <= int(k) <= 9 and isinstance(v, str)}

    def set_quick_keys(self, project_uuid: str, bindings: dict[int, str]) -> None:
        data = {str(k): v for k, v in sorted(bindings.items()) if 1 <= k <= 9}
        self._set(f"quick_keys/{project_uuid}", json.dumps(data))

    # -- blind mode ----------------------------------------------------------------------------

    def blind_mode(self, project_uuid: str) -> bool:
        """Whether a project shows only the current coder's codings (independent coding)."""
        return str(self._qs.value(f"blind_mode/{project_uuid}", "false")).lower() == "true"

    def set_blind_mode(self, project_uuid: str, on: bool) -> None:
        self._set(f"blind_mode/{project_uuid}", "true" if on else "false")


def _recent_entry(target: Path | str) -> Path | str:
    """What the recent list keeps of ``target``: a server URL without its password (a typed
    ``postgresql://amira:secret@host/db`` is remembered as ``postgresql://amira@host/db``),
    or the file's resolved path."""
    from qcode.server.url import is_server_url, parse

    if is_server_url(target):
        try:
            return parse(str(target))[0].display()
        except QcodeError:
            return str(target)
    return Path(target).resolve()
