"""REFI-QDA files built in the tests, as other QDA tools write them (never read from outside)."""

from __future__ import annotations

import zipfile
from pathlib import Path

NS = "urn:QDA-XML:project:1.0"
SOURCE_GUID = "5f0c8a4e-7b1d-4c2e-9a55-0d3b6f1e2a10"
CODE_GUID = "9d2e4f60-1a3b-4c5d-8e7f-102132435465"
USER_GUID = "0a1b2c3d-4e5f-4061-8273-8495a6b7c8d9"
HAND_TEXT = "الثقة أساس كل شيء. Training matters too."


def hand_made_qdpx(path: Path) -> Path:
    """A .qdpx as another tool might write it: an Arabic source coded once, a picture source
    and a set qcode does not keep."""
    project = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="Hand made" origin="a test">
 <Users><User guid="{USER_GUID}" name="Salma"/></Users>
 <CodeBook><Codes><Code guid="{CODE_GUID}" name="Trust" isCodable="true" color="#BCBD22"/></Codes>
 </CodeBook>
 <Sources>
  <TextSource guid="{SOURCE_GUID}" name="مقابلة طرابلس" plainTextPath="internal://{SOURCE_GUID}.txt">
   <PlainTextSelection guid="6a7b8c9d-0e1f-4a2b-9c3d-4e5f60718293" startPosition="0" endPosition="5"
       creatingUser="{USER_GUID}">
    <Coding guid="7b8c9d0e-1f2a-4b3c-8d4e-5f6071829304" creatingUser="{USER_GUID}">
     <CodeRef targetGUID="{CODE_GUID}"/>
    </Coding>
   </PlainTextSelection>
  </TextSource>
  <PictureSource guid="8c9d0e1f-2a3b-4c4d-9e5f-607182930415" name="map.png"
      path="internal://8c9d0e1f-2a3b-4c4d-9e5f-607182930415.png"/>
 </Sources>
 <Sets><Set guid="9d0e1f2a-3b4c-4d5e-8f60-718293041526" name="Experts"/></Sets>
</Project>
"""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", project.encode("utf-8"))
        archive.writestr(f"sources/{SOURCE_GUID}.txt", HAND_TEXT.encode("utf-8"))
        archive.writestr("sources/8c9d0e1f-2a3b-4c4d-9e5f-607182930415.png",
                         b"\x89PNG\r\n\x1a\n" + bytes(64))
    return path
