"""Classification of a part into the nomenclature (engine.nomenclature) by designation, family and words."""

from __future__ import annotations

import re
from functools import lru_cache

from cityorder.engine.identity.soviet import SovietDesignation
from cityorder.engine.identity.text import fold, necessary_literals

# Part-number families (compact, upper case) → category. Checked in order; first match wins.
_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), c) for p, c in (
    (r"^(STM32|STM8|ATMEGA|ATTINY|ATSAM|ATXMEGA|PIC\d|DSPIC|ESP32|ESP8266|MSP430|NRF5|EFM32|GD32|LPC\d|MK\d\d|"
     r"RP2040|CH32|MDR32|К1986ВЕ|1986ВЕ|К1921ВК|1921ВК)", "ic.mcu"),
    (r"^(LM317|LM337|LM78|LM79|L78|L79|UA78|MC78|MC79|78L|79L|LP59|LP29|LD1117|LD39|AMS1117|AP2112|AP7|TPS7|"
     r"TLV7|TLV11|MIC55|MIC52|MCP17|XC62|RT9|LT17|LT30|LM1117|NCP11|REG1|LM2596|LM2576|MP1584|TPS5|TPS6|LM3489|"
     r"PAM23|LM3671|LT36|LTC36)", "ic.regulator"),
    (r"^(NE555|NE556|LM555|TLC555|ICM7555|SE555)", "ic.timer"),
    (r"^(LM358|LM324|LM741|UA741|TL07|TL08|OPA|LMV3|MCP60|AD8|ADA4|LT1|LMC6|TLV2|TS9|NE5532|LM393|LM339)",
     "ic.opamp"),
    (r"^(74HC|74HCT|74LS|74AC|74LVC|SN74|CD40|CD45|HEF40|MC14|74F)", "ic.logic"),
    (r"^(MAX232|MAX3232|MAX485|MAX3485|SN65|ADM|SP3|ISO|TJA|MCP2515|MCP2551|FT232|FT2232|CH340|CP210|PCA9|"
     r"TCA9|TXB|TXS|USB|LAN9|LAN8|KSZ|DP83|W5500|ENC28)", "ic.interface"),
    (r"^(24C|24LC|24AA|AT24|25LC|AT25|W25Q|W25X|MX25|IS25|S25FL|GD25|IS61|IS62|CY62|AS6C|MT41|MT47|MT48|K4B|"
     r"AT45|SST25|FM25|N25Q)", "ic.memory"),
    (r"^(ICE40|ICE5|LFE|LCMXO|XC\d|XC7|XCZU|EP\d|EP4|10M|5CE|5M|LFXP|GW1N|GW2A|M2S|A3P|5578ТС|5576ХС)", "ic.fpga"),
    (r"^(AD\d{3,4}|ADS1|ADS8|MCP3|MCP4|DAC|TLC5|MAX11|LTC24|AD56|AD57)", "ic.converter"),
    (r"^(1N4|1N5|1N6|BAT\d|BAV|BAS|SS1|SS2|SS3|MBR|SMAJ|SMBJ|P6KE|BZX|BZT|MMSZ|ES1|US1|S1[A-M]|M7$|RB\d|B5819|"
     r"SB\d|STPS|PMEG|КД\d|2Д\d|КС\d|2С\d|Д\d)", "semi.diode"),
    (r"^(BC8|BC5|BC3|2N\d|2SC|2SA|2SK|2SJ|MMBT|PMBT|BSS|BSN|2N7002|IRF|IRL|IRLML|AO3|AO4|SI2|SI4|FDN|FDS|FDC|"
     r"NTR|NTD|DMG|DMN|DMP|BUK|IPB|IPP|IPD|STP\d|STD\d|STF\d|TIP|MJE|BD\d|КТ\d|2Т\d|КП\d|2П\d)", "semi.transistor"),
    (r"^(MF-|MF[A-Z]{2,}|PTC|RXEF|0ZC|NANOSMDC|MINISMDC)", "passive.fuse"),
    (r"^(LED|LTST|KP-|KPT|APT|APHB|WS2812|SK6812|ЛЕД|АЛ\d|КИПД|L-\d|UHD\d|CL-)", "semi.led"),
    (r"^(FF\d|FS\d|FP\d|SKM|SKIIP|CM\d{3}D[UY]|MG\d|IKW|IKQ|IGW|IHW|FGH|FGA|IXG|APT\d|МТКИ|М2ТКИ)",
     "semi.power_module"),
))

# All families in one anchored alternation, tried in order: one match instead of one per family.
_ANY_FAMILY = re.compile("|".join(f"(?P<f{i}>{pattern.pattern})" for i, (pattern, _) in enumerate(_FAMILIES)))

