"""What a header cell names: a field of a LineRecord, a year of demand, or nothing this reader uses.

A header is read by its words, not matched as a whole string: «Тип (обозначение)», «Обозначение / тип»,
«Артикул производителя», ``ManufacturerPartNum``, ``Manufacturer_Part_Number``, «Поз. обозна-чение» are
split into words (camelCase, snake_case, hyphenation and trailing numbers undone) and the words decide.
When a header holds the words of several fields, the rules below are tried in order and the first wins
(«Артикул производителя» is a part number, «Тип корпуса» a footprint, «Наименование организации» a customer).
Each field also has a rank: when two columns claim one field, the better rank wins («MPN» over
«LCSC Part #»), then the leftmost column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cityorder.engine.identity.suppliers import distributor_in_words
from cityorder.engine.reading.tabular import Cell

FIELDS = (
    "customer",
    "name",
    "part_number",
    "manufacturer",
    "unit",
    "quantity",
    "year",
    "description",
    "value",
    "footprint",
    "designators",
    "supplier_code",
)
# Columns that are read but not kept: they change how a row is understood.
AUX_FIELDS = ("dnp", "index", "note", "drawing")
YEAR_FIELD_PREFIX = "quantity:"
MIN_YEAR, MAX_YEAR = 2000, 2100
# A header of more words than this is a title or an instruction, not a column name.
MAX_HEADER_WORDS = 7


@dataclass(frozen=True, slots=True)
class HeaderLabel:
    field: str  # one of FIELDS or AUX_FIELDS, or "quantity:2026" for a year column
    rank: int = 0
    # The column names the kind and the designation at once («Наименование и тип изделия»).
    combined: bool = False


def year_field(year: int) -> str:
    return f"{YEAR_FIELD_PREFIX}{year}"


def field_year(field: str) -> int | None:
    return int(field.removeprefix(YEAR_FIELD_PREFIX)) if field.startswith(YEAR_FIELD_PREFIX) else None


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns))


# Word classes: each pattern matches one whole word of a header.
_NAME = _words(r"наименовани\w*", r"назван\w*", r"номенклатур\w*", r"name", r"designation", r"libelle")
_THING = _words(
    r"издели\w*", r"продукци\w*", r"товар\w*", r"позици\w*", r"экб", r"комплектующ\w*", r"материал\w*",
    r"оборудовани\w*", r"product", r"component",
)
_DESIGNATION = _words(
    r"обозначени\w*", r"тип", r"типа", r"марк[аи]", r"артикул\w*", r"модел\w*", r"model", r"mpn", r"pn",
    r"partnumber", r"шифр",
)
_NUMBER = _words(r"number", r"num", r"no", r"nr", r"номер", r"pn")
_MAKER = _words(
    r"производител\w*", r"изготовител\w*", r"завод\w*", r"manufacturers?", r"manf", r"mfr", r"mfg", r"maker",
    r"brand", r"бренд", r"vendor", r"fabricant",
)
# The number of a drawing («Децимальный номер»): a part made to its own drawing is made, not bought.
_DRAWING = _words(r"децимальн\w*", r"decimal", r"чертеж\w*", r"drawing")
_DISTRIBUTOR_CODE = _words(r"lcsc", r"jlcpcb", r"jlc")
_DISTRIBUTOR = _words(
    r"supplier", r"поставщик\w*", r"mouser", r"digikey", r"digi", r"farnell", r"element14", r"newark",
    r"distributor", r"дистрибьютор\w*", r"arrow", r"fournisseur", r"lieferant\w*", r"bezugsquelle",
)
# A distributor's own name: a column headed by it alone holds its codes («mouser#», «DigiKey», «Digi-Key»).
_DISTRIBUTOR_NAME = _words(r"mouser", r"digikey", r"digi", r"farnell", r"element14", r"newark")
_CODE_WORD = _words(r"code", r"код", r"sku", r"order", r"ordering", r"bestellnummer", r"ref")
_LIBRARY = _words(r"libref", r"lib")
_CUSTOMER = _words(
    r"заказчик\w*", r"организаци\w*", r"customer", r"client", r"buyer", r"покупател\w*", r"получател\w*",
    r"учреждени\w*",
)
_UNIT = _words(r"ед", r"единиц\w*", r"unit", r"units", r"uom")
_MEASURE = _words(r"изм\w*", r"measure")
_QUANTITY = _words(
    r"кол", r"колво", r"количеств\w*", r"потребност\w*", r"объем\w*", r"qty", r"quantity", r"quan", r"count",
    r"amount", r"demand", r"план", r"шт", r"quantite", r"nombre",
)
_YEAR_WORD = _words(r"год\w*", r"year", r"period", r"период\w*", r"fy")
_DESCRIPTION = _words(
    r"описани\w*", r"description", r"desc", r"характеристик\w*", r"параметр\w*", r"specification",
)
_VALUE = _words(r"value", r"номинал\w*", r"comment", r"val")
_FOOTPRINT = _words(r"footprint", r"корпус\w*", r"package", r"case", r"посадочн\w*", r"boitier")
_DESIGNATORS = _words(
    r"references?", r"refdes", r"designators?", r"позиционн\w*",
)
_REF = _words(r"ref", r"des", r"поз")
_DNP = _words(r"dnp", r"dni", r"populate\w*", r"fitted", r"nopop", r"fit")
_INDEX = _words(r"no", r"n", r"п", r"пп", r"id", r"line", r"item", r"nr", r"поз")
_NOTE = _words(r"примечани\w*", r"notes?", r"remarks?")
# Words of columns that hold data no line needs: prices, sums, links, stock.
_UNNEEDED = _words(
    r"цен\w*", r"стоимост\w*", r"сумм\w*", r"price", r"cost", r"link", r"ссылк\w*", r"url", r"datasheet",
    r"image", r"stock", r"lead", r"валют\w*", r"currency", r"ндс", r"vat", r"device", r"symbol", r"library",
)
_ALTERNATE = _words(r"a", r"alt", r"alternat\w*", r"альтернатив\w*", r"замен\w*", r"аналог\w*", r"second")
_TOTAL_WORD = _words(r"всего", r"итого", r"total", r"sum", r"subtotal")
# Words that go with a year in «Количество на 2026 год, шт.»: they add nothing to the year.
_YEAR_COMPANIONS = _words(r"на", r"в", r"во", r"г", r"гг", r"y", r"fy", r"всего", r"total", r"pcs", r"ед", r"единиц\w*")


def _any(pattern: re.Pattern[str], words: tuple[str, ...]) -> bool:
    return any(pattern.fullmatch(w) for w in words)


def _label_words(words: tuple[str, ...]) -> HeaderLabel | None:
    """The field a header's words name; the order of the rules settles headers with words of several fields."""
    has = {name: _any(pattern, words) for name, pattern in _CLASSES.items()}
    if has["unneeded"] or len(words) > MAX_HEADER_WORDS:
        return None
    if has["dnp"] and not has["name"]:
        return HeaderLabel("dnp")
    if has["drawing"]:
        return HeaderLabel("drawing")
    if has["library"]:
        return HeaderLabel("part_number", 2)
    if has["distributor_code"] or (has["distributor"] and (
            "part" in words or has["number"] or has["designation"] or has["code"] or has["distributor_name"])):
        # «LCSC Part #», «DigiKey P/N», «mouser#», «Supplier Part», «Артикул поставщика»: a distributor's code,
        # never the maker's part number; every such column is read (suppliers.py).
        return HeaderLabel("supplier_code")
    if has["distributor"]:
        return None
    if has["designators"] or (has["ref"] and (has["designation"] or "ref" in words)):
        # «Позиционное обозначение», «Поз. обозначение», «Ref Des», «Reference Designator».
        return HeaderLabel("designators")
    if has["customer"]:
        return HeaderLabel("customer")
    if has["footprint"]:
        return HeaderLabel("footprint")
    if has["name"] and has["designation"]:
        return HeaderLabel("name", combined=True)
    part_words = has["number"] or "part" in words
    if has["designation"] or (has["maker"] and part_words) or ("part" in words and has["number"]):
        return HeaderLabel("part_number")
    if has["maker"]:
        return HeaderLabel("manufacturer")
    if has["unit"] and (has["measure"] or len(words) == 1):
        return HeaderLabel("unit")
    if has["year"] and (not has["quantity"] or _YEAR_WORD.fullmatch(words[0])):
        return HeaderLabel("year")  # «Год потребности» is a year, «Потребность в год» a quantity
    if has["quantity"]:
        return HeaderLabel("quantity")
    if has["value"] and not has["name"]:
        # Altium's «Comment» is the value only where no «Value» column says it (it often holds the package).
        return HeaderLabel("value", 1 if words == ("comment",) else 0)
    if has["description"]:
        return HeaderLabel("description")
    if has["name"] or (has["thing"] and len(words) == 1):
        return HeaderLabel("name")
    if has["note"]:
        return HeaderLabel("note")
    if all(_INDEX.fullmatch(w) for w in words):
        return HeaderLabel("index")
    return None


