"""Russian designations of discrete semiconductors and of named series (connectors, relays, quartz).

Discrete devices (ГОСТ 10862, ОСТ 11 336.919): КД522Б = К (silicon, general use) + Д (diode) + 522 + Б (variant);
2Д522Б is the same die under military acceptance («2»), a different orderable part. The first sign is the
material and acceptance grade (К/2 silicon, Г/1 germanium, А/3 gallium arsenide, И/4 indium), the second the
device class, then the number, the variant letters and an optional package digit (2Т3130А-9).

Named series: connectors (СНП339, СНЦ23, РС19, ОНЦ, 2РМ), relays (РЭС49, РЭК), quartz (РК374): the series
prefix and what follows as written.

People type both in Latin (KD522B, SNP346-3VP21-1). A Latin spelling is read as Russian only when its
prefix is one of these systems and its shape fits exactly, so foreign codes (1N4148, 2N7002, AL8805W8-7,
AP2112K) stay what they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cityorder.engine.messages import template

# device class letter: (English, Russian, category); the English and the grades are templates, so notes naming
# them are shown in the reader's language (the English of a class says which, where Russian has several words).
DEVICES: dict[str, tuple[str, str, str]] = {
    "Д": (template("diode"), "диод", "semi.diode"),
    "ДШ": (template("Schottky diode"), "диод Шоттки", "semi.diode"),
    "ДС": (template("diode assembly"), "диодная сборка", "semi.diode"),
    "Ц": (template("rectifier bridge"), "выпрямительный блок", "semi.diode"),
    "С": (template("zener diode"), "стабилитрон", "semi.diode"),
    "В": (template("varicap"), "варикап", "semi.diode"),
    "И": (template("tunnel diode"), "туннельный диод", "semi.diode"),
    "А": (template("microwave diode"), "СВЧ-диод", "semi.diode"),
    "Л": (template("LED"), "светодиод", "semi.led"),
    "ЛС": (template("LED array"), "светодиодная сборка", "semi.led"),
    "ОД": (template("diode optocoupler"), "оптопара диодная", "semi"),
    "ОТ": (template("transistor optocoupler"), "оптопара транзисторная", "semi"),
    "ОУ": (template("thyristor optocoupler"), "оптопара тиристорная", "semi"),
    "ОР": (template("resistor optocoupler"), "оптопара резисторная", "semi"),
    "Т": (template("bipolar transistor"), "биполярный транзистор", "semi.transistor"),
    "ТС": (template("transistor assembly"), "транзисторная сборка", "semi.transistor"),
    "П": (template("field-effect transistor"), "полевой транзистор", "semi.transistor"),
    "ПЕ": (template("field-effect transistor"), "полевой транзистор", "semi.transistor"),
    "Н": (template("dinistor"), "динистор", "semi"),
    "У": (template("thyristor"), "тиристор", "semi"),
    "Г": (template("noise generator diode"), "генератор шума", "semi.diode"),
    "К": (template("current regulator diode"), "стабилизатор тока", "semi.diode"),
}
GRADES: dict[str, str] = {"К": template("silicon"), "2": template("silicon, military acceptance"),
                          "Г": template("germanium"), "1": template("germanium, military acceptance"),
                          "А": template("gallium arsenide"), "3": template("gallium arsenide, military acceptance"),
                          "И": template("indium"), "4": template("indium, military acceptance")}

_DISCRETE = re.compile(
    r"^(?P<grade>[КГАИ1-4])(?P<device>ДШ|ДС|ЛС|ОД|ОТ|ОУ|ОР|ТС|ПЕ|[ДЦСВИАЛТПНУГК])(?P<number>[1-9]\d{1,3})"
    r"(?P<variant>[А-ЯЁ]{0,2})(?P<package>-?\d{1,2})?$"
)
# Latin spellings: only the grades and classes whose letters cannot be a foreign code's (no N: 1N4148, 2N7002;
# A only before L: AP2112K is a regulator), a variant letter required, the number 3–4 digits.
_LATIN_DISCRETE = re.compile(
    r"^(?:(?P<grade>[KG]|A(?=L))|(?P<digit>[1-4]))(?P<device>DSH|PE|[DTSCLPUV])(?P<number>[1-9]\d{2,3})"
    r"(?P<variant>ZH|[A-Z]{1,2}|(?(digit)|(?!)))(?P<package>-?\d{1,2})?$"
)
_DISCRETE_INITIALS = frozenset("КГАИ1234KGAКТ")
_LATIN_GRADE = {"K": "К", "G": "Г", "A": "А"}
_LATIN_DEVICE = {"D": "Д", "DSH": "ДШ", "PE": "ПЕ", "T": "Т", "S": "С", "C": "С", "L": "Л", "P": "П", "U": "У",
                 "V": "В"}
# Transliteration of variant letters (B is Б), with the look-alikes that have no other reading (C, H, X, Y).
_LATIN_VARIANT = {"A": "А", "B": "Б", "V": "В", "G": "Г", "D": "Д", "E": "Е", "Z": "Ж", "I": "И", "K": "К",
                  "L": "Л", "M": "М", "N": "Н", "P": "П", "R": "Р", "S": "С", "T": "Т", "U": "У", "F": "Ф",
                  "H": "Н", "C": "С", "X": "Х", "Y": "У"}
_SEPARATORS = re.compile(r"[\s_.]+")
# Cyrillic letters no Latin letter looks like. A designation written only in look-alikes (КС133А, РС10) could be
# Latin typed in Cyrillic, so it is read by the Latin rules: both spellings then give the same answer.
_NOT_LOOKALIKE = re.compile("[БГДЖЗИЙЛПФЦЧШЩЪЫЬЭЮЯ]")


@dataclass(frozen=True, slots=True)
class DiscreteDesignation:
    grade: str
    device: str
    number: str
    variant: str
    package: str = ""  # as written: «-9» or «9»

    @property
    def designation(self) -> str:
        return f"{self.grade}{self.device}{self.number}{self.variant}{self.package}"

    @property
    def device_en(self) -> str:
        return DEVICES[self.device][0]

    @property
    def device_ru(self) -> str:
        return DEVICES[self.device][1]

    @property
    def category(self) -> str:
        return DEVICES[self.device][2]

    @property
    def grade_en(self) -> str:
        return GRADES[self.grade]


def parse_discrete(text: str) -> DiscreteDesignation | None:
    """A Russian discrete-device designation in Cyrillic or (strictly) Latin letters; None when it is not one."""
    if not text or text.lstrip()[:1].upper() not in _DISCRETE_INITIALS:
        return None
    compact = _SEPARATORS.sub("", text.strip().upper().replace("Ё", "Е"))
    if not 4 <= len(compact) <= 14:
        return None
    match = _DISCRETE.match(compact) if _NOT_LOOKALIKE.search(compact) else None
    if match is not None:
        return DiscreteDesignation(match["grade"], match["device"], match["number"], match["variant"],
                                   match["package"] or "")
    if not compact.isascii():
        compact = compact.translate(_CYRILLIC_AS_LATIN)
        if not compact.isascii():
            return None
    match = _LATIN_DISCRETE.match(compact)
    if match is None:
        return None
    grade = _LATIN_GRADE[match["grade"]] if match["grade"] else match["digit"]
    variant = "Ж" if match["variant"] == "ZH" else "".join(_LATIN_VARIANT.get(ch, "?") for ch in match["variant"])
    if "?" in variant:
        return None
    return DiscreteDesignation(grade, _LATIN_DEVICE[match["device"]], match["number"], variant,
                               match["package"] or "")


# (A variant is optional only after a digit grade: 2S222 is a zener, KT315 alone could be anything.)
# A designation typed half in Cyrillic (КT315Б): its Cyrillic letters read back as the Latin they look like.
_CYRILLIC_AS_LATIN = str.maketrans({"К": "K", "Т": "T", "Д": "D", "С": "S", "Л": "L", "П": "P", "А": "A",
                                    "Б": "B", "В": "V", "Г": "G", "Е": "E", "Ж": "Z", "И": "I", "М": "M",
                                    "Н": "N", "Р": "R", "У": "U", "Ф": "F", "Х": "X"})


# Named series: Cyrillic prefix → (Latin spellings, category). Longest prefixes first.
SERIES: dict[str, tuple[tuple[str, ...], str]] = {
    "СНП": (("SNP",), "connector"), "СНЦ": (("SNTS", "SNC"), "connector"), "СНО": (("SNO",), "connector"),
    "ОНЦ": (("ONTS",), "connector"), "2РМТ": (("2RMT",), "connector"), "2РМД": (("2RMD",), "connector"),
    "2РМ": (("2RM",), "connector"), "РПМ": ((), "connector"), "ГРПМ": (("GRPM",), "connector"),
    "РС": ((), "connector"), "РП": ((), "connector"), "ШР": ((), "connector"),
    "РЭС": ((), "electromech.relay"), "РЭК": ((), "electromech.relay"), "РЭН": ((), "electromech.relay"),
    "РПС": ((), "electromech.relay"), "РК": ((), "passive.crystal"),
    "ТИЛ": (("TIL",), "passive.inductor"), "ТПП": (("TPP",), "power"),
}
# Only connector and transformer series are read from Latin: RES10K, RK1, RPM3000, SHR-02V-S (JST) name other things.
_SERIES_CYRILLIC = re.compile(
    "^(?P<series>" + "|".join(sorted(SERIES, key=len, reverse=True)) + r")(?P<rest>\d[0-9А-ЯЁA-Z\-/.,]*)$"
)
_SERIES_LATIN = re.compile(
    "^(?P<series>" + "|".join(sorted((lat for spellings, _ in SERIES.values() for lat in spellings),
                                     key=len, reverse=True)) + r")(?P<rest>\d[0-9A-Z\-/.,]*)$"
)
_SERIES_INITIALS = frozenset({name[0] for name in SERIES} | {lat[0] for spellings, _ in SERIES.values()
                                                               for lat in spellings})
_LATIN_TO_SERIES = {lat: cyr for cyr, (spellings, _) in SERIES.items() for lat in spellings}
# Letters after the series number (3ВП21: В вилка, П прямой) are Russian words' initials: transliteration.
_REST_LETTERS = {"A": "А", "B": "Б", "V": "В", "G": "Г", "D": "Д", "E": "Е", "Z": "З", "I": "И", "K": "К",
                 "L": "Л", "M": "М", "N": "Н", "O": "О", "P": "П", "R": "Р", "S": "С", "T": "Т", "U": "У",
                 "F": "Ф", "H": "Х", "C": "Ц", "Y": "Ы"}


@dataclass(frozen=True, slots=True)
class SeriesDesignation:
    series: str
    rest: str

    @property
    def designation(self) -> str:
        return self.series + self.rest

    @property
    def category(self) -> str:
        return SERIES[self.series][1]


def parse_series(text: str) -> SeriesDesignation | None:
    """A connector, relay or quartz designation of a Russian named series; None when it is not one."""
    if not text or text.lstrip()[:1].upper() not in _SERIES_INITIALS:
        return None
    compact = "".join(text.strip().upper().replace("Ё", "Е").split())
    if not 3 <= len(compact) <= 40:
        return None
    match = _SERIES_CYRILLIC.match(compact) if _NOT_LOOKALIKE.search(compact) else None
    if match is not None:
        return SeriesDesignation(match["series"], match["rest"].translate(_LATIN_IN_REST))
    if not compact.isascii():
        return None
    match = _SERIES_LATIN.match(compact)
    if match is None:
        return None
    rest = "".join(_REST_LETTERS.get(ch, ch) for ch in match["rest"])
    return SeriesDesignation(_LATIN_TO_SERIES[match["series"]], rest)


# Latin look-alikes typed inside a Cyrillic designation (СНП346-3BП21): read as the Cyrillic they look like.
_LATIN_IN_REST = str.maketrans("ABEKMHOPCTXY", "АВЕКМНОРСТХУ")
