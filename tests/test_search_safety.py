"""A hostile regular expression or an enormous query never hangs qcode (issue #14 hardening)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from qcode.errors import Cancelled, InputError
from qcode.project import Project
from qcode.search.corpus import search
from qcode.search.query import SearchQuery
from qcode.ui.search.panel import SearchPanel
from tests.cli_study import qcode
from tests.ui_support import ui_settings, window  # noqa: F401
from tests.viewer_support import add_document

#: backtracks for ever under Python's re; (a|aa)+$ does under the regex package too
HOSTILE = "X: " + "a" * 40 + "!"
CATASTROPHIC = "(a|aa)+$"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.qcode"
    with Project.create(path) as project:
        add_document(project, HOSTILE, "Trap")
        add_document(project, "Interviewer: And the budget?\nAmal: budgets, budgeting.", "E01")
    return path


def test_a_catastrophic_regex_stops_with_one_line_and_a_non_zero_exit(capsys, hostile):
    status, out, err = qcode(capsys, "search", hostile, CATASTROPHIC, "--regex",
                             "--regex-timeout", "0.3")
    assert status != 0 and out == ""
    assert err == ("qcode: the regular expression took too long (over 0.3 s); simplify it "
                   "(nested repeats like (a+)+ are the usual cause)\n")


@pytest.mark.parametrize("command", [("autocode", "--code", "Trap", "--dry-run"),
                                     ("export", "kwic", "--out", "kwic.csv")])
def test_autocode_and_kwic_take_the_regex_time_limit_too(capsys, hostile, tmp_path, command):
    if command[0] == "export":
        command = (*command[:3], str(tmp_path / command[3]))
    args = [*command[:1 + (command[0] == "export")], hostile, CATASTROPHIC, "--regex",
            "--regex-timeout", "0.3", *command[1 + (command[0] == "export"):]]
    started = time.monotonic()
    status, out, err = qcode(capsys, *args)
    assert status != 0 and time.monotonic() - started < 5
    assert err.startswith("qcode: the regular expression took too long (over 0.3 s)")


@pytest.mark.parametrize("query", ["", " ", "\t\n"])
def test_a_query_of_white_space_alone_is_a_usage_error(capsys, hostile, query):
    status, out, err = qcode(capsys, "search", hostile, query)
    assert (status, out, err) == (2, "", "qcode: nothing to search for: give a query\n")


def test_the_testers_nested_repeat_now_just_finds_nothing(capsys, hostile):
    status, out, err = qcode(capsys, "search", hostile, "(a+)+$", "--regex")
    assert (status, out.strip(), err) == (0, "no hits", "")


def test_a_search_that_is_no_longer_wanted_stops_while_the_regex_runs(hostile):
    """The panel's cancel (or a newer query) is heard inside one document's search, long
    before the time budget is spent."""
    asked_at: list[float] = []

    def progress(done: int, total: int, label: str) -> bool:
        asked_at.append(time.monotonic())
        return len(asked_at) < 3  # wanted at first, then cancelled

    with Project.open(hostile, readonly=True) as project, project.reading() as s, \
            pytest.raises(Cancelled):
        search(s, SearchQuery(CATASTROPHIC, mode="regex"), progress=progress, timeout=600)
    assert len(asked_at) == 3  # asked again while the one batch was being searched


def test_the_panel_stays_live_and_a_newer_query_replaces_a_runaway_regex(
        qtbot, window, hostile):  # noqa: F811
    assert window.open_project(hostile)
    window.layout_.go_to_actions["search"].trigger()
    panel = window.panels.search
    assert isinstance(panel, SearchPanel)
    panel.options.mode.setCurrentIndex(1)  # Regular expression
    panel.options.text.setText(CATASTROPHIC)
    panel.run_search(0)
    qtbot.waitUntil(lambda: panel.runner.task is not None, timeout=2_000)
    qtbot.wait(300)  # the regular expression is deep in its backtracking now
    panel.options.text.setText("budget")
    panel.run_search(0)
    qtbot.waitUntil(lambda: panel.found is not None and panel.found.query.text == "budget",
                    timeout=5_000)
    assert [h.text for h in panel.found.hits] == ["budget", "budget", "budget"]


@pytest.mark.parametrize(("text", "mode", "cause"), [
    ("a" * 1_001, "exact", "at most 1,000 characters (this one has 1,001)"),
    ("(x)" * 334, "regex", "at most 1,000 characters (this one has 1,002)"),
    (" ".join(["budget"] * 11), "fuzzy", "at most 10 words and 100 characters (this one has 11 "
                                         "words, 76 characters)"),
    ("bureaucratisation " * 6, "fuzzy", "(this one has 6 words, 108 characters)"),
])
def test_an_over_long_query_is_refused_in_one_line(text, mode, cause):
    with pytest.raises(InputError) as error:
        SearchQuery(text, mode=mode)
    assert cause in str(error.value) and "\n" not in str(error.value)


def test_a_query_at_the_limit_is_searched_one_past_it_is_not(capsys, hostile):
    assert qcode(capsys, "search", hostile, "a" * 1_000)[:2] == (0, "no hits\n")
    assert qcode(capsys, "search", hostile, "budget " * 10, "--fuzzy")[0] == 0
    assert qcode(capsys, "search", hostile, "a" * 1_001)[0] == 2


def test_the_command_line_refuses_an_over_long_query_as_a_usage_error(capsys, hostile):
    status, out, err = qcode(capsys, "search", hostile, "budget " * 12, "--fuzzy")
    assert status == 2 and out == "" and "at most 10 words" in err
    assert len(err.strip().splitlines()) == 1


def test_the_panel_says_why_an_over_long_query_is_not_searched(qtbot, window, hostile):  # noqa: F811
    assert window.open_project(hostile)
    window.layout_.go_to_actions["search"].trigger()
    panel = window.panels.search
    panel.options.text.setText("b" * 1_001)
    panel.run_search(0)
    assert "at most 1,000 characters" in panel.summary.text() and panel.found is None


def test_an_empty_search_asks_for_a_query(capsys, hostile):
    status, out, err = qcode(capsys, "search", hostile, "")
    assert (status, out) == (2, "") and "nothing to search for: give a query" in err


def test_autocode_takes_no_context_option(capsys, hostile):
    status, _, err = qcode(capsys, "autocode", hostile, "budget", "--code", "Budget",
                           "--context", "5")
    assert status == 2 and "unrecognized arguments: --context 5" in err


def test_a_regex_query_is_described_as_typed():
    assert SearchQuery(r"budg\w+", mode="regex").describe() == r"regex search for 'budg\w+'"


def test_word_characters_include_arabic_vowel_marks():
    """The documented difference from re: \\w+ keeps a vowelled word whole."""
    from qcode.search import make_matcher

    text = "قالَ: الحُكومةُ أعلنت"
    spans = make_matcher(r"\w+", "regex").find(text)
    assert [text[s:e] for s, e, _ in spans] == ["قالَ", "الحُكومةُ", "أعلنت"]
