"""``qcode merge TARGET SOURCE... [--coder-alias OLD=NEW] [--json]`` as a user runs it."""

from __future__ import annotations

import json
import sqlite3

from sqlalchemy import update

from qcode.cli.main import main
from qcode.errors import describe_unexpected
from qcode.models import Coder
from qcode.ops.codings import add_coding
from qcode.ops.document_text import replace_document_text
from qcode.project import Project
from tests.factories import add_code, add_doc
from tests.test_team_merge import _span, codings_of, copy_of, counts, make_base


def _analysts(tmp_path):
    """The base study and two analysts' copies: Omar coded on his laptop as 'omar'."""
    base = make_base(tmp_path / "study.qcode")
    lina, omar = copy_of(base, "lina.qcode"), copy_of(base, "omar.qcode")
    for path, name in ((lina, "Lina"), (omar, "omar")):
        with Project.open(path) as p, p.transaction() as s:
            s.execute(update(Coder).values(name=name))
            add_coding(s, document_id=1, code_id=add_code(s, f"{name} theme"), coder_id=1,
                       **_span("Citizens do not trust"))
    with Project.open(omar) as p, p.transaction() as s:
        add_doc(s, "E02", "Expert: the portal is slow.")
    return base, lina, omar


def test_merge_two_copies_with_an_alias_prints_what_arrived(tmp_path, capsys):
    base, lina, omar = _analysts(tmp_path)
    status = main(["merge", str(base), str(lina), str(omar), "--coder-alias", "omar=Omar"])
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out[0] == ("merged lina.qcode, omar.qcode: documents 1 added, 2 matched, 0 in "
                      "conflict; codes 2 added, 4 matched, 0 in conflict; codings 4 added, "
                      "0 matched, 0 in conflict; memos 0 added, 0 matched, 0 in conflict")
    assert out[1] == "  new coders: Lina, Omar"
    assert {who for *_, who in codings_of(base)} == {"Amal", "Lina", "Omar"}

    assert main(["merge", str(base), str(omar), "--json", "--coder-alias", "omar=Omar"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["codings"] == {"added": 0, "matched": 2, "conflict": 0}
    assert again["documents"] == {"added": 0, "matched": 2, "conflict": 0}
    assert set(again) >= {"sources", "codes", "memos", "conflicts", "unplaced", "reanchored"}


def test_a_conflicting_document_is_listed_with_the_codings_not_placed(tmp_path, capsys):
    base, lina, _ = _analysts(tmp_path)
    with Project.open(base) as p, p.transaction() as s:
        replace_document_text(s, document_id=1, text="Expert: trust is low.")
    assert main(["merge", str(base), str(lina), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"]["conflict"] == 1
    assert report["codings"]["conflict"] == 2
    assert [(u["document"], u["coder"], u["text"]) for u in report["unplaced"]] == [
        ("E01", "Lina", "Trust is low"), ("E01", "Lina", "Citizens do not trust")]
    assert any("E01" in line for line in report["conflicts"])


def test_a_bad_source_or_alias_is_one_line_and_the_target_is_unchanged(tmp_path, capsys):
    base, lina, _ = _analysts(tmp_path)
    broken = tmp_path / "broken.qcode"
    broken.write_bytes(b"not a project at all")
    before = counts(base)
    for argv, status, message in (
            ([str(lina), str(broken)], 1, "broken.qcode"),
            ([str(lina), str(tmp_path / "gone.qcode")], 1, "gone.qcode: no such file"),
            ([str(lina), "--coder-alias", "Lina"], 2, "--coder-alias wants OLD=NEW"),
            ([str(lina), "--coder-alias", "Nobody=Lina"], 1, "no coder named 'Nobody'")):
        assert main(["merge", str(base), *argv]) == status
        err = capsys.readouterr().err
        assert err.startswith("qcode: ") and message in err and err.count("\n") == 1, err
        assert counts(base) == before


def test_a_source_with_a_damaged_text_is_named_damaged_and_none_of_its_text_shown(tmp_path,
                                                                                   capsys):
    """Damaged pages read back as a text that is not UTF-8: the driver's complaint quotes the
    text (interview data), which must never reach the screen."""
    base, lina, _ = _analysts(tmp_path)
    raw = sqlite3.connect(lina)
    raw.execute("UPDATE documents SET text = CAST(x'ff' || CAST(text AS BLOB) AS TEXT)")
    raw.commit()
    raw.close()
    before = base.read_bytes()
    assert main(["merge", str(base), str(lina)]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("qcode: lina.qcode is damaged; ") and "Citizens" not in line
    assert base.read_bytes() == before
    leaked = describe_unexpected(sqlite3.OperationalError(
        "Could not decode to UTF-8 column 'text' with text 'Citizens do not trust'"))
    assert "Citizens" not in leaked
