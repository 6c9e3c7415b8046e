"""The fast turn finder gives exactly what the plain one gave, on random transcripts.

The reference below is the turn finder as it was before it was made fast (one regular
expression tried at every line start, a label object per match, each turn's text copied to
strip it): the rules it applies are the module's own, so any difference is the speed-up's.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.importers import turns as T
from qcode.importers.turns import Turn, find_turns, label_spans


def _labels_of(matches, stamps) -> list[tuple[int, str, bool, float | None]]:
    labels = []
    for m in matches:
        speaker = T.normalise_speaker(m["speaker"])
        if speaker:
            found = [s for s in m.group(*stamps) if s]
            time = T.parse_timestamp(found[0]) if found else None
            labels.append((m.start(), speaker, bool(found), time))
    return labels


def _speakers(labels):
    occurrences: Counter[str] = Counter()
    for name, n in Counter(label[1] for label in labels).items():
        occurrences[T._key(name)] += n
    return [label for label in labels
            if T._is_speaker(label[1], T._key(label[1]), label[2], occurrences[T._key(label[1])])]


def _conversation(rows) -> bool:
    seen: set[str] = set()
    last = None
    for row in rows:
        key = T._key(row[1])
        if key != last and key in seen:
            return True
        seen.add(key)
        last = key
    return False


def reference_turns(text: str) -> list[Turn]:
    """find_turns with the default pattern, as it was written first."""
    labels = _speakers(_labels_of(T._DEFAULT_RE.finditer(text),
                                  ("ts_before", "ts_after", "ts_alone")))
    rows: list = []
    if "\t" in text:
        rows = _speakers(_labels_of(
            (m for m in T._TABLE_RE.finditer(text)
             if m["speaker"].casefold() not in T._TABLE_HEADINGS
             or not T._is_heading_row(text, m.start())), ("ts_before", "ts_after")))
        rows = rows if _conversation(rows) else []
    by_line = {label[0]: label for label in labels}
    by_line.update((row[0], row) for row in rows)
    merged = [by_line[k] for k in sorted(by_line)]
    stops = [label[0] for label in merged[1:]] + [len(text)]
    turns = []
    for (start, speaker, _, time), stop in zip(merged, stops, strict=False):
        end = start + len(text[start:stop].rstrip())
        if end > start:
            turns.append(Turn(speaker, start, end, time))
    return turns


def reference_label_spans(text: str, turns) -> list[tuple[int, int]]:
    labels = []
    for turn in turns:
        line_end = text.find("\n", turn.start, turn.end)
        line_end = turn.end if line_end < 0 else line_end
        line = text[turn.start:line_end]
        m = T._LABEL_COLON.search(line)
        row = T._TABLE_RE.match(line)
        if row is not None and (m is None or row.end() <= m.start()):
            labels.append((turn.start, turn.start + row.end() - 1))
        elif m is not None:
            labels.append((turn.start, turn.start + m.end()))
        elif line.strip() and len(line) <= T._LONGEST_BARE_LABEL:
            labels.append((turn.start, line_end))
    return sorted(labels)


LABELS = st.sampled_from([
    "Interviewer:", "Q:", "A:", "E07:", "Expert 07:", "Dr. Salma:", "Ahmed Ben Ali:",
    "[00:12:03] Salma:", "00:12:03 - Salma:", "Salma (00:12:03):", "Interviewer [00:03:10]:",
    "**Interviewer:**", "**Expert 07**:", "__Q__:", "المحاور:", "الخبيرة 3:", "س:",
    "\u200fالمحاور:", "Intervieweur\xa0:", "  Interviewer:", "\tE07:", "Date:", "Location:",
    "Jane Doe  0:02", "Jane Doe\t0:02", "E07\t", "Interviewer\t", "E12 [00:01:23]\t",
    "00:01:05\tE07\t", "Speaker\tText", "The problem is this:", "http://x.org", "10:30",
    "Q:What", "E_07:", "Expert 07:**", "Name：", "A" * 41 + ":", "A" * 19 + " " + "B" * 19 + ":",
    "A" * 20 + " " + "B" * 19 + ":", "A" * 21 + " " + "B" * 19 + ":", "A" * 30 + ":",
    "A B C:", "one two three four five:", "Salma al-Hadi:",
    "O’Brien:", "P3#:", "Interviewer :", "Interviewer:\u200f", "E07 0:02 more", "",
])
WORDS = st.text(alphabet=" \t:：*_[]()0123456789aQEZé.-’#\xa0\u200f\u064bاب", max_size=12)
LINE = st.builds(lambda label, gap, words: label + gap + words, LABELS,
                 st.sampled_from(["", " ", "  ", "\t", ":", " \t "]), WORDS)
TEXT = st.builds(lambda lines, end: "\n".join(lines) + end, st.lists(LINE, max_size=30),
                 st.sampled_from(["", "\n", " \n ", "\n\n", "\t"]))


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_fast_turns_equal_the_reference_on_random_transcripts(text: str) -> None:
    expected = reference_turns(text)
    assert find_turns(text) == expected
    assert label_spans(text, expected) == reference_label_spans(text, expected)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.lists(st.tuples(st.integers(0, 400), st.integers(0, 400)), max_size=8))
def test_label_spans_of_any_spans_equal_the_reference(text: str, pairs) -> None:
    """Turns read back from a project need not start at a line start (edited text)."""
    spans = [Turn("X", min(a, b, len(text)), min(max(a, b), len(text))) for a, b in pairs]
    assert label_spans(text, spans) == reference_label_spans(text, spans)


def test_a_long_run_of_white_space_at_a_turns_end_is_stripped() -> None:
    text = "Interviewer: Hello." + " " * 100 + "\n" * 50 + "E07: Hi.\t \n"
    assert find_turns(text) == reference_turns(text) == [
        Turn("Interviewer", 0, 19), Turn("E07", 169, 177)]
