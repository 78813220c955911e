"""Part identity: when two demand lines describe the same thing, and what that thing is.

``identify`` is called once per distinct raw description; its ``key`` is the consolidation key:
- ``pn:<part number>`` for an orderable part (normalized: see partnumbers.py, soviet.py),
- ``par:<type>|<values>`` for a generic component described by its parameters (parametric.py),
- ``txt:<sorted words>`` for anything else, compared as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cityorder.engine import nomenclature
from cityorder.engine.identity.classify import classify
from cityorder.engine.identity.manufacturers import canonical_manufacturer, display_manufacturer
from cityorder.engine.identity.parametric import parametric_key, parse_parametric
from cityorder.engine.identity.partnumbers import (
    looks_like_part_number,
    normalize_part_number,
    part_key,
)
from cityorder.engine.identity.soviet import SovietDesignation, parse_soviet
from cityorder.engine.identity.text import clean, fold, has_cyrillic, is_placeholder, tokens
from cityorder.engine.messages import msg, template

__all__ = [
    "Identity", "identify", "comparison_text", "block_keys", "normalize_part_number", "part_key",
    "canonical_manufacturer", "parse_soviet", "SovietDesignation", "parse_parametric", "classify",
]

# Notes on how a line was identified, shown on a position's card (joined with «; »).
READ_AS_DESCRIPTION = template("«%(text)s» read as a description, not a part number")
PART_NUMBER_FROM_NAME = template("part number %(part_number)s taken from the name")
PARAMETERS_READ = template("parameters read from the description")
COMPARED_AS_TEXT = template("compared as text")
# The function stays in English here (function_en); its Russian name follows in brackets.
SOVIET_FUNCTION = template("%(function)s (%(function_ru)s), series %(series)s")
TRANSLITERATED = template("Russian designation typed in Latin letters: %(raw)s → %(normalized)s")
LOOKALIKES_REPLACED = template("Cyrillic look-alike letters replaced by Latin: %(raw)s → %(normalized)s")
PACKAGING_SUFFIX_REMOVED = template("packaging suffix %(suffix)s removed")
WRITTEN_AS = template("%(raw)s written as %(normalized)s")


@dataclass(frozen=True, slots=True)
class Identity:
    key: str
    kind: str  # 'part' | 'parametric' | 'text'
    category: str
    okpd2: str
    display_name: str
    part_number: str = ""
    manufacturer: str = ""
    params: dict[str, str] = field(default_factory=dict)
    note: str = ""


# A code inside a name: a Soviet designation or a Latin part number with letters and digits.
_CODE_IN_TEXT = re.compile(r"(?<![\w-])([0-9A-ZА-ЯЁ][0-9A-ZА-ЯЁ\-/#.+]{2,}[0-9A-ZА-ЯЁ+])(?![\w-])", re.I)
_VALUE_LIKE = re.compile(
    r"^\d+([.,]\d+)?(К|K|M|М|R|V|В|A|А|W|ВТ|МА|MA|AH|АЧ|НФ|NF|ПФ|PF|МКФ|UF|UH|МГН|ГЦ|HZ|KHZ|MHZ|МГЦ|КГЦ|ОМ|"
    r"КОМ|KOHM|OHM|MM|ММ|Г|ГОД|Х\d+)?$", re.I)


# Codes in a name that are not part numbers: protection classes, connector shells, bit widths, fastener sizes.
_NOT_A_PART = re.compile(r"^(IP\d+|DB\d+|DE\d+|DA\d+|DC\d+|DD\d+|\d+BIT|\d+X\d+|M\d+X\d+|M\d+|DIN\d+|USB\d*|"
                         r"RS\d+|CAN\d*|GOST\d*|ГОСТ\d*|ТУ\d*)$")


def _is_standard_code(candidate: str) -> bool:
    """IP65, RS-485, RS-485/USB, CAN 2.0: spelt with or without separators, alone or as a pair."""
    return all(_NOT_A_PART.match(re.sub(r"[\-.#+]", "", piece)) for piece in candidate.split("/"))


def _code_from_text(text: str) -> str:
    """A part number mentioned in a name (КР142ЕН5А, STM32F103C8T6), or ''.

    Names mention many codes that are not orderable parts (IP65, DB37, 32BIT, M6X20); a Latin code is
    taken only when it has the shape of a part number: five or more characters, three or more digits,
    two or more letters, and not one of those standard designations.
    """
    for match in _CODE_IN_TEXT.finditer(text.upper()):
        candidate = match.group(1)
        if parse_soviet(candidate) is not None:
            return candidate
        if has_cyrillic(candidate) or _VALUE_LIKE.match(candidate) or _is_standard_code(candidate):
            continue
        digits = sum(c.isdigit() for c in candidate)
        letters = sum(c.isalpha() for c in candidate)
        if len(candidate) >= 5 and digits >= 3 and letters >= 2 and looks_like_part_number(candidate):
            return candidate
    return ""


@lru_cache(maxsize=262144)
def identify(*, name: str = "", part_number: str = "", manufacturer: str = "", description: str = "",
             value: str = "", footprint: str = "") -> Identity:
    maker = canonical_manufacturer(manufacturer)
    maker_shown = maker or display_manufacturer(manufacturer)
    words = clean(" ".join(p for p in (name, description, value) if p))
    notes: list[str] = []

    raw_pn = part_number.strip()
    if raw_pn and (is_placeholder(raw_pn) or not looks_like_part_number(raw_pn)):
        if not is_placeholder(raw_pn):
            notes.append(msg(READ_AS_DESCRIPTION, text=raw_pn))
            words = clean(f"{raw_pn} {words}")
        raw_pn = ""
    if raw_pn:
        return _part(raw_pn, maker, maker_shown, words, footprint, notes)
    params = parse_parametric(words, footprint) if words else None
    if not params:
        raw_pn = _code_from_text(" ".join(p for p in (value, name, description) if p))
        if raw_pn:
            notes.append(msg(PART_NUMBER_FROM_NAME, part_number=raw_pn))

    if raw_pn:
        return _part(raw_pn, maker, maker_shown, words, footprint, notes)
    if params:
        category = classify(text=words, params=params)
        return Identity(key=parametric_key(params), kind="parametric", category=category,
                        okpd2=nomenclature.get(category).okpd2, display_name=words or value,
                        manufacturer=maker_shown, params=params, note="; ".join([msg(PARAMETERS_READ), *notes]))
    category = classify(text=words)
    folded = tokens(words)
    key = "txt:" + " ".join(sorted(set(folded))) if folded else "txt:"
    return Identity(key=key, kind="text", category=category, okpd2=nomenclature.get(category).okpd2,
                    display_name=words, manufacturer=maker_shown, note="; ".join([msg(COMPARED_AS_TEXT), *notes]))


def _part(raw_pn: str, maker: str, maker_shown: str, words: str, footprint: str, notes: list[str]) -> Identity:
    """A real part number decides the key; the description is read for parameters only when the part's
    family and words leave its category unknown (most lines of a large order never need it)."""
    normalized = normalize_part_number(raw_pn, maker)
    soviet = parse_soviet(normalized)
    compact = part_key(normalized)
    notes.extend(_how_normalized(raw_pn, normalized, soviet))
    category = classify(text=words, part_key=compact, soviet=soviet)
    params = parse_parametric(words, footprint) if category == "other" and words else None
    if params:
        category = classify(params=params)
    if soviet is not None:
        notes.append(msg(SOVIET_FUNCTION, function=soviet.function_en, function_ru=soviet.function_ru,
                         series=soviet.series))
    return Identity(key="pn:" + compact, kind="part", category=category, okpd2=nomenclature.get(category).okpd2,
                    display_name=words or normalized, part_number=normalized, manufacturer=maker_shown,
                    params=dict(params or {}), note="; ".join(notes))


def _how_normalized(raw: str, normalized: str, soviet: SovietDesignation | None) -> list[str]:
    compact_raw = "".join(raw.upper().split())
    if compact_raw == normalized:
        return []
    if soviet is not None and not has_cyrillic(compact_raw):
        return [msg(TRANSLITERATED, raw=raw, normalized=normalized)]
    if has_cyrillic(compact_raw) and soviet is None:
        return [msg(LOOKALIKES_REPLACED, raw=raw, normalized=normalized)]
    if normalized and compact_raw.startswith(normalized) and len(compact_raw) > len(normalized):
        return [msg(PACKAGING_SUFFIX_REMOVED, suffix=compact_raw[len(normalized):])]
    return [msg(WRITTEN_AS, raw=raw, normalized=normalized)]


def comparison_text(identity: Identity) -> str:
    """What a fuzzy matcher compares: the part number for parts, the parameters or the words otherwise."""
    if identity.kind == "part":
        return identity.key[3:]
    if identity.kind == "parametric":
        return identity.key[4:]
    return identity.key[4:] or fold(identity.display_name)


def block_keys(identity: Identity) -> tuple[str, ...]:
    """Cheap keys that probable duplicates share: only positions sharing one are ever compared."""
    if identity.kind == "part":
        code = identity.key[3:]
        keys = [f"pn<{code[:5]}"]
        if len(code) >= 8:
            keys.append(f"pn>{code[-5:]}")
        return tuple(keys)
    if identity.kind == "parametric":
        values = identity.key.split("|")
        return (f"{values[0]}|{values[1]}",)
    words = identity.key[4:].split()
    if not words:
        return ()
    longest = sorted(words, key=lambda w: (-len(w), w))[:2]
    return tuple(f"txt:{identity.category}:{w}" for w in longest)
