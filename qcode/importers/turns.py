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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from qcode.errors import InputError
from qcode.importers.timestamps import STAMP, TIME, parse_timestamp

_TS = TIME
_MARKS = r"\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u0300-\u036f"
_SP = r"[ \t\xa0\u202f]"  # spaces and tabs, no-break spaces (French "Intervieweur :")
_BIDI = r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # invisible direction marks
_EMPH = r"(?:\*\*|__)?"
# A name: a letter, then letters, digits, marks and . ' ’ - & #, words separated by one space,
# at most 40 characters.
_NAME = rf"[^\W\d_](?:[^\W_]|[{_MARKS}.'’\-&\#]|{_SP}(?=[^\W_])){{0,39}}"

#: The default speaker label (a verbose, multi-line regular expression).
LABEL_PATTERN = rf"""(?mx)
    ^(?:{_SP}|{_BIDI})*
    (?:(?P<ts_before>[\[(]?{_TS}[\])]?){_SP}*(?:[-–—]{_SP}*)?)?
    {_EMPH}(?P<speaker>{_NAME}){_EMPH}
    (?:
        (?:{_SP}*(?P<ts_after>[\[(]{_TS}[\])]))?{_EMPH}{_BIDI}?{_SP}*[:：]{_EMPH}(?=\s|$|[^\W\d_])
      | {_SP}+(?P<ts_alone>[\[(]?{_TS}[\])]?){_SP}*$
    )
"""

#: The patterns used when none are given: one pattern, found in one pass over the text.
DEFAULT_PATTERNS: tuple[str, ...] = (LABEL_PATTERN,)

_CELL_SP = r"[ \xa0\u202f]"  # white space inside a cell: a tab ends the cell
_CELL_NAME = rf"[^\W\d_](?:[^\W_]|[{_MARKS}.'’\-&\#]|{_CELL_SP}(?=[^\W_])){{0,39}}"

#: A table row's label: the speaker's cell (a time may stand before or after the name, in the
#: same cell or its own), then a tab and words. Not Otter's "Name<TAB>0:02" speaker line.
TABLE_ROW_PATTERN = rf"""(?mx)
    ^(?:{_SP}|{_BIDI})*
    (?:(?P<ts_before>{STAMP}){_SP}*(?:[-–—]{_SP}*)?)?
    {_EMPH}(?P<speaker>{_CELL_NAME}){_EMPH}
    (?:{_SP}*(?P<ts_after>{STAMP}))?
    {_CELL_SP}*[:：]?{_EMPH}{_CELL_SP}*\t
    (?!{_SP}*{STAMP}{_SP}*$)
    (?=[^\n]*?[^\W\d_])
"""

_DEFAULT_RE = re.compile(LABEL_PATTERN)
_TABLE_RE = re.compile(TABLE_ROW_PATTERN)
_TS_RE = re.compile(STAMP)
_BIDI_RE = re.compile(_BIDI)
_ARABIC_MARKS_RE = re.compile(f"[{_MARKS}]")
_ROLE_RE = re.compile(
    r"(?:interviewer|interviewee|respondent|participant|expert|moderator|facilitator"
    r"|researcher|interpreter|translator|speaker|question|answer|[qaipres]"
    r"|intervieweur|intervieweuse|enquêteur|enquêtrice|interviewé|interviewée)"
    r"(?:[ \t]*#?[ \t]*\d+|[ \t]+[a-z])?"
    r"|(?:ال)?(?:محاور|مقابل|باحث|خبير|مشارك|مستجيب|مجيب|سائل|ضيف|مترجم|سؤال|جواب)ة?"
    r"(?:[ \t]*\d+)?|[سج]"
)
_HEADER_WORDS = """
    date time location place venue city country region duration length language languages
    title project study interview transcript transcription transcriber recorded recording
    file filename audio video note notes comment comments subject topic theme session id code
    version page organisation organization institution ministry sector department position
    role gender sex age mode format medium platform consent start end translation source
    keywords summary attendees participants present speakers tags
    التاريخ الوقت المكان المدة اللغة الموضوع ملاحظة ملاحظات المدينة الجنس العمر المؤسسة
    الوظيفة الجهة المنصب العنوان
"""
_HEADER_PHRASES = ("interview id", "interview no", "interview number", "file name",
                   "transcribed by", "recorded by", "start time", "end time", "job title")
_HEADER_KEYS = frozenset(_HEADER_WORDS.split()) | frozenset(_HEADER_PHRASES)
_PARTICLE_WORDS = "al el bin ben ibn bint abu abou de del della der di da dos du la le van von y"
_PARTICLES = frozenset(_PARTICLE_WORDS.split())
#: Column headings of transcript tables: a row of these only is a header row, not a turn.
_HEADING_WORDS = """
    speaker speakers name who role person time timestamp timecode start text words transcript
    transcription utterance utterances content statement dialogue speech said response
    question answer comment comments notes
    المتحدث الاسم الوقت النص الكلام
"""
_TABLE_HEADINGS = (frozenset(_HEADING_WORDS.split())
                   | frozenset({"time stamp", "time code", "what was said"}))


@dataclass(frozen=True)
class Turn:
    """Text [start, end) spoken by ``speaker`` (code points), from its label to the next label."""

    speaker: str
    start: int
    end: int
    #: the time stamp of the label in seconds (None: the label has none)
    time: float | None = None


