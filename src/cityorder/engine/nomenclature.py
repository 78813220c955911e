"""The nomenclature of the city order: categories of components, batteries and finished products.

One table shared by the engine (classification of demand lines) and the registry (categories of
members' products), so that a product and a demand position meet on the same code.
OKPD2 codes are given where the classifier names the category unambiguously.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name_ru: str
    name_en: str
    okpd2: str = ""

    @property
    def parent_code(self) -> str:
        return self.code.rpartition(".")[0]


CATEGORIES: tuple[Category, ...] = (
    Category("ic", "Микросхемы", "Integrated circuits", "26.11.30"),
    Category("ic.mcu", "Микроконтроллеры", "Microcontrollers", "26.11.30.000"),
    Category("ic.memory", "Микросхемы памяти", "Memory ICs", "26.11.30.000"),
    Category("ic.logic", "Логические микросхемы", "Logic ICs", "26.11.30.000"),
    Category("ic.regulator", "Стабилизаторы напряжения", "Voltage regulators", "26.11.30.000"),
    Category("ic.opamp", "Операционные усилители", "Operational amplifiers", "26.11.30.000"),
    Category("ic.interface", "Интерфейсные микросхемы", "Interface ICs", "26.11.30.000"),
    Category("ic.timer", "Таймеры", "Timers", "26.11.30.000"),
    Category("ic.converter", "АЦП и ЦАП", "Data converters", "26.11.30.000"),
    Category("ic.fpga", "ПЛИС", "FPGAs and CPLDs", "26.11.30.000"),
    Category("ic.photonic", "Фотонные интегральные схемы", "Photonic ICs", "26.11.30.000"),
    Category("ic.other", "Прочие микросхемы", "Other ICs", "26.11.30.000"),
    Category("semi", "Полупроводниковые приборы", "Discrete semiconductors", "26.11.2"),
    Category("semi.diode", "Диоды", "Diodes", "26.11.21"),
    Category("semi.transistor", "Транзисторы", "Transistors", "26.11.21"),
    Category("semi.led", "Светодиоды", "LEDs", "26.11.22"),
    Category("semi.power_module", "Силовые модули", "Power modules", "26.11.21"),
    Category("passive", "Пассивные компоненты", "Passive components", "26.11.4"),
    Category("passive.resistor", "Резисторы", "Resistors", "27.90.60"),
    Category("passive.capacitor", "Конденсаторы", "Capacitors", "27.90.51"),
    Category("passive.inductor", "Катушки индуктивности и дроссели", "Inductors", "27.11.50"),
    Category("passive.crystal", "Кварцевые резонаторы и генераторы", "Crystals and oscillators", "26.11.40"),
    Category("passive.fuse", "Предохранители", "Fuses", "27.12.10"),
    Category("connector", "Соединители", "Connectors", "27.33.13"),
    Category("electromech", "Электромеханические изделия", "Electromechanical parts", "27.33"),
    Category("electromech.switch", "Переключатели и кнопки", "Switches and buttons", "27.33.11"),
    Category("electromech.relay", "Реле", "Relays", "27.12.24"),
    Category("sensor", "Датчики", "Sensors", "26.51.6"),
    Category("pcb", "Печатные платы", "Printed circuit boards", "26.12.10"),
    Category("module", "Модули и сборки", "Modules and assemblies", "26.12.20"),
    Category("battery", "Аккумуляторы и батареи", "Batteries and accumulators", "27.20.2"),
    Category("battery.lfp", "Литий-железо-фосфатные аккумуляторы", "LiFePO4 batteries", "27.20.23"),
    Category("battery.liion", "Литий-ионные аккумуляторы", "Li-ion batteries", "27.20.23"),
    Category("battery.lto", "Литий-титанатные аккумуляторы", "LTO batteries", "27.20.23"),
    Category("battery.leadacid", "Свинцово-кислотные аккумуляторы", "Lead-acid batteries", "27.20.21"),
    Category("battery.other", "Прочие аккумуляторы", "Other batteries", "27.20.2"),
    Category("drive", "Электроприводы и двигатели", "Electric drives and motors", "27.11"),
    Category("power", "Силовая электроника и источники питания", "Power electronics and supplies", "27.11.50"),
    Category("product", "Готовая продукция", "Finished products", ""),
    Category("product.ebus", "Электробусы", "Electric buses", "29.10.30"),
    Category("product.ev", "Электромобили", "Electric cars and vans", "29.10.24"),
    Category("product.charger", "Зарядные станции", "Charging stations", "27.90.11"),
    Category("product.other", "Прочая готовая продукция", "Other finished products", ""),
    Category("pharma", "Лекарственные средства", "Pharmaceuticals", "21.20"),
    Category("material", "Материалы и прочие изделия", "Materials and other parts", ""),
    Category("other", "Прочее", "Other", ""),
)

BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES}


def get(code: str) -> Category:
    """The category of a code; an unknown code falls back to its nearest known ancestor, then «other»."""
    while code:
        if code in BY_CODE:
            return BY_CODE[code]
        code = code.rpartition(".")[0]
    return BY_CODE["other"]
