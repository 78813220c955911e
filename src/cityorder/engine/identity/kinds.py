"""Kinds of parts as lists name them: «Резисторы», «Схемы интегральные», «Диод», «Capacitors».

A kind alone is not an orderable part: a row that says «Микросхема» and no type cannot be bought, and a group
heading of a parts list («Резисторы» over «100 к 1%») gives the kind of the rows under it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cityorder.engine.identity.text import necessary_literals

# (pattern of one word or two, the kind as a name says it). The first pattern that matches wins, so
# «светодиоды» is an LED before it is a diode and «схемы интегральные» a microcircuit before anything else.
_KINDS: tuple[tuple[str, str], ...] = (
    (r"(?:схем\w*\s+интегральн\w*|интегральн\w*\s+схем\w*|микросхем\w*)", "Микросхема"),
    (r"микроконтроллер\w*", "Микроконтроллер"),
    (r"светодиод\w*", "Светодиод"),
    (r"стабилитрон\w*", "Стабилитрон"),
    (r"диод\w*", "Диод"),
    (r"транзистор\w*", "Транзистор"),
    (r"тиристор\w*|симистор\w*", "Тиристор"),
    (r"оптопар\w*|оптрон\w*", "Оптрон"),
    (r"терморезистор\w*|термистор\w*", "Терморезистор"),
    (r"варистор\w*", "Варистор"),
    (r"резистор\w*|потенциометр\w*", "Резистор"),
    (r"конденсатор\w*", "Конденсатор"),
    (r"дроссел\w*", "Дроссель"),
    (r"катушк\w*(?:\s+индуктивност\w*)?|индуктивност\w*", "Катушка индуктивности"),
    (r"трансформатор\w*", "Трансформатор"),
    (r"реле", "Реле"),
    (r"(?:кварцев\w*\s+)?резонатор\w*|кварц\w*", "Резонатор кварцевый"),
    (r"генератор\w*", "Генератор"),
    (r"вставк\w*\s+плавк\w*|предохранител\w*", "Предохранитель"),
    (r"вилк\w*", "Вилка"),
    (r"розетк\w*", "Розетка"),
    (r"разъ?[ёе]м\w*|соединител\w*", "Соединитель"),
    (r"индикатор\w*", "Индикатор"),
    (r"переключател\w*|выключател\w*|тумблер\w*", "Переключатель"),
    (r"кнопк\w*", "Кнопка"),
    (r"стабилизатор\w*", "Стабилизатор"),
    (r"датчик\w*", "Датчик"),
    (r"модул\w*", "Модуль"),
    (r"аккумулятор\w*", "Аккумулятор"),
    (r"батаре\w*", "Батарея"),
    (r"фильтр\w*", "Фильтр"),
    (r"integrated\s+circuits?|ics?|microcircuits?", "IC"),
    (r"microcontrollers?|mcus?", "Microcontroller"),
    (r"leds?", "LED"),
    (r"zeners?", "Zener diode"),
    (r"diodes?", "Diode"),
    (r"mosfets?|transistors?|bjts?", "Transistor"),
    (r"resistors?|potentiometers?", "Resistor"),
    (r"capacitors?|caps", "Capacitor"),
    (r"inductors?|chokes?|ferrites?(?:\s+beads?)?", "Inductor"),
    (r"transformers?", "Transformer"),
    (r"relays?", "Relay"),
    (r"crystals?|oscillators?|resonators?", "Crystal"),
    (r"fuses?", "Fuse"),
    (r"connectors?|headers?|sockets?", "Connector"),
    (r"switches|switch|buttons?", "Switch"),
    (r"regulators?", "Regulator"),
    (r"sensors?", "Sensor"),
    (r"modules?", "Module"),
    (r"batteries|battery", "Battery"),
)
_KIND_PATTERNS = tuple((re.compile(rf"(?<![\w-])(?:{p})(?![\w-])"), kind) for p, kind in _KINDS)
# The literals a match of each pattern holds: a pattern none of them is in is passed over without a search.
_KIND_HINTS = tuple(necessary_literals(pattern) for pattern, _ in _KIND_PATTERNS)
# Words that can stand beside a kind in a heading or a kind-only row without saying which part it is.
_FILLERS = re.compile(
    r"(?<![\w-])(?:и|and|прочие|другие|other|misc|smd|smt|чип|chip|smd-?|импортн\w*|отечественн\w*|"
    r"электронн\w*|полупроводников\w*|постоянн\w*|керамическ\w*|электролитическ\w*|танталов\w*|"
    r"ceramic|electrolytic|tantalum|напряжения|power|силов\w*|импульсн\w*|выпрямительн\w*|"
    r"биполярн\w*|полевы\w*|линейн\w*|цифров\w*|аналогов\w*|logic|analog|digital)(?![\w-])"
)
_PUNCTUATION = re.compile(r"[\s,.;:()\[\]«»\"'/+&-]+")


def _may_hold(text: str, hints: tuple[str, ...] | None) -> bool:
    return hints is None or any(hint in text for hint in hints)


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


@lru_cache(maxsize=65536)
def kind_in(text: str) -> str:
    """The kind a text names («Резистор» for «Р1-8В резисторы»), or ''."""
    plain = _plain(text)
    for (pattern, kind), hints in zip(_KIND_PATTERNS, _KIND_HINTS, strict=True):
        if _may_hold(plain, hints) and pattern.search(plain):
            return kind
    return ""


@lru_cache(maxsize=65536)
def kind_only(text: str) -> str:
    """The kind when a text names a kind and nothing else («Микросхема», «Резисторы SMD»), else ''.

    Any digit or word beyond the kind and its plain adjectives («Диод КД522Б», «Резистор 10 кОм») says which
    part it is, and the text is more than a kind.
    """
    plain = _plain(text)
    if not plain or any(c.isdigit() for c in plain):
        return ""
    kind = ""
    rest = plain
    for (pattern, found), hints in zip(_KIND_PATTERNS, _KIND_HINTS, strict=True):
        if _may_hold(rest, hints) and pattern.search(rest):
            kind = kind or found
            rest = pattern.sub(" ", rest)
    if not kind:
        return ""
    rest = _PUNCTUATION.sub(" ", _FILLERS.sub(" ", rest)).strip()
    return kind if not rest else ""