_CLASSES: dict[str, re.Pattern[str]] = {
    "unneeded": _UNNEEDED,
    "dnp": _DNP,
    "designators": _DESIGNATORS,
    "ref": _REF,
    "customer": _CUSTOMER,
    "distributor_code": _DISTRIBUTOR_CODE,
    "distributor": _DISTRIBUTOR,
    "distributor_name": _DISTRIBUTOR_NAME,
    "code": _CODE_WORD,
    "library": _LIBRARY,
    "footprint": _FOOTPRINT,
    "name": _NAME,
    "thing": _THING,
    "designation": _DESIGNATION,
    "number": _NUMBER,
    "maker": _MAKER,
    "unit": _UNIT,
    "measure": _MEASURE,
    "quantity": _QUANTITY,
    "year": _YEAR_WORD,
    "value": _VALUE,
    "description": _DESCRIPTION,
    "note": _NOTE,
    "drawing": _DRAWING,
}

_SPACES = re.compile(r"\s+")
_LATIN_MARKED = re.compile(r"[À-ɏ]")  # Latin letters with accents: French and German exports
_CAMEL = re.compile(r"(?<=[a-zа-я])(?=[A-ZА-Я])|(?<=[A-ZА-Я])(?=[A-ZА-Я][a-zа-я]{2})")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_SOFT_HYPHEN = re.compile(r"(?<=[а-я])-\s+(?=[а-я])")  # «обозна- чение»: a word broken over two lines
_WORD = re.compile(r"[0-9]+|[^\W\d_]+")
_HYPHENATED = re.compile(r"(?<![^\W\d_])([а-я]+)-([а-я]+)(?![^\W\d_])")


