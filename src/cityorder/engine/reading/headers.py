"""What a header cell names: a field of a LineRecord, a year of demand, or nothing this reader uses.

Fields are recognised by Russian and English synonyms as demand forms and BOM exports (KiCad, Altium,
EasyEDA, JLCPCB) spell them. Each synonym has a rank: when two columns claim one field, the better
rank wins («MPN» over «LCSC Part #»), then the leftmost column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cityorder.engine.reading.tabular import Cell

FIELDS = (
    "customer",
    "name",
    "part_number",
    "manufacturer",
    "unit",
    "quantity",
    "year",
    "description",
    "value",
    "footprint",
    "designators",
)
# Columns that are read but not kept: they change how a row is understood.
AUX_FIELDS = ("dnp", "index")
YEAR_FIELD_PREFIX = "quantity:"
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True, slots=True)
class HeaderLabel:
    field: str  # one of FIELDS or AUX_FIELDS, or "quantity:2026" for a year column
    rank: int = 0


def year_field(year: int) -> str:
    return f"{YEAR_FIELD_PREFIX}{year}"


def field_year(field: str) -> int | None:
    return int(field.removeprefix(YEAR_FIELD_PREFIX)) if field.startswith(YEAR_FIELD_PREFIX) else None


_UNIT_HINT = r"(?:\s*[,(/]?\s*(?:шт|шт\.|штук|pcs|ед|ед\.|единиц)\s*\)?)?"
_QTY_WORDS = r"(?:кол-во|кол\.?|количество|потребность|объем|qty\.?|quantity|count|amount|demand|план)"

_SYNONYMS: tuple[tuple[str, int, str], ...] = (
    (
        "customer",
        0,
        r"заказчик|организация|организация[- ]заказчик|наименование (?:организации|заказчика)"
        r"|customer|client|buyer|покупатель|получатель|учреждение",
    ),
    (
        "name",
        0,
        r"наименование|наименование (?:изделия|продукции|товара|позиции|экб|комплектующих|материала"
        r"|оборудования)|название|номенклатура|name|item name|product|product name|part name|изделие|товар",
    ),
    (
        "part_number",
        0,
        r"обозначение|обозначение изделия|тип|марка"
        r"|тип\s*[(/,]?\s*марка\s*\)?|марка\s*[(/,]?\s*тип\s*\)?|артикул|каталожный номер"
        r"|part ?(?:number|no\.?|#)|mpn|p/?n|manf ?#|mfr\.? ?(?:part ?)?(?:number|no\.?|#)"
        r"|mfg\.? ?part ?(?:number|no\.?|#)?|manufacturer'?s? part ?(?:number|no\.?|#)?|manufacturer part",
    ),
    (
        "part_number",
        2,
        r"lcsc(?: part)? ?#?|lcsc part number|supplier part(?: number| #)?|jlcpcb part ?#?|libref"
        r"|lib ?ref|partnumber",
    ),
    (
        "manufacturer",
        0,
        r"производитель|изготовитель|завод[- ]изготовитель|фирма[- ]производитель|manufacturer"
        r"|manufacturer name|mfr\.?|mfg\.?|maker|brand|бренд",
    ),
    ("unit", 0, r"ед\.? ?изм\.?|единица измерения|единицы измерения|ед\.?|unit|units|uom|unit of measure"),
    ("quantity", 0, _QTY_WORDS + r"(?:\s*(?:всего|итого|total))?" + _UNIT_HINT + r"|шт\.?"),
    ("year", 0, r"год|year|год поставки|год потребности|период|period|fy"),
    (
        "description",
        0,
        r"описание|description|характеристики|технические характеристики|основные характеристики"
        r"|параметры|specification",
    ),
    ("value", 0, r"value|номинал|comment|val"),
    ("footprint", 0, r"footprint|корпус|тип корпуса|package|case|посадочное место|pcb footprint"),
    (
        "designators",
        0,
        r"references?|ref|refdes|ref\.? ?des\.?|designators?|reference designators?"
        r"|позиционное обозначение|поз\.? ?обозн(?:ачение|\.)?",
    ),
    ("dnp", 0, r"dnp|dni|do not (?:populate|place|fit)|not fitted|no ?pop"),
    ("index", 0, r"№|№ ?п/п|п/п|n|no\.?|#|id|line ?#?|пп"),
)
_COMPILED = tuple((field, rank, re.compile(rf"(?:{pattern})")) for field, rank, pattern in _SYNONYMS)

# «2026», «2026 г.», «Qty 2026», «Потребность на 2027 год», «2028, шт»
_YEAR_HEADER = re.compile(rf"^(?:{_QTY_WORDS}[^0-9]*)?(\d{{4}})\s*(?:г\.?|гг\.?|год[ау]?|year|y)?\s*{_UNIT_HINT}$")
_SPACES = re.compile(r"\s+")


def normalize_header(text: str) -> str:
    plain = _SPACES.sub(" ", text.replace("\u00a0", " ").replace("ё", "е").lower()).strip()
    return plain.rstrip(":*").strip()


def header_text(cell: Cell) -> str:
    """A header cell as text; a year typed as a number (2026.0) reads as «2026»."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def label_header(cell: Cell) -> HeaderLabel | None:
    """The field a header cell names, or None."""
    plain = normalize_header(header_text(cell))
    if not plain:
        return None
    year = _YEAR_HEADER.match(plain)
    if year:
        number = int(year.group(1))
        return HeaderLabel(year_field(number)) if MIN_YEAR <= number <= MAX_YEAR else None
    for field, rank, pattern in _COMPILED:
        if pattern.fullmatch(plain):
            return HeaderLabel(field, rank)
    return None


def is_year_label(label: HeaderLabel | None) -> bool:
    return label is not None and label.field.startswith(YEAR_FIELD_PREFIX)
