"""The catalog file: one product per row.

Columns (header names in English or Russian, any case): part_number, manufacturer, name, category, origin,
registry_no; optional parameters («name=value; …» or words), price, readiness_year and capacity_YYYY
(capacity in that year, e.g. capacity_2027). category is a nomenclature code (ic.regulator, battery.lfp) or a
category's name; empty, it is classified from the name and part number as demand lines are.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

from cityorder.engine import nomenclature
from cityorder.engine.identity import canonical_manufacturer
from cityorder.engine.messages import msg, template
from cityorder.engine.reading.quantities import NotAQuantity, parse_quantity
from cityorder.engine.records import ROW_REF
from cityorder.engine.substitution.items import CatalogItem, Origin, classify_product, item_key
from cityorder.engine.substitution.sheets import Record, RowError, SourceFileError, Table, read_table

SAME_PRODUCT = template("the same product as row %(row)s; keep one row per product and maker")
NO_PART_NUMBER = template("is empty; write the product's part number or model")
NOT_AN_ORIGIN = template("«%(value)s» is not an origin; write domestic or foreign")
NO_PRODUCER = template("is empty; a domestic product needs its producer")
NOT_A_CATEGORY = template("«%(value)s» is not a category; write a nomenclature code such as ic.regulator or "
                          "battery.lfp")
NOT_A_NUMBER = template("«%(value)s» is not a number of zero or more; write it as 12000 or 1,5")
NOT_A_YEAR = template("«%(value)s» is not a year; write it as 2027")

REQUIRED = ("part_number", "manufacturer", "name", "category", "origin", "registry_no")
# The fields as a message names them (the columns a file lacks), each translatable on its own.
FIELD_WORDS = (template("part_number"), template("manufacturer"), template("name"), template("category"),
               template("origin"), template("registry_no"))
ALIASES: dict[str, tuple[str, ...]] = {
    "part_number": ("part number", "pn", "mpn", "артикул", "обозначение", "партномер", "модель"),
    "manufacturer": ("maker", "производитель", "изготовитель"),
    "name": ("наименование", "название", "description"),
    "category": ("категория", "группа"),
    "origin": ("происхождение", "страна", "domestic/foreign"),
    "registry_no": ("registry", "registry number", "реестровый номер", "номер в реестре", "номер реестровой записи"),
    "parameters": ("params", "параметры", "характеристики"),
    "price": ("цена", "цена, руб", "price, rub"),
    "readiness_year": ("год готовности", "available from", "год начала выпуска"),
}
_CAPACITY = re.compile(r"^(?:capacity|мощность)_?(\d{4})$")
_ORIGINS = {
    "domestic": Origin.DOMESTIC, "отечественный": Origin.DOMESTIC, "отечественная": Origin.DOMESTIC,
    "российский": Origin.DOMESTIC, "российская": Origin.DOMESTIC, "россия": Origin.DOMESTIC, "рф": Origin.DOMESTIC,
    "ru": Origin.DOMESTIC, "foreign": Origin.FOREIGN, "иностранный": Origin.FOREIGN, "иностранная": Origin.FOREIGN,
    "импортный": Origin.FOREIGN, "импортная": Origin.FOREIGN, "импорт": Origin.FOREIGN,
    "зарубежный": Origin.FOREIGN, "зарубежная": Origin.FOREIGN,
}
_CATEGORY_NAMES = {name.lower(): c.code for c in nomenclature.CATEGORIES for name in (c.name_ru, c.name_en, c.code)}
MIN_YEAR, MAX_YEAR = 1950, 2100


def read_catalog(source: str | Path | bytes | BinaryIO, filename: str | None = None) -> list[CatalogItem]:
    """Every product of a catalog file; raises SourceFileError listing every row that cannot be used."""
    items, errors = parse_catalog(source, filename)
    if errors:
        raise SourceFileError(errors)
    return items


def parse_catalog(source: str | Path | bytes | BinaryIO, filename: str | None = None
                  ) -> tuple[list[CatalogItem], list[RowError]]:
    """The products that can be used and the errors of those that cannot (a file-level error alone raises)."""
    table = read_table(source, filename, ALIASES, REQUIRED)
    items: list[CatalogItem] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    for record in table.records:
        item, problems = _item(table, record)
        if item is not None and not problems:
            identity = (item_key(item), canonical_manufacturer(item.manufacturer) or item.manufacturer.lower())
            if identity in seen:
                problems.append(_error(table, record, "part_number", msg(SAME_PRODUCT, row=seen[identity])))
            else:
                seen[identity] = record.row
                items.append(item)
        errors.extend(problems)
    return items, errors


def _error(table: Table, record: Record, field: str, message: str) -> RowError:
    return RowError(table.file, record.row, table.headers.get(field, field), message)


def _item(table: Table, record: Record) -> tuple[CatalogItem | None, list[RowError]]:
    cells = record.cells
    problems: list[RowError] = []
    part_number = cells["part_number"]
    if not part_number:
        problems.append(_error(table, record, "part_number", msg(NO_PART_NUMBER)))
    origin = _ORIGINS.get(cells["origin"].strip().lower())
    if origin is None:
        problems.append(_error(table, record, "origin", msg(NOT_AN_ORIGIN, value=cells["origin"])))
    if origin == Origin.DOMESTIC and not cells["manufacturer"]:
        problems.append(_error(table, record, "manufacturer", msg(NO_PRODUCER)))
    category = _category(cells["category"], part_number, cells["manufacturer"], cells["name"])
    if category is None:
        problems.append(_error(table, record, "category", msg(NOT_A_CATEGORY, value=cells["category"])))
    capacity = _capacity(table, record, problems)
    price = _number(table, record, "price", problems)
    readiness = _year(table, record, problems)
    if problems or origin is None or category is None:
        return None, problems
    return CatalogItem(
        part_number=part_number, manufacturer=cells["manufacturer"], name=cells["name"] or part_number,
        category=category, origin=origin, registry_no=cells["registry_no"],
        parameters=parse_parameters(cells.get("parameters", "")), capacity=capacity, price=price,
        readiness_year=readiness, source=msg(ROW_REF, place=table.file, row=record.row),
    ), []


def _category(text: str, part_number: str, manufacturer: str, name: str) -> str | None:
    if not text:
        return classify_product(part_number, manufacturer, name)
    code = text.strip()
    if code in nomenclature.BY_CODE:
        return code
    return _CATEGORY_NAMES.get(code.lower())


def _capacity(table: Table, record: Record, problems: list[RowError]) -> dict[int, float]:
    capacity: dict[int, float] = {}
    for field in record.cells:
        match = _CAPACITY.match(field)
        if match:
            value = _number(table, record, field, problems)
            if value is not None:
                capacity[int(match.group(1))] = value
    return capacity


def _number(table: Table, record: Record, field: str, problems: list[RowError]) -> float | None:
    text = record.cells.get(field, "")
    if not text:
        return None
    parsed = parse_quantity(text)
    if isinstance(parsed, NotAQuantity) or parsed.value < 0:
        problems.append(_error(table, record, field, msg(NOT_A_NUMBER, value=text)))
        return None
    return parsed.value


def _year(table: Table, record: Record, problems: list[RowError]) -> int | None:
    text = record.cells.get("readiness_year", "")
    if not text:
        return None
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        problems.append(_error(table, record, "readiness_year", msg(NOT_A_YEAR, value=text)))
        return None
    return int(text)


def parse_parameters(text: str) -> dict[str, str]:
    """«voltage=12.8; capacity_ah=100» → their dict; words without «=» are kept under «text»."""
    params: dict[str, str] = {}
    words: list[str] = []
    for part in re.split(r"[;\n]", text):
        name, sep, value = part.partition("=")
        if sep and name.strip():
            params[name.strip().lower()] = value.strip()
        elif part.strip():
            words.append(part.strip())
    if words:
        params["text"] = "; ".join(words)
    return params
