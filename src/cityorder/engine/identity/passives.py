"""Passives named by a designation system rather than in words.

- Russian types (ГОСТ 24013 / ОСТ 11 074.009): the type, then fields by dashes. Resistors Р1-12-0,125-10 кОм±5 %,
  С2-33Н-0,25-10 кОм±5 %, Р1-8В-0603-24кОм±2 % (type, power or chip size, value, tolerance); capacitors
  К10-17в-Н50-0,1 мкФ, К53-65-16 В-47 мкФ (type, dielectric group or voltage, value). The type is part of the
  identity. Latin spellings as Altium libraries write them (R1-112-0W125-302±5, K10-17V-N90-0u1F) read the same.
- Manufacturers' part numbers that encode the value: Yageo RC/CC, Vishay CRCW, Panasonic ERJ, Murata GRM/GCM/GRJ,
  Samsung CL, AVX, UniOhm and Fenghua chip parts. The parameters they give are those of parametric.py.
"""

from __future__ import annotations

import re

from cityorder.engine.identity.parametric import fmt

_TOLERANCE_LETTER = {"B": 0.1, "C": 0.25, "D": 0.5, "F": 1.0, "G": 2.0, "J": 5.0, "K": 10.0, "M": 20.0}
_METRIC_INCH = {"0603": "0201", "1005": "0402", "1608": "0603", "2012": "0805", "3216": "1206", "3225": "1210"}

# Not cached: each fails fast on what is not its own, and a cache costs more than that.

# ---- value codes -------------------------------------------------------------------------------------------------

_RKM = re.compile(r"^(\d*)([RKMГ])(\d*)$")


def _ohms_code(code: str) -> float | None:
    """10K, 4K7, 78R7, R01, 1M (letter as decimal point); 103, 1002 (significant digits and a power of ten)."""
    match = _RKM.match(code)
    if match and (match[1] or match[3]):
        scale = {"R": 1.0, "K": 1e3, "M": 1e6, "Г": 1e9}[match[2]]
        return float(f"{match[1] or 0}.{match[3] or 0}") * scale
    if code.isdigit() and len(code) in (3, 4):
        return int(code[:-1]) * 10 ** int(code[-1])
    return None


def _pico_code(code: str) -> float | None:
    """104 = 10·10⁴ pF; 1R8 = 1.8 pF; R75 = 0.75 pF. In farads."""
    if re.fullmatch(r"\d{3}", code):
        return int(code[:2]) * 10 ** int(code[2]) * 1e-12
    if re.fullmatch(r"\d?R\d{1,2}", code):
        whole, _, frac = code.partition("R")
        return float(f"{whole or 0}.{frac}") * 1e-12
    return None


# ---- Russian types -----------------------------------------------------------------------------------------------

_RU_RESISTOR = re.compile(r"(?<![\w-])(?:(?P<letter>[РRPСCS])(?P<group>[1-5])-(?P<number>\d{1,3})(?P<suffix>[А-ЯЁA-Z]?)"
                          r"|(?P<old>О?МЛТ|O?MLT|ПЭВР?|PEVR?|ОМЛТ))(?=[-\s]|$)", re.I)
_RU_CAPACITOR = re.compile(r"(?<![\w-])[КK](?P<group>\d{2})-(?P<number>\d{1,3})(?P<suffix>[а-яёa-z]?)(?=[-\s]|$)",
                           re.I)
# One cheap search before the two exact ones: a type letter (or МЛТ, ПЭВ), a digit, a dash.
_RU_TYPE_HINT = re.compile(r"[РRPСCSКK][1-9]\d?-\d|МЛТ|MLT|ПЭВ|PEV", re.I)
_SUFFIX = {"A": "а", "B": "б", "V": "в", "G": "г", "D": "д", "E": "е", "I": "и", "K": "к", "L": "л", "M": "м",
           "N": "н", "P": "п", "R": "р", "S": "с", "T": "т", "U": "у"}
