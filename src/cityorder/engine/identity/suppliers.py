"""Distributors' order codes: LCSC «C25804», Digi-Key «311-10.0KCRCT-ND», Mouser «71-CRCW0603-10K».

A distributor's code is never the maker's part number, but one distributor's code names one orderable part: two
lines that give the same code of the same distributor are the same part, whatever else they say or omit. A line
keeps its codes in ``LineRecord.supplier_code`` as «DISTRIBUTOR:code» entries joined by «; »; ``supplier_keys``
gives their comparison form, in which the packaging of one part (Digi-Key's cut tape CT-ND, reel TR-ND,
Digi-Reel DKR-ND, or -1-ND / -2-ND / -6-ND) does not count.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cityorder.engine.identity.text import is_placeholder

LCSC, DIGIKEY, MOUSER, FARNELL, SUPPLIER = "LCSC", "DIGIKEY", "MOUSER", "FARNELL", "SUPPLIER"
SEPARATOR = "; "

_LCSC_CODE = re.compile(r"^C\d{3,9}$")
_DIGIKEY_CODE = re.compile(r"-ND$")
_DIGIKEY_PACKAGING = re.compile(r"(?:CT|TR|DKR|-[126])?-ND$")
_DIGIKEY_SUFFIX = re.compile(r"(?:CT|TR|DKR)?-ND$")
_MOUSER_CODE = re.compile(r"^(?P<prefix>\d{2,4})-(?P<mpn>.+)$")
# A maker's code starts with letters and holds digits (TSV912IQ2T); 12414-1 or 10.0KHCT is a catalogue number.
_MAKER_CODE = re.compile(r"^[A-Z]{2,}[A-Z0-9]*\d[A-Z0-9\-./#+]*$")
_SPACES = re.compile(r"\s+")
_ENTRY = re.compile(r"^(?P<distributor>[A-Z]+):(?P<code>.+)$")
# Words of a header or a supplier's name that say which distributor a column's codes belong to.
_DISTRIBUTOR_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"lcsc|jlc\w*|easyeda"), LCSC),
    (re.compile(r"digikey|digi"), DIGIKEY),
    (re.compile(r"mouser"), MOUSER),
    (re.compile(r"farnell|element14|newark"), FARNELL),
)


def distributor_in_words(words: tuple[str, ...]) -> str:
    """The distributor a header's words name («LCSC Part #», «DigiKey P/N», «mouser#»), or ''."""
    for pattern, distributor in _DISTRIBUTOR_WORDS:
        if any(pattern.fullmatch(w) for w in words):
            return distributor
    return ""


def distributor_of_code(code: str) -> str:
    """The distributor a code's shape tells (C25744 is LCSC's, …-ND Digi-Key's), or ''."""
    upper = code.upper()
    if _LCSC_CODE.match(upper):
        return LCSC
    if _DIGIKEY_CODE.search(upper):
        return DIGIKEY
    return ""


def supplier_entry(code: str, distributor: str = "") -> str:
    """One code as a line keeps it: «LCSC:C25744»; the header's distributor, else the code's shape, says whose."""
    written = _SPACES.sub("", code.strip())
    if not written or is_placeholder(written):
        return ""
    return f"{distributor or distributor_of_code(written) or SUPPLIER}:{written}"


def entries(supplier_code: str) -> list[tuple[str, str]]:
    """(distributor, code as written) of each entry of a line's ``supplier_code``."""
    found = []
    for entry in supplier_code.split(SEPARATOR.strip()):
        match = _ENTRY.match(entry.strip())
        if match:
            found.append((match["distributor"], match["code"]))
    return found


@lru_cache(maxsize=65536)
def supplier_keys(supplier_code: str) -> tuple[str, ...]:
    """The comparison form of a line's codes: one distributor's code of one part, packaging aside."""
    keys = []
    for distributor, code in entries(supplier_code):
        upper = code.upper()
        if distributor == DIGIKEY:
            upper = _DIGIKEY_PACKAGING.sub("", upper) or upper
        keys.append(f"{distributor}:{upper}")
    return tuple(dict.fromkeys(keys))


def maker_code_in(code: str) -> str:
    """The maker's part number a distributor's code is made of, or '': Mouser writes its prefix before it
    (511-TSV912IQ2T), Digi-Key its packaging and -ND after it (TC75W57FKTE85LFCT-ND); numbered codes
    (497-12414-1-ND, C25744) tell nothing."""
    upper = code.strip().upper()
    inner = _DIGIKEY_SUFFIX.sub("", upper) if upper.endswith("-ND") else ""
    if not inner and (mouser := _MOUSER_CODE.match(upper)):
        inner = mouser["mpn"]
    return inner if inner and _MAKER_CODE.match(inner) else ""


def order_code(supplier_code: str) -> str:
    """The code that stands for a part no maker's number names: one that holds the maker's code (Mouser's
    895-FT240XQ-T beside Digi-Key's 768-1157-ND), else the first."""
    found = entries(supplier_code)
    if not found:
        return ""
    distributor, code = next(((d, c) for d, c in found if maker_code_in(c)), found[0])
    # A code of digits only (Farnell's 1469847) is written with its distributor, so that it never reads as
    # a maker's all-digit part number (Phoenix Contact's 1714971).
    return code if any(c.isalpha() for c in code) else f"{distributor}-{code}"
