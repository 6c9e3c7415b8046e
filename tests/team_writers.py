"""The analysts of tests/test_server_concurrency.py: each runs in its own process (spawned,
so this module imports only what a process needs: no pytest plugins, no hypothesis) and writes
to the project for a while, logging what was saved, what was removed and what was refused."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from threading import Barrier

#: seconds every analyst writes, once all are connected; a busy machine gets up to three
#: times as long for each analyst to make at least GESTURES changes
WRITING = 3.0
GESTURES = 12


def analyst(url: str, login: str, plan: dict, seed: int, start: Barrier, log: str) -> None:
    """One analyst's process: codes, removes their own codings and (the lead) edits codes
    until the time is up; logs what was saved, what was removed and what was refused."""
    from qcode.ops.coders import coder_id_named
    from qcode.project import Project

    pick = random.Random(seed)
    saved: list[int] = []
    removed: list[int] = []
    refused: list[str] = []
    with Project.open(url) as project:
        with project.reading() as s:
            me = coder_id_named(s, login)
        start.wait(timeout=120)
        began = time.monotonic()
        gestures = 0
        while _writing(time.monotonic() - began, gestures):
            gestures += 1
            try:
                _one_gesture(project, pick, plan, me, plan["edits"].get(login, ""),
                             saved, removed)
            except Exception as exc:  # noqa: BLE001 - a refusal or a crash: both are told
                refused.append(f"{type(exc).__name__}: {exc}")
    Path(log).write_text(json.dumps({"saved": saved, "removed": removed, "refused": refused}))


def _writing(elapsed: float, gestures: int) -> bool:
    return elapsed < WRITING or (gestures < GESTURES and elapsed < 3 * WRITING)


def _one_gesture(project, pick: random.Random, plan: dict, me: int,  # noqa: ANN001
                 edits: str, saved: list[int], removed: list[int]) -> None:
    """A coding added or removed, or (``edits``) a code edited or moved ("codebook": the
    lead), or a coding recoded ("recodes"). One analyst recodes: a recode marks two (code,
    document) pairs stale, and two recodes crossing them may deadlock in the triggers (one is
    refused, "try again"), which is not what this test is about."""
    from qcode.ops.codings import add_coding, remove_coding

    roll = pick.random()
    kept = sorted(set(saved) - set(removed))
    share = {"": 0.0, "recodes": 0.6, "codebook": 0.4}[edits]
    if roll < share:
        _edit_codes(project, pick, plan, kept, roll if edits == "codebook" else 1.0)
    elif kept and roll < 0.3 + share * 5 / 7:
        coding = pick.choice(kept)
        project.run(lambda s: remove_coding(s, coding_id=coding))
        removed.append(coding)  # only once the removal committed
    else:
        document = pick.choice(sorted(plan["documents"]))
        length = plan["documents"][document]
        begin = pick.randrange(length - 1)
        code, end = pick.choice(plan["codes"]), min(length, begin + pick.randint(1, 40))
        changes = project.run(lambda s: add_coding(s, document_id=document, code_id=code,
                                                   coder_id=me, start=begin, end=end))
        saved.extend(changes.codings)  # only once the transaction committed


def _edit_codes(project, pick: random.Random, plan: dict, kept: list[int],  # noqa: ANN001
                roll: float) -> None:
    """By ``roll``, a code recoloured or described, a code moved to the other theme (the
    roll-up rows of both themes change in every document), or (from 0.4) one of the analyst's
    codings recoded (as a lead may with SQL: the codes' islands change, not the document's).
    Run with ``project.run``: an edit broken off by a deadlock is tried again, as in the app."""
    code = pick.choice(plan["codes"])
    colour, seen = f"#{pick.randrange(1 << 24):06x}", f"seen {pick.random()}"
    theme, chosen = pick.choice(plan["themes"]), pick.choice(kept) if kept else None
    project.run(lambda s: _edit(s, roll, code, colour, seen, theme, chosen, plan["mover"]))


def _edit(s, roll: float, code: int, colour: str, seen: str, theme: int,  # noqa: ANN001
          chosen: int | None, mover: int) -> None:
    """One edit of :func:`_edit_codes` in the transaction ``s``."""
    from sqlalchemy import select, update

    from qcode.models import Coding
    from qcode.ops.codebook import move_code
    from qcode.ops.codebook_fields import describe_code, recolour_code

    if roll < 0.05:
        recolour_code(s, code_id=code, colour=colour)
    elif roll < 0.1:
        describe_code(s, code_id=code, description=seen)
    elif roll < 0.4:
        move_code(s, code_id=mover, parent_id=theme)
    elif chosen is not None:
        coding = s.get(Coding, chosen)
        twin = s.scalar(select(Coding.id).filter_by(
            document_id=coding.document_id, code_id=code, coder_id=coding.coder_id,
            start=coding.start, end=coding.end))
        if twin is None:  # the same passage, code and coder twice would count twice
            s.execute(update(Coding).where(Coding.id == coding.id).values(code_id=code))
