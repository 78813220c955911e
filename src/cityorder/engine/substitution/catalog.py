"""The catalog as the matcher reads it: products by key, domestic ones also by family, Soviet type, parametric
signature and category, built once per matching run."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from cityorder.engine.identity import canonical_manufacturer, normalize_part_number
from cityorder.engine.identity.parametric import fmt
from cityorder.engine.substitution.families import names_variant
from cityorder.engine.substitution.items import CatalogItem, classify_product, item_key
from cityorder.engine.substitution.signatures import Bucket, Fit, Signature, compare, signature
from cityorder.engine.substitution.text_search import TextIndex
from cityorder.engine.substitution.xrefs import Match, soviet_core

VARIANTS_PER_FAMILY = 50  # products a family key may name at most (a family rarely has more orderable codes)
_KIND_OF_CATEGORY = {"passive.resistor": "res", "passive.capacitor": "cap", "passive.inductor": "ind"}


class Catalog:
    """Indexes over a list of CatalogItem; products are referred to by their number in ``items``."""

    def __init__(self, items: Iterable[CatalogItem]) -> None:
        self.items: list[CatalogItem] = list(items)
        self.keys: list[str] = [item_key(item) for item in self.items]
        self.categories: list[str] = [item.category or _classified(item) for item in self.items]
        self._by_key: dict[str, list[int]] = {}
        self._by_core: dict[str, list[int]] = {}
        self._by_category: dict[str, list[int]] = {}
        self._buckets: dict[Bucket, dict[Signature, list[int]]] = {}
        family: list[tuple[str, int]] = []
        for number, (item, key) in enumerate(zip(self.items, self.keys, strict=True)):
            self._by_key.setdefault(key, []).append(number)
            if not item.domestic:
                continue
            self._by_category.setdefault(self.categories[number], []).append(number)
            if key.startswith("pn:"):
                family.append((key[3:], number))
                core = soviet_core(key[3:])
                if core:
                    self._by_core.setdefault(core, []).append(number)
            found = self.signature_of(number)
            if found is not None:
                self._buckets.setdefault(found.bucket, {}).setdefault(found, []).append(number)
        family.sort()
        self._family_keys = [code for code, _number in family]
        self._family_numbers = [number for _code, number in family]
        self._text: dict[str, TextIndex] = {}

    def __len__(self) -> int:
        return len(self.items)

    def signature_of(self, number: int) -> Signature | None:
        """The parametric signature of a product: from its key, its stated parameters and its name."""
        item, category, key = self.items[number], self.categories[number], self.keys[number]
        params = _typed_parameters(item.parameters, category)
        text = " ".join([item.name, *(v for k, v in item.parameters.items() if k == "text")])
        # Only a regulator's part number tells a parameter (L7805: 5 V), and it is read with its separators.
        code = normalize_part_number(item.part_number, canonical_manufacturer(item.manufacturer)) \
            if category == "ic.regulator" and key.startswith("pn:") else ""
        return signature(category=category, key=key, code=code, text=text, params=params)

    # Look-ups -----------------------------------------------------------------------------------------------------

    def with_key(self, key: str) -> list[int]:
        """Products, domestic or foreign, whose identity key is ``key``."""
        return self._by_key.get(key, [])

    def domestic_for(self, code: str) -> list[tuple[int, Match]]:
        """Domestic products a cross-reference's part key names: itself, its variants, its other prefixes."""
        found = [(n, Match.EXACT) for n in self._by_key.get(f"pn:{code}", ()) if self.items[n].domestic]
        seen = {n for n, _match in found}
        start = bisect_left(self._family_keys, code)
        for position in range(start, min(start + VARIANTS_PER_FAMILY, len(self._family_keys))):
            variant = self._family_keys[position]
            if not variant.startswith(code):
                break
            number = self._family_numbers[position]
            if number not in seen and names_variant(code, variant):
                found.append((number, Match.FAMILY))
                seen.add(number)
        core = soviet_core(code)
        for number in self._by_core.get(core, ()) if core else ():
            if number not in seen:
                found.append((number, Match.OTHER_PREFIX))
                seen.add(number)
        return found

    def parametric(self, need: Signature, limit: int) -> list[tuple[int, Fit]]:
        """Domestic products whose parameters replace ``need``, best first."""
        fits: list[tuple[int, Fit]] = []
        for offer, numbers in self._buckets.get(need.bucket, {}).items():
            fit = compare(need, offer)
            if fit is not None:
                fits.extend((number, fit) for number in numbers[:limit])
        fits.sort(key=lambda pair: -pair[1].score)
        return fits[:limit]

    def similar_names(self, category: str, text: str, limit: int) -> list[tuple[int, int]]:
        """Domestic products of ``category`` whose names read like ``text``: (number, similarity 0–100)."""
        numbers = self._by_category.get(category)
        if not numbers or not text.strip():
            return []
        index = self._text.get(category)
        if index is None:
            names = [f"{self.items[n].name} {self.items[n].part_number}" for n in numbers]
            index = self._text[category] = TextIndex(names, numbers)
        return index.search(text, limit)


def as_catalog(catalog: Catalog | Iterable[CatalogItem]) -> Catalog:
    return catalog if isinstance(catalog, Catalog) else Catalog(catalog)


def _classified(item: CatalogItem) -> str:
    return classify_product(item.part_number, item.manufacturer, item.name)


def _typed_parameters(parameters: dict[str, str], category: str) -> dict[str, Any] | None:
    """Parameters a catalog states as name=value, typed for signature(); numbers written as the keys write them."""
    named = {k: v for k, v in parameters.items() if k != "text" and v}
    if not named:
        return None
    kind = named.get("type") or _KIND_OF_CATEGORY.get(category) or ("bat" if category.startswith("battery") else "")
    typed: dict[str, Any] = {"type": kind} if kind else {}
    for name, value in named.items():
        if name == "type":
            continue
        try:
            typed[name] = fmt(float(value.replace(",", ".")))
        except ValueError:
            typed[name] = value.strip().lower() if name == "chemistry" else value.strip()
    return typed
