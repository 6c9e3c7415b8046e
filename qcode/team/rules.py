"""The exact definitions of the agreement table, in words: written into every export's manifest
(and the README). The code implements these sentences; the tests check them against counts
made character by character."""

from __future__ import annotations

from qcode.team.options import AgreementOptions

COMMON = [
    "Offsets are Unicode code points of the document text, end exclusive.",
    "A coding counts if it was made on its document's current text (coding version = "
    "document version) by a coder of one of the sides compared; codings of other coders "
    "and codings kept from an earlier text do not count.",
    "A side is one coder, or a group of coders: a unit (or coding) counts as the group's if "
    "any member coded it.",
    "Rows: per code in codebook order, the code pooled over the documents, then one row per "
    "document (every chosen document, coded or not); last the overall row. A pooled row sums "
    "the counts of its rows (the overall row: of every code's pooled row) and computes its "
    "figures from the sums; figures are never averaged.",
]

ROLLUP = ("Roll-up: a code's row takes the codings of the code and of every code below it "
          "as the codings of one code.")
NO_ROLLUP = "No roll-up: a code's row takes only the codings of that code."

UNITS = {
    "character": "Units are the characters of each document (NVivo's unit); a character is "
                 "coded by a side if one of its codings of the row's code covers it.",
    "sentence": "Units are sentences: a sentence ends after a run of . ! ? … ؟ ۔ (and the "
                "CJK and full-width marks) with any closing quotes or brackets, when white "
                "space or the end of the text follows, and at every line break; sentences "
                "are trimmed of white space and white space alone is no unit. A sentence is "
                "coded by a side if any of its characters is.",
    "turn": "Units are speaker turns (cut at the end of the text; where turns overlap, a "
            "turn starts where the ones before it end) and each stretch of text outside "
            "every turn that is not white space alone (the whole text, trimmed, when the "
            "document has no turns). A unit is coded by a side if any of its characters is.",
}

TWO_SIDES = [
    "both = units coded by both A and B; a_only = units coded by A and not B; b_only = "
    "units coded by B and not A; neither = units coded by neither (N = both + a_only + "
    "b_only + neither).",
    "percent = 100 × (both + neither) / N.",
    "kappa (Cohen's, NVivo's definition) = (Po − Pe) / (1 − Pe) with Po = (both + neither) / "
    "N and Pe = (A × B + notA × notB) / N², A = both + a_only, B = both + b_only, notA = "
    "N − A, notB = N − B; kappa = 1 when Pe = 1.",
]

ALPHA = ("alpha (Krippendorff's, nominal): every side gives every unit the value coded (1) or "
         "not (0); with m sides, n = m × N values, k(u) the sides that coded unit u, n1 = "
         "Σ k(u) and n0 = n − n1: alpha = 1 − (n − 1) × Σ k(u)(m − k(u)) / ((m − 1) × n0 × "
         "n1); alpha = 1 when n0 × n1 = 0 (no variation).")
UNDEFINED = ("A figure is empty (null) where it is undefined: no units; percent and kappa "
             "also whenever more than two sides are compared.")
CODED_ONLY = ("Coded only: the units are only those some side coded, so neither = 0 and N = "
              "both + a_only + b_only (the view that stays meaningful when most of the text "
              "is uncoded).")
ALL_UNITS = "All units: N counts every unit of the document, coded or not."


def segment_rules(overlap: float) -> list[str]:
    return [
        "Units are codings (MAXQDA's segment agreement).",
        f"A coding matches a coding of the other side with the same code in the same "
        f"document when they share at least one character and their overlap is at least "
        f"{overlap:g}% of the two spans' union: 100 × overlap ≥ {overlap:g} × (length 1 + "
        f"length 2 − overlap). Matching need not be one-to-one.",
        "agree = A's codings that match a coding of B; a_only = A's codings that match none "
        "of B's; b_only = B's codings that match none of A's.",
        "percent = 100 × agree / (agree + a_only + b_only); empty when there are no codings. "
        "kappa and alpha are not defined for segments (empty).",
    ]


def agreement_rules(options: AgreementOptions) -> list[str]:
    """Every rule that applies to the table ``options`` asks for."""
    rules = [*COMMON, ROLLUP if options.rollup else NO_ROLLUP]
    if options.unit == "segment":
        return rules + segment_rules(options.overlap)
    rules.append(UNITS[options.unit])
    rules.append(CODED_ONLY if options.coded_only else ALL_UNITS)
    if len(options.sides) == 2:
        rules.extend(TWO_SIDES)
    return [*rules, ALPHA, UNDEFINED]
