"""Connectors written by what they are, not by a maker's part number: «XH-2.54 3pin», «HRD-1x3-2.54-MALE», a
jumper JP201 on a footprint «1x3 RM2,54».

Their identity is the series, the pin count or grid, the pitch and the gender: «XH 2pin» and «XH 3pin» are two
parts, a 1x3 pin header at 2.54 mm is one whatever its net label («RX_Select», «TX_Select») says. A jumper (JP) is a
pin header, so male. What a line does not say (the gender) is left empty, so such a line is a probable match of
one that says it, for the review queue, never silently the same.
"""

from __future__ import annotations

import re

# Only texts with one of these words (or lines whose designators are connectors) are read as connectors; the
# plain substrings are tried first, since most lines of a large order name no connector (a few «in» tests cost
# less than one regular expression over the text).
_GATE_WORDS = ("XH", "PH", "ZH", "SH", "EH", "VH", "GH", "KK", "HEADER", "HDR", "HRD", "PIN", "CONN", "SOCKET",
               "PLUG", "JACK", "TERMINAL", "IDC", "RCA", "BNC", "SMA", "PLS", "PBS", "PLD", "PBD", "JST", "RM",
               "РАЗЪ", "ВИЛК", "РОЗЕТК", "ГНЕЗД", "ШТЫР")
_GATE = re.compile(
    r"(?<![A-Za-z])(?:header|hdr|hrd|pins?|conn\w*|socket|plug|jack|terminal|xh|ph|zh|sh|eh|vh|gh|kk|idc|rca|bnc|"
    r"sma|pls|pbs|pld|pbd|jst|rm\s*\d)(?![A-Za-z])|разъ[её]м|вилк|розетк|гнезд|штыр",
    re.I,
)
_SERIES = re.compile(r"(?<![A-Za-z0-9])(XH|PH|ZH|SH|EH|VH|GH|KK|IDC|RCA|BNC|SMA)(?![A-Za-z])", re.I)
_HEADER = re.compile(r"(?<![A-Za-z])(?:header|hdr|hrd|pin\s*header|pls|pld)(?![A-Za-z])|штыр", re.I)
_MALE = re.compile(r"(?<![A-Za-z])(?:male|pls|pld|plug)(?![A-Za-z])|штыр|вилк", re.I)
_FEMALE = re.compile(r"(?<![A-Za-z])(?:female|socket|pbs|pbd|receptacle)(?![A-Za-z])|гнезд|розетк", re.I)
_GRID = re.compile(r"(?<![\d.,])(\d{1,2})\s*[xх×]\s*(\d{1,2})(?![\d.,])", re.I)
_PINS = re.compile(r"(?<![\d.,])(\d{1,2})\s*-?\s*(?:pins?|pos|way|p|конт\w*)(?![A-Za-zА-Яа-я])", re.I)
_PITCH = re.compile(r"(?<![\d.,])(?:rm|p|шаг)?\s*([0-5][.,]\d{1,2})\s*(?:mm|мм)?(?![\d])", re.I)
# What a connector's own words leave of a code once taken out: a code of nothing else is no part number.
_CONNECTOR_WORDS = re.compile(
    r"XH|PH|ZH|SH|EH|VH|GH|KK|IDC|RCA|BNC|SMA|HEADER|HDR|HRD|MALE|FEMALE|PINS?|POS|WAY|RM|\d{1,2}[XХ×]\d{1,2}|"
    r"[0-5][.,]\d{1,2}(?:MM)?|\d{1,2}P|[\s\-_/.,]",
)

_DIGIT = re.compile(r"\d")
_CONNECTOR_HEADS = frozenset({"XH", "PH", "ZH", "SH", "EH", "VH", "GH", "KK", "ID", "RC", "BN", "SM", "HE", "HD", "HR"})
_STARTS_AS_CONNECTOR = re.compile(r"(?:XH|PH|ZH|SH|EH|VH|GH|KK|IDC|RCA|BNC|SMA|HEADER|HDR|HRD)[\s\-_]", re.I)

JUMPER = "JP"


def connector_words_only(code: str) -> bool:
    """A «part number» made of a connector's own words only (XH-2.54, HRD-1x3-2.54-MALE): a description."""
    if code[:2].upper() not in _CONNECTOR_HEADS:
        return False  # nearly every part number: one look at its first two letters
    return bool(_STARTS_AS_CONNECTOR.match(code)) and not _CONNECTOR_WORDS.sub("", code.upper())


def parse_connector(text: str, footprint: str = "", designator: str = "") -> dict[str, str] | None:
    """A connector's parameters from a line's words and footprint, or None when they do not describe one.

    ``designator`` is the kind of the line's reference designators (identity/designators.py): «connector» or
    a jumper reads a footprint's grid and pitch even where the words are a net label.
    """
    by_designator = designator in ("connector", JUMPER)
    both = f"{text} {footprint}"
    if not by_designator:
        upper = both.upper()
        if not any(word in upper for word in _GATE_WORDS) or not _GATE.search(both):
            return None
    series_match = _SERIES.search(both)
    series = series_match.group(1).upper() if series_match else ""
    grid = _GRID.search(both)
    pins = f"{min(int(grid[1]), int(grid[2]))}x{max(int(grid[1]), int(grid[2]))}" if grid else ""
    if not pins and (counted := _PINS.search(both)):
        pins = f"1x{int(counted[1])}"
    pitch_match = _PITCH.search(both)
    pitch = pitch_match.group(1).replace(",", ".") if pitch_match else ""
    if not series and pins and pitch and (by_designator or _HEADER.search(both)):
        series = "HEADER"  # a grid of pins at a pitch: a pin header (or its socket, which the gender says)
    if not series or not (pins or pitch):
        return None  # «XH» alone names a family, not a part
    if any(len(_DIGIT.findall(_CONNECTOR_WORDS.sub("", word))) > 1 for word in text.upper().split()):
        return None  # B2B-XH-A, 12V: a part number or a value beside the series (AIFCONF1 is a net label)
    gender = "male" if designator == JUMPER or _MALE.search(both) else "female" if _FEMALE.search(both) else ""
    return {"type": "conn", "value": pins, "pitch": pitch, "family": series, "gender": gender}
