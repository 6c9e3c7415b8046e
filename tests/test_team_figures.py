"""Agreement figures as shown and written: no false complete agreement, no negative zero."""

from __future__ import annotations

import pytest

from qcode.team.figures import shown, shown_text


@pytest.mark.parametrize(("column", "value", "text"), [
    ("percent", 99.996, "99.99"),  # one side coded 10 passages of 282,000: not complete
    ("percent", 100.0, "100.00"),
    ("percent", 37.125, "37.12"),
    ("kappa", 0.99999, "0.9999"),
    ("kappa", 1.0, "1.0000"),
    ("alpha", -1.6e-05, "0.0000"),  # not "-0.0000"
    ("alpha", -0.00006, "-0.0001"),
])
def test_figures_are_rounded_as_a_reader_expects(column, value, text):
    assert shown_text(column, value) == text
    assert float(text) == shown(column, value)