_FIELD_SPLIT = re.compile(r"\s*-\s*(?![^(]*\))")
_TOL = re.compile(r"±\s*(\d+(?:[.,]\d+)?)\s*%?|(\d+(?:[.,]\d+)?)\s*%")
_OHM_UNIT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(к|k|м|m|г|g)?\s*(?:ом|ohm|om|Ω)$", re.I)
_POWER_LATIN = re.compile(r"^(\d+)W(\d*)$", re.I)
_PLAIN_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_PLAIN_OHMS = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(к|k|м|m)?$", re.I)
_VARIANT_FIELD = re.compile(r"^[А-ЯЁA-Z]{1,3}$", re.I)
_VOLTS = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:в|v)$", re.I)
_FARAD_UNIT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:(п|p|н|n|мк|u|µ|μ|м|m)?\s*(?:ф|f)|(п|н|мк))$", re.I)
_FARAD_RKM = re.compile(r"^(\d*)(p|n|u|µ|μ)(\d*)f?$", re.I)
_GROUP = re.compile(r"^(?:[НHN]\d{2}|[МMПP][ПP]?\d{1,4}|МП0|MP0)$", re.I)
_FARAD_SCALE = {"п": 1e-12, "p": 1e-12, "н": 1e-9, "n": 1e-9, "мк": 1e-6, "u": 1e-6, "µ": 1e-6, "μ": 1e-6,
                "м": 1e-6, "m": 1e-6}
_GROUP_LETTERS = str.maketrans({"H": "Н", "N": "Н", "M": "М", "P": "П"})


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _resistor_type(match: re.Match[str]) -> str:
    if match["old"]:
        return match["old"].upper().translate(str.maketrans("OMLTPEVR", "ОМЛТПЭВР"))
    letter = {"R": "Р", "P": "Р", "C": "С", "S": "С"}.get(match["letter"].upper(), match["letter"].upper())
    suffix = match["suffix"].upper()
    suffix = {"V": "В", "N": "Н", "M": "М", "P": "П", "E": "Е", "A": "А", "T": "Т"}.get(suffix, suffix)
    return f"{letter}{match['group']}-{match['number']}{suffix}"


def parse_russian_passive(text: str) -> dict[str, str] | None:
    """Parameters of a resistor or capacitor written as its Russian type and fields; None when it is not one."""
    if "-" not in text or not _RU_TYPE_HINT.search(text):
        return None
    cap = _RU_CAPACITOR.search(text)
    if cap is not None:
        suffix = cap["suffix"].lower()
        series = f"К{cap['group']}-{cap['number']}{_SUFFIX.get(suffix.upper(), suffix) if suffix else ''}"
        return _capacitor_fields(series, text[cap.end():])
    res = _RU_RESISTOR.search(text)
    if res is not None:
        return _resistor_fields(_resistor_type(res), text[res.end():])
    return None


def value_code_in(code: str, params: dict[str, str]) -> bool:
    """Whether a code carries the value of ``params`` in EIA digits (104 or 1003 for 100 kΩ, 104 for 0.1 µF)."""
    value = float(params.get("value") or 0) * (1e12 if params.get("type") == "cap" else 1.0)
    if value < 10:
        return False
    digits = len(str(int(round(value))))
    candidates = {f"{int(round(value / 10 ** (digits - 2))):02d}{digits - 2}"}
    if digits >= 3:
        candidates.add(f"{int(round(value / 10 ** (digits - 3))):03d}{digits - 3}")
    return any(re.search(rf"(?<!\d){c}(?!\d)", code) for c in candidates)


def has_russian_type(text: str) -> bool:
    """Whether a text starts a Russian resistor or capacitor type (МЛТ-0,125-, К50-35-63В-), said or not its value."""
    return bool(_RU_TYPE_HINT.search(text))


def _fields(rest: str) -> list[str]:
    return [f.strip() for f in _FIELD_SPLIT.split(rest.strip(" -")) if f.strip()]


def _resistor_fields(series: str, rest: str) -> dict[str, str] | None:
    value: float | None = None
    power = size = tolerance = ""
    variants: list[str] = []
    for field in _fields(rest):
        tol = _TOL.search(field)
        if tol:
            tolerance = fmt(_num(tol[1] or tol[2]))
            field = field[:tol.start()].strip()
        if not field:
            continue
        if value is None and (unit := _OHM_UNIT.match(field)):
            scale = {"к": 1e3, "k": 1e3, "м": 1e6, "m": 1e6, "г": 1e9, "g": 1e9}.get((unit[2] or "").lower(), 1.0)
            if unit[2] == "м" or unit[2] == "m":
                scale = 1e-3 if field[len(unit[1]):].strip()[1:2] in ("О", "O") else 1e6
            value = _num(unit[1]) * scale
        elif field in _METRIC_INCH.values() or field in ("1206", "1210", "2010", "2512"):
            size = field
        elif not power and (latin := _POWER_LATIN.match(field)):
            power = fmt(float(f"{latin[1]}.{latin[2] or 0}"))
        elif not power and value is None and _PLAIN_NUMBER.match(field) and _num(field) <= 10:
            power = fmt(_num(field))
        elif value is None and (coded := _ohms_code(field.upper())) is not None:
            value = coded
        elif value is None and (plain := _PLAIN_OHMS.match(field)):
            value = _num(plain[1]) * {"к": 1e3, "k": 1e3, "м": 1e6, "m": 1e6}.get((plain[2] or "").lower(), 1.0)
        elif value is not None and _VARIANT_FIELD.match(field):
            variants.append(field.upper())
    if value is None:
        return None
    params = {"type": "res", "value": fmt(value), "tolerance": tolerance, "size": size, "power": power,
              "series": series}
    if variants:
        params["variant"] = "-".join(variants)  # ТКС group, climate or acceptance letters: another orderable part
    return params


