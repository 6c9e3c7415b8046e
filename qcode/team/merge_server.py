"""Merging an offline copy back into a server project (``qcode merge URL copy.qcode``).

The merge is the file merge (:mod:`qcode.team.merge`), with what the login may do on the
server taken into account, since the database refuses the rest anyway
(:mod:`qcode.server.rights`): nobody but the database's owner adds coders, so a coder of the
copy is matched by name to the server's coders and never added; a coder (not a lead) brings
only codings whose coder is their own login, new codes, and the memos of their own codings.
Everything else that differs (other coders' new codings, new documents, attribute values,
memos of documents, codes and the project) is counted in the report, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.models import Coder, ProjectInfo
from qcode.team.merge_memos import MemoMerger
from qcode.team.merge_source import SourceReader

_KINDS = {"document": "documents", "code": "codes", "project": "the project",
          "coding": "other coders' codings"}


@dataclass(frozen=True)
class ServerRights:
    """What the merge may write: everything in a file; on a server, what the login may."""

    on_server: bool
    lead: bool
    login: str | None

    @classmethod
    def of(cls, session: Session) -> ServerRights:
        if session.get_bind().dialect.name != "postgresql":
            return cls(on_server=False, lead=True, login=None)
        from qcode.server import members

        login = members.login_role(session)
        return cls(on_server=True, lead=members.rights_of_login(session) == "lead",
                   login=login)

    def allowed_coders(self, session: Session, coder_ids: Mapping[int, int]
                       ) -> frozenset[int] | None:
        """The project coders whose codings may be written (None: any): on a server, coders
        it has (a lead) or the login's own coder (a coder)."""
        if not self.on_server:
            return None
        if self.lead:
            return frozenset(i for i in coder_ids.values() if i > 0)
        own = session.scalar(select(Coder.id).where(Coder.name == self.login))
        return frozenset() if own is None else frozenset({own})


def server_coders(session: Session, source_coders: Mapping[int, str],
                  aliases: Mapping[str, str]) -> tuple[dict[int, int], dict[int, str]]:
    """Source coder id -> the server's coder of that name (after ``aliases``), and project
    coder id -> name. A name the server has no coder of maps to minus the source id: its
    codings are staged like the others and set aside before writing."""
    ours = {name: i for i, name in session.execute(select(Coder.id, Coder.name))}
    ids: dict[int, int] = {}
    names: dict[int, str] = {}
    for source_id, name in source_coders.items():
        wanted = aliases.get(name, name)
        ids[source_id] = ours.get(wanted, -source_id)
        names[ids[source_id]] = wanted
    return ids, names


def withheld_memos(memos: MemoMerger) -> list[str]:
    """Lines for the memos a coder's merge left as they are on the server."""
    out = []
    for kind, count in sorted(memos.withheld.items()):
        what = _KINDS.get(kind, kind)
        out.append(f"{count} memo{'s' * (count != 1)} of {what} differ in the copy and were "
                   "not brought: only a lead changes them")
    return out


def other_project(session: Session, source: SourceReader) -> list[str]:
    """A line when the copy was not made from this project (pull keeps the project's uuid):
    it is merged all the same, as another analyst's project would be."""
    ours = session.scalar(select(ProjectInfo.value).where(ProjectInfo.key == "uuid"))
    theirs = source.info("uuid")
    if theirs is None or theirs == ours:
        return []
    origin = source.info("server_origin")
    whence = f" (pulled from {origin})" if origin else ""
    return [f"{source.path.name}: not a copy of this project{whence}; its documents and codes "
            "are matched by uuid, text or name as another project's would be"]
