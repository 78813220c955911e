"""Part numbers: when two written forms name the same orderable part.

Case, spaces, separators and Cyrillic look-alike letters never change a part. Packaging and lead-free
marks (reel, tape, ammo, /NOPB, #PBF, +) do not change it either and are removed — generic marks for
every maker, and the bare reel letters (TR, R, T) only for makers whose ordering codes we know, because
elsewhere the same letters are package or grade codes (ATMEGA328P-AU is not ATMEGA328P-PU). Russian
designations keep their Cyrillic canonical form (see soviet.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from cityorder.engine.identity.manufacturers import canonical_manufacturer
from cityorder.engine.identity.russian import parse_discrete, parse_series
from cityorder.engine.identity.soviet import parse_soviet
from cityorder.engine.identity.text import CYR_TO_LAT, PLACEHOLDERS, has_cyrillic, has_latin, uniform_dashes

# Marks any maker uses for packaging or lead-free finish; removed from the end, repeatedly.
_GENERIC_SUFFIXES = re.compile(
    r"(?:[/_]NOPB|#PBF|#TRPBF|#TR|/TR|-TR|-T&R|T&R|-T|-REEL7|-REEL13|-REEL|-RL7|-RL|-TAPE|-TAP|-AMMO|-BULK|/BKN|"
    r"-ND|\+T&R|\+TG|\+T|\+|-E3|/E3|-GE3|-PBF|-LF|/LF)$"
)
# Bare reel letters after a complete ordering code, for makers that use them that way.
_MAKER_REEL_RULES: dict[str, re.Pattern[str]] = {
    # ST: STM32F103C8T6TR, L7805CV-TR handled generically; TR only after the temperature-range digit.
    "STMicroelectronics": re.compile(r"^(?P<base>(?:STM32|STM8|SPC5|STL|STP|STD|STF|VN|VND|LD|LM|TS|L)\w*\d)TR$"),
    # Microchip/Atmel: -AUR = -AU on reel (also -MUR, -SUR, -XUR, -SSUR, -MMHR).
    "Microchip": re.compile(r"^(?P<base>.+-(?:AU|MU|SU|XU|SSU|MMH|PU|MAHR|SN|ST|SS|OT|MC|MF))R$"),
    # TI: D/DBV/PW/DGK/DCK/DRL/RGT/RTE packages + R (large reel) or T (small reel).
    "Texas Instruments": re.compile(r"^(?P<base>.+(?:D|DBV|PW|DGK|DCK|DRL|RGT|RTE|DSG|DRV|DDC|DCY|NS|DB|DRB))[RT]$"),
    # onsemi: G marks the lead-free finish after the package code (MC7805CTG).
    "onsemi": re.compile(r"^(?P<base>(?:MC|NC|MMBT|MMBZ|MBR|NTD|NTR|BC|2N)\w*[A-Z])G$"),
}
# Family prefixes that tell the maker when the manufacturer column is empty.
_FAMILY_MAKERS: tuple[tuple[str, str], ...] = (
    ("STM32", "STMicroelectronics"), ("STM8", "STMicroelectronics"), ("ATMEGA", "Microchip"),
    ("ATTINY", "Microchip"), ("ATSAM", "Microchip"), ("ATXMEGA", "Microchip"), ("PIC", "Microchip"),
    ("DSPIC", "Microchip"), ("MCP", "Microchip"), ("TPS", "Texas Instruments"), ("SN74", "Texas Instruments"),
    # LM op-amps and comparators in SOIC (D) on reel: TI writes LM258DR, ST LM258DT; both are LM258D.
    ("LM", "Texas Instruments"), ("LD1117", "STMicroelectronics"), ("LD39", "STMicroelectronics"),
    ("SN65", "Texas Instruments"), ("TLV", "Texas Instruments"), ("OPA", "Texas Instruments"),
    ("INA", "Texas Instruments"), ("MSP430", "Texas Instruments"),
)
# Separators do not tell parts apart, except a decimal point between digits (541-10.0KHCT is not 541-100KHCT).
_SEPARATORS = re.compile(r"[\s\-_/,]+|(?<!\d)\.|\.(?!\d)")
_PLAIN_SEPARATORS = re.compile(r"[\s\-_/,]+")
_BRACKETED_OPTIONS = re.compile(r"(?<=[0-9A-Z])(?:\([0-9A-Z+\-]{1,6}\))+$")
# The micro sign of Fairchild's µA741 and NEC's µPD4364: makers and distributors write it as U (UA741, UPD4364).
# Only before a letter, so that a value such as 10µF in a part-number column stays a value.
_MICRO_PREFIX = re.compile(r"^[µμΜ](?=[A-Z])")
_LIBRARY_SUFFIX = re.compile(r"(?<=[0-9A-Za-zА-Яа-я])_(?=[A-Za-z]*[a-z])[A-Za-z]{2,8}$")
_PN_SHAPE = re.compile(r"^[0-9A-ZА-Я][0-9A-ZА-Я\-_./#+,&()]*$")
_SHAPE_DIGIT = re.compile("[0-9]")
_SHAPE_LETTER = re.compile("[A-ZА-Я]")


# ГОСТ 7.79 (system B) single letters, enough for designations; the rest are dropped into their nearest Latin.
_TRANSLIT = str.maketrans({"А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E", "Ж": "ZH",
                           "З": "Z", "И": "I", "Й": "J", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O",
                           "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "X", "Ц": "C",
                           "Ч": "CH", "Ш": "SH", "Щ": "SHH", "Ъ": "", "Ы": "Y", "Ь": "", "Э": "E", "Ю": "YU",
                           "Я": "YA"})
LATIN_OF_CYRILLIC = _TRANSLIT  # for callers that compare designations across the two alphabets
_NOT_LOOKALIKE = re.compile("[БГДЖЗИЙЛПФЦЧШЩЪЫЬЭЮЯ]")


@lru_cache(maxsize=262144)
def normalize_part_number(raw: str, manufacturer: str = "") -> str:
    """The readable canonical form of a part number (upper case, packaging marks removed, separators kept)."""
    # A library's variant name after an underscore (5572IN1AU2_Min, 2T881A_otv) is not part of the code.
    if "_" in raw:
        raw = _LIBRARY_SUFFIX.sub("", raw)
    text = _MICRO_PREFIX.sub("U", "".join(uniform_dashes(raw).upper().split()))
    if not text or text in PLACEHOLDERS:
        return ""
    russian = parse_soviet(text) or parse_discrete(text) or parse_series(text)
    if russian is not None:
        return russian.designation
    if has_cyrillic(text):
        # Look-alike letters typed into a Latin code (STM32F103С8Т6) read as the Latin they look like; a code with
        # letters no Latin one looks like (5572ИН1АУ2) was written in Russian and is transliterated.
        text = text.translate(_TRANSLIT if _NOT_LOOKALIKE.search(text) else CYR_TO_LAT)
    maker = canonical_manufacturer(manufacturer) if manufacturer else ""
    return _strip_packaging(text, maker or _maker_from_family(text))


def part_key(normalized: str) -> str:
    """The comparison form of a normalized part number: separators do not distinguish parts.

    A key is in one alphabet: a Russian designation with a Latin suffix (К1986ВЕ92QI) is keyed in Latin
    transliteration (K1986VE92QI), so no key mixes the two.
    """
    compact = (_SEPARATORS if "." in normalized else _PLAIN_SEPARATORS).sub("", normalized)
    if has_cyrillic(compact) and has_latin(compact):
        return compact.translate(_TRANSLIT)
    return compact




def looks_like_part_number(raw: str) -> bool:
    """A single code with at least one digit and one letter, not a phrase or a bare value."""
    text = raw.strip().upper()
    if not text or text in PLACEHOLDERS or len(text) > 40 or len(text.split()) > 2:
        return False
    compact = _MICRO_PREFIX.sub("U", "".join(text.split()))
    # Past the shape, a digit is 0-9 and a letter A-Z or А-Я: one search each instead of a loop over characters.
    if not _PN_SHAPE.match(compact) or len(compact) < 4 or not _SHAPE_DIGIT.search(compact):
        return False
    if _SHAPE_LETTER.search(compact):
        return True
    # Connector makers number parts in digits only (Molex 48258-0002, TE 1-84952-5): a separator tells
    # a code from a bare quantity or value.
    return "-" in compact and sum(c.isdigit() for c in compact) >= 5


def _strip_packaging(text: str, manufacturer: str) -> str:
    # Options in brackets after a complete code (DS-210B(PBT)(NB), G3VM-61D1(TR)): material or reel, not the part.
    if text.endswith(")"):
        text = _BRACKETED_OPTIONS.sub("", text) or text
    previous = None if _GENERIC_SUFFIXES.search(text) else text  # most codes carry no packaging mark
    while previous != text:
        previous = text
        stripped = _GENERIC_SUFFIXES.sub("", text)
        # Never strip a code down to nothing or to a bare number.
        if len(stripped) >= 3 and any(c.isalpha() for c in stripped):
            text = stripped
    rule = _MAKER_REEL_RULES.get(manufacturer)
    if rule is not None:
        match = rule.match(text)
        if match:
            text = match["base"]
    return text


def _maker_from_family(text: str) -> str:
    for prefix, maker in _FAMILY_MAKERS:
        if text.startswith(prefix):
            return maker
    return ""
