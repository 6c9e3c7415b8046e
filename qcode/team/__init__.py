"""Team work without Qt: agreement between coders and groups of coders (:mod:`.agreement`).

    with project.reading() as s:
        table = measure_agreement(s, AgreementOptions(coders=("Amal", "Omar"),
                                                      unit="sentence", coded_only=True))

Agreement is computed over span intervals (unions and their overlaps swept in order), never
character by character; every formula is in :mod:`qcode.team.rules`.
"""

from __future__ import annotations
