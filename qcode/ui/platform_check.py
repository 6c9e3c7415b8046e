"""Before Qt loads: are the system libraries of Qt's X11 (xcb) window plugin installed?

The PySide6 wheel brings Qt itself but not the X11 libraries its xcb platform plugin links to.
Without one of them Qt only says it "could not load the Qt platform plugin xcb" and aborts.
This module asks the dynamic loader for each library before any Qt import, so ``qcode gui``
can say instead which Debian/Ubuntu packages to install. It imports no Qt on purpose.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping

#: The shared libraries outside the PySide6 wheel that the xcb plugin, Qt Gui and Qt DBus link
#: to (their ELF NEEDED entries; tests/test_platform_check.py reads them from the installed
#: wheel), each with the Debian/Ubuntu package that provides it. The C and C++ runtime, zlib
#: and zstd are left out: every Debian and Ubuntu system has them.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}

Finder = Callable[[str], bool]


def loadable(soname: str) -> bool:
    """Whether the dynamic loader finds ``soname`` (and what it needs) as Qt would load it.

    Qt loads these libraries a moment later anyway, so loading them here costs little.
    """
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will first try its xcb plugin, following Qt 6's own choice.

    ``QT_QPA_PLATFORM`` decides when set (its first entry, before any ``:options``); unset,
    Qt tries Wayland first in a Wayland session and xcb otherwise.
    """
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    return not (environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland")


def missing_libraries(find: Finder = loadable) -> list[str]:
    return [soname for soname in XCB_LIBRARIES if not find(soname)]


def packages_for(sonames: Iterable[str]) -> list[str]:
    """The Debian/Ubuntu packages that provide ``sonames``, each once, in order."""
    return list(dict.fromkeys(XCB_LIBRARIES[s] for s in sonames))


def missing_libraries_message(environ: Mapping[str, str] | None = None,
                              platform: str = sys.platform,
                              find: Finder = loadable) -> str | None:
    """One line naming what to install, or None when the window can start (or is not X11)."""
    if not uses_xcb(os.environ if environ is None else environ, platform):
        return None
    missing = missing_libraries(find)
    if not missing:
        return None
    return (f"the window needs system libraries that are missing ({', '.join(missing)}); "
            f"on Debian or Ubuntu: sudo apt install {' '.join(packages_for(missing))}")
