"""Corpus search (qcode.search.search) over a real project file: hits equal an independent
computation (documents in order, scoped by attribute, document, speaker turns and coded
passages), offsets slice the stored text, fuzzy hits are ranked, errors are one line."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.analysis.options import Filters
from qcode.errors import Cancelled, InputError, NotFound
from qcode.models import Attribute, Code, Coder, Coding, Document, DocumentAttribute, SpeakerTurn
from qcode.ops.codings import add_coding
from qcode.project import Project
from qcode.search import SearchQuery, search
from tests import search_brute
from tests.factories import add_code, add_coder

WORDS = ("capacity", "Capacity", "CAPACITÉ", "budget", "ministry's", "e-government",
         "الحكومة", "الحُكومةُ", "الحكــومة", "أعلن", "إعلان", "اعلن", "على", "علي", "ٱلدولة",
         "café", "cafe\u0301", "😀", "👍🏽", "1", "x")
SPEAKERS = ("Interviewer", "Amal")
ROLES = ("Academic", "IT director")


def _text(rnd: random.Random) -> str:
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(0, 40))]
    return "".join(w + rnd.choice(("", " ", " ", ", ", "\n")) for w in words)


def _build(path: Path) -> dict:
    project = Project.create(path)
    facts = fill(project)
    project.close()
    return facts


def fill(project: Project) -> dict:
    """Eight documents with turns, codings of two coders (one on an earlier text) and roles;
    returns the same facts as plain data for the expected hits."""
    rnd = random.Random(14)
    facts: dict = {"docs": [], "turns": [], "codings": [], "role": {}}
    with project.transaction() as s:
        trust, other = Code(name="Trust"), Code(name="Other")
        amal, omar = Coder(name="Amal"), Coder(name="Omar")
        role = Attribute(name="role", type="text")
        s.add_all([trust, other, amal, omar, role])
        s.flush()
        for i in range(8):
            text = _text(rnd)
            doc = Document(name=f"D{i}", text=text, position=rnd.randint(0, 3),
                           sha256=hashlib.sha256(text.encode()).hexdigest(),
                           version=2 if i == 5 else 1)
            s.add(doc)
            s.flush()
            facts["docs"].append((doc.id, doc.name, text, doc.position))
            value = ROLES[i % 2]
            s.add(DocumentAttribute(document_id=doc.id, attribute_id=role.id, value=value))
            facts["role"][doc.id] = value
            cuts = sorted({0, len(text), *(rnd.randint(0, len(text)) for _ in range(3))})
            for k, (start, end) in enumerate(zip(cuts, cuts[1:], strict=False)):
                if end > start and rnd.random() < 0.8:
                    speaker = SPEAKERS[k % 2]
                    s.add(SpeakerTurn(document_id=doc.id, speaker=speaker, start=start, end=end))
                    facts["turns"].append((doc.id, speaker, start, end))
            for _ in range(rnd.randint(0, 4) if text else 0):
                start = rnd.randint(0, len(text) - 1)
                end = rnd.randint(start + 1, len(text))
                code, coder = rnd.choice((trust, other)), rnd.choice((amal, omar))
                version = 1 if i == 5 and rnd.random() < 0.5 else doc.version
                s.add(Coding(document_id=doc.id, code_id=code.id, coder_id=coder.id,
                             start=start, end=end, version=version))
                if version == doc.version:
                    facts["codings"].append((doc.id, code.name, coder.name, start, end))
    return facts


@pytest.fixture(scope="module")
def world(tmp_path_factory):  # noqa: ANN001, ANN201
    path = tmp_path_factory.mktemp("corpus") / "study.qcode"
    facts = _build(path)
    project = Project.open(path)
    yield project, facts
    project.close()


def _stretches(facts: dict, doc_id: int, length: int, query: SearchQuery):
    """Maximal runs of characters in scope, from a mask of the text."""
    inside = [True] * length
    if query.speaker is not None:
        said = [False] * length
        for d, speaker, start, end in facts["turns"]:
            if d == doc_id and speaker == query.speaker:
                said[start:end] = [True] * (end - start)
        inside = [a and b for a, b in zip(inside, said, strict=True)]
    if query.code is not None:
        coded = [False] * length
        for d, code, coder, start, end in facts["codings"]:
            if d == doc_id and code == query.code and (
                    not query.filters.coders or coder in query.filters.coders):
                coded[start:end] = [True] * (end - start)
        inside = [a and b for a, b in zip(inside, coded, strict=True)]
    runs, start = [], None
    for i, flag in enumerate([*inside, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    return runs


def expected_hits(facts: dict, query: SearchQuery) -> list[tuple[str, int, int, str | None]]:
    wanted_roles = {v for _, v in query.filters.where}
    hits = []
    for doc_id, name, text, _ in sorted(facts["docs"], key=lambda d: (d[3], d[0])):
        if wanted_roles and facts["role"][doc_id] not in wanted_roles:
            continue
        if query.document_ids is not None and doc_id not in query.document_ids:
            continue
        for lo, hi in _stretches(facts, doc_id, len(text), query):
            for start, end in search_brute.exact(
                    text[lo:hi], query.text, whole_words=query.whole_words,
                    case_sensitive=query.case_sensitive, normalised=query.normalise):
                speaker = next((sp for d, sp, s, e in facts["turns"]
                                if d == doc_id and s <= lo + start < e), None)
                hits.append((name, lo + start, lo + end, speaker))
    return hits


queries = st.builds(
    SearchQuery, text=st.sampled_from(["capacity", "CAPACITE", "الحكومة", "اعلن", "علي",
                                       "cafe", "ca", "e", "👍", "y's", "ا", "الدولة"]),
    whole_words=st.booleans(), case_sensitive=st.booleans(), normalise=st.booleans(),
    speaker=st.sampled_from([None, "Amal", "Interviewer"]),
    code=st.sampled_from([None, "Trust"]),
    filters=st.sampled_from([Filters(), Filters(where=(("role", "Academic"),)),
                             Filters(coders=("Omar",))]),
    document_ids=st.sampled_from([None, (1, 3, 5, 6)]),
    context=st.integers(0, 12))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries)
def test_hits_equal_an_independent_computation(world, query):
    project, facts = world
    with project.reading() as s:
        result = search(s, query)
    texts = {name: text for _, name, text, _ in facts["docs"]}
    assert [(h.document, h.start, h.end, h.speaker) for h in result.hits] == \
        expected_hits(facts, query)
    assert result.total == len(result.hits)
    for hit in result.hits:
        text = texts[hit.document]
        assert hit.text == text[hit.start:hit.end]
        assert hit.left == text[max(0, hit.start - query.context):hit.start]
        assert hit.right == text[hit.end:hit.end + query.context]


def test_limit_caps_the_hits_and_total_counts_them_all(world):
    project, facts = world
    with project.reading() as s:
        every = search(s, SearchQuery("capacity"))
        some = search(s, SearchQuery("capacity"), limit=3)
    assert every.total > 3 and len(every.hits) == every.total
    assert some.hits == every.hits[:3] and some.total == every.total and some.truncated
    assert every.documents == 8


def test_regular_expressions_run_on_the_stored_text_of_each_document(world):
    project, facts = world
    with project.reading() as s:
        result = search(s, SearchQuery(r"\bcap\w+", mode="regex"))
    expected = [(name, m.start(), m.end())
                for _, name, text, _ in sorted(facts["docs"], key=lambda d: (d[3], d[0]))
                for m in regex.finditer(r"\bcap\w+", text, regex.IGNORECASE | regex.V0)]
    assert [(h.document, h.start, h.end) for h in result.hits] == expected
    assert all(h.text.casefold().startswith("cap") for h in result.hits)


def test_a_regex_anchors_at_lines_and_keeps_to_whole_words_when_asked(world):
    """^ and $ at each line (a transcript's turns start lines); --whole-words keeps a regex
    hit from starting or ending inside a word, as it does an exact one."""
    project, facts = world
    docs = sorted(facts["docs"], key=lambda d: (d[3], d[0]))
    with project.reading() as s:
        lines = search(s, SearchQuery(r"^\w+", mode="regex"))
        whole = search(s, SearchQuery("apacit", mode="regex", whole_words=True))
        exact = search(s, SearchQuery("capacity", mode="regex", whole_words=True))
    expected = [(name, m.start(), m.end()) for _, name, text, _ in docs
                for m in regex.finditer(r"(?m)^\w+", text, regex.IGNORECASE | regex.V0)]
    assert [(h.document, h.start, h.end) for h in lines.hits] == expected
    assert any(h.start > 0 for h in lines.hits)  # a line after the first
    assert whole.total == 0
    assert exact.total == sum(len(regex.findall(r"(?<!\w)capacity(?!\w)", text, regex.I))
                              for _, _, text, _ in docs) > 0


def _small_project(path: Path, texts: dict[str, str]) -> Project:
    project = Project.create(path)
    with project.transaction() as s:
        for position, (name, text) in enumerate(texts.items()):
            s.add(Document(name=name, text=text, position=position,
                           sha256=hashlib.sha256(text.encode()).hexdigest()))
    return project


def test_typo_tolerant_search_finds_a_misspelling_in_a_second_document(tmp_path):
    project = _small_project(tmp_path / "s.qcode", {
        "E01": "We need capacity. Capacity building too.",
        "E02": "The capcity of the ministry is low; capacities vary."})
    with project.reading() as s:
        result = search(s, SearchQuery("capacity", mode="fuzzy"))
    project.close()
    found = [(h.document, h.text, round(h.score)) for h in result.hits]
    assert ("E02", "capcity", 88) in found  # one edit in eight letters
    assert found[:2] == [("E01", "capacity", 100), ("E01", "Capacity", 100)]
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_a_theme_s_scope_is_its_passages_and_its_sub_codes(tmp_path):
    """Most of a theme's passages are coded with its sub-codes: scoping a search to the theme
    looks in both (as the codings and segment lists count them), to a sub-code in its own."""
    text = "Funding: the budget was cut. Training: no budget for it. Budget talk elsewhere."
    project = _small_project(tmp_path / "s.qcode", {"E01": text})
    with project.transaction() as s:
        coder = add_coder(s, "Amal")
        funding = add_code(s, "Funding")
        national = add_code(s, "National budget", parent_id=funding)
        training = add_code(s, "Training")
        for code, passage in ((funding, "Funding:"), (national, "the budget was cut"),
                              (training, "Training: no budget")):
            start = text.index(passage)
            add_coding(s, document_id=1, code_id=code, coder_id=coder, start=start,
                       end=start + len(passage))
    with project.reading() as s:
        theme = search(s, SearchQuery("budget", code="Funding"))
        sub = search(s, SearchQuery("budget", code="Funding/National budget"))
    project.close()
    assert [h.start for h in theme.hits] == [text.index("budget")]  # its sub-code's passage
    assert [h.start for h in sub.hits] == [text.index("budget")]


def test_scope_errors_are_one_clear_line(world):
    project, _ = world
    with project.reading() as s:
        with pytest.raises(InputError, match=r"no speaker named 'Bob' \(speakers: Amal, "
                                             r"Interviewer\)"):
            search(s, SearchQuery("capacity", speaker="Bob"))
        with pytest.raises(NotFound, match="no code 'Trusty'"):
            search(s, SearchQuery("capacity", code="Trusty"))
        with pytest.raises(InputError, match=r"^not a regular expression: 'cap\(' "):
            search(s, SearchQuery("cap(", mode="regex"))
        assert search(s, SearchQuery("capacity", speaker="amal")).total == \
            search(s, SearchQuery("capacity", speaker="Amal")).total


def test_progress_is_told_per_document_and_can_cancel(world):
    project, _ = world
    seen = []
    with project.reading() as s:
        search(s, SearchQuery("capacity"), progress=lambda d, t, _: seen.append((d, t)))
        with pytest.raises(Cancelled):
            search(s, SearchQuery("capacity"), progress=lambda d, t, _: d < 3)
    assert seen[0] == (0, 8) and seen[-1] == (8, 8)
