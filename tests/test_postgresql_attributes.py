"""Attribute comparisons (a CAST to a float inside a CASE) and the attribute-by-code table on
PostgreSQL, which, unlike SQLite, fails on a CAST of text that is not a number: the brute-force
tests of the SQLite project file, run again on a throwaway server (skipped, saying why, where
none can be started)."""

from __future__ import annotations

import tests.test_attributes_by_code as table_tests
import tests.test_where_compare as compare_tests
from tests.test_postgresql import pg_project, server  # noqa: F401 - the server's fixtures


def test_comparisons_keep_the_or_of_the_values_that_pass(pg_project):  # noqa: F811
    compare_tests.test_comparison_equals_the_or_of_the_values_that_pass(project=pg_project)


def test_attributes_by_code_matches_brute_force(pg_project):  # noqa: F811
    table_tests.test_table_equals_brute_force(project=pg_project)
