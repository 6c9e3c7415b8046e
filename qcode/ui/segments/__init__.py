"""The coded segments panel: every passage coded with the selected code."""

from __future__ import annotations
