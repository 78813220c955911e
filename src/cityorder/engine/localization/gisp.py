"""The GISP open-data file of the registry of Russian industrial products (PP 719): one conclusion per row.

Columns (Russian as GISP writes them, or English): organization, OGRN, INN, registry number and date, product
name, OKPD2, TN VED, localization points, validity. Every row that cannot be used is a RowError naming file,
row and column; a file with one is refused whole.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cityorder.engine.messages import msg, template
from cityorder.engine.reading.quantities import NotAQuantity, parse_quantity
from cityorder.engine.substitution.sheets import RowError, SourceFileError, read_table

NOT_A_DATE = template("«%(value)s» is not a date; write it as 31.12.2027 or 2027-12-31")
NOT_AN_INN = template("«%(value)s» is not an INN; write its 10 or 12 digits")
EMPTY = template("is empty; GISP fills it for every entry")
NOT_POINTS = template("«%(value)s» is not a number of points")

REQUIRED = ("organization", "inn", "registry_no", "product_name")
ALIASES: dict[str, tuple[str, ...]] = {
    "organization": ("наименование организации", "организация", "наименование предприятия", "изготовитель",
                     "наименование производителя", "organization name", "manufacturer"),
    "ogrn": ("огрн",),
    "inn": ("инн", "инн организации"),
    "registry_no": ("реестровый номер", "номер реестровой записи", "номер в реестре", "registry number",
                    "реестровый номер продукции"),
    "registry_date": ("дата внесения в реестр", "дата включения в реестр", "дата реестровой записи",
                      "registry date", "date"),
    "product_name": ("наименование продукции", "продукция", "product", "product name", "наименование"),
    "okpd2": ("окпд2", "код окпд2", "окпд 2", "okpd 2"),
    "tnved": ("тн вэд", "тн вэд еаэс", "код тн вэд", "код тн вэд еаэс", "tn ved", "hs code"),
    "points": ("баллы", "количество баллов", "баллы локализации", "сумма баллов", "localization points", "score"),
    "valid_until": ("срок действия", "действует до", "дата окончания действия", "срок действия заключения",
                    "дата окончания срока действия", "valid until", "validity", "expires"),
}
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%d.%m.%y")
_INN = re.compile(r"^\d{10}(\d{2})?$")


@dataclass(frozen=True, slots=True)
class GispEntry:
    row: int
    organization: str
    inn: str
    registry_no: str
    product_name: str
    ogrn: str = ""
    registry_date: datetime.date | None = None
    okpd2: str = ""
    tnved: str = ""
    points: float | None = None
    valid_until: datetime.date | None = None  # None: no end date given


def valid_in(entry: GispEntry, year: int) -> bool:
    """An entry counts in a year it is in force for at least a day of: entered by its end, not expired before it."""
    if entry.registry_date is not None and entry.registry_date.year > year:
        return False
    return entry.valid_until is None or entry.valid_until.year >= year


def read_gisp(source: str | Path | bytes | BinaryIO, filename: str | None = None) -> list[GispEntry]:
    entries, errors = parse_gisp(source, filename)
    if errors:
        raise SourceFileError(errors)
    return entries


def parse_gisp(source: str | Path | bytes | BinaryIO, filename: str | None = None
               ) -> tuple[list[GispEntry], list[RowError]]:
    table = read_table(source, filename, ALIASES, REQUIRED)
    entries, errors = [], []
    for record in table.records:
        cells, problems = record.cells, []

        def problem(field: str, message: str) -> None:
            problems.append(RowError(table.file, record.row, table.headers.get(field, field), message))  # noqa: B023

        for field in REQUIRED:
            if not cells.get(field):
                problem(field, msg(EMPTY))
        inn = re.sub(r"\D", "", cells.get("inn", ""))
        if cells.get("inn") and not _INN.match(inn):
            problem("inn", msg(NOT_AN_INN, value=cells["inn"]))
        dates: dict[str, datetime.date | None] = {}
        for field in ("registry_date", "valid_until"):
            try:
                dates[field] = _date(cells.get(field, ""))
            except ValueError:
                problem(field, msg(NOT_A_DATE, value=cells[field]))
        points = None
        if cells.get("points"):
            parsed = parse_quantity(cells["points"])
            if isinstance(parsed, NotAQuantity):
                problem("points", msg(NOT_POINTS, value=cells["points"]))
            else:
                points = parsed.value
        if problems:
            errors.extend(problems)
            continue
        entries.append(GispEntry(
            row=record.row, organization=cells["organization"], inn=inn, registry_no=cells["registry_no"],
            product_name=cells["product_name"], ogrn=re.sub(r"\D", "", cells.get("ogrn", "")),
            registry_date=dates["registry_date"], okpd2=cells.get("okpd2", ""), tnved=cells.get("tnved", ""),
            points=points, valid_until=dates["valid_until"],
        ))
    return entries, errors


def _date(text: str) -> datetime.date | None:
    """A date, or None for an empty cell; ValueError for text that is not a date."""
    text = text.strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text[:19], fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
