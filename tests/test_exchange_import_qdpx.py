"""Importing a .qdpx end to end: an archive built here, as another tool would write it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from sqlalchemy import select

from qcode.exchange.import_qdpx import import_qdpx
from qcode.models import Attribute, Code, Coder, Coding, Document, DocumentAttribute
from qcode.project import Project

SOURCE = "5a0c0000-0000-4000-8000-000000000001"
# An emoji before the coded words: a tool counting UTF-16 units puts them one further on.
TEXT = "Interviewer: Trust? \U0001F600\r\nExpert: The ministry must own it.\r\n"
PROJECT = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Libya" origin="Some QDA 9"
         creatingUserGUID="0000000A-0000-4000-8000-000000000001">
  <Users><User guid="0000000A-0000-4000-8000-000000000001" name="Amal"/></Users>
  <CodeBook><Codes>
    <Code guid="C0DE0000-0000-4000-8000-000000000001" name="Trust" isCodable="false"
          color="#BCBD22">
      <Description>Whom people rely on</Description>
      <Code guid="C0DE0000-0000-4000-8000-000000000002" name="Ownership" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="0000000B-0000-4000-8000-000000000001" name="Years" typeOfVariable="Integer"/>
  </Variables>
  <Cases>
    <Case guid="0000000C-0000-4000-8000-000000000001" name="Experts">
      <VariableValue><VariableRef targetGUID="0000000B-0000-4000-8000-000000000001"/>
        <IntegerValue>12</IntegerValue></VariableValue>
      <SourceRef targetGUID="{SOURCE}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{SOURCE}" name="E07" plainTextPath="internal://{SOURCE}.txt">
      <PlainTextSelection guid="5e100000-0000-4000-8000-000000000001" startPosition="32"
                          endPosition="57">
        <Coding guid="c0d10000-0000-4000-8000-000000000001">
          <CodeRef targetGUID="C0DE0000-0000-4000-8000-000000000002"/>
        </Coding>
        <NoteRef targetGUID="0000000D-0000-4000-8000-000000000001"/>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="0000000D-0000-4000-8000-000000000001" name="On ownership">
      <PlainTextContent>Said twice.</PlainTextContent>
    </Note>
  </Notes>
  <Sets><Set guid="0000000E-0000-4000-8000-000000000001" name="Experts"/></Sets>
</Project>
"""


def write_qdpx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", PROJECT)
        archive.writestr(f"sources/{SOURCE}.txt", TEXT.encode("utf-8"))
    return path


def test_a_qdpx_from_another_tool_arrives_whole(project: Project, tmp_path: Path):
    path = write_qdpx(tmp_path / "libya.qdpx")
    with project.transaction() as s:
        report = import_qdpx(s, path)
    with project.reading() as s:
        text = s.scalar(select(Document.text))
        coding = s.execute(select(Coding.start, Coding.end, Coding.memo, Coder.name, Code.name)
                           .join(Coder).join(Code)).one()
        codes = s.execute(select(Code.name, Code.colour, Code.description, Code.uuid)
                          .order_by(Code.id)).all()
        years = s.execute(select(Attribute.name, Attribute.type, DocumentAttribute.value)
                          .join(DocumentAttribute)).one()
    assert text == "Interviewer: Trust? \U0001F600\nExpert: The ministry must own it."
    start, end, memo, coder, code = coding
    assert (text[start:end], memo, coder, code) == (
        "The ministry must own it.", "Said twice.", "Amal", "Ownership")
    assert codes == [("Trust", "#bcbd22", "Whom people rely on",
                      "c0de0000-0000-4000-8000-000000000001"),
                     ("Ownership", codes[1][1], "", "c0de0000-0000-4000-8000-000000000002")]
    assert tuple(years) == ("Years", "number", "12")
    assert report.line() == ("libya.qdpx: imported 1 document, 2 codes, 1 coding, 1 coder, "
                             "1 memo, 1 attribute value; 1 skipped")
    assert "UTF-16" in report.assumptions[0][1]
    assert "set" in report.skipped[0].what.lower()