def normalize_header(text: str) -> str:
    plain = _SPACES.sub(" ", text.replace("\u00a0", " ").replace("ё", "е").lower()).strip()
    return plain.rstrip(":*").strip()


def _latin_plain(text: str) -> str:
    """«Référence», «Quantité» as «Reference», «Quantite»; Cyrillic letters (й, ё) are kept as they are."""
    if not _LATIN_MARKED.search(text):
        return text
    return "".join(
        "".join(d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d))
        if _LATIN_MARKED.match(c) else c
        for c in text
    )


def header_words(text: str) -> tuple[str, ...]:
    """A header as lower-case words: camelCase and snake_case split, «обозна-чение» joined, «#» and «№» as «no»."""
    spaced = _LETTER_DIGIT.sub(" ", _CAMEL.sub(" ", _latin_plain(text).replace("\u00a0", " ")))
    plain = spaced.lower().replace("ё", "е").replace("p/n", " pn ").replace("#", " no ").replace("№", " no ")
    plain = _SOFT_HYPHEN.sub("", plain)
    words = _WORD.findall(plain.replace("_", " "))
    # «Кол-во», «обозна-чение»: a hyphenated pair is also read as one word.
    joined = [a + b for a, b in _HYPHENATED.findall(plain)]
    return tuple(words + joined)


def header_text(cell: Cell) -> str:
    """A header cell as text; a year typed as a number (2026.0) reads as «2026»."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def label_header(cell: Cell) -> HeaderLabel | None:
    """The field a header cell names, or None."""
    if isinstance(cell, bool):
        return None
    return _label_text(header_text(cell))


@lru_cache(maxsize=4096)
def _label_text(text: str) -> HeaderLabel | None:
    words = header_words(text)
    if not words:
        return None
    numbers = [w for w in words if _is_number(w)]
    years = [int(n) for n in numbers if len(n) == 4]
    if years:
        return _year_label(words, years)
    # «Manufacturer Part Number 1», «Value2»: the number tells alternates apart, not what the column holds.
    named = tuple(w for w in words if not _is_number(w))
    if len(numbers) > 1 or not named or (numbers and int(numbers[0]) > 9):
        return None
    label = _label_words(tuple(w for w in named if not _ALTERNATE.fullmatch(w)) or named)
    if label is not None and len(named) > 1 and _any(_ALTERNATE, named):
        # «AManufacturer», «Alt. MPN», «Аналог»: the alternate's column yields to the main one.
        return HeaderLabel(label.field, label.rank + 1, label.combined)
    return label


def _is_number(word: str) -> bool:
    return word.isascii() and word.isdigit()


def _year_label(words: tuple[str, ...], years: list[int]) -> HeaderLabel | None:
    """«2026», «2026 г.», «Qty 2026», «Количество на 2026 год, шт.»: one year and words of quantity only."""
    if len(years) != 1 or not MIN_YEAR <= years[0] <= MAX_YEAR:
        return None
    others = [w for w in words if not _is_number(w)]
    if all(_QUANTITY.fullmatch(w) or _YEAR_WORD.fullmatch(w) or _YEAR_COMPANIONS.fullmatch(w) for w in others):
        return HeaderLabel(year_field(years[0]))
    return None


def is_unneeded_header(cell: Cell) -> bool:
    """A column no line needs (price, sum, link, distributor's number, a total): not read, not worth a warning."""
    words = tuple(w for w in header_words(header_text(cell)) if not _is_number(w))
    if words and all(_TOTAL_WORD.fullmatch(w) for w in words):
        return True
    return _any(_UNNEEDED, words) or _any(_DISTRIBUTOR, words) or _any(_DISTRIBUTOR_CODE, words)


def distributor_named(header: str) -> str:
    """The distributor a supplier-code column's header names (LCSC, DIGIKEY, MOUSER, FARNELL), or ''."""
    return distributor_in_words(header_words(header))


def is_year_label(label: HeaderLabel | None) -> bool:
    return label is not None and label.field.startswith(YEAR_FIELD_PREFIX)
