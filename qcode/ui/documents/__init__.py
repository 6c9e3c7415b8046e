"""The documents panel: the project's documents with their counts, attributes and actions."""

from __future__ import annotations