@dataclass(frozen=True)
class _Label:
    line_start: int
    speaker: str
    timed: bool
    time: float | None = None


def find_turns(text: str, patterns: Sequence[str] | None = None) -> list[Turn]:
    """The speaker turns of ``text`` in order (see the module docstring for the rules)."""
    if patterns is None or tuple(patterns) == DEFAULT_PATTERNS:
        labels = _merged(_speakers(_default_labels(text)), _table_labels(text))
    else:
        labels = _custom_labels(text, [_compile(p) for p in patterns])
    return list(_turns(text, labels))


def normalise_speaker(raw: str) -> str:
    """A label as a speaker name: no time stamps, emphasis marks or extra white space."""
    name = _TS_RE.sub(" ", raw).replace("**", " ").replace("__", " ")
    return " ".join(_BIDI_RE.sub("", name).split()).strip(" -–—:")


def _default_labels(text: str) -> list[_Label]:
    return _labels_of(_DEFAULT_RE.finditer(text), ("ts_before", "ts_after", "ts_alone"))


def _labels_of(matches: Iterable[re.Match[str]], stamps: tuple[str, ...]) -> list[_Label]:
    names: dict[str, str] = {}  # labels recur: normalise each spelling once
    no_stamp = (None,) * len(stamps)
    labels = []
    for m in matches:
        raw = m["speaker"]
        speaker = names.get(raw)
        if speaker is None:
            speaker = names[raw] = normalise_speaker(raw)
        if speaker:
            found = m.group(*stamps)
            if found == no_stamp:
                labels.append(_Label(m.start(), speaker, False))
            else:
                time = parse_timestamp(next(filter(None, found)))
                labels.append(_Label(m.start(), speaker, True, time))
    return labels


def _table_labels(text: str) -> list[_Label]:
    """Row labels of transcript tables, when the document has them consistently."""
    if "\t" not in text:
        return []
    rows = _speakers(_labels_of((m for m in _TABLE_RE.finditer(text)
                                 if m["speaker"].casefold() not in _TABLE_HEADINGS
                                 or not _is_heading_row(text, m.start())),
                                ("ts_before", "ts_after")))
    return rows if _is_conversation(rows) else []


def _is_conversation(rows: list[_Label]) -> bool:
    """Whether some speaker speaks again after another did (A, B, A): a dialogue, not a
    table of facts (each role once) nor a list of lines that open with the same word."""
    seen: set[str] = set()
    last = None
    for label in rows:
        key = _key(label.speaker)
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
    by_line = {label.line_start: label for label in labels}
    by_line.update((label.line_start, label) for label in rows)
    return [by_line[k] for k in sorted(by_line)]


def _speakers(labels: list[_Label]) -> list[_Label]:
    """The labels that count as speakers (rule in the module docstring)."""
    occurrences: Counter[str] = Counter()
    for name, n in Counter(label.speaker for label in labels).items():
        occurrences[_key(name)] += n
    verdicts: dict[tuple[str, bool], bool] = {}
    kept = []
    for label in labels:
        verdict = verdicts.get((label.speaker, label.timed))
        if verdict is None:
            key = _key(label.speaker)
            verdict = _is_speaker(label.speaker, key, label.timed, occurrences[key])
            verdicts[label.speaker, label.timed] = verdict
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
            by_line.setdefault(line_start, _Label(line_start, speaker, False, time))
    return [by_line[k] for k in sorted(by_line)]


def _turns(text: str, labels: list[_Label]) -> Iterable[Turn]:
    """Each label's turn runs to the next label, trailing white space excluded."""
    stops = [label.line_start for label in labels[1:]] + [len(text)]
    for label, stop in zip(labels, stops, strict=False):
        end = label.line_start + len(text[label.line_start:stop].rstrip())
        if end > label.line_start:
            yield Turn(label.speaker, label.line_start, end, label.time)


_LABEL_COLON = re.compile(r"[:：](?=\s|$)")
_LONGEST_BARE_LABEL = 60


class _Span(Protocol):
    start: int
    end: int


def label_spans(text: str, turns: Iterable[_Span]) -> list[tuple[int, int]]:
    """The label of each turn as (start, end): from the turn's start up to and including the
    first colon on its line that ends the label (one followed by a space or the line end, so the
    colons inside ``[00:12:03] Salma:`` are passed over). A line with no such colon
    (``Jane Doe  0:02``, as some transcription services write a speaker line) is a label as a
    whole when it is short. A table row's label is its speaker's cell (and time cell), up to
    the tab before the words."""
    labels = []
    for turn in turns:
        line_end = text.find("\n", turn.start, turn.end)
        line_end = turn.end if line_end < 0 else line_end
        line = text[turn.start:line_end]
        m = _LABEL_COLON.search(line)
        row = _TABLE_RE.match(line)
        if row is not None and (m is None or row.end() <= m.start()):
            labels.append((turn.start, turn.start + row.end() - 1))
        elif m is not None:
            labels.append((turn.start, turn.start + m.end()))
        elif line.strip() and len(line) <= _LONGEST_BARE_LABEL:
            labels.append((turn.start, line_end))
    return sorted(labels)
