"""A realistic survey built in the test: public-sector employees, closed and open questions.

400 respondents (by default): ministry, gender, years of service (blanks), a Likert item
(1-5), a trust index (decimals), the date they joined (ISO; blanks), and three open questions
answered in Arabic or English, often left blank. Written as CSV (any encoding) or XLSX
(numbers as numbers, dates as dates), the same answers either way.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ID = "respondent"
MINISTRIES = ("Ministry of Health", "Ministry of Education", "وزارة الحكم المحلي",
              "Ministry of Finance", "وزارة المواصلات")
SLOW = "What slows down e-services in your ministry?"
IDEAS = "ما الذي تقترحه لتحسين الخدمات؟"
OTHER = "Anything else?"
HEADER = (ID, "ministry", "gender", "years_of_service", "satisfaction", "trust_index",
          "joined", SLOW, IDEAS, OTHER)
OPEN = (SLOW, IDEAS, OTHER)
_SLOW_ANSWERS = (
    "ضعف شبكة الإنترنت في المكاتب الفرعية وانقطاع الكهرباء المتكرر",
    "The approval chain is long and every form still needs a paper signature.",
    "لا توجد ميزانية للتدريب، والموظفون لا يثقون في النظام الجديد",
    "Staff are not trained and the portal is often down for days.",
    "الإجراءات الورقية ما زالت مطلوبة بجانب النظام الإلكتروني",
)
_IDEAS = (
    "تدريب الموظفين على الأنظمة الإلكترونية بشكل منتظم",
    "ربط الوزارات بقاعدة بيانات وطنية واحدة للمواطنين",
    "Publish the service standards and measure waiting times every month.",
)
_OTHER = ("شكرا لكم على هذا الاستبيان المفيد جدا",
          "Please share the results with the staff who answered it.")


@dataclass(frozen=True)
class Respondent:
    """One row: its cells as Python values (None = blank), in HEADER's order."""

    cells: tuple[object, ...]

    @property
    def id(self) -> str:
        return str(self.cells[0])

    def answer(self, column: str) -> object:
        return self.cells[HEADER.index(column)]


def respondents(count: int = 400, seed: int = 15) -> list[Respondent]:
    rng = random.Random(seed)
    out = []
    for n in range(1, count + 1):
        years = None if n % 17 == 0 else rng.randint(0, 35)
        joined = None if n % 23 == 0 else date(2024, 1, 1) - timedelta(days=rng.randint(0, 9000))
        slow = None if n % 5 == 0 else f"{rng.choice(_SLOW_ANSWERS)} ({n})"
        ideas = None if n % 3 == 0 else f"{rng.choice(_IDEAS)} - {n}"
        other = f"{rng.choice(_OTHER)} #{n}" if n % 7 == 0 else None
        out.append(Respondent((
            f"R{n:03d}", rng.choice(MINISTRIES), rng.choice(("female", "male")), years,
            rng.randint(1, 5), round(rng.randint(0, 999) / 100 + 0.005, 3), joined, slow, ideas,
            other)))
    return out


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, rows: list[Respondent], *, encoding: str = "utf-8",
              header: tuple[str, ...] = HEADER) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_text(v) for v in row.cells[:len(header)]])
    return path


def write_xlsx(path: Path, rows: list[Respondent], *, sheet: str = "Responses",
               header: tuple[str, ...] = HEADER) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = sheet
    first.append(list(header))
    for row in rows:
        first.append(list(row.cells[:len(header)]))
    notes = book.create_sheet("Notes")
    notes.append(["Survey of public-sector employees, 2024"])
    book.save(path)
    return path
