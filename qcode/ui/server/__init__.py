"""The app on a team server project: opening one by URL, its password, who is connected,
live updates."""

from __future__ import annotations
