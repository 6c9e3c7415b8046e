"""The exact counting rules of every table, in words: written into each export's manifest.

Tools disagree on what a cell counts (references, code-quotation links, documents counted once),
so every export states its own rules. These sentences are the definitions the code implements
and the tests check against brute-force counts.
"""

from __future__ import annotations

from qcode.analysis.options import CooccurrenceOptions, MatrixOptions, SegmentOptions

COMMON = [
    "Offsets are Unicode code points of the document text, end exclusive.",
    "Rows are codes in codebook order: depth first, siblings by position then id.",
    "A coding counts if its coder is one of the chosen coders (all coders if none are chosen) "
    "and its document passes the attribute filters.",
    "Attribute filters (ATTRIBUTE=VALUE) keep the documents whose stored value equals one of "
    "the values given for that attribute, for every attribute named (AND across attributes, "
    "OR within one attribute). Columns and coverage denominators use the kept documents only.",
    "Comparisons (ATTRIBUTE!=VALUE, <, <=, >, >=) keep, in addition, the documents whose value "
    "passes every one of them: a number attribute's values compared as numbers, a date "
    "attribute's as ISO text (YYYY-MM-DD), a text or choice attribute's by != only; a document "
    "without a value for the attribute passes none.",
]

MEASURES = {
    "segments": "segments: the number of codings of the row's code(s) in the column.",
    "documents": "documents: the number of documents of the column with at least one coding "
                 "of the row's code(s) (0 or 1 in a document column).",
    "characters": "characters: per document, the length of the union of the spans of the row's "
                  "codings (text coded twice, by overlapping codings or several coders, counts "
                  "once), summed over the column's documents.",
    "words": "words: per document, the number of words having at least one character in the "
             "union of the spans of the row's codings, summed over the column's documents. A "
             "word is a maximal run of word characters (Python regex \\w) and combining marks "
             "(Unicode Mn, Mc, Me); a word cut by a span's edge counts once.",
    "coverage": "coverage: characters (as above) as a percentage of the column's characters: "
                "the document's text length, the total length of the attribute value's "
                "documents, or the total length of the speaker's regions. Empty when the "
                "column has no characters.",
}

COLUMNS = {
    "documents": "Columns are documents in document order (position, then id).",
    "attribute": "Columns are the values of the attribute among the kept documents (numbers by "
                 "value, other types by code point order), then \"(missing)\" for the "
                 "documents without a value.",
    "speakers": "Columns are speakers, by first appearance (document order, then position in "
                "the document), then \"(no speaker)\" for text outside every turn. A coding "
                "belongs to the speaker of the turn containing its start (turn.start <= "
                "start < turn.end; if turns overlap, the turn starting last, then the lower "
                "turn id); a coding starting outside every turn belongs to \"(no speaker)\". "
                "segments and documents count codings by that rule. characters, words and "
                "coverage count the coded text inside the speaker's regions (the union of the "
                "speaker's turns, cut at the end of the text; \"(no speaker)\": the text "
                "outside every turn), so a coding that runs into the next turn adds its text "
                "to both speakers.",
}

ROLLUP = ("Roll-up: a code's row counts the codings of the code and of all codes below it, as "
          "one set: segments = codings in the subtree, documents = documents with any of them, "
          "characters and words over the union of all their spans.")
NO_ROLLUP = "No roll-up: a code's row counts only the codings of that code."

TOTALS = {
    "segments": "Totals: row total = the row's codings in all kept documents; column total = "
                "the column's codings of any code, each coding once; grand total = all codings "
                "counted.",
    "documents": "Totals: row total = distinct documents with a coding of the row's code(s); "
                 "column total = documents of the column with a coding of any code; grand "
                 "total = documents with any coding. A document is never counted twice.",
    "characters": "Totals: row total = per document the union of the row's spans (not cut to "
                  "speakers), summed; column total = per document the union of the spans of "
                  "every code in the column, summed; grand total = per document the union of "
                  "every counted span, summed. Overlaps between codes count once.",
    "words": "Totals: as for characters, counting the words met by each union.",
    "coverage": "Totals: row total = row-total characters as a percentage of all kept "
                "documents' characters; column total = column-total characters as a "
                "percentage of the column's characters; grand total = grand-total characters "
                "as a percentage of all kept documents' characters.",
}

PERCENT = {
    "row": "Cells are percentages of their row total (as defined above); the totals stay "
           "counts.",
    "column": "Cells are percentages of their column total (as defined above); the totals "
              "stay counts.",
}

NUMBERS = ("Counts are whole numbers. Percentages are 100 * part / whole, computed in IEEE "
           "doubles and exported rounded to 2 decimal places (to the nearest of the exact "
           "binary value, ties to even). An empty cell is a percentage of nothing.")


def matrix_rules(options: MatrixOptions) -> list[str]:
    base = "characters" if options.measure == "coverage" else options.measure
    out = [*COMMON, COLUMNS[options.columns], MEASURES[options.measure]]
    if options.measure == "coverage":
        out.append(MEASURES["characters"])
    out.append(ROLLUP if options.rollup else NO_ROLLUP)
    if options.totals or options.percent:
        out.append(TOTALS[options.measure])
        if options.measure == "coverage":
            out.append(TOTALS[base])
    if options.percent:
        out.append(PERCENT[options.percent])
    out.append(NUMBERS)
    return out


COOCCURRENCE_MODES = {
    "overlap": "Two codings co-occur when they are in the same document and their spans "
               "share at least one character.",
    "turn": "Two codings co-occur when both belong to the same speaker turn (the turn "
            "containing each coding's start, as for speaker columns); codings outside every "
            "turn never co-occur.",
    "near": "Two codings co-occur when they are in the same document and at most {n} "
            "characters lie between their spans (overlapping or touching spans: 0).",
}

COOCCURRENCE_MEASURES = {
    "segments": "A cell counts the pairs of codings, one of each code, that co-occur; each "
                "unordered pair once.",
    "documents": "A cell counts the documents with at least one co-occurring pair of codings, "
                 "one of each code.",
}


def cooccurrence_rules(options: CooccurrenceOptions) -> list[str]:
    return [
        *COMMON,
        COOCCURRENCE_MODES[options.mode].format(n=options.distance),
        "Only codings of different codes pair up; codings of any coders pair up (unless "
        "coders are chosen). Codes are not rolled up.",
        COOCCURRENCE_MEASURES[options.measure],
        "The matrix is symmetric; the diagonal is empty.",
    ]


def segments_rules(options: SegmentOptions) -> list[str]:
    chosen = ("Codes: the chosen codes and every code below them." if options.codes
              else "Codes: all.")
    return [
        *COMMON,
        chosen,
        "One row per coding, ordered by code (codebook order), document (document order), "
        "start, end, then coding id.",
        "speaker: the speaker of the turn containing the coding's start (empty if none).",
        "time: the time stamp of that turn's label, as hh:mm:ss from the start of the "
        "recording (empty if none); the last column.",
        "Attribute columns hold each document's stored value (empty: no value).",
    ]
