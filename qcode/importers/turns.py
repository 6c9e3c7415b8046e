"""Speaker turns in transcripts: who speaks where.

A turn starts at the start of a line that opens with a speaker label and runs to the start of
the next turn (or the end of the text), trailing white space excluded; so the text of a turn
begins with its label. Paragraphs without a label continue the turn before them; text before
the first label belongs to no turn.

Labels the default pattern recognises, at line start, each followed by ``:``::

    Interviewer:   Q:   A:   Expert 07:   E07:   Dr. Salma:   المحاور:   الخبير:
    [00:12:03] Name:   00:12:03 - Name:   Name (00:12:03):   Interviewer [00:03:10]:
    **Interviewer:**   **Q**:          (Markdown bold, as written in .md transcripts)

and a name alone on its line followed by a time, as Otter and Zoom write it
(``Jane Doe  0:02``). A label is at most four words and 40 characters, starts with a letter and
is followed by white space or the end of the line, so ``http://``, ``10:30`` and
``The problem is this: ...`` are not labels.

**When a label counts as a speaker** (default pattern only). Transcripts often open with a
header of ``key: value`` lines (``Date: 14 April 2025``, ``Location: Tripoli``), which look just
like labels. A label counts if

1. it names a role: interviewer, interviewee, respondent, participant, expert, moderator,
   facilitator, researcher, interpreter, translator, speaker, question, answer, the letters
   Q, A, I, R, P, E, S, each optionally numbered (``Expert 07``, ``E07``, ``P3``), or their
   Arabic equivalents (``المحاور``, ``الخبير``, ``المشارك``, ``س``, ``ج``...); or
2. it carries a time stamp (``[00:12:03] Salma:``); or
3. the same label (ignoring case) opens at least two lines of the document;

and it is never a speaker if it is a usual header key (Date, Time, Location, Duration,
Language, Notes... and their Arabic forms) or reads like prose: a first word in lower case
(unless a role), or a later word in lower case other than a name particle (al-, bin, de, van...).
So a header's ``Interviewer: A. Salem`` line does become a turn of "Interviewer", while
``Date:`` and ``Location:`` lines never do, and a speaker named once only (``Dr. Salma:``
without a time stamp) is not recognised.

**Custom patterns** (``patterns``) replace the default: regular expressions, compiled with
``re.MULTILINE``, each with a named group ``speaker``. Every match is a turn starting at the
start of the line where its ``speaker`` group starts (one turn per line, the first pattern
wins); the rule above is not applied, since the user wrote the pattern for their transcripts.
Speaker names are normalised either way: time stamps and Markdown emphasis removed, white
space collapsed (``[00:12:03] E07`` becomes ``E07``).

**Tables** (default pattern only). A transcript laid out as a table (speaker | words, maybe
with a time: time | speaker | words, speaker | time | words, or a time inside the speaker's
cell) reaches us one row a line, cells joined by tabs. A line whose first cell (or first two,
with a time cell) is a label as above but with no colon, followed by a cell with words, is a
row label. Row labels count as turns only when the document has them consistently, as a
conversation: among the row labels that count as speakers by the rule above, some speaker
speaks again after another did (Interviewer, E07, Interviewer). So ordinary prose with a tab
here and there, a table of interview facts (each role once) or a list of lines opening with the
same word is left alone. A row of column headings only (``Speaker | Text``) is never a turn.

**Time stamps.** The stamp of a label (before or after the name, or in its own cell) is kept
with the turn, in seconds (:mod:`qcode.importers.timestamps`); custom patterns take the first
stamp in the text they matched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple, Protocol

from qcode.collector import collector_paused
from qcode.errors import InputError
from qcode.importers.timestamps import parse_timestamp
from qcode.importers.turn_patterns import (  # noqa: F401 - the patterns are public here
    _ARABIC_MARKS_RE,
    _BIDI_RE,
    _DEFAULT_AFTER_BREAK_RE,
    _DEFAULT_RE,
    _HEADER_KEYS,
    _PARTICLES,
    _ROLE_RE,
    _TABLE_HEADINGS,
    _TABLE_RE,
    _TS_RE,
    DEFAULT_PATTERNS,
    LABEL_PATTERN,
    TABLE_ROW_PATTERN,
)


class Turn(NamedTuple):
    """Text [start, end) spoken by ``speaker`` (code points), from its label to the next label.

    A named tuple (immutable, compared by value) rather than a frozen dataclass: made four
    times faster, which counts for the 340,000 turns of a 190 MB transcript."""

    speaker: str
    start: int
    end: int
    #: the time stamp of the label in seconds (None: the label has none)
    time: float | None = None


#: A label found: (line start, speaker, whether it carries a time stamp, its time in seconds).
#: A plain tuple, not a class: a long transcript has hundreds of thousands of them.
_Label = tuple[int, str, bool, float | None]
_LINE, _SPEAKER, _TIMED = 0, 1, 2
_DEFAULT_STAMPS = ("ts_before", "ts_after", "ts_alone")
_TAIL = 32  # white space at a turn's end stripped one by one before stripping at once


def find_turns(text: str, patterns: Sequence[str] | None = None) -> list[Turn]:
    """The speaker turns of ``text`` in order (see the module docstring for the rules)."""
    compiled = None if patterns is None or tuple(patterns) == DEFAULT_PATTERNS else [
        _compile(p) for p in patterns]
    with collector_paused():
        if compiled is None:
            labels = _merged(_speakers(_default_labels(text)), _table_labels(text))
        else:
            labels = _custom_labels(text, compiled)
        return _turns(text, labels)


def normalise_speaker(raw: str) -> str:
    """A label as a speaker name: no time stamps, emphasis marks or extra white space."""
    name = _TS_RE.sub(" ", raw).replace("**", " ").replace("__", " ")
    return " ".join(_BIDI_RE.sub("", name).split()).strip(" -–—:")


def _default_labels(text: str) -> list[_Label]:
    """Every line that opens with a label, found in one scan of the text."""
    first = _DEFAULT_RE.match(text)
    labels = [] if first is None else _labels_of((first,), _DEFAULT_STAMPS)
    names: dict[str, str] = {}  # labels recur: normalise each spelling once
    for m in _DEFAULT_AFTER_BREAK_RE.finditer(text):
        plain, before, raw, after, alone = m.groups()
        speaker = names.get(plain or raw)
        if speaker is None:
            speaker = names[plain or raw] = normalise_speaker(plain or raw)
        if not speaker:
            continue
        if before or after or alone:
            labels.append((m.start() + 1, speaker, True,
                           parse_timestamp(before or after or alone)))
        else:
            labels.append((m.start() + 1, speaker, False, None))
    return labels


def _labels_of(matches: Iterable[re.Match[str]], stamps: tuple[str, ...]) -> list[_Label]:
    """The labels of ``matches`` of a label pattern (``stamps``: its time stamp groups)."""
    names: dict[str, str] = {}
    labels = []
    for m in matches:
        raw = m["speaker"]
        speaker = names.get(raw)
        if speaker is None:
            speaker = names[raw] = normalise_speaker(raw)
        if speaker:
            stamp = next(filter(None, m.group(*stamps)), None)
            time = None if stamp is None else parse_timestamp(stamp)
            labels.append((m.start(), speaker, stamp is not None, time))
    return labels


def _table_labels(text: str) -> list[_Label]:
    """Row labels of transcript tables, when the document has them consistently."""
    matches = [m for m in map(_TABLE_RE.match, repeat(text), _lines_with_tabs(text))
               if m is not None and (m["speaker"].casefold() not in _TABLE_HEADINGS
                                     or not _is_heading_row(text, m.start()))]
    rows = _speakers(_labels_of(matches, ("ts_before", "ts_after")))
    return rows if _is_conversation(rows) else []


def _lines_with_tabs(text: str) -> Iterator[int]:
    """The start of each line holding a tab (only those can be table rows)."""
    find = text.find
    tab = find("\t")
    while tab >= 0:
        yield text.rfind("\n", 0, tab) + 1
        line_end = find("\n", tab)
        tab = -1 if line_end < 0 else find("\t", line_end)


def _is_conversation(rows: list[_Label]) -> bool:
    """Whether some speaker speaks again after another did (A, B, A): a dialogue, not a
    table of facts (each role once) nor a list of lines that open with the same word."""
    seen: set[str] = set()
    last = None
    for label in rows:
        key = _key(label[_SPEAKER])
        if key != last and key in seen:
            return True
        seen.add(key)
        last = key
    return False


def _is_heading_row(text: str, line_start: int) -> bool:
    line_end = text.find("\n", line_start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return all(" ".join(cell.strip(" :*_").casefold().split()) in _TABLE_HEADINGS
               for cell in line.split("\t") if cell.strip())


def _merged(labels: list[_Label], rows: list[_Label]) -> list[_Label]:
    """Both kinds of labels in text order. A line with both keeps its row label: the colon
    label may run over the tab into the words (``E07<TAB>Well: ...`` as speaker "E07 Well")."""
    if not rows or not labels:
        return rows or labels
    row_lines = {row[_LINE] for row in rows}
    merged = [label for label in labels if label[_LINE] not in row_lines]
    merged.extend(rows)
    merged.sort(key=itemgetter(_LINE))  # two sorted runs: merged in one linear pass
    return merged


def _speakers(labels: list[_Label]) -> list[_Label]:
    """The labels that count as speakers (rule in the module docstring)."""
    occurrences: Counter[str] = Counter()
    for name, n in Counter(label[_SPEAKER] for label in labels).items():
        occurrences[_key(name)] += n
    verdicts: dict[tuple[str, bool], bool] = {}
    kept = []
    for label in labels:
        spelling = label[_SPEAKER:_TIMED + 1]
        verdict = verdicts.get(spelling)
        if verdict is None:
            speaker, timed = spelling
            key = _key(speaker)
            verdict = verdicts[spelling] = _is_speaker(speaker, key, timed, occurrences[key])
        if verdict:
            kept.append(label)
    return kept


def _is_speaker(name: str, key: str, timed: bool, occurrences: int) -> bool:
    if len(key.split()) > 4 or key in _HEADER_KEYS:
        return False
    if _ROLE_RE.fullmatch(key):
        return True
    if _reads_like_prose(name):
        return False
    return timed or occurrences >= 2


def _reads_like_prose(name: str) -> bool:
    first, *rest = name.split()
    if first[0].islower():
        return True
    return any(word[0].islower() and word.split("-")[0].lower() not in _PARTICLES
               for word in rest)


def _key(speaker: str) -> str:
    return _ARABIC_MARKS_RE.sub("", speaker).casefold()


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern, re.MULTILINE)
    except re.error as exc:
        raise InputError(f"invalid speaker pattern {pattern!r} ({exc})") from None
    if "speaker" not in compiled.groupindex:
        raise InputError(f"speaker pattern {pattern!r} has no group named 'speaker'")
    return compiled


def _custom_labels(text: str, compiled: list[re.Pattern[str]]) -> list[_Label]:
    by_line: dict[int, _Label] = {}
    for pattern in compiled:
        for m in pattern.finditer(text):
            speaker = normalise_speaker(m.group("speaker") or "")
            if not speaker:
                continue
            line_start = text.rfind("\n", 0, m.start("speaker")) + 1
            time = parse_timestamp(m[0])
            by_line.setdefault(line_start, (line_start, speaker, False, time))
    return [by_line[k] for k in sorted(by_line)]


def _turns(text: str, labels: list[_Label]) -> list[Turn]:
    """Each label's turn runs to the next label, trailing white space excluded."""
    stops = [label[_LINE] for label in labels[1:]]
    stops.append(len(text))
    turns: list[Turn] = []
    append, new = turns.append, tuple.__new__  # (Turn's own __new__ is a Python function)
    for (start, speaker, _, time), stop in zip(labels, stops, strict=False):
        end = stop
        # Usually a line break ends the turn; text[start:stop].rstrip() would copy the turn.
        while end > start and text[end - 1].isspace():
            end -= 1
            if stop - end > _TAIL:
                end = start + len(text[start:end].rstrip())
                break
        if end > start:
            append(new(Turn, (speaker, start, end, time)))
    return turns


