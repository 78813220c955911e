"""What a header cell of a bill of materials names.

The structure words (level, quantity per parent, attrition, parent, child, alternates, note) are the BOM's
own; everything else (name, part number, unit, manufacturer, designators…) is recognised by the demand
reader's header labels, normalized by the same function, so a BOM and a demand form agree on what
«Обозначение» or «Ед. изм.» mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cityorder.engine.reading.headers import header_text, is_year_label, label_header, normalize_header
from cityorder.engine.reading.tabular import Cell

# Fields read from the demand reader's labels; its «quantity» becomes the quantity per parent (rank 1).
SHARED_FIELDS = ("name", "part_number", "manufacturer", "unit", "designators", "description", "value", "footprint")

_PERCENT = r"(?:\s*[,(]?\s*%\s*\)?)?"
_BOM_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("level", r"уровень|уровень (?:вложенности|входимости|спецификации)|ур\.?|level|lvl\.?|bom level"),
    (
        "qty_per",
        r"(?:кол-во|кол\.?|количество|qty\.?|quantity)\s*(?:на|per|в|/)(?:\s*\S.*)?|применяемость|usage"
        r"|qty\.?\s*/\s*(?:assy|unit|parent)",
    ),
    (
        "attrition",
        r"(?:(?:технологические\s+)?потери|отходы|брак|attrition|scrap|loss|waste)" + _PERCENT
        + r"|%\s*(?:потерь|отходов|attrition|scrap)",
    ),
    (
        "parent",
        r"родитель|родительская позиция|родительское изделие|входит в|куда входит|сборка"
        r"|parent|parent (?:part|item|assembly)(?: ?(?:number|no\.?|#))?|parent pn|assembly",
    ),
    ("child", r"child|child (?:part|item)(?: ?(?:number|no\.?|#))?|child pn|component|компонент|дочерняя позиция"),
    (
        "alternates",
        r"аналоги?|замены?|допустимые замены|альтернативы?|alternates?|alternatives?|substitutes?"
        r"|alt\.? ?parts?",
    ),
    ("note", r"примечание|примечания|прим\.?|note|notes|remarks?"),
    # Engineering and 1C lists name their parts in a «Nomenclature» / «Номенклатура» column.
    ("name", r"nomenclature|номенклатура"),
)
_COMPILED = tuple((field, re.compile(rf"(?:{pattern})")) for field, pattern in _BOM_SYNONYMS)


@dataclass(frozen=True, slots=True)
class BomLabel:
    field: str
    rank: int = 0  # lower wins when two columns claim one field


def label_bom_header(cell: Cell) -> BomLabel | None:
    """The BOM field a header cell names, or None."""
    plain = normalize_header(header_text(cell))
    if not plain:
        return None
    for field, pattern in _COMPILED:
        if pattern.fullmatch(plain):
            return BomLabel(field)
    label = label_header(cell)
    if label is None or is_year_label(label):
        return None
    if label.field == "quantity":
        return BomLabel("qty_per", 1)
    if label.field in SHARED_FIELDS:
        return BomLabel(label.field, label.rank)
    return None
