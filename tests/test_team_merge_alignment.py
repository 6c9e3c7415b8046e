"""Placing a coded passage of one text in another (a corrected transcript, another copy's
text): never on text that differs from what was coded, and found even where it repeats."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from qcode.models import Coding
from qcode.ops.codings import add_coding
from qcode.ops.document_text import replace_document_text
from qcode.ops.text_alignment import TextAlignment
from tests.factories import add_code, add_coder, add_doc

WORDS = ("yes", "the", "ministry", "trust", "portal", "الثقة", "👩‍💻", "is", "low", ".", "\n")


@st.composite
def edited(draw) -> tuple[str, str, int, int]:
    """A text, the text after random edits (words inserted, deleted, replaced, a stretch
    moved), and a span of the first."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
    new = list(words)
    for kind, at, other in draw(st.lists(st.tuples(
            st.sampled_from(("insert", "delete", "replace", "move")),
            st.integers(0, 60), st.integers(0, 60)), max_size=5)):
        at %= len(new) + 1
        if kind == "insert":
            new.insert(at, WORDS[other % len(WORDS)])
        elif new and kind == "delete":
            del new[at % len(new)]
        elif new and kind == "replace":
            new[at % len(new)] = WORDS[other % len(WORDS)]
        elif new:
            a, b = sorted((at % len(new), other % len(new)))
            chunk, new = new[a:b + 1], new[:a] + new[b + 1:]
            new[len(new) // 2:len(new) // 2] = chunk
    old_text, new_text = " ".join(words), " ".join(new)
    start = draw(st.integers(0, len(old_text) - 1))
    end = draw(st.integers(start + 1, len(old_text)))
    return old_text, new_text, start, end


@settings(max_examples=300, deadline=None)
@given(edited())
def test_a_placed_passage_is_always_exactly_the_text_that_was_coded(case):
    old, new, start, end = case
    placed = TextAlignment(old, new).place(start, end)
    if placed is not None:
        assert new[placed[0]:placed[1]] == old[start:end]
    if old == new:
        assert placed == (start, end)


OLD = "Expert: yes. We trust the portal, yes, when it works, and we use it every single day."
NEW = "Expert: well, yes. We trust the new portal, yes, when it works, and use it daily."


def test_a_corrected_transcript_keeps_a_coding_on_a_passage_that_occurs_twice(project):
    """The second 'yes' occurs twice in both texts: only the alignment says which it is."""
    second = OLD.index("yes", OLD.index("yes") + 1)
    with project.transaction() as s:
        doc = add_doc(s, "E01", OLD)
        add_coding(s, document_id=doc, code_id=add_code(s, "Agreement"),
                   coder_id=add_coder(s), start=second, end=second + 3)
    with project.transaction() as s:
        replace_document_text(s, document_id=doc, text=NEW)
    with project.reading() as s:
        start, end, version = s.execute(select(Coding.start, Coding.end, Coding.version)).one()
    expected = NEW.index("yes", NEW.index("yes") + 1)
    assert (start, end, version) == (expected, expected + 3, 2)


def test_a_deleted_repeat_of_a_passage_is_not_moved_onto_the_other_one():
    old = "I said we trust the donors. Then, we trust the donors, he repeated."
    new = "I said we trust the donors. Then he stopped."
    second = old.index("we trust the donors", 10)
    assert TextAlignment(old, new).place(second, second + 19) is None  # unplaced, not [7, 26)
    assert TextAlignment(old, new).place(7, 26) == (7, 26)


def test_text_added_before_a_repeated_passage_moves_it_to_the_same_occurrence():
    old, new = "aaa yes bbb yes ccc", "Intro:  aaa yes bbb yes ccc"
    assert TextAlignment(old, new).place(12, 15) == (20, 23)  # the second "yes" stays second
    assert TextAlignment(old, new).place(4, 7) == (12, 15)
