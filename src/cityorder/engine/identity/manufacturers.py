"""Manufacturer names and their aliases, Russian and foreign, reduced to one canonical name."""

from __future__ import annotations

import re
from functools import lru_cache

from cityorder.engine.identity.text import clean, is_placeholder

# canonical name: aliases (compared after legal forms, quotes and punctuation are removed)
ALIASES: dict[str, tuple[str, ...]] = {
    "Texas Instruments": ("TI", "Texas Instruments", "Texas Instr", "Texas", "National Semiconductor", "National",
                          "Burr-Brown"),
    "STMicroelectronics": ("ST", "STM", "STMicro", "STMicroelectronics", "ST Microelectronics", "SGS-Thomson"),
    "Analog Devices": ("ADI", "Analog Devices", "Analog", "Linear Technology", "Linear Tech", "Linear", "LTC",
                       "Maxim Integrated", "Maxim", "Dallas", "Dallas Semiconductor"),
    "Microchip": ("Microchip", "Microchip Technology", "Atmel", "Microsemi", "SMSC"),
    "NXP": ("NXP", "NXP Semiconductors", "Freescale", "Philips", "Philips Semiconductors"),
    "Infineon": ("Infineon", "Infineon Technologies", "IR", "International Rectifier", "Cypress", "Spansion"),
    "onsemi": ("onsemi", "ON", "ON Semi", "ON Semiconductor", "Fairchild", "Fairchild Semiconductor"),
    "Vishay": ("Vishay", "Vishay Intertechnology", "Vishay Dale", "Vishay Semiconductors", "Vishay Siliconix"),
    "Murata": ("Murata", "Murata Electronics", "Murata Manufacturing"),
    "Yageo": ("Yageo", "Phycomp"),
    "Panasonic": ("Panasonic", "Panasonic Electronic Components", "Matsushita"),
    "Samsung Electro-Mechanics": ("Samsung", "Samsung Electro-Mechanics", "SEMCO"),
    "KEMET": ("Kemet",),
    "TDK": ("TDK", "TDK Corporation", "EPCOS"),
    "Bourns": ("Bourns",),
    "Nexperia": ("Nexperia",),
    "Diodes Incorporated": ("Diodes", "Diodes Inc", "Diodes Incorporated", "Zetex"),
    "ROHM": ("Rohm", "Rohm Semiconductor"),
    "Renesas": ("Renesas", "Renesas Electronics", "Intersil", "IDT"),
    "Espressif": ("Espressif", "Espressif Systems"),
    "Lattice": ("Lattice", "Lattice Semiconductor"),
    "AMD Xilinx": ("Xilinx", "AMD", "AMD Xilinx"),
    "Intel Altera": ("Altera", "Intel", "Intel Altera"),
    "Cree": ("Cree", "Wolfspeed", "CreeLED"),
    "Würth Elektronik": ("Wurth", "Würth", "Wurth Elektronik", "Würth Elektronik", "WE"),
    "Molex": ("Molex",),
    "TE Connectivity": ("TE", "TE Connectivity", "Tyco", "Tyco Electronics", "AMP"),
    "Миландр": ("Миландр", "ПКК Миландр", "Milandr", "PKK Milandr"),
    "Микрон": ("Микрон", "Mikron", "Micron Zelenograd", "НИИМЭ и Микрон"),
    "Ангстрем": ("Ангстрем", "Angstrem"),
    "НИИЭТ": ("НИИЭТ", "NIIET"),
    "Интеграл": ("Интеграл", "Integral"),
    "Элвис": ("Элвис", "ЭЛВИС", "Elvees", "НПЦ Элвис"),
    "Байкал Электроникс": ("Байкал Электроникс", "Baikal Electronics", "Байкал"),
    "Эпиэл": ("Эпиэл", "Epiel"),
    "ЗНТЦ": ("ЗНТЦ", "Зеленоградский нанотехнологический центр", "ZNTC"),
    "Протон": ("Протон", "Proton"),
    "Оптрон": ("Оптрон", "Optron"),
    "Элекон": ("Элекон", "Elecon"),
    "Кулон": ("Кулон", "Kulon"),
    "Лиотех": ("Лиотех", "Liotech"),
    "КТЦ «Электроника»": ("КТЦ Электроника", "Электроника"),
}

_LEGAL_FORMS = re.compile(
    r"\b(ооо|оао|зао|пао|ао|нпо|нпп|нпц|фгуп|гуп|ип|inc|ltd|llc|gmbh|corp|corporation|co|plc|ag|sa|bv|kk|"
    r"incorporated|limited|company)\b\.?",
    re.I,
)
_PUNCT = re.compile(r"[«»\"'“”„.,()&/\\-]+")


def _compact(name: str) -> str:
    text = _PUNCT.sub(" ", clean(name).lower().replace("ё", "е"))
    text = _LEGAL_FORMS.sub(" ", text)
    return "".join(text.split())


_INDEX: dict[str, str] = {_compact(alias): canonical for canonical, aliases in ALIASES.items() for alias in aliases}
_INDEX.update({_compact(canonical): canonical for canonical in ALIASES})


@lru_cache(maxsize=65536)
def canonical_manufacturer(raw: str) -> str:
    """The canonical name of a manufacturer, or '' when it is not one we know (see cleaned_manufacturer)."""
    if not raw or not raw.strip():
        return ""
    return _INDEX.get(_compact(raw), "")


def cleaned_manufacturer(raw: str) -> str:
    """A manufacturer as written, without legal form and quotes; for names we do not know."""
    text = _LEGAL_FORMS.sub(" ", _PUNCT.sub(" ", clean(raw)))
    return " ".join(text.split())


def display_manufacturer(raw: str) -> str:
    if is_placeholder(raw):
        return ""
    return canonical_manufacturer(raw) or cleaned_manufacturer(raw)
