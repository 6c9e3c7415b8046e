"""Speaker turns: label styles, header lines, prose with colons, custom patterns, invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.errors import InputError
from qcode.importers import read_document
from qcode.importers.turns import DEFAULT_PATTERNS, find_turns


def spans(text: str, patterns=None) -> list[tuple[str, str]]:
    return [(t.speaker, text[t.start:t.end]) for t in find_turns(text, patterns)]


@pytest.mark.parametrize("line, speaker", [
    ("Interviewer: What changed?", "Interviewer"),
    ("Q: What changed?", "Q"),
    ("A: Nothing.", "A"),
    ("Expert 07: Nothing.", "Expert 07"),
    ("E07: Nothing.", "E07"),
    ("[00:12:03] E07: Nothing.", "E07"),
    ("[00:12:03] Salma: Nothing.", "Salma"),
    ("00:12:03 - Salma: Nothing.", "Salma"),
    ("Salma (00:12:03): Nothing.", "Salma"),
    ("Interviewer (00:03:10): What changed?", "Interviewer"),
    ("Interviewer [00:03:10]: What changed?", "Interviewer"),
    ("INTERVIEWER: What changed?", "INTERVIEWER"),
    ("Participant 3: Nothing.", "Participant 3"),
    ("Respondent: Nothing.", "Respondent"),
    ("**Interviewer:** What changed?", "Interviewer"),
    ("**Expert 07**: Nothing.", "Expert 07"),
    ("المحاور: ما الذي تغير؟", "المحاور"),
    ("الخبير: لا شيء.", "الخبير"),
    ("الخبيرة 3: لا شيء.", "الخبيرة 3"),
    ("س: ما الذي تغير؟", "س"),
    ("\u200fالمحاور: ما الذي تغير؟", "المحاور"),
    ("Intervieweur\xa0: Qu'est-ce qui a changé ?", "Intervieweur"),
    ("  Interviewer:   indented label", "Interviewer"),
])
def test_each_label_style_opens_a_turn_at_its_line_start(line, speaker):
    text = f"Interview notes.\n{line}\nSecond line of the turn."
    start = text.index(line)
    assert [(t.speaker, t.start, t.end) for t in find_turns(text)] == [
        (speaker, start, len(text))]


def test_labels_named_twice_count_even_without_a_role():
    text = ("Dr. Salma: The portal was slow.\nAhmed Ben Ali: Why?\n"
            "Dr. Salma: The network.\nAhmed Ben Ali: I see.")
    assert [s for s, _ in spans(text)] == ["Dr. Salma", "Ahmed Ben Ali"] * 2


def test_name_with_a_time_stamp_counts_once():
    text = "Intro.\n[00:01:00] Salma: Hello.\nInterviewer: Hi."
    assert [s for s, _ in spans(text)] == ["Salma", "Interviewer"]


def test_otter_style_name_and_time_on_its_own_line():
    text = "Jane Doe  0:02\nWelcome everyone.\n\nOmar Said  0:09\nThanks."
    assert spans(text) == [("Jane Doe", "Jane Doe  0:02\nWelcome everyone."),
                           ("Omar Said", "Omar Said  0:09\nThanks.")]


HEADED = """Interview 7: e-government services
Date: 14 April 2025
Location: Tripoli
Duration: 55 minutes
Language: English

Interviewer: Thank you for your time. What is the main obstacle?

Expert 07: The problem is this: the network.
Note: it is worse in the south.

