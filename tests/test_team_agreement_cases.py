"""Coder agreement on fixed cases: Krippendorff's textbook reliability data, his own alpha
implementation (the ``krippendorff`` package), NVivo's kappa convention, and the names and
combinations a user can get wrong."""

from __future__ import annotations

from pathlib import Path

import krippendorff
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.errors import InputError, NotFound
from qcode.models import Coder, Coding
from qcode.ops.codebook_create import ensure_code_path
from qcode.project import Project
from qcode.team.agreement import measure_agreement
from qcode.team.options import AgreementOptions
from tests.factories import add_doc

#: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", A: binary data, two
#: observers, ten units; nominal alpha = 0.095
TEXTBOOK_A = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
TEXTBOOK_B = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]


def _sentences(n: int) -> tuple[str, list[tuple[int, int]]]:
    """A text of ``n`` sentences and each sentence's span."""
    parts = [f"Sentence {i} ends here." for i in range(n)]
    spans, at = [], 0
    for part in parts:
        spans.append((at, at + len(part)))
        at += len(part) + 1
    return " ".join(parts), spans


def _project(path: Path, marks: list[list[int]], text: str, spans: list[tuple[int, int]]
             ) -> Project:
    """A project where coder c{i} codes "Theme" on the units ``marks[i]`` marks with 1."""
    project = Project.create(path)
    with project.transaction() as s:
        doc = add_doc(s, "E01", text)
        code, _ = ensure_code_path(s, "Theme")
        for i, row in enumerate(marks, 1):
            s.add(Coder(id=i, name=f"c{i}"))
            s.flush()
            s.add_all(Coding(document_id=doc, code_id=code, coder_id=i, start=a, end=b)
                      for (a, b), mark in zip(spans, row, strict=True) if mark)
    return project


def _overall(project: Project, **options: object):  # noqa: ANN202
    with project.reading() as s:
        return measure_agreement(s, AgreementOptions(**options)).rows[-1]  # type: ignore[arg-type]


def test_textbook_binary_data_gives_krippendorffs_alpha(tmp_path):
    text, spans = _sentences(10)
    with _project(tmp_path / "k.qcode", [TEXTBOOK_A, TEXTBOOK_B], text, spans) as project:
        row = _overall(project, coders=("c1", "c2"), unit="sentence")
    assert round(row.alpha, 3) == 0.095
    assert (row.units, row.both, row.a_only, row.b_only, row.neither) == (10, 1, 1, 3, 5)
    assert row.percent == 60.0
    assert row.kappa == pytest.approx((0.6 - 0.56) / (1 - 0.56))


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(marks=st.integers(2, 4).flatmap(lambda m: st.integers(2, 9).flatmap(
    lambda n: st.lists(st.lists(st.integers(0, 1), min_size=n, max_size=n),
                       min_size=m, max_size=m))))
def test_alpha_equals_the_krippendorff_package(tmp_path_factory, marks):
    text, spans = _sentences(len(marks[0]))
    path = tmp_path_factory.mktemp("alpha") / "a.qcode"
    coders = tuple(f"c{i}" for i in range(1, len(marks) + 1))
    with _project(path, marks, text, spans) as project:
        alpha = _overall(project, coders=coders, unit="sentence").alpha
    values = {v for row in marks for v in row}
    if len(values) == 1:
        assert alpha == 1.0  # no variation: the package has nothing to divide by
    else:
        expected = krippendorff.alpha(reliability_data=marks, level_of_measurement="nominal")
        assert alpha == pytest.approx(expected, rel=1e-9)


def test_kappa_and_alpha_are_one_when_nothing_can_disagree(tmp_path):
    text, spans = _sentences(4)
    with _project(tmp_path / "k.qcode", [[0] * 4, [0] * 4], text, spans) as project:
        row = _overall(project, coders=("c1", "c2"))
    assert (row.percent, row.kappa, row.alpha) == (100.0, 1.0, 1.0)
    with _project(tmp_path / "all.qcode", [[1] * 4, [1] * 4], text, spans) as project:
        row = _overall(project, coders=("c1", "c2"), unit="sentence")
    assert (row.percent, row.kappa, row.alpha) == (100.0, 1.0, 1.0)


def test_coded_only_leaves_out_the_text_neither_coder_coded(tmp_path):
    text, spans = _sentences(10)
    with _project(tmp_path / "k.qcode", [TEXTBOOK_A, TEXTBOOK_B], text, spans) as project:
        row = _overall(project, coders=("c1", "c2"), unit="sentence", coded_only=True)
    assert (row.units, row.both, row.a_only, row.b_only, row.neither) == (5, 1, 1, 3, 0)
    assert row.percent == 20.0


def test_empty_documents_have_no_figures(tmp_path):
    with Project.create(tmp_path / "e.qcode") as project:
        with project.transaction() as s:
            add_doc(s, "Empty", "")
            ensure_code_path(s, "Theme")
            s.add_all([Coder(name="c1"), Coder(name="c2")])
        row = _overall(project, coders=("c1", "c2"))
    assert (row.units, row.percent, row.kappa, row.alpha) == (0, None, None, None)


@pytest.mark.parametrize(("options", "named"), [
    ({"coders": ("c1", "Nobody")}, "no coder named 'Nobody'"),
    ({"coders": ("c1", "c2"), "codes": ("Missing",)}, "no code 'Missing'"),
    ({"coders": ("c1", "c2"), "documents": ("E99",)}, "no document named 'E99'"),
])
def test_an_unknown_name_is_one_error_naming_it(tmp_path, options, named):
    text, spans = _sentences(2)
    with _project(tmp_path / "k.qcode", [[1, 0], [0, 1]], text, spans) as project, \
            pytest.raises(NotFound, match=named):
        _overall(project, **options)


@pytest.mark.parametrize(("options", "said"), [
    ({"coders": ("c1",)}, "two or more coders"),
    ({"coders": ("c1", "c1")}, "named twice"),
    ({"group_a": ("c1", "c2"), "group_b": ("c2",)}, "named twice"),
    ({"group_a": ("c1",)}, "both --group-a and --group-b"),
    ({"coders": ("c1", "c2", "c3"), "unit": "segment"}, "two coders or two groups"),
    ({"coders": ("c1", "c2"), "unit": "segment", "coded_only": True}, "--coded-only"),
    ({"coders": ("c1", "c2"), "overlap": 120.0}, "percentage from 0 to 100"),
    ({"coders": ("c1", "c2"), "unit": "word"}, "unknown unit"),
])
def test_a_wrong_combination_is_refused_before_counting(options, said):
    with pytest.raises(InputError, match=said):
        AgreementOptions(**options)
