"""A survey respondent's open answers as a document: one section per answered question.

The text is, for each non-empty open answer in the columns' order, the question (the column
name as written) on its own line, then the answer; sections are separated by a blank line.
Each answer is a speaker turn whose speaker is the question, so the speaker columns of the
theme matrices give codes x question; the turn covers the answer only (the heading line stays
in the text, before it), so coding by turn, codes x question and the turns' words are the
respondent's, never the question's. A respondent with no open answer gets an empty text (the
document still carries the closed answers, so it counts among those without a code).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence

from qcode.importers.base import ImportedDocument
from qcode.importers.normalise import document_direction, normalise_text
from qcode.importers.turns import Turn

SECTION_GAP = "\n\n"
#: the longest speaker name the project keeps (speaker_turns.speaker)
MAX_SPEAKER = 200


def question_heading(column: str) -> str:
    """The column name as written, on one line (a line break in a header cell is a space)."""
    return " ".join(normalise_text(column).splitlines())


def _answer_text(raw: str) -> str:
    """An answer as the document holds it (normalised as every imported text is, without
    blank lines around it); "" for none. A printable one-line answer in NFC, as most are,
    is normal already: normalisation only drops or replaces characters that are not
    printable (controls, line breaks but LF, BOMs) and composes to NFC."""
    if raw.isprintable() and unicodedata.is_normalized("NFC", raw):
        return raw.strip()
    answer = normalise_text(raw).strip("\n")
    return answer if answer.strip() else ""


def respondent_document(respondent: str, answers: Sequence[tuple[str, str]], source: str
                        ) -> ImportedDocument:
    """The document of respondent ``respondent`` from its (heading, answer) pairs in order,
    each heading a :func:`question_heading`; ``source`` is the survey file's name. Empty
    answers add nothing."""
    parts: list[str] = []
    turns: list[Turn] = []
    position = 0
    for heading, raw in answers:
        answer = _answer_text(raw)
        if not answer:
            continue
        if parts:
            parts.append(SECTION_GAP)
            position += len(SECTION_GAP)
        section = f"{heading}\n{answer}"
        parts.append(section)
        answer_start = position + len(heading) + 1
        turns.append(Turn(heading[:MAX_SPEAKER], answer_start, answer_start + len(answer)))
        position += len(section)
    text = "".join(parts)
    return ImportedDocument(
        name=respondent,
        text=text,
        original_filename=source,
        sha256=respondent_sha256(respondent, text),
        direction=document_direction(text, turns) if text else "ltr",
        turns=tuple(turns),
        format="survey",
    )


def respondent_sha256(respondent: str, text: str) -> str:
    """A respondent's fingerprint: of the id and the text, so two respondents who gave the
    same answers are still two documents (imports skip a document whose sha256 is there)."""
    return hashlib.sha256(f"qcode survey respondent\0{respondent}\0{text}".encode()).hexdigest()