def _capacitor_fields(series: str, rest: str) -> dict[str, str] | None:
    value: float | None = None
    voltage = group = ""
    variants: list[str] = []
    for field in _fields(rest):
        tol = _TOL.search(field)
        if tol:
            field = field[:tol.start()].strip()
        if not field:
            continue
        if _GROUP.match(field):
            group = field.upper().translate(_GROUP_LETTERS)
        elif volts := _VOLTS.match(field):
            voltage = fmt(_num(volts[1]))
        elif (farads := _FARAD_UNIT.match(field)) and value is None:
            value = _num(farads[1]) * _FARAD_SCALE.get((farads[2] or farads[3] or "").lower(), 1.0)
        elif (coded := _FARAD_RKM.match(field)) and value is None and (coded[1] or coded[3]):
            value = float(f"{coded[1] or 0}.{coded[3] or 0}") * _FARAD_SCALE[coded[2].lower()]
        elif value is not None and _VARIANT_FIELD.match(field):
            variants.append(field.upper())
    if value is None:
        return None
    params = {"type": "cap", "value": fmt(value), "voltage": voltage, "dielectric": group, "size": "", "kind": "",
              "series": series}
    if variants:
        params["variant"] = "-".join(variants)
    return params


# ---- manufacturers' part numbers ---------------------------------------------------------------------------------

_MURATA_SIZE = {"03": "0201", "15": "0402", "18": "0603", "21": "0805", "31": "1206", "32": "1210", "43": "1812",
                "55": "2220"}
_MURATA_DIELECTRIC = {"R7": "X7R", "R6": "X5R", "5C": "NP0", "C7": "X7S", "C8": "X6S", "D7": "X7T"}
_MURATA_VOLTS = {"0E": 2.5, "0G": 4, "0J": 6.3, "1A": 10, "1C": 16, "1E": 25, "YA": 35, "1V": 35, "1H": 50,
                 "2A": 100, "2D": 200, "2E": 250, "2W": 450, "2J": 630}
_SAMSUNG_SIZE = {"03": "0201", "05": "0402", "10": "0603", "21": "0805", "31": "1206", "32": "1210"}
_SAMSUNG_DIELECTRIC = {"A": "X5R", "B": "X7R", "C": "NP0", "F": "Y5V"}
_SAMSUNG_VOLTS = {"R": 4, "Q": 6.3, "P": 10, "O": 16, "A": 25, "L": 35, "B": 50, "C": 100, "D": 200, "E": 250}
_YAGEO_VOLTS = {"5": 6.3, "6": 10, "7": 16, "8": 25, "9": 50, "0": 100}
_AVX_VOLTS = {"4": 4, "6": 6.3, "Z": 10, "Y": 16, "3": 25, "D": 35, "5": 50, "1": 100, "2": 200, "7": 500}
_AVX_DIELECTRIC = {"A": "NP0", "C": "X7R", "D": "X5R", "G": "Y5V"}
_ERJ_SIZE = {"1": "0201", "2": "0402", "3": "0603", "6": "0805", "8": "1206", "14": "1210", "12": "1812"}
_CHIP = r"0201|0402|0603|0805|1206|1210|1812|2010|2512"
_DIEL = r"X7R|X5R|X7S|X6S|NPO|NP0|C0G|COG|Y5V"

_DECODERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rc", re.compile(rf"^RC(?P<size>{_CHIP})(?P<tol>[BCDFGJ])[RKYG]-?(?:07|10|13)(?P<val>\d*[RKM]\d*)L?$")),
    ("crcw", re.compile(rf"^CRCW(?P<size>{_CHIP})(?P<val>\d*[RKM]\d*|0000Z0)(?P<tol>[BCDFGJ]?)[A-Z]{{2,3}}$")),
    ("erj", re.compile(r"^ERJ-?(?P<size>14|12|1|2|3|6|8)[A-Z]{2}(?P<tol>[BCDFGJ])(?P<val>\d{3,4}|\d*R\d*)[A-Z]?$")),
    ("uniohm", re.compile(rf"^(?P<size>{_CHIP})W[A-Z](?P<tol>[BCDFGJ])(?P<val>\d{{4}}|\d*R\d*)T[A-Z0-9]{{2,3}}$")),
    ("murata", re.compile(r"^G(?:RM|CM|RJ|JM|CJ)(?P<size>\d{2})[0-9A-Z](?P<diel>[0-9A-Z]{2})(?P<volt>[0-9Y][A-Z])"
                          r"(?P<val>\d{2}[0-9]|\dR\d|R\d{2})(?P<tol>[BCDFGJKMW]?)(?:[A-Z0-9]{2,5})?$")),
    ("samsung", re.compile(r"^CL(?P<size>\d{2})(?P<diel>[A-Z])(?P<val>\d{2}[0-9]|\dR\d)(?P<tol>[BCDFGJKMZ])"
                           r"(?P<volt>[A-Z])[A-Z0-9]{4,6}$")),
    ("cc", re.compile(rf"^CC(?P<size>{_CHIP})(?P<tol>[BCDFGJKMZ])[RK](?P<diel>{_DIEL})(?P<volt>\d)[A-Z]{{2}}"
                      r"(?P<val>\d{2}[0-9]|\dR\d)$")),
    ("avx", re.compile(rf"^(?P<size>{_CHIP})(?P<volt>[0-9YZD])(?P<diel>[ACDG])(?P<val>\d{{2}}[0-9]|\dR\d)"
                       r"(?P<tol>[BCDFGJKMZ])[AT][T0-9][A-Z0-9]{0,3}$")),
    ("fenghua", re.compile(rf"^(?P<size>{_CHIP})(?P<diel>CG|B|X|N)(?P<val>\d{{2}}[0-9]|\dR\d)(?P<tol>[BCDFGJKMZ])"
                           r"(?P<volt>\d{2}[0-9]|\dR\d)N?T$")),
)


def decode_part_number(compact: str) -> dict[str, str] | None:
    """The parameters a passive's part number encodes (``compact``: upper case, no separators), or None."""
    if len(compact) < 10:
        return None
    for name, pattern in _DECODERS_BY_INITIAL.get(compact[0], ()):
        match = pattern.match(compact)
        if match is not None:
            return _decoded(name, match)
    return None


# Each maker's codes start with its letters (RC, CRCW, ERJ, GRM, CL, CC) or with a chip size (0402…).
_INITIALS = {"rc": "R", "crcw": "C", "erj": "E", "murata": "G", "samsung": "C", "cc": "C", "uniohm": "012",
             "avx": "012", "fenghua": "012"}
_DECODERS_BY_INITIAL: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    initial: tuple(d for d in _DECODERS if initial in _INITIALS[d[0]]) for initial in "RCEG012"
}


def _decoded(name: str, m: re.Match[str]) -> dict[str, str] | None:
    groups = m.groupdict()
    tol = _TOLERANCE_LETTER.get(groups.get("tol") or "")
    tolerance = fmt(tol) if tol is not None else ""
    if name in ("rc", "crcw", "erj", "uniohm"):
        value = 0.0 if m["val"] == "0000Z0" else _ohms_code(m["val"])
        size = _ERJ_SIZE[m["size"]] if name == "erj" else m["size"]
        if value is None:
            return None
        return {"type": "res", "value": fmt(value), "tolerance": "" if value == 0 else tolerance, "size": size,
                "power": ""}
    value = _pico_code(m["val"])
    if value is None:
        return None
    if name == "murata":
        size, diel, volts = (_MURATA_SIZE.get(m["size"]), _MURATA_DIELECTRIC.get(m["diel"]),
                             _MURATA_VOLTS.get(m["volt"]))
    elif name == "samsung":
        size, diel, volts = (_SAMSUNG_SIZE.get(m["size"]), _SAMSUNG_DIELECTRIC.get(m["diel"]),
                             _SAMSUNG_VOLTS.get(m["volt"]))
    elif name == "cc":
        size, diel, volts = m["size"], m["diel"], _YAGEO_VOLTS.get(m["volt"])
    elif name == "avx":
        size, diel, volts = m["size"], _AVX_DIELECTRIC.get(m["diel"]), _AVX_VOLTS.get(m["volt"])
    else:
        size, diel, volts = m["size"], {"CG": "NP0", "B": "X7R", "X": "X5R", "N": "NP0"}[m["diel"]], (
            _pico_code(m["volt"]) or 0) * 1e12
    if not size or not diel or not volts:
        return None
    diel = {"NPO": "NP0", "C0G": "NP0", "COG": "NP0"}.get(diel, diel)
    return {"type": "cap", "value": fmt(value), "voltage": fmt(volts), "dielectric": diel, "size": size,
            "kind": "cer"}