Interviewer: And trust?
Expert 07: Low."""


def test_metadata_header_lines_are_not_turns():
    result = spans(HEADED)
    assert [s for s, _ in result] == ["Interviewer", "Expert 07", "Interviewer", "Expert 07"]
    assert result[1][1] == ("Expert 07: The problem is this: the network.\n"
                            "Note: it is worse in the south.")
    assert find_turns(HEADED)[0].start == HEADED.index("Interviewer:")


def test_header_key_is_not_a_speaker_even_when_repeated():
    text = "Date: 1 May\nInterviewer: Hi.\nDate: 2 May\nInterviewer: Hi again."
    assert [s for s, _ in spans(text)] == ["Interviewer", "Interviewer"]


def test_paragraphs_without_label_continue_the_turn_and_text_before_belongs_to_none():
    text = ("Transcribed by the team.\n\nInterviewer: First question?\n\n"
            "Still the interviewer.\n\nExpert 07: Answer.\n\nMore answer.\n\n\n")
    assert spans(text) == [
        ("Interviewer", "Interviewer: First question?\n\nStill the interviewer."),
        ("Expert 07", "Expert 07: Answer.\n\nMore answer."),
    ]


@pytest.mark.parametrize("line", [
    "The problem is this: nobody trusts the portal.",
    "the ministry said: wait.",
    "We had three problems: power, network and staff.",
    "http://example.org: the portal",
    "10:30: the meeting started",
    "At 10:30 the meeting started.",
    "See https://portal.gov.ly/register for details.",
    "One two three four five: too many words for a label.",
    "A very long sentence that goes on and on before it reaches a colon: here",
])
def test_prose_with_colons_is_not_a_label(line):
    text = f"Interviewer: Go on.\n{line}\n{line}"
    assert spans(text) == [("Interviewer", text)]


def test_arabic_interview_with_repeated_labels():
    text = ("المحاور: ما هي التحديات؟\nالخبير: البنية التحتية.\nالمحاور: والثقة؟\n"
            "الخبير: ضعيفة.\nسالم: أضيف شيئاً.\nسالم: انتهيت.")
    assert [s for s, _ in spans(text)] == ["المحاور", "الخبير"] * 2 + ["سالم"] * 2


def test_custom_patterns_replace_the_defaults_and_are_trusted():
    text = "Interviewer: Hi.\n>> Mona | Hello.\n>> Mona | Bye.\nLocation: Tripoli"
    patterns = [r"^>> (?P<speaker>\w+) \|", r"^(?P<speaker>Location):"]
    assert spans(text, patterns) == [
        ("Mona", ">> Mona | Hello."), ("Mona", ">> Mona | Bye."),
        ("Location", "Location: Tripoli"),
    ]


def test_custom_pattern_speaker_is_normalised():
    text = "@ [00:12:03]   E07 : yes"
    assert spans(text, [r"^@ (?P<speaker>.+?):\s"]) == [("E07", text)]


def test_default_patterns_given_explicitly_behave_as_defaults():
    assert find_turns(HEADED, DEFAULT_PATTERNS) == find_turns(HEADED)
    assert find_turns(HEADED, list(DEFAULT_PATTERNS)) == find_turns(HEADED)


@pytest.mark.parametrize("patterns, message", [
    ([r"^(?P<speaker>\w+"], "invalid speaker pattern"),
    ([r"^(\w+):"], "has no group named 'speaker'"),
])
def test_bad_custom_patterns_are_refused_clearly(patterns, message):
    with pytest.raises(InputError, match=message):
        find_turns("A: b", patterns)


def test_read_document_finds_turns_with_custom_patterns(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Intro\r\n#Mona# hello\r\n#Omar# hi\r\n", encoding="utf-8")
    doc = read_document(path, turn_patterns=[r"^#(?P<speaker>\w+)#"])
    assert [(t.speaker, doc.text[t.start:t.end]) for t in doc.turns] == [
        ("Mona", "#Mona# hello"), ("Omar", "#Omar# hi")]


LINE = st.one_of(
    st.sampled_from(["Interviewer: yes", "Q: why", "[00:01:02] E07: no", "Date: today", "",
                     "The problem is this: x", "  ", "Dr. Salma: ok", "المحاور: نعم", "A:"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, max_size=25), st.sampled_from(["\n", "\n\n"]))
def test_turns_are_ordered_disjoint_in_bounds_and_start_with_a_line(lines, sep):
    text = sep.join(lines)
    turns = find_turns(text)
    previous_end = 0
    for turn in turns:
        assert 0 <= previous_end <= turn.start < turn.end <= len(text)
        assert turn.start == 0 or text[turn.start - 1] == "\n"
        assert text[turn.start:turn.end] == text[turn.start:turn.end].rstrip()
        assert turn.speaker and turn.speaker == " ".join(turn.speaker.split())
        previous_end = turn.end
    # Turns cover everything from the first label to the end, except white space between them.
    if turns:
        gaps = [text[a.end:b.start] for a, b in zip(turns, turns[1:], strict=False)]
        assert all(not gap.strip() for gap in gaps + [text[turns[-1].end:]])


def test_arabic_answers_behind_latin_labels_make_a_mixed_document(tmp_path):
    """The label and timestamp are Latin, but the answer is Arabic: the paragraph reads RTL."""
    path = tmp_path / "E07.txt"
    path.write_text("[00:00:05] Interviewer: Can you hear me?\n"
                    "[00:00:10] E07: [laughs] نعم، أسمعك جيداً.\n", encoding="utf-8")
    assert read_document(path).direction == "mixed"
    only_arabic = tmp_path / "E13.txt"
    only_arabic.write_text("Q: ما رأيك؟\nA: الثقة هي الأساس.\n", encoding="utf-8")
    assert read_document(only_arabic).direction == "rtl"