_LABEL_COLON = re.compile(r"[:：](?=\s|$)")
_LONGEST_BARE_LABEL = 60


class Span(Protocol):
    """Anything with a start and an end: a Turn, a turn read back from a project."""

    start: int
    end: int


def label_spans(text: str, turns: Iterable[Span]) -> list[tuple[int, int]]:
    """The label of each turn as (start, end): from the turn's start up to and including the
    first colon on its line that ends the label (one followed by a space or the line end, so the
    colons inside ``[00:12:03] Salma:`` are passed over). A line with no such colon
    (``Jane Doe  0:02``, as some transcription services write a speaker line) is a label as a
    whole when it is short. A table row's label is its speaker's cell (and time cell), up to
    the tab before the words."""
    labels = []
    for turn in turns:
        start = turn.start
        end = label_end(text, start, turn.end)
        if end is not None:
            labels.append((start, end))
    return sorted(labels)


def label_end(text: str, start: int, end: int) -> int | None:
    """The end of the label of the turn text[start:end] (see :func:`label_spans`); None if
    it has none."""
    line_end = text.find("\n", start, end)
    line_end = end if line_end < 0 else line_end
    if start and text[start - 1] != "\n":  # not at a line start: "^" needs the line alone
        line, start_in, end_in = text[start:line_end], 0, line_end - start
    else:  # search the line in place, without copying it
        line, start_in, end_in = text, start, line_end
    m = _LABEL_COLON.search(line, start_in, end_in)
    if text.find("\t", start, line_end) >= 0:
        row = _TABLE_RE.match(line, start_in, end_in)
        if row is not None and (m is None or row.end() <= m.start()):
            return start + row.end() - start_in - 1
    if m is not None:
        return start + m.end() - start_in
    if line_end - start <= _LONGEST_BARE_LABEL and text[start:line_end].strip():
        return line_end
    return None
