"""Qt-free read queries for the desktop app's panels, returning plain frozen dataclasses."""

from __future__ import annotations
