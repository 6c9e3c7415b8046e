"""What the search panel's scope choosers offer: speakers, code paths, attributes and coders.

Qt-free reads (they take a session the workspace opened); plain frozen data out.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.browse.matrix_cells import AnalysisChoices, analysis_choices
from qcode.models import Code, SpeakerTurn
from qcode.queries import PATH_SEP


@dataclass(frozen=True)
class SearchChoices:
    speakers: tuple[str, ...] = ()
    #: (code id, path) in codebook order (parents before children)
    codes: tuple[tuple[int, str], ...] = ()
    analysis: AnalysisChoices = AnalysisChoices()


def search_choices(session: Session) -> SearchChoices:
    speakers = tuple(session.scalars(select(SpeakerTurn.speaker).distinct()
                                     .order_by(SpeakerTurn.speaker)))
    return SearchChoices(speakers, _code_paths(session), analysis_choices(session))


def _code_paths(session: Session) -> tuple[tuple[int, str], ...]:
    rows = session.execute(select(Code.id, Code.parent_id, Code.name)
                           .order_by(Code.position, Code.id)).all()
    children: dict[int | None, list[tuple[int, str]]] = {}
    for code_id, parent_id, name in rows:
        children.setdefault(parent_id, []).append((code_id, name))
    paths: list[tuple[int, str]] = []

    def walk(parent: int | None, prefix: str) -> None:
        for code_id, name in children.get(parent, ()):
            path = f"{prefix}{PATH_SEP}{name}" if prefix else name
            paths.append((code_id, path))
            walk(code_id, path)

    walk(None, "")
    return tuple(paths)
