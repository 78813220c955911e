"""Soviet and Russian IC designations (ГОСТ 18682 / ОСТ 11.073.915): prefix, series, function, number, variant.

КР142ЕН5А = К (general use) + Р (plastic package) + 142 (series) + ЕН (voltage regulator) + 5 (number)
+ А (variant). People also type them in Latin, either by transliteration (KR142EN5A) or by look-alike
letters (KP142EH5A); both are read back to the Cyrillic form, which is canonical. Suffixes of modern
Russian parts that the maker writes in Latin (Milandr's QI in К1986ВЕ92QI) stay Latin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from cityorder.engine.messages import template

# function code: (Russian, English, nomenclature category); the English is a template, so notes naming it are
# shown in the reader's language (its Russian translation is the Russian here).
FUNCTIONS: dict[str, tuple[str, str, str]] = {
    "ЕН": ("стабилизатор напряжения непрерывный", template("linear voltage regulator"), "ic.regulator"),
    "ЕР": ("стабилизатор напряжения", template("voltage regulator"), "ic.regulator"),
    "ЕК": ("стабилизатор импульсный", template("switching regulator"), "ic.regulator"),
    "ЕМ": ("преобразователь напряжения", template("voltage converter"), "ic.regulator"),
    "ЕП": ("вторичный источник питания", template("power supply IC"), "ic.regulator"),
    "ЕТ": ("стабилизатор тока", template("current regulator"), "ic.regulator"),
    "ЕУ": ("устройство управления питанием", template("power controller"), "ic.regulator"),
    "ЕВ": ("выпрямитель", template("rectifier"), "ic.regulator"),
    "УД": ("операционный усилитель", template("operational amplifier"), "ic.opamp"),
    "УН": ("усилитель низкой частоты", template("low-frequency amplifier"), "ic.opamp"),
    "УВ": ("усилитель высокой частоты", template("high-frequency amplifier"), "ic.other"),
    "УИ": ("усилитель импульсный", template("pulse amplifier"), "ic.opamp"),
    "УК": ("усилитель широкополосный", template("wideband amplifier"), "ic.opamp"),
    "УЛ": ("усилитель считывания", template("sense amplifier"), "ic.opamp"),
    "УП": ("усилитель прочий", template("other amplifier"), "ic.opamp"),
    "УР": ("усилитель промежуточной частоты", template("IF amplifier"), "ic.other"),
    "УС": ("усилитель дифференциальный", template("differential amplifier"), "ic.opamp"),
    "УТ": ("усилитель постоянного тока", template("DC amplifier"), "ic.opamp"),
    "УЕ": ("повторитель", template("follower"), "ic.opamp"),
    "УМ": ("усилитель мощности", template("power amplifier"), "ic.opamp"),
    "СА": ("компаратор", template("comparator"), "ic.opamp"),
    "СВ": ("компаратор временной", template("timing comparator"), "ic.opamp"),
    "СС": ("компаратор частотный", template("frequency comparator"), "ic.other"),
    "СК": ("компаратор амплитудный", template("amplitude comparator"), "ic.opamp"),
    "ЛА": ("логический элемент И-НЕ", template("NAND gate"), "ic.logic"),
    "ЛЕ": ("логический элемент ИЛИ-НЕ", template("NOR gate"), "ic.logic"),
    "ЛН": ("инвертор", template("inverter"), "ic.logic"),
    "ЛИ": ("логический элемент И", template("AND gate"), "ic.logic"),
    "ЛЛ": ("логический элемент ИЛИ", template("OR gate"), "ic.logic"),
    "ЛП": ("логический элемент прочий", template("other logic gate"), "ic.logic"),
    "ЛР": ("логический элемент И-ИЛИ-НЕ", template("AND-OR-INVERT gate"), "ic.logic"),
    "ЛК": ("логический элемент И-ИЛИ-НЕ/И-ИЛИ", template("AND-OR-INVERT/AND-OR gate"), "ic.logic"),
    "ЛМ": ("логический элемент ИЛИ-НЕ/ИЛИ", template("OR-NOR gate"), "ic.logic"),
    "ЛС": ("логический элемент И-ИЛИ", template("AND-OR gate"), "ic.logic"),
    "ЛД": ("расширитель", template("expander"), "ic.logic"),
    "ЛБ": ("логический элемент И-НЕ/ИЛИ-НЕ", template("NAND/NOR gate"), "ic.logic"),
    "ТМ": ("триггер D", template("D flip-flop"), "ic.logic"),
    "ТВ": ("триггер JK", template("JK flip-flop"), "ic.logic"),
    "ТР": ("триггер RS", template("RS flip-flop"), "ic.logic"),
    "ТТ": ("триггер T", template("T flip-flop"), "ic.logic"),
    "ТЛ": ("триггер Шмитта", template("Schmitt trigger"), "ic.logic"),
    "ТК": ("триггер комбинированный", template("combined flip-flop"), "ic.logic"),
    "ТД": ("триггер динамический", template("dynamic flip-flop"), "ic.logic"),
    "ТП": ("триггер прочий", template("other flip-flop"), "ic.logic"),
    "ИЕ": ("счётчик", template("counter"), "ic.logic"),
    "ИР": ("регистр", template("register"), "ic.logic"),
    "ИД": ("дешифратор", template("decoder"), "ic.logic"),
    "ИВ": ("шифратор", template("encoder"), "ic.logic"),
    "ИМ": ("сумматор", template("adder"), "ic.logic"),
    "ИП": ("арифметическое устройство", template("arithmetic unit"), "ic.logic"),
    "ИК": ("комбинированная схема", template("combined logic"), "ic.logic"),
    "ИЛ": ("полусумматор", template("half adder"), "ic.logic"),
    "ИА": ("арифметико-логическое устройство", template("ALU"), "ic.logic"),
    "КП": ("мультиплексор/коммутатор", template("multiplexer"), "ic.logic"),
    "КН": ("коммутатор напряжения", template("voltage switch"), "ic.interface"),
    "КТ": ("коммутатор тока", template("current switch"), "ic.interface"),
    "ВИ": ("таймер", template("timer"), "ic.timer"),
    "ВЕ": ("микроконтроллер (микроЭВМ)", template("microcontroller"), "ic.mcu"),
    "ВМ": ("микропроцессор", template("microprocessor"), "ic.mcu"),
    "ВГ": ("контроллер", template("controller"), "ic.interface"),
    "ВЖ": ("схема специализированная", template("special-purpose IC"), "ic.other"),
    "ВН": ("контроллер прерываний", template("interrupt controller"), "ic.interface"),
    "ВР": ("схема расширения", template("expander IC"), "ic.logic"),
    "ВТ": ("схема управления памятью", template("memory controller"), "ic.interface"),
    "ВА": ("схема сопряжения с магистралью", template("bus interface"), "ic.interface"),
    "ВВ": ("схема ввода-вывода", template("I/O controller"), "ic.interface"),
    "ВК": ("комбинированная схема", template("combined processor IC"), "ic.other"),
    "ВС": ("микропроцессорная секция", template("microprocessor slice"), "ic.mcu"),
    "ВУ": ("схема микропрограммного управления", template("microprogram controller"), "ic.other"),
    "ВФ": ("функциональный преобразователь", template("function converter"), "ic.other"),
    "ВП": ("прочая вычислительная схема", template("other computing IC"), "ic.other"),
    "ВБ": ("схема синхронизации", template("clock IC"), "ic.other"),
    "РУ": ("ОЗУ", template("RAM"), "ic.memory"),
    "РЕ": ("ПЗУ масочное", template("mask ROM"), "ic.memory"),
    "РТ": ("ПЗУ однократно программируемое", template("PROM"), "ic.memory"),
    "РФ": ("ПЗУ с ультрафиолетовым стиранием", template("EPROM"), "ic.memory"),
    "РР": ("ПЗУ электрически перепрограммируемое", template("EEPROM/flash"), "ic.memory"),
    "РМ": ("матрица ОЗУ", template("RAM array"), "ic.memory"),
    "РА": ("ассоциативная память", template("associative memory"), "ic.memory"),
    "РВ": ("матрица ПЗУ", template("ROM array"), "ic.memory"),
    "РП": ("прочая память", template("other memory"), "ic.memory"),
    "РЦ": ("память на ЦМД", template("bubble memory"), "ic.memory"),
    "ПА": ("ЦАП", template("DAC"), "ic.converter"),
    "ПВ": ("АЦП", template("ADC"), "ic.converter"),
    "ПС": ("преобразователь частоты (смеситель)", template("mixer"), "ic.other"),
    "ПЛ": ("синтезатор частоты", template("frequency synthesizer"), "ic.other"),
    "ПД": ("преобразователь длительности", template("duration converter"), "ic.converter"),
    "ПФ": ("функциональный преобразователь", template("function converter"), "ic.converter"),
    "ПН": ("преобразователь напряжения", template("voltage converter"), "ic.converter"),
    "ПК": ("делитель частоты", template("frequency divider"), "ic.other"),
    "ПМ": ("преобразователь мощности", template("power converter"), "ic.converter"),
    "ПР": ("преобразователь код-код", template("code converter"), "ic.logic"),
    "ПУ": ("преобразователь уровня", template("level shifter"), "ic.interface"),
    "ПП": ("прочий преобразователь", template("other converter"), "ic.converter"),
    "ПЦ": ("преобразователь цифровой", template("digital converter"), "ic.converter"),
    "ПЕ": ("умножитель частоты", template("frequency multiplier"), "ic.other"),
    "АГ": ("одновибратор", template("one-shot"), "ic.logic"),
    "АП": ("формирователь импульсов", template("pulse shaper"), "ic.interface"),
    "АА": ("формирователь адресных токов", template("address driver"), "ic.interface"),
    "АР": ("формирователь разрядных токов", template("bit driver"), "ic.interface"),
    "АФ": ("формирователь прочий", template("other driver"), "ic.interface"),
    "ГФ": ("генератор сигналов специальной формы", template("waveform generator"), "ic.other"),
    "ГГ": ("генератор гармонических сигналов", template("sine generator"), "ic.other"),
    "ГС": ("генератор", template("oscillator"), "ic.other"),
    "ГЛ": ("генератор линейно изменяющихся сигналов", template("ramp generator"), "ic.other"),
    "ГМ": ("генератор шума", template("noise generator"), "ic.other"),
    "ГП": ("прочий генератор", template("other generator"), "ic.other"),
    "ХЛ": ("многофункциональная схема цифровая", template("multifunction digital IC"), "ic.other"),
    "ХК": ("многофункциональная схема комбинированная", template("multifunction mixed IC"), "ic.other"),
    "ХА": ("многофункциональная схема аналоговая", template("multifunction analog IC"), "ic.other"),
    "ХМ": ("цифровая матрица", template("digital array"), "ic.fpga"),
    "ХТ": ("многофункциональная схема прочая", template("other multifunction IC"), "ic.other"),
    "ХС": ("программируемая логическая схема", template("FPGA"), "ic.fpga"),
    "ХП": ("прочая многофункциональная схема", template("miscellaneous multifunction IC"), "ic.other"),
    "ХИ": ("аналоговая матрица", template("analog array"), "ic.other"),
    "ХН": ("многофункциональная схема", template("multifunction IC"), "ic.other"),
    "НД": ("набор диодов", template("diode array"), "semi.diode"),
    "НТ": ("набор транзисторов", template("transistor array"), "semi.transistor"),
    "НЕ": ("набор конденсаторов", template("capacitor array"), "passive.capacitor"),
    "НР": ("набор резисторов", template("resistor array"), "passive.resistor"),
    "НК": ("набор комбинированный", template("combined array"), "ic.other"),
    "БР": ("схема задержки", template("delay line"), "ic.other"),
    "ДА": ("детектор амплитудный", template("amplitude detector"), "ic.other"),
    "ЖА": ("фильтр", template("filter"), "ic.other"),
    "ФВ": ("фильтр верхних частот", template("high-pass filter"), "ic.other"),
    "ФН": ("фильтр нижних частот", template("low-pass filter"), "ic.other"),
    "ФП": ("фильтр полосовой", template("band-pass filter"), "ic.other"),
    "ФР": ("фильтр режекторный", template("notch filter"), "ic.other"),
    "ФЕ": ("фильтр прочий", template("other filter"), "ic.other"),
    "СП": ("схема сравнения прочая", template("other comparator"), "ic.opamp"),
}

# Latin letters as people type Cyrillic ones: transliteration first, look-alike second.
_LATIN_CANDIDATES: dict[str, str] = {
    "A": "А", "B": "ВБ", "C": "СЦ", "D": "Д", "E": "Е", "F": "Ф", "G": "Г", "H": "НХ", "I": "И", "K": "К",
    "L": "Л", "M": "М", "N": "Н", "O": "О", "P": "РП", "R": "Р", "S": "С", "T": "Т", "U": "У", "V": "В",
    "X": "Х", "Y": "У", "Z": "З",
}
# Letters that can only mean a Cyrillic letter by look (H for Н, P for Р, C for С, X for Х, Y for У).
_LOOKALIKE_ONLY = {"H": "Н", "P": "Р", "C": "С", "X": "Х", "Y": "У"}
_PREFIX_LETTERS = {"K": "К", "R": "Р", "P": "Р", "M": "М", "F": "Ф", "N": "Н", "H": "Н", "A": "А", "E": "Э",
                   "I": "И", "B": "Б", "L": "Л", "S": "С", "T": "Т", "U": "У", "D": "Д", "O": "О"}
# Variant letters after the number: А, Б, В, Г, Д, Е, Ж, И, К, Л, М, Н, П, Р, С, Т, У, Ф, Х.
# Prefixes a designation typed in Latin letters may carry (К general use, Р/М/Ф/Н/А/С package, Э export,
# КР/КМ/КФ/КА/КС/КН/КБ/КИ/КЕ their general-use forms). Only these are accepted from Latin letters, because any
# foreign code of the shape letters+digits+2 letters+digits would otherwise read as Soviet (LT1763CS8 as Л Т 1763 СС8).
_KNOWN_PREFIXES = frozenset({"", "К", "КР", "КМ", "КФ", "КА", "КС", "КН", "КБ", "КИ", "КЕ", "Р", "М", "Ф", "Н", "А",
                             "С", "Б", "И", "Э", "ЭК", "ЭКР", "ЭКФ", "ЭКМ"})
_VARIANT_TRANSLIT = {"A": "А", "B": "Б", "V": "В", "G": "Г", "D": "Д", "E": "Е", "Z": "Ж", "I": "И", "K": "К",
                     "L": "Л", "M": "М", "N": "Н", "P": "П", "R": "Р", "S": "С", "T": "Т", "U": "У", "F": "Ф",
                     "H": "Х", "Y": "У"}
_VARIANT_LOOKALIKE = {"A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "P": "Р", "C": "С", "T": "Т",
                      "X": "Х", "Y": "У"}

_CYR = r"А-ЯЁ"
_DESIGNATION = re.compile(
    rf"^(?P<prefix>[{_CYR}A-Z]{{0,3}}?)(?P<series>[1-9]\d{{2,3}})(?P<func>[{_CYR}A-Z]{{2}})(?P<number>\d{{1,3}})"
    rf"(?P<variant>[{_CYR}A-Z0-9.\-]{{0,6}})$"
)
_SEPARATORS = re.compile(r"[\s\-_.]+")
_SERIES_DIGITS = re.compile(r"[1-9]\d\s?\d")
_SHORT_VARIANT = re.compile(r"^[A-Z]{0,2}\d?$")


@dataclass(frozen=True, slots=True)
class SovietDesignation:
    prefix: str
    series: str
    function_code: str
    number: str
    variant: str

    @property
    def designation(self) -> str:
        return f"{self.prefix}{self.series}{self.function_code}{self.number}{self.variant}"

    @property
    def base(self) -> str:
        """Series, function and number: the part a cross-reference table names (142ЕН5)."""
        return f"{self.series}{self.function_code}{self.number}"

    @property
    def function_ru(self) -> str:
        return FUNCTIONS[self.function_code][0]

    @property
    def function_en(self) -> str:
        return FUNCTIONS[self.function_code][1]

    @property
    def category(self) -> str:
        return FUNCTIONS[self.function_code][2]


@lru_cache(maxsize=131072)
def parse_soviet(designation: str) -> SovietDesignation | None:
    """Parse one designation in Cyrillic or Latin letters; None when it is not one."""
    if len(designation) > 40 or not _SERIES_DIGITS.search(designation):
        return None  # a designation has a series of three or four digits
    text = designation.strip().upper().replace("Ё", "Е")
    if not text or len(text) > 24:
        return None
    # Separators inside a designation are noise («КР 142 ЕН5А», «142-ЕН-5»), but a variant may carry a dash.
    head = _SEPARATORS.sub("", text)
    match = _DESIGNATION.match(head)
    if match is None:
        return None
    func = _function_code(match["func"])
    if func is None:
        return None
    lookalike = any(ch in _LOOKALIKE_ONLY for ch in match["func"]) or any(
        ch in _LOOKALIKE_ONLY for ch in match["prefix"])
    prefix = _cyrillic_prefix(match["prefix"])
    if prefix is None:
        return None
    if not match["prefix"] and head.isascii() and not _SHORT_VARIANT.match(match["variant"]):
        return None  # 1206YC104KAT2A is an AVX capacitor: Latin without a prefix must end as 537RU3A does
    return SovietDesignation(
        prefix=prefix, series=match["series"], function_code=func, number=match["number"],
        variant=_variant(match["variant"], lookalike),
    )


def _function_code(letters: str) -> str | None:
    if all("А" <= ch <= "Я" for ch in letters):
        return letters if letters in FUNCTIONS else None
    options = [_LATIN_CANDIDATES.get(ch, ch) if ch.isascii() else ch for ch in letters]
    for first, second in product(options[0], options[1]):
        if first + second in FUNCTIONS:
            return first + second
    return None


def _cyrillic_prefix(prefix: str) -> str | None:
    """The prefix in Cyrillic letters, if it is one a designation carries, in whichever alphabet it was typed.

    Checking Cyrillic prefixes too keeps a Latin part number typed with look-alike Cyrillic letters
    (АА000АА0 for AA000AA0) from reading as a Soviet designation.
    """
    cyrillic = "".join(_PREFIX_LETTERS.get(ch, "?") if ch.isascii() else ch for ch in prefix)
    return cyrillic if cyrillic in _KNOWN_PREFIXES else None


def _variant(variant: str, lookalike: bool) -> str:
    """Variant letters to Cyrillic; a suffix with letters that have no Cyrillic reading (QI) stays as written."""
    if not variant:
        return ""
    letters = variant.lstrip("-")
    if any(ch.isascii() and ch.isalpha() and ch not in _VARIANT_TRANSLIT for ch in letters):
        return letters
    table = _VARIANT_LOOKALIKE if lookalike else _VARIANT_TRANSLIT
    return "".join(table.get(ch, _VARIANT_TRANSLIT.get(ch, ch)) if ch.isascii() else ch for ch in letters)
