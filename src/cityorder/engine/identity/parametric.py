"""Generic components described in words, in Russian or English, read into parameters.

«Резистор 10 кОм 0805 5%» and «RES 10K 5% 0805» give the same parameters, and so the same key;
different values give different keys. Values are kept in base units (ohm, farad, henry, volt,
ampere-hour) and printed with 4 significant digits so that 4K7, 4.7k and 4,7 кОм agree.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from cityorder.engine.identity.text import GatedPattern, clean

_NUM = r"(\d+(?:[.,]\d+)?)"
_SIZES = ("01005", "0201", "0402", "0603", "0805", "1206", "1210", "1812", "2010", "2220", "2512")
_METRIC_TO_INCH = {"0603": "0201", "1005": "0402", "1608": "0603", "2012": "0805", "3216": "1206",
                   "3225": "1210", "4532": "1812", "5025": "2010", "6332": "2512"}
# IPC-7351 land patterns name the metric size: RESC1005X04N, CAPC1608X90N.
_LAND_PATTERN = GatedPattern(re.compile(r"(?:RES|CAP|IND|LED|DIO|FUS)[CM](\d{4})X", re.I))
_SIZE = GatedPattern(re.compile(r"(?<!\d)(" + "|".join(_SIZES) + r")(?!\d)"))
_METRIC_SIZE = GatedPattern(
    re.compile(r"(?<!\d)(1005|1608|2012|3216|3225|4532|5025|6332)\s*(?:metric|мм|m\b)", re.I))
_MULT = {"p": 1e-12, "п": 1e-12, "n": 1e-9, "н": 1e-9, "u": 1e-6, "µ": 1e-6, "μ": 1e-6, "мк": 1e-6,
         "m": 1e-3, "м": 1e-3, "": 1.0, "k": 1e3, "к": 1e3, "meg": 1e6, "м_big": 1e6, "g": 1e9, "г": 1e9}

_RESISTOR_WORDS = GatedPattern(
    re.compile(r"\b(резистор\w*|res|resistor\w*|chip\s*resistor|r-?smd)\b|(?:^|[\s:])r_(?:\d|array)", re.I))
_CAPACITOR_WORDS = GatedPattern(re.compile(r"\b(конденсатор\w*|cap|capacitor\w*|кондер)\b|(?:^|[\s:])c_\d", re.I))
# Eagle and library package names say the kind: R-0603, C0402 (looked for in the footprint only).
_CHIP_KIND = GatedPattern(re.compile(r"(?:^|[\s:])([rc])-?(?:0201|0402|0603|0805|1206|1210|1812|2512)\b", re.I))
_INDUCTOR_WORDS = GatedPattern(
    re.compile(r"\b(индуктивност\w*|катушк\w*|дроссел\w*|inductor\w*|ind|choke)\b|(?:^|[\s:])l_\d", re.I))
_BATTERY_WORDS = GatedPattern(
    re.compile(r"(аккумулятор|акб|батаре|battery|batt\b|ячейк|\bcell\b|элемент питания)", re.I))

_OHMS = re.compile(rf"(?<![\w.,]){_NUM}\s*(к|k|м|m|meg|г|g)?\s*(?:ом|ohm|ohms|Ω|r\b)", re.I)
_RKM = re.compile(r"(?<![\w.,])(\d+)([rkmкм])(\d*)(?![\wА-Яа-я])", re.I)
_BARE_K = re.compile(rf"(?<![\w.,]){_NUM}\s*(k|к|m|м|meg)(?![\wА-Яа-я])", re.I)
_FARADS = re.compile(rf"(?<![\w.,]){_NUM}\s*(p|п|n|н|u|µ|μ|мк|m|м)?\s*(?:f|ф)(?![\wА-Яа-я])", re.I)
_CAP_CODE = re.compile(r"(?<![\w.,])(\d{2})(\d)(?![\w.,])")
_HENRIES = re.compile(rf"(?<![\w.,]){_NUM}\s*(n|н|u|µ|μ|мк|m|м)?\s*(?:h|гн)(?![\wА-Яа-я])", re.I)
_VOLTS = re.compile(rf"(?<![\w.,]){_NUM}\s*(?:в|v|vdc|вольт)(?![\wА-Яа-я])", re.I)
_AMPS = re.compile(rf"(?<![\w.,]){_NUM}\s*(m|м)?\s*(?:a|а)(?![\wА-Яа-я·*])", re.I)
_AMP_HOURS = re.compile(rf"(?<![\w.,]){_NUM}\s*(m|м)?\s*(?:а\s*[·*×.]?\s*ч|a\s*[·*×.]?\s*h)(?![\wА-Яа-я])", re.I)
_KWH = GatedPattern(re.compile(rf"(?<![\w.,]){_NUM}\s*(?:квт\s*[·*×.]?\s*ч|kw\s*[·*×.]?\s*h)(?![\wА-Яа-я])", re.I))
# Searched in the lower-cased text without re.I: case-insensitive Unicode alternations cost ten times more.
# GatedPattern: the patterns most texts fail are searched only where a literal any match holds is in the text.
_ARRAY = GatedPattern(re.compile(r"array|network|сборк|матриц|набор\w* резист|\bcat1[06]|\bexb|\byc\d{3}|"
                                 r"\brav?\d{3,4}|\b4d0[23]|\brn\d"))
_ARRAY_COUNT = re.compile(r"(?<![0-9A-Za-zА-Яа-я.,])(\d{1,2})\s*[xх×]\s*(?:\d|резист|res)|[xх×]\s*(\d{1,2})(?![\w.,])",
                          re.I)
_BARE_RESISTANCE = re.compile(r"^\d+(?:[.,]\d+)?\s*[kKмМ]$|^\d+[kKrRмМ]\d*$|^\d+(?:[.,]\d+)?\s*[MМ]$")
_BARE_CAPACITANCE = re.compile(r"^\d+(?:[.,]\d+)?\s*[pnuµμпн]$|^\d+[pnuµμ]\d+$")
_BARE_VALUE = re.compile(r"^\d+(?:[.,]\d+)?\s*[a-zA-Zµμа-яА-Я]?\d*$")
_CAPACITOR_HINT = re.compile(r"(?:^|[\s:_])(?:c|cp|cap\w*|elko|elec\w*)[_\-\s]|capacitor|конденсатор", re.I)
_ADJUSTABLE = GatedPattern(re.compile(r"подстроечн|переменн|потенциометр|trimm|potentiometer|\bpot\b|"
                                      r"\b(?:3296|3362|3386|3313|3314|3266|3224)[a-z]?-"))
_TIMES_VALUE = re.compile(r"(?<![\d.,])\d{1,2}\s*[xх×]\s*\d+(?:[.,]\d+)?\s*(?:к|k|м|m)?(?:ом|ohm|Ω)", re.I)
_TIMES = re.compile(r"(\d)\s*[xх×](?=\d)", re.I)
_TIMES_SIGN = re.compile("[xXхХ×]")
_TOLERANCE = re.compile(r"(?:±\s*)?(\d+(?:[.,]\d+)?)\s*%")
_POWER = re.compile(rf"(?<![\w.,])(?:{_NUM}|(1/\d+))\s*(?:вт|w)(?![\wА-Яа-я])", re.I)
_DIELECTRIC = GatedPattern(re.compile(r"\b(x7r|x5r|x7s|x6s|x8r|np0|npo|c0g|cog|y5v|z5u|мп0|h90|м47|м1500)\b", re.I))

_STARTER = GatedPattern(
    re.compile(r"(?<![\w-])([1-9]|1[0-2])\s*(?:СТ|CT|ST|ст)\s*-?\s*(\d{2,3})\s*([А-ЯA-Zа-я]{1,3})?(?![\w])"))
_CELL_FORMAT = GatedPattern(
    re.compile(r"(?<!\d)(18650|21700|26650|14500|32650|46800|4680|16340|10440|LR6|LR03|AAA|AA)(?![\d\w])", re.I))
_CHEMISTRIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lfp", re.compile(r"lifepo4|\blfp\b|литий[- ]?железо[- ]?фосфат|литий-феррофосфат", re.I)),
    ("lto", re.compile(r"\blto\b|литий[- ]?титанат|lithium[- ]titanate", re.I)),
    ("leadacid", re.compile(r"\bagm\b|\bgel\b|свинцово[- ]?кислот|lead[- ]?acid|\bvrla\b|\bsla\b", re.I)),
    ("liion", re.compile(r"li[- ]?ion|\bnmc\b|\bnca\b|литий[- ]?ионн|lithium[- ]ion|\blco\b", re.I)),
    ("nimh", re.compile(r"ni[- ]?mh|никель[- ]?металлгидрид", re.I)),
)
_CAN = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d)?)\s*[xх×]\s*(\d{1,2}(?:[.,]\d)?)(?![\d.,])")
_TANTALUM_CASE = GatedPattern(re.compile(r"(?:case|avx|tant\w*|корпус)[\s_-]*([A-EVX])\b|C-POLAR-([A-E])\b", re.I))
_CAP_TYPES = ((re.compile(r"электролит|electrolyt|\belec\b|алюмин|alumin", re.I), "el"),
              (re.compile(r"тантал|tantal", re.I), "ta"),
              (re.compile(r"керамич|ceramic|\bmlcc\b", re.I), "cer"),
              (re.compile(r"пленоч|film", re.I), "film"))


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _mult(prefix: str | None, big_m: bool = False) -> float:
    key = (prefix or "").lower()
    if key in ("m", "м") and big_m:
        return 1e6
    return _MULT.get(key, 1.0)


def fmt(value: float) -> str:
    """4 significant digits in plain decimal notation: 4700, 0.0000001, 12.8."""
    rounded = Decimal(f"{value:.4g}")
    text = format(rounded.normalize(), "f")
    return text


def _size(text: str) -> str:
    metric = _METRIC_SIZE.search(text) or _LAND_PATTERN.search(text)
    if metric:
        return _METRIC_TO_INCH.get(metric.group(1), "")
    match = _SIZE.search(text)
    return match.group(1) if match else ""


def _resistance(text: str) -> float | None:
    if _TIMES_SIGN.search(text):
        text = _TIMES.sub(r"\1x ", text)  # 4x10k: four elements of 10k
    match = _OHMS.search(text)
    if match:
        return _num(match.group(1)) * _ohm_multiplier(match.group(2), text[match.end(2):match.end(2) + 1]
                                                      if match.group(2) else "")
    match = _RKM.search(text)  # 4K7, 0R1, 1M0, 10K: the letter is the multiplier and the decimal point
    if match:
        whole, letter, frac = match.group(1), match.group(2).lower(), match.group(3)
        base = {"r": 1.0, "k": 1e3, "к": 1e3, "m": 1e6, "м": 1e6}[letter]
        return float(f"{whole}.{frac or 0}") * base
    match = _BARE_K.search(text)
    if match:
        return _num(match.group(1)) * _mult(match.group(2), big_m=True)
    return None


def _ohm_multiplier(prefix: str | None, unit_initial: str) -> float:
    """мОм and mΩ are milliohms, МОм and MΩ megohms; «мом» in lower case is read as megohms, as lists mean it."""
    if prefix in ("м", "m"):
        return 1e-3 if unit_initial in ("О", "O", "Ω") else 1e6
    return _mult(prefix, big_m=True)


def value_of(kind: str, text: str) -> str:
    """The value a text gives for a part of a known type («4.7k» of a resistor), '' when none."""
    value = {"res": _resistance, "cap": lambda t: _capacitance(t, coded=True)}.get(kind, lambda t: None)(text)
    return fmt(value) if value is not None else ""


def _capacitance(text: str, coded: bool) -> float | None:
    match = _FARADS.search(text)
    if match:
        return _num(match.group(1)) * _mult(match.group(2))
    if coded:
        code = _CAP_CODE.search(text)
        if code:
            return int(code.group(1)) * 10 ** int(code.group(2)) * 1e-12
    return None


def _first(pattern: re.Pattern[str] | GatedPattern, text: str) -> float | None:
    match = pattern.search(text)
    return _num(match.group(1)) if match else None


def _power(text: str) -> str:
    match = _POWER.search(text)
    if not match:
        return ""
    if match.group(2):
        top, bottom = match.group(2).split("/")
        return fmt(int(top) / int(bottom))
    return fmt(_num(match.group(1)))


@lru_cache(maxsize=131072)
def parse_parametric(text: str, footprint: str = "", kind: str = "") -> dict[str, str] | None:
    """Parameters of a resistor, capacitor, inductor or battery described in words; None otherwise.

    ``kind`` is what the line's reference designators say («res» for R1, «cap» for C5, «ind» for L2): it
    reads a bare value («100», «100u») that alone could be several things.
    """
    text = clean(text)
    # Every parameter is a number: text without digits describes no component by value.
    if not any(ch.isdigit() for ch in text):
        return None
    both = f"{text} {footprint}"
    if kind and _BARE_VALUE.match(text):
        typed = _typed_bare_value(text, both, kind)
        if typed is not None:
            return typed
    if _BATTERY_WORDS.search(text) or _STARTER.search(text) or (
        # capacity first: it is the rarer and cheaper test, the chemistries are five patterns
        (_AMP_HOURS.search(text) or _KWH.search(text)) and any(pattern.search(text) for _name, pattern in _CHEMISTRIES)
    ):
        return _battery(text)
    if _BARE_RESISTANCE.match(text):  # a BOM's value column alone: «10K», «4k7», «100R» are ohms
        return _resistor(text, both)
    if _BARE_CAPACITANCE.match(text) and (not text.endswith(("u", "µ", "μ")) or _CAPACITOR_HINT.search(both)):
        # «100n», «22p»: farads, as BOMs write capacitors; «100u» only beside a capacitor's footprint (or µH)
        return _capacitor(f"{text}F", both, coded=False)
    chip = _CHIP_KIND.search(footprint) if footprint else None
    chip_kind = chip.group(1).lower() if chip else ""
    if chip_kind == "c" or _CAPACITOR_WORDS.search(both) or _FARADS.search(text):
        return _capacitor(text, both, coded=chip_kind == "c" or bool(_CAPACITOR_WORDS.search(both)))
    if _INDUCTOR_WORDS.search(both) or _HENRIES.search(text):
        return _inductor(text, both)
    if chip_kind == "r" or _RESISTOR_WORDS.search(both) or _OHMS.search(text):
        return _resistor(text, both)
    return None


def _typed_bare_value(text: str, both: str, kind: str) -> dict[str, str] | None:
    if kind in ("res", "resarray"):
        params = _resistor(text if _BARE_RESISTANCE.match(text) else f"{text} ohm", both)
        if params is not None and kind == "resarray":
            params.setdefault("array", "n")
        return params
    if kind == "cap":
        return _capacitor(f"{text}F", both, coded=False) if _BARE_CAPACITANCE.match(text) else None
    if kind == "ind" and _BARE_CAPACITANCE.match(text):
        return _inductor(f"{text}H", both)
    return None


def _resistor(text: str, both: str) -> dict[str, str] | None:
    value = _resistance(text)
    if value is None:
        return None
    tolerance = _TOLERANCE.search(both)
    params = {"type": "res", "value": fmt(value), "tolerance": fmt(_num(tolerance.group(1))) if tolerance else "",
              "size": _size(both), "power": _power(text)}
    lowered = both.lower()
    if _ADJUSTABLE.search(lowered):
        params["adjustable"] = "1"  # a trimmer or potentiometer is not a fixed resistor of its value
    if _ARRAY.search(lowered) or (_TIMES_SIGN.search(text) and _TIMES_VALUE.search(text)):
        # A resistor array is not a single resistor of the same value: its element count joins the key.
        count = _ARRAY_COUNT.search(both)
        params["array"] = count.group(1) or count.group(2) if count else "n"
    return params


def _capacitor(text: str, both: str, coded: bool) -> dict[str, str] | None:
    value = _capacitance(text, coded)
    if value is None:
        return None
    volts = _first(_VOLTS, text)
    dielectric = _DIELECTRIC.search(text)
    kind = next((code for pattern, code in _CAP_TYPES if pattern.search(both)), "")
    diel = dielectric.group(1).upper().replace("NPO", "NP0").replace("COG", "C0G") if dielectric else ""
    if diel == "C0G":
        diel = "NP0"  # the same EIA class I dielectric under two names
    size = _size(both)
    if not size and (can := _CAN.search(both)):
        # an electrolytic's can, D×L in any order (CP_Elec_8x10, «Elko 11x5mm»): 8×10 is not 5×11
        size = "x".join(sorted((can.group(1).replace(",", "."), can.group(2).replace(",", ".")), key=float))
    elif not size and (case := _TANTALUM_CASE.search(both)):
        size = f"case {(case.group(1) or case.group(2)).upper()}"
    return {"type": "cap", "value": fmt(value), "voltage": fmt(volts) if volts is not None else "",
            "dielectric": diel, "size": size, "kind": kind or ("cer" if diel else "")}


def _inductor(text: str, both: str) -> dict[str, str] | None:
    match = _HENRIES.search(text)
    if match is None:
        return None
    value = _num(match.group(1)) * _mult(match.group(2))
    current = _AMPS.search(text)
    amps = _num(current.group(1)) * (1e-3 if current.group(2) else 1.0) if current else None
    return {"type": "ind", "value": fmt(value), "current": fmt(amps) if amps is not None else "",
            "size": _size(both)}


def _battery(text: str) -> dict[str, str] | None:
    chemistry = next((name for name, pattern in _CHEMISTRIES if pattern.search(text)), "")
    volts = _first(_VOLTS, text)
    kwh = _first(_KWH, text)
    ah_match = _AMP_HOURS.search(text)
    ah = _num(ah_match.group(1)) * (1e-3 if ah_match.group(2) else 1.0) if ah_match else None
    starter = _STARTER.search(text)
    if starter:
        # 6СТ-190А (ГОСТ 959): six lead-acid cells of 2 V, starter type, 190 А·ч; the letters are the case material.
        chemistry, volts = chemistry or "leadacid", volts if volts is not None else 2.0 * int(starter[1])
        ah = ah if ah is not None else float(starter[2])
    cell = _CELL_FORMAT.search(text)
    if not chemistry and volts is None and ah is None and kwh is None and not cell:
        return None
    params = {"type": "bat", "chemistry": chemistry, "voltage": fmt(volts) if volts is not None else "",
              "capacity_ah": fmt(ah) if ah is not None else "", "energy_kwh": fmt(kwh) if kwh is not None else ""}
    if starter and starter[3]:
        params["variant"] = starter[3].upper()  # А, АЗ, ЭМ: case and separator, another orderable battery
    if cell:
        params["format"] = cell.group(1).upper()  # 18650 and 21700 cells of one capacity are not interchangeable
    return params


_KEY_FIELDS = {
    "res": ("value", "tolerance", "size", "power"),
    "cap": ("value", "voltage", "dielectric", "size"),
    "ind": ("value", "current", "size"),
    "bat": ("chemistry", "voltage", "capacity_ah", "energy_kwh"),
    "conn": ("value", "pitch", "family", "gender"),  # connectors.py: pins (1x3), pitch, series (XH), gender
}


# Said only by some lines, so they follow the fixed fields as name=value: a Russian type (Р1-12, К10-17в),
# its variant letters (-В, -К-А), a resistor array's element count, a cell's format (18650).
_OPTIONAL_FIELDS = ("series", "variant", "array", "adjustable", "format")


def parametric_key(params: dict[str, str]) -> str:
    kind = params["type"]
    fixed = [kind, *(params.get(name, "") for name in _KEY_FIELDS[kind])]
    return "par:" + "|".join(fixed + [f"{name}={params[name]}" for name in _OPTIONAL_FIELDS if params.get(name)])


def params_from_key(key: str) -> dict[str, str] | None:
    """The parameters a ``par:`` key was made of (the inverse of parametric_key); None for any other key."""
    if not key.startswith("par:"):
        return None
    kind, *values = key[4:].split("|")
    names = _KEY_FIELDS.get(kind)
    if names is None or len(values) < len(names):
        return None
    extra = dict(value.partition("=")[::2] for value in values[len(names):])
    if any(name not in _OPTIONAL_FIELDS for name in extra):
        return None
    return {"type": kind, **dict(zip(names, values[:len(names)], strict=True)), **extra}
