"""``qcode search`` and ``qcode autocode``: what users type and see, what the file holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.models import Coding, Document
from qcode.ops.coders import default_coder_name
from qcode.project import Project
from tests.autocode_study import TEXTS, build_interviews, code_with
from tests.cli_study import codebook_in, codings_in, qcode
from tests.ops_helpers import sha256

HIT_KEYS = {"document", "start", "end", "text", "left", "right", "speaker", "score"}


@pytest.fixture
def study(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = build_interviews(tmp_path)
    capsys.readouterr()
    return path


def _texts(path: Path) -> dict[str, str]:
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return dict(s.execute(select(Document.name, Document.text)).all())


def _search(capsys, study: Path, *args: str) -> dict:
    status, out, err = qcode(capsys, "search", study, *args, "--json")
    assert (status, err) == (0, "")
    return json.loads(out)


def test_json_gives_every_hit_as_a_slice_of_the_stored_text_and_the_total(capsys, study):
    found = _search(capsys, study, "budget", "--context", "5")
    texts = _texts(study)
    assert set(found) == {"hits", "total"} and found["total"] == 9 == len(found["hits"])
    for hit in found["hits"]:
        assert set(hit) == HIT_KEYS
        text = texts[hit["document"]]
        assert hit["text"] == text[hit["start"]:hit["end"]] and hit["text"].lower() == "budget"
        assert hit["left"] == text[max(0, hit["start"] - 5):hit["start"]]
        assert hit["right"] == text[hit["end"]:hit["end"] + 5]
    assert [h["speaker"] for h in found["hits"] if h["document"] == "E02"] == [
        "Interviewer", "Omar", "Omar", "Omar"]
    limited = _search(capsys, study, "budget", "--limit", "2")
    assert (len(limited["hits"]), limited["total"]) == (2, 9)


def test_text_output_is_one_line_per_hit_then_how_many(capsys, study):
    status, out, _ = qcode(capsys, "search", study, "training", "--whole-words")
    lines = out.splitlines()
    assert status == 0 and len(lines) == 4
    assert lines[0] == ("E01 [101, 109) (Interviewer) te. Budget cuts hurt. Interviewer: And "
                        "[training]? Amal: Training matters. The budget for")
    assert lines[-1] == "3 hits in 1 document"


def test_where_speaker_and_code_narrow_the_search(capsys, study):
    engineers = _search(capsys, study, "budget", "--where", "role=Engineer")
    assert {h["document"] for h in engineers["hits"]} == {"E02"} and engineers["total"] == 4
    omar = _search(capsys, study, "budget", "--speaker", "omar")
    assert {h["speaker"] for h in omar["hits"]} == {"Omar"} and omar["total"] == 3
    at = TEXTS["E01"].index("Amal: The budget")
    code_with(study, "E01", "Money", at, at + 40, coder="Lina")  # two of the hits
    code_with(study, "E02", "Money", 0, 10, coder="Omar")  # none
    coded = _search(capsys, study, "budget", "--code", "Money")
    assert [(h["document"], h["start"]) for h in coded["hits"]] == [("E01", 49), ("E01", 65)]
    by_omar = _search(capsys, study, "budget", "--code", "Money", "--coder", "Omar")
    assert by_omar == {"hits": [], "total": 0}


def test_autocode_creates_the_missing_code_and_codes_as_the_user(capsys, study):
    status, out, err = qcode(capsys, "autocode", study, "budget", "--code", "Themes/Money",
                             "--unit", "sentence")
    assert (status, err) == (0, "")
    assert out.splitlines()[:2] == [
        "created code 'Themes/Money'",
        f"coded 8 sentences with 'Themes/Money' as {default_coder_name()} (from 9 hits)"]
    assert "Themes/Money" in codebook_in(study)
    codings = codings_in(study)
    assert len(codings) == 8 and {c[4] for c in codings} == {default_coder_name()}
    status, out, _ = qcode(capsys, "autocode", study, "budget", "--code", "money",
                           "--unit", "sentence", "--json")
    report = json.loads(out)
    assert (report["code"], report["code_created"], report["codings"], report["skipped"]) == (
        "Themes/Money", False, 0, 8)
    assert codings_in(study) == codings


def test_the_dry_run_leaves_the_file_as_it_was(capsys, study):
    code_with(study, "E02", "Money", 0, 35, coder="Lina")
    before = sha256(study)
    status, out, _ = qcode(capsys, "autocode", study, "budget", "--code", "Money", "--unit",
                           "paragraph", "--coder", "Lina", "--dry-run", "--json")
    report = json.loads(out)
    assert status == 0 and sha256(study) == before
    assert (report["dry_run"], report["codings"], report["skipped"], report["hits"]) == (
        True, 6, 1, 9)
    status, out, _ = qcode(capsys, "autocode", study, "budget", "--code", "New code",
                           "--dry-run")
    assert out.splitlines() == ["would create code 'New code'",
                                f"would code 9 hits with 'New code' as "
                                f"{default_coder_name()} (from 9 hits)",
                                "dry run: nothing was changed"]
    assert sha256(study) == before and codebook_in(study) == ["Money"]
    status, out, _ = qcode(capsys, "autocode", study, "budget", "--code", "Money", "--unit",
                           "paragraph", "--coder", "Lina", "--json")
    assert json.loads(out)["codings"] == 6


def test_an_empty_query_codes_every_turn_of_the_speaker(capsys, study):
    status, out, _ = qcode(capsys, "autocode", study, "", "--speaker", "Amal", "--unit", "turn",
                           "--code", "Answers", "--coder", "Lina")
    assert status == 0
    assert out.splitlines()[1] == "coded 2 turns with 'Answers' as Lina (every turn of Amal)"
    texts = _texts(study)
    with Project.open(study, readonly=True) as project, project.reading() as s:
        rows = s.execute(select(Document.name, Coding.start, Coding.end, Coding.memo)
                         .join(Document, Document.id == Coding.document_id)).all()
    assert sorted(texts[d][a:b] for d, a, b, _ in rows) == [
        "Amal: The budget is late. Budget cuts hurt.",
        "Amal: Training matters. The budget for training is small."]
    assert {m for *_, m in rows} == {"Auto-coded: every turn (speaker Amal)"}
    status, out, _ = qcode(capsys, "autocode", study, "", "--speaker", "Interviewer", "--unit",
                           "turn", "--code", "Questions", "--where", "role=Engineer", "--json")
    assert (json.loads(out)["codings"], codings_in(study)[-1][:2]) == (1, ("E02", "Questions"))


@pytest.mark.parametrize(("args", "status", "message"), [
    (("search", "(budget", "--regex"), 1, "not a regular expression"),
    (("search", "budget", "--speaker", "Lina"), 1, "no speaker named 'Lina'"),
    (("search", "budget", "--where", "city=Tripoli"), 1, "no attribute named 'city'"),
    (("search", "budget", "--regex", "--fuzzy"), 2, "not allowed with argument"),
    (("autocode", "", "--code", "X", "--unit", "sentence"), 1, "nothing to search for"),
    (("autocode", "budget", "--code", "X", "--in-code", "Nope"), 1, "no code 'Nope'"),
])
def test_errors_are_one_line_and_change_nothing(capsys, study, args, status, message):
    before = codebook_in(study)
    got, out, err = qcode(capsys, args[0], study, *args[1:])
    assert got == status and out == ""
    assert err.startswith("qcode: ") and message in err and err.count("\n") == 1
    assert codebook_in(study) == before == []


def test_typo_tolerant_search_gives_whole_words_and_accepts_whole_words(capsys, study):
    """A transposed letter finds "budget" (6 letters, one edit allowed); every hit is a whole
    word; --whole-words is accepted and changes nothing; a short query is an exact whole word,
    so "bud" finds no piece of "budget"."""
    found = _search(capsys, study, "bugdet", "--fuzzy")
    assert found["total"] == 9 and {h["text"].lower() for h in found["hits"]} == {"budget"}
    assert _search(capsys, study, "bugdet", "--fuzzy", "--whole-words") == found
    assert _search(capsys, study, "bud", "--fuzzy")["total"] == 0


@pytest.mark.parametrize("command", [
    ("autocode", "budget", "--code", "Funding"),
    ("coding", "add", "--doc", "E01", "--code", "Funding", "--start", "0", "--end", "5")])
def test_an_empty_coder_name_is_refused_not_taken_for_the_login(study, capsys, command):
    """``--coder ''`` (an unset shell variable) coded silently as the computer's user."""
    before = sha256(study)
    at = 1 if command[0] == "autocode" else 2
    status, out, err = qcode(capsys, *command[:at], study, *command[at:], "--coder", "")
    assert status == 1 and out == ""
    assert err == (f"qcode: --coder needs a coder's name (leave it out to code as "
                   f"{default_coder_name()})\n")
    assert sha256(study) == before


@pytest.mark.parametrize("path", ["Funding/", "/", "a//b"])
def test_a_dry_run_refuses_the_code_path_the_run_would_refuse(study, capsys, path):
    runs = [qcode(capsys, "autocode", study, "budget", "--code", path, *dry)
            for dry in (("--dry-run",), ())]
    assert runs[0] == runs[1] == (1, "", f"qcode: not a code path: {path!r}\n")
