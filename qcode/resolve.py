"""Finding a code or a document by the name a user typed (on the command line).

People type the short name they see, not the full path: ``Training`` for *Capacity/Training*,
``E07`` for *E07 Interview*. So a typed name is tried against these rules in turn:

* codes: the exact path, or the last parts of a path (a leaf name, or ``Capacity/Training`` for
  *Programme/Capacity/Training*), first as typed, then ignoring case; then the start of a path
  (``Trust/Cred``), as typed, then ignoring case;
* documents: the exact name as typed (then a document id, when the name is a number), then
  ignoring case; then the start of a name, as typed, then ignoring case.

The first rule with a match decides: one match is the answer, several are refused with the
candidates listed. So an exact path wins over a leaf name elsewhere, a name in the case typed
wins over one that matches only ignoring case (``Trust`` is *Trust and credibility/Trust*, not a
top-level *trust*), and a whole name in any case wins over the start of another (``trust`` is
*Trust*, not *trusted sources*). When no rule matches, the error suggests the nearest names, or
for a short name with no near one, names with a word that starts so. (The code picker's
ranking, qcode.code_search, suits partial typing and descriptions; a "did you mean" wants the
name closest to a typo.) Nothing here ever creates a code or a document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz, utils
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import InputError, NotFound
from qcode.models import Code, Document
from qcode.queries import PATH_SEP, code_paths

#: a suggestion scores at least this (rapidfuzz WRatio, 0-100; lower is more noise than help)
SUGGEST_SCORE = 75.0
#: ... and at most this much below the best one
SUGGEST_MARGIN = 5.0
SUGGESTIONS = 3
#: an ambiguous name lists at most this many candidates
LISTED = 10

Rule = Callable[[str, str], bool]  # (typed, candidate) -> matches


def _is_path_end(typed: str, path: str) -> bool:
    return path == typed or path.endswith(PATH_SEP + typed)


def _is_start(typed: str, text: str) -> bool:
    return text.startswith(typed)


#: rules in tiers: a tier is tried as typed, then ignoring case, before the next tier
CODE_RULES: tuple[tuple[Rule, ...], ...] = ((str.__eq__, _is_path_end), (_is_start,))
DOCUMENT_RULES: tuple[tuple[Rule, ...], ...] = ((str.__eq__,), (_is_start,))


def typed_path(text: str) -> str:
    """A typed code path as stored: NFC, no spaces around "/"."""
    text = unicodedata.normalize("NFC", text)
    return PATH_SEP.join(part.strip() for part in text.split(PATH_SEP))


def resolve_code(session: Session, typed: str) -> Code:
    """The code ``typed`` names (see the module docstring); NotFound or InputError otherwise."""
    wanted = typed_path(typed)
    if not wanted:
        raise InputError("no code given (write its path or name, e.g. 'Trust/Credibility')")
    paths = code_paths(session)
    rule, matches = _first_matches(wanted, paths, CODE_RULES)
    if not matches:
        raise NotFound(f"no code {typed!r} in the codebook{_code_hint(wanted, paths)}")
    if rule is _is_start:
        matches = _topmost(matches, paths)
    if len(matches) > 1:
        raise InputError(f"code {typed!r} is ambiguous: {_listing(matches, paths)}")
    return session.get_one(Code, matches[0])


def resolve_document(session: Session, typed: str) -> Document:
    """The document ``typed`` names (see the module docstring); NotFound or InputError otherwise."""
    wanted = unicodedata.normalize("NFC", typed).strip()
    if not wanted:
        raise InputError("no document given (write its name or id)")
    names = dict(session.execute(select(Document.id, Document.name)
                                 .order_by(Document.position, Document.id)).all())
    exact = [i for i, name in names.items() if name == wanted]
    if not exact and wanted.isdigit() and int(wanted) in names:
        exact = [int(wanted)]
    matches = exact or _first_matches(wanted, names, DOCUMENT_RULES)[1]
    if not matches:
        raise NotFound(f"no document named {typed!r}{_document_hint(wanted, names)}")
    if len(matches) > 1:
        raise InputError(f"document {typed!r} is ambiguous: {_listing(matches, names)}")
    return session.get_one(Document, matches[0])


def _first_matches(typed: str, names: dict[int, str], tiers: Sequence[Sequence[Rule]]
                   ) -> tuple[Rule | None, list[int]]:
    """The first rule that matches anything (each tier's rules as typed, then ignoring case),
    and what it matched."""
    folded_typed = typed.casefold()
    folded = {i: name.casefold() for i, name in names.items()}
    for rules in tiers:
        for want, among in ((typed, names), (folded_typed, folded)):
            for rule in rules:
                found = [i for i, name in among.items() if rule(want, name)]
                if found:
                    return rule, found
    return None, []


def _topmost(ids: list[int], paths: dict[int, str]) -> list[int]:
    """``ids`` without the codes below another of them: ``Tru`` means *Trust*, not its children."""
    chosen = {paths[i] for i in ids}
    return [i for i in ids
            if not any(paths[i].startswith(p + PATH_SEP) for p in chosen if p != paths[i])]


def _listing(ids: list[int], names: dict[int, str]) -> str:
    shown = sorted(names[i] for i in ids)
    more = len(shown) - LISTED
    return ", ".join(shown[:LISTED]) + (f" and {more} more" if more > 0 else "")


def _did_you_mean(names: list[str]) -> str:
    if not names:
        return ""
    return "; did you mean " + (names[0] if len(names) == 1
                                else ", ".join(names[:-1]) + " or " + names[-1]) + "?"


def _nearest(scores: dict[str, float]) -> list[str]:
    """The best few names, and only those about as good as the best: one clear winner is
    suggested alone, not with runners-up that merely share a word."""
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    if not ranked or ranked[0][1] < SUGGEST_SCORE:
        return []
    best = ranked[0][1]
    return [name for name, score in ranked[:SUGGESTIONS] if score >= best - SUGGEST_MARGIN]


def _similarity(typed: str, name: str) -> float:
    return fuzz.WRatio(typed, name, processor=utils.default_process)


def _code_hint(typed: str, paths: dict[int, str]) -> str:
    """Codes whose path, or whose last parts (as many as typed), look most like ``typed``."""
    depth = typed.count(PATH_SEP) + 1
    scores = {path: max(_similarity(typed, path),
                        _similarity(typed, PATH_SEP.join(path.split(PATH_SEP)[-depth:])))
              for path in paths.values()}
    return _did_you_mean(_nearest(scores) or _word_starts(typed, scores))


def _document_hint(typed: str, names: dict[int, str]) -> str:
    scores = {name: _similarity(typed, name) for name in names.values()}
    return _did_you_mean(_nearest(scores) or _word_starts(typed, scores))


def _word_starts(typed: str, scores: dict[str, float]) -> list[str]:
    """The names with a word starting with ``typed`` (any case), best first: a short name such
    as ``Re`` is too short for any name to look like it, yet it is how a word begins."""
    starting = re.compile(r"(?<!\w)" + re.escape(typed), re.IGNORECASE)
    found = [name for name in scores if starting.search(name)]
    return sorted(found, key=lambda name: (  # a word of the code's own name first
        starting.search(name.rsplit(PATH_SEP, 1)[-1]) is None, -scores[name], name)
    )[:SUGGESTIONS]
