"""Products of the catalog, domestic and foreign, as the engine sees them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from cityorder.engine.identity import canonical_manufacturer, identify, normalize_part_number, part_key
from cityorder.engine.identity.manufacturers import display_manufacturer
from cityorder.engine.identity.partnumbers import looks_like_part_number


class Origin(StrEnum):
    DOMESTIC = "domestic"
    FOREIGN = "foreign"


@dataclass(frozen=True, slots=True, eq=False)
class CatalogItem:
    """A product someone makes. ``registry_no`` is its entry in the PP 719 registry of Russian industrial products
    or the registry of Russian radio-electronic products; ``capacity`` is what its maker can supply by year."""

    part_number: str
    manufacturer: str
    name: str
    category: str  # a code of engine.nomenclature; '' when the reader could not tell
    origin: str  # Origin
    registry_no: str = ""
    parameters: dict[str, str] = field(default_factory=dict)
    capacity: dict[int, float] = field(default_factory=dict)
    price: float | None = None
    readiness_year: int | None = None  # the first year the product can be supplied; None: already supplied
    source: str = ""  # where it was read: «catalog.xlsx, row 12»

    @property
    def domestic(self) -> bool:
        return self.origin == Origin.DOMESTIC


def item_key(item: CatalogItem) -> str:
    """The identity key of a product, the one demand positions carry (``pn:…`` for a part number)."""
    return _key(item.part_number, item.manufacturer, item.name)


@lru_cache(maxsize=65536)
def _key(part_number: str, manufacturer: str, name: str) -> str:
    # Same result as identify(...).key for a part number, without parsing the name it would not need.
    if looks_like_part_number(part_number):
        return "pn:" + part_key(normalize_part_number(part_number.strip(), canonical_manufacturer(manufacturer)))
    return identify(part_number=part_number, manufacturer=manufacturer, name=name).key


def classify_product(part_number: str, manufacturer: str, name: str) -> str:
    """The category of a product its file does not state, as demand lines get theirs; a part number's
    general category (battery) is refined by the parameters of the name (battery.lfp)."""
    category = identify(part_number=part_number, manufacturer=manufacturer, name=name).category
    if "." not in category and name:
        refined = identify(name=name).category
        if refined.startswith(f"{category}."):
            return refined
    return category


def item_id(item: CatalogItem) -> str:
    """A stable id of a product: its key and its maker (two makers may make the same part number)."""
    return make_item_id(item_key(item), item.manufacturer)


def make_item_id(key: str, manufacturer: str) -> str:
    return f"{key}@{display_manufacturer(manufacturer)}"
