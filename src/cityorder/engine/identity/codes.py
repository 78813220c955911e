"""Codes inside free text: the designation or part number a name mentions, and the supply documents it cites.

``find_code`` is the one rule for «which code does this text name»: identity uses it for names without a
part number, reading uses it to split a combined column («Наименование и тип») into kind and designation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cityorder.engine.identity.partnumbers import looks_like_part_number
from cityorder.engine.identity.russian import parse_discrete, parse_series
from cityorder.engine.identity.soviet import parse_soviet
from cityorder.engine.identity.text import has_cyrillic, uniform_dashes

# Supply documents a Russian name cites: technical conditions (АЕЯР.431200.424-06ТУ, бК0.347.364-01ТУ,
# ОЮ0.480.003 ТУ, ТУ 6329-001-07614320-2010) and standards (ГОСТ 22376-77, ОСТ 11 336.919-81).
_SUPPLY_DOCUMENT = re.compile(
    r"(?<![\w.])(?:[А-ЯЁа-яё]{1,4}\d?\.\d{3,6}\.\d{3}(?:-\d{1,3})?\s*ТУ\d*(?![\w])"
    r"|ТУ\s*\d{1,4}(?:[.\-]\d{1,10}){1,5}(?![\w])"
    # A standard ends at its year (ГОСТ 6402-70, ОСТ 11 336.919-81): what follows is the item's size («3 65Г»).
    r"|(?:ГОСТ|ОСТ)\s*(?:Р\s*)?(?:\d+(?:[ .]\d+)*-\d{2,4}(?!\d)|\d+(?:\.\d+)*(?![\d-])))",
    re.I,
)

# A code inside a name: a Soviet designation or a Latin part number with letters and digits.
_CODE_IN_TEXT = re.compile(r"(?<![\w-])([0-9A-ZА-ЯЁ][0-9A-ZА-ЯЁ\-/#.+]{2,}[0-9A-ZА-ЯЁ+])(?![\w-])", re.I)
_VALUE_LIKE = re.compile(
    r"^\d+([.,]\d+)?(К|K|M|М|R|V|В|A|А|W|ВТ|МА|MA|AH|АЧ|НФ|NF|ПФ|PF|МКФ|UF|UH|МГН|ГЦ|HZ|KHZ|MHZ|МГЦ|КГЦ|ОМ|"
    r"КОМ|KOHM|OHM|MM|ММ|Г|ГОД|Х\d+)?$", re.I)
# Codes in a name that are not part numbers: protection classes, connector shells, bit widths, fastener sizes,
# packages (TO-220, SOT-23, LQFP48).
_NOT_A_PART = re.compile(r"^(IP\d+|DB\d+|DE\d+|DA\d+|DC\d+|DD\d+|\d+BIT|\d+X\d+|M\d+X\d+|M\d+|DIN\d+|USB\d*|"
                         r"RS\d+|CAN\d*|GOST\d*|ГОСТ\d*|ТУ\d*|(?:TO|SOT|SOD|SO|SOIC|DIP|PDIP|QFN|LQFP|TQFP|TSSOP|"
                         r"MSOP|SSOP|DFN|DO|BGA|LGA|SIP|ZIP|PLCC|HTSSOP|VQFN|WQFN|UQFN)\d+[A-Z]?)$")
# Words of a unit: never one piece of a code written with spaces («10 UF 16 V» is no part number).
_UNIT_WORDS = frozenset({"V", "A", "W", "K", "M", "R", "F", "H", "UF", "NF", "PF", "MF", "MA", "MV", "KV", "MM",
                         "CM", "UH", "MH", "NH", "HZ", "AH", "OHM", "В", "А", "ВТ", "МА", "ММ", "НФ", "ПФ", "МКФ",
                         "ОМ", "КОМ", "МОМ", "ГЦ", "ШТ", "Х", "X", "КГ", "Г", "М", "ОТ", "ДО", "И", "С", "НА"})
# JEDEC discrete numbers carry a single letter: 1N4148, 2N7002, 1N5819HW.
_JEDEC = re.compile(r"^[1-3]N\d{3,4}[A-Z0-9\-]{0,6}$")
_WORD = re.compile(r"[0-9A-ZА-ЯЁ][0-9A-ZА-ЯЁ\-/.,]*")
_LETTERS = re.compile(r"[A-ZА-ЯЁ]+")
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d")
_LETTER = re.compile(r"[A-Z]")
_MARKS = re.compile(r"[\-.#+]")
_JOINABLE = re.compile(r"(?<![0-9A-Za-zА-Яа-яЁё])[A-ZА-ЯЁ]{1,4} [0-9]")  # capitals: designations are


@dataclass(frozen=True, slots=True)
class CodeInText:
    code: str  # as written, separators inside it removed when it was written in pieces («L 7805 CV» → L7805CV)
    start: int  # where it stands in the text, so a caller can take it out
    end: int


def supply_documents(text: str) -> list[str]:
    """The supply documents a text cites, each with single spaces (never part of a part's identity)."""
    return [" ".join(m.group(0).split()) for m in _SUPPLY_DOCUMENT.finditer(uniform_dashes(text))]


def without_supply_documents(text: str) -> str:
    return " ".join(_SUPPLY_DOCUMENT.sub(" ", uniform_dashes(text)).split())


def code_from_text(text: str) -> str:
    """The designation or part number a text names (КР142ЕН5А, КД522Б, СНП346-3ВП21-1, STM32F103C8T6), or ''."""
    found = find_code(text)
    return found.code if found else ""


@lru_cache(maxsize=131072)
def find_code(text: str) -> CodeInText | None:
    """The first code a text names, and where.

    Names mention many codes that are not orderable parts (IP65, DB37, 32BIT, M6X20, 10K, ГОСТ 22376-77,
    АЕЯР.431200.424-06ТУ); a Russian designation is taken when its system parses it (soviet.py, russian.py),
    a Latin code only when it has the shape of a part number: five or more characters, three or more digits,
    two or more letters. A designation written in pieces («L 7805 CV», «КТ 315Б») is joined when no single
    piece is a code.
    """
    upper = uniform_dashes(text).upper()
    if "ТУ" in upper or "ОСТ" in upper:
        upper = _SUPPLY_DOCUMENT.sub(lambda m: " " * len(m.group(0)), upper)
    for match in _CODE_IN_TEXT.finditer(upper):
        if _is_code(match.group(1)):
            return CodeInText(text[match.start(1):match.end(1)], match.start(1), match.end(1))
    return _joined_code(text, upper)


def codes_in(text: str) -> list[str]:
    """Every Latin code-shaped word of a text with a letter and four digits or more (3313J-1-104), for callers
    that confirm one by other means (its value code, see identity)."""
    upper = uniform_dashes(text).upper()
    return [m.group(1) for m in _CODE_IN_TEXT.finditer(upper)
            if m.group(1).isascii() and len(_DIGITS.findall(m.group(1))) >= 4 and _LETTER.search(m.group(1))]


def _is_code(candidate: str) -> bool:
    if not _DIGIT.search(candidate):
        return False  # every designation and part number has a digit: words never pay for the parsers
    if parse_soviet(candidate) is not None or parse_discrete(candidate) is not None:
        return True
    if parse_series(candidate) is not None:
        return True
    if has_cyrillic(candidate) or _VALUE_LIKE.match(candidate) or _is_standard_code(candidate):
        return False
    if _JEDEC.match(candidate):
        return True
    digits = sum(c.isdigit() for c in candidate)
    letters = sum(c.isalpha() for c in candidate)
    return len(candidate) >= 5 and digits >= 3 and letters >= 2 and looks_like_part_number(candidate)


def _is_standard_code(candidate: str) -> bool:
    """IP65, RS-485, RS-485/USB, CAN 2.0: spelt with or without separators, alone or as a pair."""
    return all(_NOT_A_PART.match(_MARKS.sub("", piece)) for piece in candidate.split("/"))


def _joined_code(text: str, upper: str) -> CodeInText | None:
    """A code written with spaces: 2–3 neighbouring words, the first of letters only (at most two for a Latin
    code, typed in capitals), no unit among them («L 7805 CV», «КТ 315Б», «СНЦ 23-19/24В-1-В»)."""
    if not _JOINABLE.search(text):
        return None  # no short run of letters before a space and a digit: the common case, one search
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(upper)]
    for first, (head, start, _) in enumerate(words):
        letters = _LETTERS.fullmatch(head)
        if letters is None or len(head) > 4 or head in _UNIT_WORDS:
            continue
        for size in (2, 3):
            window = words[first:first + size]
            if len(window) < size or any(w.strip("-/.,") in _UNIT_WORDS for w, _, _ in window):
                break
            if any(upper[a[2]:b[1]] != " " for a, b in zip(window, window[1:], strict=False)):
                break  # only single spaces join words: «КТ, 315Б» is two things
            joined = "".join(w for w, _, _ in window).rstrip("-/.,")
            end = start + len(upper[start:window[-1][2]].rstrip("-/.,"))
            if parse_soviet(joined) or parse_discrete(joined) or parse_series(joined):
                return CodeInText(joined, start, end)
            latin = joined.isascii() and len(head) <= 2 and text[start:end].upper() == text[start:end]
            if latin and _is_code(joined):
                return CodeInText(joined, start, end)
    return None