# Words → category, on the folded text. Order matters: specific before general.
_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), c) for p, c in (
    (r"электробус|e-?bus\b|electric bus|троллейбус", "product.ebus"),
    (r"зарядн\w* станц|\bэзс\b|charging station|\bcharger\b|зарядн\w* устройств|зарядн\w* комплекс", "product.charger"),
    (r"электромобил|электрофургон|электрогрузовик|\bev\b|electric (car|van|vehicle)", "product.ev"),
    (r"аккумулятор|\bакб\b|батаре|battery|ячейк|\bcell\b|элемент питания", "battery"),
    (r"микроконтроллер|microcontroller|\bmcu\b|микроэвм", "ic.mcu"),
    (r"микропроцессор|процессор|microprocessor|\bcpu\b", "ic.mcu"),
    (r"\bплис\b|\bfpga\b|\bcpld\b", "ic.fpga"),
    (r"стабилизатор напряж|регулятор напряж|voltage regulator|\bldo\b|\breg\b|ic reg|dc-?dc", "ic.regulator"),
    (r"операционн\w* усилител|\bop-?amp|\bоу\b|компаратор|comparator", "ic.opamp"),
    (r"\bтаймер|\btimer\b", "ic.timer"),
    (r"\bацп\b|\bцап\b|\badc\b|\bdac\b|analog-to-digital|digital-to-analog", "ic.converter"),
    (r"\bозу\b|\bпзу\b|память|\bflash\b|eeprom|\bsram\b|\bdram\b|memory", "ic.memory"),
    (r"фотонн\w* интегральн|photonic", "ic.photonic"),
    # «датчик с интерфейсом RS-485» is a sensor: an interface named after «с»/«with» only describes the thing.
    (r"драйвер|приемопередатчик|приёмопередатчик|transceiver|(?<!\bс )(?<!\bwith )интерфейс", "ic.interface"),
    (r"микросхем|интегральн\w* схем|\bic\b|chip\b", "ic.other"),
    (r"igbt|силов\w* модул|power module", "semi.power_module"),
    (r"светодиод|\bled\b|светоизлуч", "semi.led"),
    (r"стабилитрон|\bдиод|\bdiode|schottky|шоттки|tvs|супрессор", "semi.diode"),
    (r"транзистор|transistor|mosfet|\bfet\b", "semi.transistor"),
    (r"резистор|resistor|\bres\b|сопротивлен", "passive.resistor"),
    (r"конденсатор|capacitor|\bcap\b|ионистор|суперконденсатор|supercap", "passive.capacitor"),
    (r"дроссел|катушк|индуктивн|inductor|choke|ферритов", "passive.inductor"),
    (r"кварц|резонатор|crystal|oscillator|генератор так", "passive.crystal"),
    (r"предохранител|\bfuse\b|polyfuse", "passive.fuse"),
    (r"разъ[её]м|соединител|вилк|розетк|гнезд|штыр|клем|wago|connector|header|\bidc\b|\busb\b|terminal|socket|\bconn\b|\bhdmi\b|\brj45\b|жгут|"
     r"кабел", "connector"),
    (r"\bреле\b|relay|контактор", "electromech.relay"),
    (r"кнопк|переключател|выключател|тумблер|\bswitch|button|микропереключ", "electromech.switch"),
    (r"датчик|sensor|термопар|термистор|thermistor|\bntc\b|\bptc\b", "sensor"),
    (r"печатн\w* плат|\bплата\b|\bpcb\b|\bпп\b", "pcb"),
    (r"электродвигател|электропривод|тягов\w* двигател|\bмотор|\bmotor|\bdrive\b", "drive"),
    (r"инвертор|преобразовател|источник питания|блок питания|power supply|inverter|converter|выпрямител", "power"),
    (r"\bмодул|module|сборк|assembly|блок\b", "module"),
    (r"лекарств|препарат|таблетк|ампул|субстанц|drug|tablet", "pharma"),
))

# For each word pattern, the literals one of its matches must hold: a pattern none of them is in is passed over
# without a search (a few substring tests instead of some thirty Unicode searches per uncached text).
_WORD_HINTS = tuple(necessary_literals(pattern) for pattern, _ in _WORDS)

_BATTERY_CHEMISTRY_CATEGORY = {"lfp": "battery.lfp", "liion": "battery.liion", "lto": "battery.lto",
                               "leadacid": "battery.leadacid", "nimh": "battery.other"}
_PARAMETRIC_CATEGORY = {"res": "passive.resistor", "cap": "passive.capacitor", "ind": "passive.inductor",
                        "conn": "connector"}


def classify(*, text: str = "", part_key: str = "", soviet: SovietDesignation | None = None,
             params: dict[str, str] | None = None) -> str:
    """The nomenclature code of a part; 'other' when nothing tells."""
    if params:
        if params["type"] == "bat":
            return _BATTERY_CHEMISTRY_CATEGORY.get(params.get("chemistry", ""), "battery")
        return _PARAMETRIC_CATEGORY[params["type"]]
    if soviet is not None:
        return soviet.category
    if part_key:
        family = _ANY_FAMILY.match(part_key)
        if family is not None:
            return _FAMILIES[int(family.lastgroup[1:])][1]  # type: ignore[index]
    return _category_of_words(text) if text else "other"


@lru_cache(maxsize=65536)
def _category_of_words(text: str) -> str:
    """The category the words of a text name; cached, as many lines share one name with other part numbers."""
    folded = fold(text)
    for (pattern, category), hints in zip(_WORDS, _WORD_HINTS, strict=True):
        if hints is not None:
            for hint in hints:
                if hint in folded:
                    break
            else:
                continue
        if pattern.search(folded):
            return category
    return "other"
