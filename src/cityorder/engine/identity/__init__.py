"""Part identity: when two demand lines describe the same thing, and what that thing is.

``identify`` is called once per distinct raw description; its ``key`` is the consolidation key:
- ``pn:<part number>`` for an orderable part (normalized: see partnumbers.py, soviet.py),
- ``par:<type>|<values>`` for a generic component described by its parameters (parametric.py),
- ``txt:<sorted words>`` for anything else, compared as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from operator import attrgetter

from cityorder.engine import nomenclature
from cityorder.engine.identity.classify import classify
from cityorder.engine.identity.codes import (
    CodeInText,
    code_from_text,
    codes_in,
    find_code,
    supply_documents,
    without_supply_documents,
)
from cityorder.engine.identity.connectors import JUMPER as CONNECTOR_JUMPER
from cityorder.engine.identity.connectors import connector_words_only, parse_connector
from cityorder.engine.identity.designators import KINDS as DESIGNATOR_KINDS
from cityorder.engine.identity.kinds import kind_only
from cityorder.engine.identity.manufacturers import canonical_manufacturer, display_manufacturer
from cityorder.engine.identity.parametric import parametric_key, parse_parametric, value_of
from cityorder.engine.identity.partnumbers import (
    LATIN_OF_CYRILLIC,
    looks_like_part_number,
    normalize_part_number,
    part_key,
)
from cityorder.engine.identity.passives import (
    decode_part_number,
    has_russian_type,
    parse_russian_passive,
    value_code_in,
)
from cityorder.engine.identity.russian import DiscreteDesignation, SeriesDesignation, parse_discrete, parse_series
from cityorder.engine.identity.soviet import SovietDesignation, parse_soviet
from cityorder.engine.identity.suppliers import maker_code_in, order_code
from cityorder.engine.identity.text import clean, fold, has_cyrillic, is_placeholder, tokens
from cityorder.engine.identity.values import parameters_text
from cityorder.engine.messages import msg, template

__all__ = [
    "Identity", "identify", "comparison_text", "block_keys", "normalize_part_number", "part_key",
    "canonical_manufacturer", "parse_soviet", "SovietDesignation", "parse_parametric", "classify",
    "code_from_text", "find_code", "CodeInText", "supply_documents", "parse_discrete", "DiscreteDesignation",
    "parse_series", "SeriesDesignation",
]

# Notes on how a line was identified, shown on a position's card (joined with «; »).
READ_AS_DESCRIPTION = template("«%(text)s» read as a description, not a part number")
PART_NUMBER_FROM_NAME = template("part number %(part_number)s taken from the name")
PARAMETERS_READ = template("parameters read from the description")
COMPARED_AS_TEXT = template("compared as text")
NAMES_ONLY_A_KIND = template("names only a kind (%(kind)s), not a part: never merged or compared with other lines")
# A Soviet microcircuit's function and a discrete device's class and grade: each value is a template itself
# (soviet.FUNCTIONS, russian.DEVICES and GRADES), so a page names them in the reader's language alone.
SOVIET_FUNCTION = template("%(function)s, series %(series)s")
DISCRETE_DEVICE = template("%(device)s, grade: %(grade)s")
# The notes of versions saved before (the English name, the Russian in brackets): still explained, so their
# Russian pages keep reading them until the campaign is consolidated again.
SOVIET_FUNCTION_BEFORE = template("%(function)s (%(function_ru)s), series %(series)s")
DISCRETE_DEVICE_BEFORE = template("%(device)s (%(device_ru)s), %(grade)s")
SUPPLY_DOCUMENT = template("supplied to %(documents)s")
TRANSLITERATED = template("Russian designation typed in Latin letters: %(raw)s → %(normalized)s")
LOOKALIKES_REPLACED = template("Cyrillic look-alike letters replaced by Latin: %(raw)s → %(normalized)s")
PACKAGING_SUFFIX_REMOVED = template("packaging suffix %(suffix)s removed")
WRITTEN_AS = template("%(raw)s written as %(normalized)s")
DISTRIBUTOR_CODE = template("distributor code %(code)s set aside for the maker's part number %(part_number)s")
PART_NUMBER_ENCODES = template("part number %(part_number)s encodes %(params)s")
FULLER_DESIGNATION = template("part number %(part_number)s is a shortened form of %(designation)s in the name")
CONTRADICTS = template("check the line: part number %(part_number)s encodes %(encoded)s, the description says "
                       "%(described)s")


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
    # Technical conditions or standards the description cites (АЕЯР.431200.424-06ТУ): kept, never in the key.
    supply_document: str = ""

    def __reduce__(self) -> tuple[type[Identity], tuple[object, ...]]:
        # Pickled (consolidation's workers send back hundreds of thousands) as the constructor's arguments: the
        # dataclass default calls dataclasses.fields() for every object, on both sides of the pipe.
        return Identity, _IDENTITY_VALUES(self)


_IDENTITY_VALUES = attrgetter(*(f.name for f in fields(Identity)))


# A Russian word in a part-number cell («Диод 2Д522Б», «Вилка СНП346»): the cell is a name that holds a code.
_DOCUMENT_HINT = re.compile("ТУ|ОСТ", re.I)
# What schematic libraries put where a part number belongs: generic symbol names (Res1, Cap2, Header 6, LED1),
# package or land-pattern codes (R-0603, C0402, RESC1005X04N, SOIC127P600X175-8N). They name no orderable part.
_LIBRARY_NAME = re.compile(
    r"^(?:(?:RES|R|CAP|C|CAPPOL|CAP_POL|IND|L|LED|D|DIODE|HEADER|HDR|CONN|CON|JUMPER|JP|SW|FUSE|TP|XTAL|CRYSTAL)"
    r"[\s_-]?\d{0,2}|[RCLD]?[\s_-]?(?:0201|0402|0603|0805|1206|1210|1812|2010|2512)|"
    r"(?:RES|CAP|IND|DIO|LED|FUS)[CMN]\d{4}X\d+[LNM]?|(?:SOIC|SOP|QFN|QFP|BGA|SOT|DFN)\d+P\d+X\d+.*)$",
    re.I,
)
_DIGIT = re.compile(r"\d")
# A word with a Latin letter and four digits: the only kind of word that can carry a value code (3313J-1-104).
_CODE_GATE = re.compile(r"(?<![\w-])(?=[\w-]*[A-Za-z])(?:[A-Za-z_-]*\d){4}")
_KIND_ONLY_MARK = "!kind-only"
_DISTRIBUTOR_CODE = re.compile(r"^(?:C\d{3,8}|\d{2,3}-[0-9A-Z].*|.+-ND)$", re.I)
_HEAD_DIGITS = re.compile(r"^[^\W\d_]{1,6}(\d{2,})")
_PIECE_SEPARATORS = re.compile(r"[\s\-_/,.]+")
_NAME_WORD = re.compile(r"(?<![\w-])[А-ЯЁа-яё]{3,}[а-яё](?![\w-])")


@lru_cache(maxsize=262144)
def identify(*, name: str = "", part_number: str = "", manufacturer: str = "", description: str = "",
             value: str = "", footprint: str = "", designator: str = "", supplier_code: str = "") -> Identity:
    """The identity of one raw description; ``designator`` is the kind its reference designators share (R, C).

    ``supplier_code`` (distributors' codes, suppliers.py) stands for the part only where no field names the
    maker's part number; consolidation compares the codes themselves.
    """
    supplied = ""
    if supplier_code and not part_number.strip():
        part_number = supplied = order_code(supplier_code)
    maker = canonical_manufacturer(manufacturer)
    maker_shown = maker or display_manufacturer(manufacturer)
    words = clean(" ".join(p for p in (name, description, value) if p))
    notes: list[str] = []
    documents = ""
    if _DOCUMENT_HINT.search(f"{part_number} {words}"):
        # Only names with «ТУ», «ГОСТ» or «ОСТ» can cite a supply document; the rest never pay for the search.
        cited = supply_documents(f"{part_number} {words}")
        if cited:
            documents = "; ".join(dict.fromkeys(cited))
            words = without_supply_documents(words)
            name, part_number, value, description = (
                without_supply_documents(t) for t in (name, part_number, value, description))

    raw_pn = part_number.strip()
    if raw_pn and not supplied and _LIBRARY_NAME.match(raw_pn):
        footprint, raw_pn = f"{footprint} {raw_pn}".strip(), ""  # says the kind or size, as a footprint does
    # Only a code written in pieces (XH-2.54, GK108-P-3) can be a connector's words or a shortened designation:
    # isalnum() spares the two tests to nearly every part number.
    pieced = bool(raw_pn) and not supplied and not raw_pn.isalnum()
    if pieced and connector_words_only(raw_pn):
        words, raw_pn = clean(f"{raw_pn} {words}"), ""  # XH-2.54: a connector's series and pitch, read below
    if raw_pn and not supplied and (is_placeholder(raw_pn) or not (looks_like_part_number(raw_pn)
                                                                    or _maker_s_digits(raw_pn, maker_shown))
                                    or (" " in raw_pn and _NAME_WORD.search(raw_pn))):
        if not is_placeholder(raw_pn):
            notes.append(msg(READ_AS_DESCRIPTION, text=raw_pn))
            words = clean(f"{raw_pn} {words}")
        raw_pn = ""
    if raw_pn and (supplied or _DISTRIBUTOR_CODE.match(raw_pn)):
        # An LCSC, Mouser or Digi-Key code is the maker's part number only when no field names the maker's own.
        own = code_from_text(" ".join(p for p in (value, name, description) if p)) or maker_code_in(raw_pn)
        if own and own.upper() != raw_pn.upper():
            notes.append(msg(DISTRIBUTOR_CODE, code=raw_pn, part_number=own))
            raw_pn = own
    if pieced and raw_pn and words and (fuller := _fuller_designation(raw_pn, words)):
        notes.append(msg(FULLER_DESIGNATION, part_number=raw_pn, designation=fuller))
        raw_pn = fuller
    russian = (_russian_passive(name, part_number.strip(), value, description)
               if "-" in part_number or "-" in name or "-" in value or "-" in description else None)
    if russian is not None and raw_pn:  # R1-112-0W125-302±5: a Russian type as an Altium library spells it
        words, raw_pn = clean(f"{raw_pn} {words}"), ""
    hint = DESIGNATOR_KINDS.get(designator, "")
    params = russian or (parse_russian_passive(words) or parse_parametric(words, footprint, hint)
                         if words and not raw_pn else None)
    if not raw_pn and (not params or (russian is None and params["type"] in ("res", "cap")
                                      and _CODE_GATE.search(words))):
        text = " ".join(p for p in (value, words) if p)
        # Beside parameters, a code in the name is taken only when it carries their value (3313J-1-104 for
        # 100 кОм): then it is the part's number, not a series name (RC0805) or a package.
        code = (code_from_text(text) if not params
                else next((c for c in codes_in(text) if value_code_in(c, params)), ""))
        if code and not connector_words_only(code):
            raw_pn, params = code, None
            notes.append(msg(PART_NUMBER_FROM_NAME, part_number=raw_pn))
    if not raw_pn and not params and words:
        # «XH-2.54 3pin», «HRD-1x3-2.54-MALE», a jumper on «1x3 RM2,54»: a connector by its series and pins.
        params = parse_connector(words, footprint, CONNECTOR_JUMPER if designator == CONNECTOR_JUMPER else hint)
    if documents:
        notes.append(msg(SUPPLY_DOCUMENT, documents=documents))
    if raw_pn:
        by_code = bool(supplied) and raw_pn == supplied  # the distributor's code itself stands for the part
        return _part(raw_pn, maker, maker_shown, words, footprint, notes, documents, by_code)
    if params:
        category = classify(text=words, params=params)
        return Identity(key=parametric_key(params), kind="parametric", category=category,
                        okpd2=nomenclature.get(category).okpd2, display_name=words or value,
                        manufacturer=maker_shown, params=params, note="; ".join([msg(PARAMETERS_READ), *notes]),
                        supply_document=documents)
    category = classify(text=words)
    folded = tokens(words)
    kind = kind_only(words) if words and not _DIGIT.search(words) else ""
    if kind:
        # «Микросхема», «Диод», «Резистор SMD»: a kind is no part. Its key holds every field as written, and it is
        # never compared, so it joins nothing but its own spelling («Микросхема» + «Microchip» stays apart).
        raw = "|".join(fold(t) for t in (name, part_number, manufacturer, description, value, footprint))
        return Identity(key=f"txt:{_KIND_ONLY_MARK} {raw}", kind="text", category=category,
                        okpd2=nomenclature.get(category).okpd2, display_name=words, manufacturer=maker_shown,
                        note="; ".join([msg(NAMES_ONLY_A_KIND, kind=kind), *notes]), supply_document=documents)
    key = "txt:" + " ".join(sorted(set(folded))) if folded else "txt:"
    return Identity(key=key, kind="text", category=category, okpd2=nomenclature.get(category).okpd2,
                    display_name=words, manufacturer=maker_shown, note="; ".join([msg(COMPARED_AS_TEXT), *notes]),
                    supply_document=documents)


def _fuller_designation(raw_pn: str, words: str) -> str:
    """The designation a name gives when the part-number column holds a shortened form of it: nikandrew's
    Altium library id GK108-P-3 beside the name ГК108-П-15ГР-3, whose every piece it repeats in order. Then
    the name's designation names the part (ГК108-П-3 is another oscillator); '' otherwise."""
    head = _HEAD_DIGITS.match(raw_pn)
    if head is None or not _after_a_letter(head.group(1), words):
        return ""  # the common case: no word of the name starts as the number does (letters, then its digits)
    short = _pieces(raw_pn)
    for word in words.split():
        long = _pieces(word)
        if len(long) > len(short) and long[0] == short[0]:
            rest = iter(long)
            if all(piece in rest for piece in short):
                return word.strip("-_/,.")
    return ""


def _maker_s_digits(raw_pn: str, maker: str) -> bool:
    """Six digits or more in the part-number column beside a named maker: an order number of digits only
    (Phoenix Contact 1714971, Würth 61300311121), never a quantity or a value."""
    return bool(maker) and len(raw_pn) >= 6 and raw_pn.isdigit()


def _after_a_letter(digits: str, words: str) -> bool:
    at = words.find(digits)
    while at > 0:
        if words[at - 1].isalpha():
            return True
        at = words.find(digits, at + 1)
    return False


def _pieces(code: str) -> list[str]:
    return [p for p in _PIECE_SEPARATORS.split(code.upper().translate(LATIN_OF_CYRILLIC)) if p]


def _russian_passive(name: str, part_number: str, value: str, description: str) -> dict[str, str] | None:
    """A Russian resistor or capacitor type in any field; what several fields say of one part is put together
    (nikandrew's Altium export: R1-112-0W125-302±5 beside Р1-112-0,125-3 кОм±5%-К-А)."""
    found: dict[str, str] | None = None
    for text in (part_number, name, value, description, "+" if part_number and value else ""):
        if text == "+":  # МЛТ-0,125- in one column, its value in another
            if found is not None or not has_russian_type(part_number):
                continue
            text = f"{part_number}-{value}"
        elif "-" not in text:
            continue
        params = parse_russian_passive(text)
        if params is None:
            continue
        if found is None:
            found = params
        elif all(params.get(f) == found.get(f) for f in ("type", "series", "value")):
            found = {**found, **{f: v for f, v in params.items() if v}}
    return found


def _part(raw_pn: str, maker: str, maker_shown: str, words: str, footprint: str, notes: list[str],
          documents: str = "", supplied: bool = False) -> Identity:
    """A real part number decides the key; the description is read for parameters only when the part's
    family and words leave its category unknown (most lines of a large order never need it)."""
    normalized = normalize_part_number(raw_pn, maker)
    compact = part_key(normalized)
    encoded = decode_part_number(compact)
    if encoded is not None:
        return _encoded_passive(normalized, encoded, maker_shown, words, footprint, notes, documents)
    soviet = parse_soviet(normalized)
    discrete = parse_discrete(normalized) if soviet is None else None
    notes[:0] = _how_normalized(raw_pn, normalized, soviet or discrete)
    if discrete is not None:
        category = discrete.category
    else:
        category = classify(text=words, part_key=compact, soviet=soviet)
    if category == "other" and (series := parse_series(normalized)) is not None:
        category = series.category
    params = parse_parametric(words, footprint) if category == "other" and words else None
    if params and (supplied or _DISTRIBUTOR_CODE.match(normalized)):
        # only a distributor's code (C25744 beside «10kΩ 0402»): the maker's part of these values is a probable match
        params = {**params, "distributor": "1"}
    if params:
        category = classify(params=params)
    if soviet is not None:
        notes.append(msg(SOVIET_FUNCTION, function=soviet.function_en,
                         series=soviet.series))
    if discrete is not None:
        notes.append(msg(DISCRETE_DEVICE, device=discrete.device_en, grade=discrete.grade_en))
    return Identity(key="pn:" + compact, kind="part", category=category, okpd2=nomenclature.get(category).okpd2,
                    display_name=words or normalized, part_number=normalized, manufacturer=maker_shown,
                    params=dict(params or {}), note="; ".join(notes), supply_document=documents)


def _encoded_passive(normalized: str, encoded: dict[str, str], maker_shown: str, words: str, footprint: str,
                     notes: list[str], documents: str) -> Identity:
    """A passive whose part number encodes its parameters (RC0402FR-0710KL, GRM155R71H104KE14J).

    The part number is its identity (another maker's part of the same values is another orderable part); the
    parameters it encodes make it a probable match of a generic line («Резистор 10 кОм 0402 1%», a KiCad
    10k / R_0402) for the review queue. A description naming another value than the part number is flagged.
    """
    described = value_of(encoded["type"], words) if words else ""
    if described and described != encoded["value"]:
        notes.append(msg(CONTRADICTS, part_number=normalized, encoded=parameters_text(encoded),
                         described=parameters_text({"type": encoded["type"], "value": described})))
    category = classify(params=encoded)
    notes.append(msg(PART_NUMBER_ENCODES, part_number=normalized, params=parameters_text(encoded)))
    return Identity(key="pn:" + part_key(normalized), kind="part", category=category,
                    okpd2=nomenclature.get(category).okpd2, display_name=words or normalized, part_number=normalized,
                    manufacturer=maker_shown, params=encoded, note="; ".join(notes), supply_document=documents)


def _how_normalized(raw: str, normalized: str, soviet: SovietDesignation | DiscreteDesignation | None) -> list[str]:
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
        if identity.params.get("value"):
            # a part number that encodes a value meets the generic lines of that value
            keys.append(f"par:{identity.params['type']}|{identity.params['value']}")
        return tuple(keys)
    if identity.kind == "parametric":
        values = identity.key.split("|")
        if identity.params.get("type") == "bat":
            # A battery is named by its capacity, its chemistry often left unsaid («для ИБП 12 В 7 А·ч» beside
            # «AGM 12 В 7 А·ч»): blocked by chemistry, as the key orders it, those two would never meet.
            return (f"par:bat|{identity.params.get('capacity_ah') or identity.params.get('energy_kwh', '')}",)
        return (f"{values[0]}|{values[1]}",)
    words = identity.key[4:].split()
    if not words or words[0] == _KIND_ONLY_MARK:
        return ()
    longest = sorted(words, key=lambda w: (-len(w), w))[:2]
    return tuple(f"txt:{identity.category}:{w}" for w in longest)
