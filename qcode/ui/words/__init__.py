"""The word-frequency view (Analysis → Word frequencies): a table and a bar chart."""

from __future__ import annotations
