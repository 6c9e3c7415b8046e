"""Start-up check of the X11 libraries Qt's xcb plugin needs: one line naming the packages to
install instead of Qt's "could not load the Qt platform plugin", and no check off X11."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

from qcode.ui.platform_check import (
    XCB_LIBRARIES,
    missing_libraries_message,
    packages_for,
    uses_xcb,
)

ROOT = Path(__file__).resolve().parents[1]
X11 = {"DISPLAY": ":0"}
#: Always on a Debian or Ubuntu system (the C and C++ runtime, zlib, zstd).
ESSENTIAL = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libpthread.so.0",
             "libdl.so.2", "librt.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
             "libz.so.1", "libzstd.so.1"}


def _needed(path: Path) -> list[str]:
    """The NEEDED entries of a 64-bit little-endian ELF file's dynamic section."""
    data = path.read_bytes()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQII", data, shoff + i * shentsize)
                for i in range(shnum)]
    dynamic = next(s for s in sections if s[1] == 6)  # SHT_DYNAMIC
    strings = sections[dynamic[6]][4]  # sh_link: the string table's offset
    names = []
    for at in range(dynamic[4], dynamic[4] + dynamic[5], 16):
        tag, value = struct.unpack_from("<qQ", data, at)
        if tag == 1:  # DT_NEEDED
            names.append(data[strings + value:data.index(b"\0", strings + value)].decode())
    return names


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux only")
def test_the_list_covers_every_system_library_the_installed_xcb_plugin_needs():
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    files = [qt / "plugins/platforms/libqxcb.so",
             *(qt / "lib" / f"libQt6{m}.so.6" for m in ("XcbQpa", "Gui", "DBus", "Widgets"))]
    needed = {name for f in files for name in _needed(f)}
    from_the_system = {n for n in needed
                       if not n.startswith(("libQt6", "libicu")) and n not in ESSENTIAL}
    assert "libxcb-cursor.so.0" in from_the_system  # the reader did find the plugin's needs
    assert from_the_system <= set(XCB_LIBRARIES)


def test_each_missing_library_names_its_debian_package_once():
    assert packages_for(["libxcb-icccm.so.4", "libglib-2.0.so.0", "libgthread-2.0.so.0",
                         "libxkbcommon-x11.so.0"]) == ["libxcb-icccm4", "libglib2.0-0",
                                                       "libxkbcommon-x11-0"]


def test_a_missing_library_gives_one_line_with_the_apt_command():
    def finder(soname: str) -> bool:
        return soname not in ("libxcb-cursor.so.0", "libxcb-keysyms.so.1")

    message = missing_libraries_message(X11, "linux", finder)
    assert message == (
        "the window needs system libraries that are missing (libxcb-cursor.so.0, "
        "libxcb-keysyms.so.1); on Debian or Ubuntu: sudo apt install libxcb-cursor0 "
        "libxcb-keysyms1")
    assert missing_libraries_message(X11, "linux", lambda soname: True) is None


@pytest.mark.parametrize(("environ", "platform", "checked"), [
    ({"DISPLAY": ":0"}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb:nograb;wayland"}, "linux", True),
    ({}, "linux", True),  # Qt's default on Linux is xcb
    ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux", False),  # Qt tries Wayland
    ({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, "linux", False),
    ({"DISPLAY": ":0"}, "win32", False),
    ({"DISPLAY": ":0"}, "darwin", False),
])
def test_only_a_linux_window_on_x11_is_checked(environ, platform, checked):
    assert uses_xcb(environ, platform) is checked
    nothing_found = missing_libraries_message(environ, platform, lambda soname: False)
    assert (nothing_found is not None) is checked


def test_the_check_loads_no_qt():
    """It must run before Qt loads: a missing library would abort the import of Qt itself."""
    code = ("import sys; from qcode.ui.platform_check import missing_libraries_message\n"
            "missing_libraries_message({'QT_QPA_PLATFORM': 'xcb'})\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_readme_apt_line_lists_every_package():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("sudo apt install"))
    assert line.split()[3:] == packages_for(XCB_LIBRARIES)
