"""The search panel (Ctrl+Shift+F): corpus search as you type, keyword in context, jump to a
hit, and code all results in one undo step."""

from __future__ import annotations
