"""Selections of the common shape (one Coding with one CodeRef) are read column by column;
whatever the file holds, the records are those the element-by-element reading makes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from qcode.errors import InputError
from qcode.exchange.archive import open_qdpx
from qcode.exchange.qde_read import read_project
from qcode.exchange.qde_selection_columns import ColumnReader
from qcode.exchange.records import Skipped, Source
from tests.qdpx_build import (
    NS,
    PARENT,
    SOURCE,
    USER,
    attrs,
    code,
    codebook,
    guid,
    project,
    selection,
    sources,
    text_source,
    write_qdpx,
)

TEXT = "Trust in the ministry grows slowly. " * 20
IRREGULAR = ("<PlainTextSelection guid='ffffffff-0000-4000-8000-00000000ffff' "
             "startPosition='0' endPosition='5'><Description>last</Description>"
             f"<Coding guid='eeeeeeee-0000-4000-8000-00000000eeee'><CodeRef targetGUID="
             f"'{PARENT}'/></Coding></PlainTextSelection>")
#: GUID spellings a selection may have: lower, upper, braced, not hexadecimal
SPELLINGS = (str.lower, str.upper, lambda g: "{" + g + "}", lambda g: "sel-" + g[:8])
TIMES = (None, "2024-05-01T10:00:00Z", "2024-05-01T10:00:00", "yesterday", "")

optional = st.sampled_from
selection_specs = st.lists(st.tuples(
    st.integers(0, 3), st.integers(0, 600), st.integers(1, 80),
    optional((None, USER, "")), optional(TIMES), optional((None, "a name", "")),
    optional((None, USER)), optional(TIMES)), max_size=12)


def selection_xml(n: int, spec: tuple) -> str:
    spelling, start, length, user, when, name, coding_user, coding_when = spec
    own = attrs(guid=SPELLINGS[spelling](guid(1000 + n)), startPosition=start,
                endPosition=start + length, creatingUser=user, creationDateTime=when, name=name)
    coding = attrs(guid=guid(5000 + n), creatingUser=coding_user,
                   creationDateTime=coding_when)
    return (f"<PlainTextSelection{own}><Coding{coding}>"
            f"<CodeRef targetGUID='{PARENT}'/></Coding></PlainTextSelection>")


def read_selections(tmp_path, *selections: str, namespace: bool = True):
    xml = project(codebook(code(PARENT, "Trust")), sources(text_source(
        SOURCE, "E07", f"<PlainTextContent>{TEXT}</PlainTextContent>", *selections)),
        namespace=namespace)
    path = write_qdpx(tmp_path / "study.qdpx", xml)
    with open_qdpx(path) as archive:
        records = list(read_project(archive))
    [source] = [r for r in records if isinstance(r, Source)]
    return source.selections, [r for r in records if isinstance(r, Skipped)]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=selection_specs, namespace=st.booleans())
def test_columns_give_the_records_of_the_element_by_element_reading(tmp_path, specs,
                                                                    namespace):
    """One selection of another shape (with a description) sends the whole source through
    the element-by-element reading: the others must come out the same either way."""
    xml = [selection_xml(n, spec) for n, spec in enumerate(specs)]
    fast, fast_skipped = read_selections(tmp_path, *xml, namespace=namespace)
    slow, slow_skipped = read_selections(tmp_path, *xml, IRREGULAR, namespace=namespace)
    assert fast == slow[:-1]
    assert fast_skipped == slow_skipped
    assert [s.start for s in fast] == [spec[1] for spec in specs]


def source_element(*selections: str, namespace: bool = True) -> etree._Element:
    xmlns = f" xmlns='{NS}'" if namespace else ""
    return etree.fromstring(f"<TextSource{xmlns}>" + "".join(selections) + "</TextSource>")


def test_only_the_common_shape_is_read_by_columns():
    reader = ColumnReader(NS)
    plain = selection(guid(1), 0, 5, PARENT)
    assert reader.read(source_element(plain, selection(guid(2), 6, 9, PARENT))) is not None
    assert reader.read(source_element(plain, namespace=False)) is not None
    two_codings = plain.replace("</Coding>", f"</Coding><Coding guid='{guid(3)}'>"
                                "<CodeRef targetGUID='x'/></Coding>")
    with_comment = plain.replace("<Coding", "<!-- checked --><Coding")
    no_code_ref = plain.replace(f"<CodeRef targetGUID='{PARENT}'/>", "")
    some_with_user = selection(guid(4), 0, 5, PARENT, user=None)
    for other in (two_codings, with_comment, no_code_ref, IRREGULAR):
        assert reader.read(source_element(plain, other)) is None
    assert reader.read(source_element(plain, some_with_user)) is None
    mixed = f"<PlainTextSelection xmlns='' {plain[len('<PlainTextSelection '):]}"
    assert reader.read(source_element(plain, mixed)) is None
    assert reader.read(source_element()) is None


def test_a_position_that_is_not_a_number_is_still_skipped_and_reported(tmp_path):
    bad = selection(guid(2), 0, 5, PARENT).replace("startPosition=\"0\"", "startPosition=\"x\"")
    found, skipped = read_selections(tmp_path, selection(guid(1), 0, 5, PARENT), bad)
    assert [s.guid for s in found] == [guid(1)]
    assert any(guid(2) in s.what and "not a whole number" in s.reason for s in skipped)


def test_a_selection_guid_used_twice_is_refused_even_across_sources(tmp_path):
    twice = selection(guid(1), 0, 5, PARENT)
    with pytest.raises(InputError, match="two selections have the same GUID"):
        read_selections(tmp_path, twice, twice.replace(guid(1), guid(1).upper()))
    other = "aaaaaaaa-0000-4000-8000-0000000000aa"
    xml = project(codebook(code(PARENT, "Trust")), sources(
        text_source(SOURCE, "E07", f"<PlainTextContent>{TEXT}</PlainTextContent>", twice),
        text_source(other, "E08", f"<PlainTextContent>{TEXT}</PlainTextContent>", twice)))
    path = write_qdpx(tmp_path / "two.qdpx", xml)
    with pytest.raises(InputError, match="two selections have the same GUID"), \
            open_qdpx(path) as archive:
        list(read_project(archive))
