"""The regular expressions and word lists of speaker labels (rules in
:mod:`qcode.importers.turns`)."""

from __future__ import annotations

import re

from qcode.importers.timestamps import STAMP, TIME

_TS = TIME
_MARKS = r"\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u0300-\u036f"
_SP = r"[ \t\xa0\u202f]"  # spaces and tabs, no-break spaces (French "Intervieweur :")
_BIDI = r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # invisible direction marks
_EMPH = r"(?:\*\*|__)?"
# A name: a letter, then letters, digits, marks and . ' ’ - & #, words separated by one space,
# at most 40 characters; a word that is a time ("Expert 1 00:02:15") ends it.
_NOT_TIME = rf"(?!{TIME})"
_NAME = rf"[^\W\d_](?:[^\W_]|[{_MARKS}.'’\-&\#]|{_SP}(?=[^\W_]){_NOT_TIME}){{0,39}}"

#: The default speaker label (a verbose, multi-line regular expression).
LABEL_PATTERN = rf"""(?mx)
    ^(?:{_SP}|{_BIDI})*
    (?:(?P<ts_before>[\[(]?{_TS}[\])]?){_SP}*(?:[-–—]{_SP}*)?)?
    {_EMPH}(?P<speaker>{_NAME}){_EMPH}
    (?:
        (?:{_SP}*(?P<ts_after>[\[(]?{_TS}[\])]?))?{_EMPH}{_BIDI}?{_SP}*[:：]{_EMPH}(?=\s|$|[^\W\d_])
      | {_SP}+(?P<ts_alone>[\[(]?{_TS}[\])]?){_SP}*$
    )
"""

#: The patterns used when none are given: one pattern, found in one pass over the text.
DEFAULT_PATTERNS: tuple[str, ...] = (LABEL_PATTERN,)

_CELL_SP = r"[ \xa0\u202f]"  # white space inside a cell: a tab ends the cell
_CELL_NAME = rf"[^\W\d_](?:[^\W_]|[{_MARKS}.'’\-&\#]|{_CELL_SP}(?=[^\W_]){_NOT_TIME}){{0,39}}"

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
# The commonest label, "Name:" or "Name 07:" and a space, as the default pattern matches it
# (a letter, at most 40 letters and digits with one space, no time, no emphasis), in a form
# the regular expression engine matches three times faster; any other line is left to the
# full pattern.
_PLAIN_LABEL = r"(?P<plain>[^\W\d_][^\W_]{0,19}(?:[ ][^\W_]{1,19})?)[:：](?=[ \t\n])"
# Either, just after a line break: a pattern that opens with a literal character is searched
# for with a fast scan for that character, where one opening with "^" is tried at every
# position of the text (that was most of the time of finding turns in a long transcript).
_DEFAULT_AFTER_BREAK_RE = re.compile(
    rf"(?mx)\n(?:{_PLAIN_LABEL}|{LABEL_PATTERN.removeprefix('(?mx)')})")
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
