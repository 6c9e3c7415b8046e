"""Paragraphs and sentences of a text, as spans: the units of coder agreement and of search.

Spans are ``(start, end)`` in code points, end exclusive, trimmed of white space at both ends;
a unit never holds white space alone, so white space between units belongs to none.

* A **paragraph** is the text between two line breaks (``\\n``, ``\\r``, U+2028, U+2029 and the
  other characters Python's ``str.splitlines`` breaks at): qcode keeps one paragraph of a
  transcript on one line.
* A **sentence** ends after a run of sentence marks (``. ! ? …``, the Arabic question mark
  ``؟`` U+061F and full stop ``۔`` U+06D4, the CJK and full-width marks, ``‼ ⁇ ⁈ ⁉``)
  followed by any closing quotes or brackets, when white space or the end of the text comes
  next; and at every line break, so a sentence never crosses paragraphs.

A mark inside a word (``3.5``, ``e.g.x``) ends nothing. There is no list of abbreviations:
``Dr. Ali`` is two sentences, the same in every language.
"""

from __future__ import annotations

import re

#: characters that end a sentence (when white space or the end of the text follows)
SENTENCE_MARKS = ".!?\u2026\u061f\u06d4\u3002\uff01\uff1f\uff61\u203c\u2047\u2048\u2049"
#: closing quotes and brackets that stay with the sentence they close
CLOSERS = "\"')]}\u00bb\u2019\u201d\u203a\u300d\u300f"
#: line breaks, as ``str.splitlines`` knows them
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

Span = tuple[int, int]

_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")
_SENTENCE_END = re.compile(
    f"[{re.escape(SENTENCE_MARKS)}]+[{re.escape(CLOSERS)}]*(?=\\s|\\Z)|[{LINE_BREAKS}]")
_TEXT = re.compile(r"\S(?:.*\S)?", re.DOTALL)


def _trimmed(text: str, start: int, end: int, out: list[Span]) -> None:
    """Add ``text[start:end]`` without its outer white space, unless nothing is left."""
    found = _TEXT.search(text, start, end)
    if found is not None:
        out.append(found.span())


def _split_at(pattern: re.Pattern[str], text: str) -> list[Span]:
    out: list[Span] = []
    start = 0
    for end in pattern.finditer(text):
        _trimmed(text, start, end.end(), out)
        start = end.end()
    _trimmed(text, start, len(text), out)
    return out


def paragraphs(text: str) -> list[Span]:
    """The paragraphs of ``text`` in order: disjoint, trimmed, none empty."""
    return _split_at(_LINE_BREAK, text)


def sentences(text: str) -> list[Span]:
    """The sentences of ``text`` in order: disjoint, trimmed, none empty."""
    return _split_at(_SENTENCE_END, text)
