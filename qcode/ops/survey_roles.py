"""On re-import, the columns a survey's first import placed keep their role.

A column is known as *open* when its question heads a speaker turn of some survey document, and
as *closed* when survey documents have a value of the attribute of its name. Its role is not
proposed again: a later file with longer answers would otherwise turn a closed column open
(a new section in every existing respondent's text, and attributes left behind), and choosing
``--open`` for a closed column would rewrite every respondent's text. Only new columns are
proposed (or taken from ``--open``). A role the user chose that contradicts a known one is
refused, naming the column.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.errors import InputError
from qcode.importers.survey_columns import Role
from qcode.importers.survey_documents import MAX_SPEAKER, question_heading
from qcode.importers.survey_table import SurveyTable
from qcode.models import Attribute, DocumentAttribute, SpeakerTurn
from qcode.ops.survey_attributes import SOURCE, SURVEY

_WHAT = {"open": "open (its answers are the respondents' texts)",
         "closed": "closed (an attribute)"}


def known_roles(session: Session, table: SurveyTable, id_column: str) -> dict[str, Role]:
    """The role an earlier import gave each of ``table``'s columns (other than the id) that
    the project's survey documents already hold; columns new to them are left out."""
    survey = (select(DocumentAttribute.document_id)
              .join(Attribute, Attribute.id == DocumentAttribute.attribute_id)
              .where(func.lower(Attribute.name) == SOURCE, DocumentAttribute.value == SURVEY))
    speakers = set(session.scalars(select(SpeakerTurn.speaker).distinct()
                                   .where(SpeakerTurn.document_id.in_(survey))))
    if not speakers and not session.scalar(select(survey.exists())):
        return {}
    attributes = {name.casefold() for name in session.scalars(
        select(Attribute.name).join(DocumentAttribute,
                                    DocumentAttribute.attribute_id == Attribute.id)
        .where(DocumentAttribute.document_id.in_(survey)).distinct())}
    roles: dict[str, Role] = {}
    for column in table.header:
        if column == id_column:
            continue
        if question_heading(column)[:MAX_SPEAKER] in speakers:
            roles[column] = "open"
        elif column.casefold() in attributes and column.casefold() != SOURCE:
            roles[column] = "closed"
    return roles


def keep_known_roles(roles: Mapping[str, Role], known: Mapping[str, Role],
                     chosen: frozenset[str], table: SurveyTable) -> dict[str, Role]:
    """``roles`` with each known column's role put back; InputError naming the first column
    whose role was chosen (``chosen``) against the one it has."""
    out = dict(roles)
    for column, role in known.items():
        if out.get(column, "closed") == role:
            continue
        if column in chosen:
            raise InputError(
                f"column {column!r} was imported as {_WHAT[role]}; a re-import keeps each "
                f"column's role, so it cannot be made {out.get(column, 'closed')} now",
                path=table.source)
        out[column] = role
    return out
