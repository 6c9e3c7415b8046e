"""Time stamps in transcripts: ``[00:01:23]``, ``00:01:23``, ``(01:23)``, ``[1:02:03.5]``.

A stamp of three parts is hours, minutes and seconds; of two parts, minutes and seconds (the
way recordings are timed: Otter's ``0:02`` is two seconds in). Seconds may have up to three
decimals, after a point or a comma. A stamp is kept as seconds from the start of the recording
(a number sorts and exports better than text) and shown as ``hh:mm:ss`` again.
"""

from __future__ import annotations

import re

#: The bare stamp (no brackets), as a regular expression fragment.
TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
#: A stamp, optionally in square brackets or parentheses.
STAMP = rf"[\[(]?{TIME}[\])]?"

_PARTS = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,3}))?")
_SEXAGESIMAL = 60


def parse_timestamp(raw: str | None) -> float | None:
    """Seconds of the first stamp in ``raw``; None if it has none, or if its seconds (or the
    minutes of an hour stamp) are 60 or more: ``12:75`` is no time, ``75:30`` is 75 minutes."""
    m = _PARTS.search(raw or "")
    if m is None:
        return None
    first, second, third, fraction = m.groups()
    hours, minutes, seconds = ((int(first), int(second), int(third)) if third is not None
                               else (0, int(first), int(second)))
    if seconds >= _SEXAGESIMAL or (third is not None and minutes >= _SEXAGESIMAL):
        return None
    total = float(hours * 3600 + minutes * 60 + seconds)
    return total + float(f"0.{fraction}") if fraction else total


def format_timestamp(seconds: float | None) -> str:
    """``hh:mm:ss`` (with the decimals of the stamp, if it had any); "" for None."""
    if seconds is None:
        return ""
    millis = round(seconds * 1000)
    whole, fraction = divmod(millis, 1000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{text}.{fraction:03d}".rstrip("0") if fraction else text
