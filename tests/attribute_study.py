"""A small survey-like study for the attribute filter and attributes-by-code tests: respondents
with numbers (negatives, floats), a Likert item, a text and a date attribute, some values
missing, and codings by two coders."""

from __future__ import annotations

from tests.analysis_world import Doc, World

YEARS = {1: "10", 2: "9", 3: "-3", 4: "2.5", 5: "-2.5", 6: "100", 7: "0"}  # R8: no value
LIKERT = {1: "5", 2: "4", 3: "4", 4: "1", 5: "3", 6: "5", 8: "2"}  # R7: no answer
MINISTRY = {1: "Health", 2: "Finance", 3: "Health", 4: "=cmd", 5: "Finance", 6: "Health",
            7: "Education", 8: "Finance"}
STARTED = {1: "2019-05-01", 2: "2021-12-31", 3: "2020-01-01", 5: "2018-07-15", 8: "2021-01-09"}
ATTRIBUTES = ((1, "years", "number"), (2, "likert", "number"), (3, "ministry", "text"),
              (4, "started", "date"))

TEXT = "Trust is low. Training matters. The portal works."
#: (document, code, coder): Trust=1, Trust/Credibility=2, Portal=3 (no codings), Training=4
CODINGS = ((1, 1, 1), (1, 2, 2), (2, 2, 1), (3, 1, 1), (3, 1, 2), (4, 4, 2), (5, 2, 1),
           (6, 4, 1), (7, 1, 2), (8, 2, 2), (8, 4, 1))


def _values() -> dict[tuple[int, int], str]:
    values = {}
    for attribute_id, table in ((1, YEARS), (2, LIKERT), (3, MINISTRY), (4, STARTED)):
        values.update({(doc, attribute_id): value for doc, value in table.items()})
    return values


STUDY = World(
    docs=tuple(Doc(i, f"R{i}", TEXT, i) for i in range(1, 9)),
    codes=((1, None, "Trust", 0), (2, 1, "Credibility", 0), (3, None, "Portal", 1),
           (4, None, "Training", 2)),
    coders=((1, "Amal"), (2, "Bashir")),
    attributes=ATTRIBUTES,
    values=_values(),
    turns=(),
    codings=tuple((i + 1, doc, code, coder, 2 * i, 2 * i + 5)
                  for i, (doc, code, coder) in enumerate(CODINGS)),
)
