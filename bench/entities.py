"""A universe of true items (parts, passives, batteries, free-text goods) and the spellings each gets in files.

Every item has an id (the ground truth) and a handful of spellings; a spelling is the raw tuple
(name, part_number, manufacturer, description, value, footprint, unit) a demand row would hold.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from bench import noise

Spelling = tuple[str, str, str, str, str, str, str]

MANUFACTURERS: dict[str, tuple[str, ...]] = {
    "Texas Instruments": ("TI", "Texas Instruments Inc.", "TEXAS INSTRUMENTS", "Texas Instr."),
    "STMicroelectronics": ("ST", "STM", "ST Microelectronics", "STMicro"),
    "Analog Devices": ("ADI", "Analog Devices Inc.", "ANALOG DEVICES"),
    "Microchip": ("Microchip Technology", "MCHP", "Microchip Technology Inc."),
    "NXP": ("NXP Semiconductors", "NXP Semi"),
    "Infineon": ("Infineon Technologies", "INFINEON"),
    "onsemi": ("ON Semiconductor", "ON Semi", "ONSEMI"),
    "Maxim Integrated": ("Maxim", "MAXIM"),
    "Renesas": ("Renesas Electronics",),
    "Миландр": ("АО ПКК Миландр", "Milandr"),
    "Микрон": ("ПАО Микрон", "Mikron"),
}
# Prefixes of part numbers and who makes them; the number and suffix make each part unique.
IC_FAMILIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("STM32F", "STMicroelectronics", "MCU 32-bit ARM", ("C8T6", "RBT6", "VET6", "ZGT6", "CBT6")),
    ("STM32L", "STMicroelectronics", "MCU 32-bit ARM low power", ("K6U6", "C8T6", "RCT6")),
    ("LM", "Texas Instruments", "IC", ("DR", "MX", "N", "DT", "MM")),
    ("TPS", "Texas Instruments", "IC REG", ("DBVR", "DRCR", "DGKR", "PWPR")),
    ("SN74HC", "Texas Instruments", "IC LOGIC", ("N", "DR", "PWR")),
    ("AD", "Analog Devices", "IC", ("ARZ", "BRZ", "ARMZ", "BCPZ")),
    ("ADUM", "Analog Devices", "DGTL ISOLATOR", ("BRWZ", "ARZ")),
    ("MAX", "Maxim Integrated", "IC", ("CSE", "ESA", "EUA", "CPE")),
    ("ATMEGA", "Microchip", "MCU 8-bit AVR", ("-AU", "-PU", "-MU")),
    ("PIC18F", "Microchip", "MCU 8-bit PIC", ("-I/P", "-I/SO", "-E/ML")),
    ("MCP", "Microchip", "IC", ("-E/SN", "-I/ST", "T-E/OT")),
    ("LPC", "NXP", "MCU 32-bit", ("FBD48", "FBD64", "JBD100")),
    ("IRF", "Infineon", "MOSFET N-CH", ("PBF", "STRLPBF", "SPBF")),
    ("BSS", "Infineon", "MOSFET", ("H6327", "N", "W")),
    ("NCP", "onsemi", "IC REG", ("DR2G", "SNT1G", "MNTWG")),
    ("MC", "onsemi", "IC", ("DG", "DR2G", "BDR2G")),
    ("R7F", "Renesas", "MCU", ("FP", "FM", "NB")),
    ("1986ВЕ", "Миландр", "Микроконтроллер", ("Т", "У", "")),
    ("К1986ВЕ", "Миландр", "Микроконтроллер", ("Т", "У", "1Т")),
    ("5576ХС", "Микрон", "ПЛИС", ("4Т", "6Т", "1Т")),
)
SOVIET_SERIES = ("133", "155", "140", "1533", "1554", "561", "564", "176", "544", "574", "142", "1401", "590", "1564")
SOVIET_FUNCTIONS = ("ЛА", "ЛЕ", "ЛИ", "ЛН", "ТМ", "ТВ", "ИЕ", "ИР", "ИД", "КП", "УД", "ЕН", "РУ", "АГ", "КТ", "СА")
SOVIET_PREFIXES = ("К", "КР", "КФ", "")
RESISTOR_E24 = (1.0, 1.1, 1.2, 1.3, 1.5, 1.6, 1.8, 2.0, 2.2, 2.4, 2.7, 3.0, 3.3, 3.6, 3.9, 4.3, 4.7, 5.1, 5.6, 6.2, 6.8,
                7.5, 8.2, 9.1)
PACKAGES = ("0402", "0603", "0805", "1206", "2512")
TOLERANCES = ("1", "5", "0.5")
DIELECTRICS = ("X7R", "X5R", "C0G", "Y5V")
VOLTAGES = ("6.3", "10", "16", "25", "50", "100")
CHEMISTRIES: tuple[tuple[str, str, str], ...] = (
    ("LiFePO4", "литий-железо-фосфатный", "LFP"),
    ("Li-ion", "литий-ионный", "Li-Ion"),
    ("LTO", "литий-титанатный", "LTO"),
    ("AGM", "свинцово-кислотный", "Lead-acid AGM"),
)
GOODS = (
    ("Кабель ВВГнг-LS {a}х{b}", ("1,5", "2,5", "4", "6", "10", "16"), "м"),
    ("Провод МГТФ {b} мм2, бухта {a} м", ("0,07", "0,12", "0,2", "0,35", "0,5", "0,75"), "м"),
    ("Болт М{a}х{b} ГОСТ 7798-70 оцинкованный", ("10", "12", "16", "20", "25", "30", "40"), "шт"),
    ("Корпус пластиковый {a}х{b}х40 IP65 серый", ("60", "80", "100", "120", "160"), "шт"),
    ("Разъём DB{b} вилка на кабель, кожух {a} мм", ("9", "15", "25", "37"), "шт"),
    ("Светильник светодиодный {a} Вт {b} К уличный", ("3000", "4000", "5000", "6500"), "шт"),
    ("Термоусаживаемая трубка {a}/{b} мм чёрная", ("1", "2", "3", "4", "6", "8"), "м"),
    ("Клеммная колодка {a} полюсов шаг {b} мм на DIN рейку", ("2,5", "3,5", "5", "5,08", "7,5"), "шт"),
)


def _variants(rng: random.Random, clean: Spelling, makers: list[Callable[[random.Random], Spelling]], k: int) -> list:
    return [clean, *(rng.choice(makers)(rng) for _ in range(k - 1))]


def ic(rng: random.Random, index: int, k: int) -> list[Spelling]:
    prefix, maker, description, suffixes = IC_FAMILIES[index % len(IC_FAMILIES)]
    number = f"{prefix}{index // len(IC_FAMILIES):05d}{rng.choice(suffixes)}"
    aliases = (maker, *MANUFACTURERS[maker])
    name = "Микросхема" if rng.random() < 0.6 else "IC"

    def plain(r: random.Random) -> Spelling:
        return (name, number, r.choice(aliases), description, "", "", r.choice(("шт", "шт.", "pcs", "ШТ")))

    def noisy(r: random.Random) -> Spelling:
        pn = number
        for step in r.sample((noise.case, noise.spacing, noise.cyrillic_lookalikes, noise.packaging), r.randint(1, 2)):
            pn = step(r, pn)
        return (name, pn, r.choice(aliases), description, "", "", "шт")

    def in_name(r: random.Random) -> Spelling:
        return (f"Микросхема {number}", "", r.choice(aliases), "", "", "", "шт")

    def typo(r: random.Random) -> Spelling:
        return (name, noise.typo(r, number), maker, description, "", "", "шт")

    makers = [plain, noisy, noisy, noisy, in_name] + ([typo] if rng.random() < 0.15 else [])
    return _variants(rng, (name, number, maker, description, "", "", "шт"), makers, k)


def soviet(rng: random.Random, index: int, k: int) -> list[Spelling]:
    number = (
        f"{SOVIET_PREFIXES[index % 4]}{SOVIET_SERIES[index // 4 % len(SOVIET_SERIES)]}"
        f"{SOVIET_FUNCTIONS[index // 56 % len(SOVIET_FUNCTIONS)]}{index // 896 + 1}{rng.choice(('', 'А', 'Б'))}"
    )

    def translit(r: random.Random) -> Spelling:
        return ("Микросхема", noise.transliterate(number), "", "", "", "", "шт")

    def lookalike(r: random.Random) -> Spelling:
        return ("Микросхема", noise.latin_lookalikes(number), "", "", "", "", "шт")

    def spaced(r: random.Random) -> Spelling:
        return ("микросхема", noise.spacing(r, number), "", "", "", "", "шт.")

    def in_name(r: random.Random) -> Spelling:
        return (f"Микросхема {number}", "", "", "", "", "", "шт")

    return _variants(rng, ("Микросхема", number, "", "", "", "", "шт"), [translit, lookalike, spaced, in_name], k)


def _ohms(value: float) -> tuple[str, str, str]:
    """(ru, en, bom) spellings of a resistance."""
    for factor, ru, en in ((1e6, "МОм", "M"), (1e3, "кОм", "K"), (1.0, "Ом", "R")):
        if value >= factor:
            number = f"{value / factor:g}"
            return f"{number.replace('.', ',')} {ru}", f"{number}{en}", f"{number}{en.lower() if en == 'K' else en}"
    raise ValueError(value)


def resistor(rng: random.Random, index: int, k: int) -> list[Spelling]:
    value = RESISTOR_E24[index % 24] * 10 ** (index // 24 % 7)
    package = PACKAGES[index // 168 % len(PACKAGES)]
    tolerance = TOLERANCES[index // 840 % len(TOLERANCES)]
    ru, en, bom = _ohms(value)
    tol_ru = tolerance.replace(".", ",")

    def russian(r: random.Random) -> Spelling:
        return (r.choice(("Резистор", "Резистор SMD", "резистор чип")), "", "", f"{ru} ±{tol_ru}% {package}",
                "", "", "шт")

    def english(r: random.Random) -> Spelling:
        return ("", "", "", f"RES SMD {en} OHM {tolerance}% {package}", "", "", "pcs")

    def bom_style(r: random.Random) -> Spelling:
        return ("Resistor", "", "", f"{tolerance}%", bom, f"R_{package}_Metric", "шт")

    return _variants(rng, (f"Резистор {ru} ±{tol_ru}% {package}", "", "", "", "", "", "шт"),
                     [russian, english, bom_style], k)


def _farads(picofarads: float) -> tuple[str, str, str]:
    if picofarads >= 1e6:
        number = f"{picofarads / 1e6:g}"
        return f"{number.replace('.', ',')} мкФ", f"{number}UF", f"{number}u"
    if picofarads >= 1e3:
        number = f"{picofarads / 1e3:g}"
        return f"{number.replace('.', ',')} нФ", f"{number}NF", f"{number}n"
    number = f"{picofarads:g}"
    return f"{number} пФ", f"{number}PF", f"{number}p"


def capacitor(rng: random.Random, index: int, k: int) -> list[Spelling]:
    picofarads = (1.0, 1.5, 2.2, 3.3, 4.7, 6.8)[index % 6] * 10 ** (index // 6 % 7 + 1)
    voltage = VOLTAGES[index // 42 % len(VOLTAGES)]
    dielectric = DIELECTRICS[index // 252 % len(DIELECTRICS)]
    package = PACKAGES[index // 1008 % 4]
    ru, en, bom = _farads(picofarads)

    def russian(r: random.Random) -> Spelling:
        return ("Конденсатор керамический", "", "", f"{ru} {voltage.replace('.', ',')} В {dielectric} {package}",
                "", "", "шт")

    def english(r: random.Random) -> Spelling:
        return ("", "", "", f"CAP CER {en} {voltage}V {dielectric} {package}", "", "", "pcs")

    def bom_style(r: random.Random) -> Spelling:
        return ("Capacitor", "", "", f"{voltage}V {dielectric}", bom, f"C_{package}_Metric", "шт")

    return _variants(rng, (f"Конденсатор {ru} {voltage} В {dielectric} {package}", "", "", "", "", "", "шт"),
                     [russian, english, bom_style], k)


def battery(rng: random.Random, index: int, k: int) -> list[Spelling]:
    symbol, ru_chem, en_chem = CHEMISTRIES[index % len(CHEMISTRIES)]
    volts = ("3.2", "3.7", "12", "24", "48", "2.4")[index // 4 % 6]
    amp_hours = (7, 10, 20, 50, 100, 105, 200, 280)[index // 24 % 8]

    def russian(r: random.Random) -> Spelling:
        return ("Аккумулятор", "", "", f"{ru_chem} {volts.replace('.', ',')} В {amp_hours} А·ч", "", "", "шт")

    def english(r: random.Random) -> Spelling:
        return ("Battery", "", "", f"{en_chem} {volts}V {amp_hours}Ah", "", "", "pcs")

    return _variants(rng, (f"Аккумулятор {symbol} {volts} В {amp_hours} Ач", "", "", "", "", "", "шт"),
                     [russian, english], k)


def goods(rng: random.Random, index: int, k: int) -> list[Spelling]:
    template, values, unit = GOODS[index % len(GOODS)]
    a = str(index // len(GOODS) // len(values) + 2)
    text = template.format(a=a, b=values[index // len(GOODS) % len(values)])

    def cased(r: random.Random) -> Spelling:
        return (noise.case(r, text), "", "", "", "", "", unit)

    def spaced(r: random.Random) -> Spelling:
        return (noise.spacing(r, text), "", "", "", "", "", unit)

    def typo(r: random.Random) -> Spelling:
        return (noise.typo(r, text), "", "", "", "", "", unit)

    return _variants(rng, (text, "", "", "", "", "", unit), [cased, spaced, typo], k)


# (family, share of items, most distinct items it can make): ICs dominate electronics demand, as in the city's requests.
FAMILIES: tuple[tuple[Callable[[random.Random, int, int], list[Spelling]], float, int], ...] = (
    (ic, 0.68, 10**9),
    (soviet, 0.04, 10**9),
    (resistor, 0.08, 24 * 7 * len(PACKAGES) * len(TOLERANCES)),
    (capacitor, 0.08, 6 * 7 * len(VOLTAGES) * len(DIELECTRICS) * 4),
    (battery, 0.02, len(CHEMISTRIES) * 6 * 8),
    (goods, 0.10, 10**9),
)


def universe(items: int, seed: int) -> Iterator[tuple[int, list[Spelling]]]:
    """(true id, spellings) of about ``items`` items; spelling 0 is the clean one."""
    rng = random.Random(seed)
    true_id = 0
    for family, share, most in FAMILIES:
        for index in range(min(int(items * share), most)):
            k = 1 + min(int(rng.expovariate(0.6)), 6)  # most items have 1-3 spellings, a few up to 7
            yield true_id, family(rng, index, k)
            true_id += 1
