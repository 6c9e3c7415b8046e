"""Finding a code by typing part of its name: fuzzy ranking for the code picker (Ctrl+K).

Typing is fast and sloppy ("capcity bild" for *Capacity building*), so each code is scored with
rapidfuzz against its own name, its full path and its description, and the best of the three
counts. Names score in full, paths slightly less (a parent's words should not outrank a code
named by the query) and descriptions much less (they are long, so a partial match is cheap).
Ties keep codebook order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from qcode.queries import PATH_SEP

#: weights of the three scores (0-100 each)
NAME_WEIGHT = 1.0
PATH_WEIGHT = 0.95
DESCRIPTION_WEIGHT = 0.7
#: matches scoring below this are not offered
MIN_SCORE = 45.0


@dataclass(frozen=True)
class CodeCandidate:
    """A code as the picker searches it."""

    id: int
    path: str
    description: str = ""

    @property
    def name(self) -> str:
        return self.path.rsplit(PATH_SEP, 1)[-1]


@dataclass(frozen=True)
class CodeMatch:
    code_id: int
    path: str
    score: float


def _text_score(query: str, text: str) -> float:
    return max(fuzz.WRatio(query, text), fuzz.token_set_ratio(query, text))


def score_code(query: str, candidate: CodeCandidate) -> float:
    """How well ``query`` matches a code, 0-100 (see the module docstring)."""
    q = utils.default_process(query)
    if not q:
        return 0.0
    name = utils.default_process(candidate.name)
    path = utils.default_process(candidate.path.replace(PATH_SEP, " "))
    description = utils.default_process(candidate.description)
    scores = [NAME_WEIGHT * _text_score(q, name), PATH_WEIGHT * _text_score(q, path)]
    if description:
        scores.append(DESCRIPTION_WEIGHT * fuzz.partial_ratio(q, description))
    return max(scores)


def rank_codes(query: str, candidates: Sequence[CodeCandidate], *,
               limit: int | None = None, min_score: float = MIN_SCORE) -> list[CodeMatch]:
    """Codes matching ``query``, best first; every code in the given order for an empty query."""
    if not utils.default_process(query):
        found = [CodeMatch(c.id, c.path, 0.0) for c in candidates]
    else:
        scored = [(score_code(query, c), i, c) for i, c in enumerate(candidates)]
        scored = [s for s in scored if s[0] >= min_score]
        scored.sort(key=lambda s: (-s[0], s[1]))
        found = [CodeMatch(c.id, c.path, score) for score, _, c in scored]
    return found if limit is None else found[:limit]


def exact_path_match(text: str, candidates: Sequence[CodeCandidate]) -> CodeCandidate | None:
    """The code whose path is ``text`` (ignoring case and spaces around "/"), if any."""
    wanted = _path_key(text)
    return next((c for c in candidates if _path_key(c.path) == wanted), None)


def _path_key(path: str) -> str:
    return PATH_SEP.join(part.strip().casefold() for part in path.split(PATH_SEP))
