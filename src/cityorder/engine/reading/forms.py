"""What the margins and stamps of drawing forms hold, and which rows of a bill of materials are not bought.

ГОСТ 2.104 puts a title block under a parts list (ПЭ3, ГОСТ 2.701/2.702) or a specification (ГОСТ 2.106) and
a column of fields down its left margin («Перв. примен.», «Справ. №», «Подп. и дата», «Инв. № дубл.»); spreadsheet
copies of these forms keep both as cells. They are not lines of demand, and neither are the parts of a board that
are copper or drawing rather than components: test points, solder jumpers, fiducials, mounting holes, logos.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cityorder.engine.messages import template

# Fields of the title block and the margin, as letters only («Инв. № подл.» → «инвподл»).
_STAMP_WORDS = frozenset(
    {
        "изм", "лист", "листов", "докум", "ндокум", "подп", "подпись", "дата", "разраб", "разработал", "пров",
        "проверил", "нконтр", "тконтр", "утв", "утвердил", "копировал", "формат", "лит", "литера", "масса",
        "масштаб", "измлист", "измлистдокумподпдата",
    }
)
_MARGIN_WORDS = frozenset(
    {
        "первпримен", "справ", "справн", "подпидата", "инв", "инвподл", "инвдубл", "взаминв", "взаминвинвдубл",
    }
)
_NOT_LETTERS = re.compile(r"[^a-zа-я]+")
_CYRILLIC_START = re.compile(r"\s*[А-ЯЁа-яё№]")  # every field of the form is written in Russian
# The designation of the form itself in its title block: ПАКБ.436234.800ПЭ3, АБВГ.123456.001-01СП.
_DOCUMENT_DESIGNATION = re.compile(r"^[А-ЯЁ]{2,4}\.\d{6}\.\d{3}(?:-\d{1,3})?\s*(?:ПЭ|Э|СП|ВП|ПЗ)\d?$")

TITLE_BLOCK = template("title block of the drawing form «%(text)s»: not a line of demand")
SEPARATOR_ROW = template("separator row «%(text)s»")
DOCUMENT_ROW = template("document «%(text)s» of the specification's section «%(section)s»: not a part")
NOT_BOUGHT = template("not bought (%(what)s): «%(text)s»")
NOT_FITTED = template("not fitted")
TEST_POINT = template("test point")
SOLDER_JUMPER = template("solder jumper")
FIDUCIAL = template("fiducial")
MOUNTING_HOLE = template("mounting hole")
LOGO = template("logo or silkscreen")
NET_TIE = template("net tie")
NO_BUY = template("marked not to buy")

_SEPARATOR = re.compile(r"^[\s\-–—=_*.~]{3,}$")


@lru_cache(maxsize=8192)
def stamp_word(text: str) -> str:
    """«stamp» for a title-block field («Разраб.», «Изм.»), «margin» for a margin field, else ''."""
    if len(text) > 30 or not _CYRILLIC_START.match(text):
        return ""
    if _DOCUMENT_DESIGNATION.match(text.strip()):
        return "stamp"
    letters = _NOT_LETTERS.sub("", text.lower().replace("ё", "е"))
    if letters in _STAMP_WORDS:
        return "stamp"
    if letters in _MARGIN_WORDS:
        return "margin"
    return ""


def is_separator(text: str) -> bool:
    """«-----», «=====», «* * *»: a line drawn with characters."""
    return bool(_SEPARATOR.match(text))


# What is not bought, by the words BOM exporters and people use for it; one pattern, a group per reason.
_NOT_BOUGHT_WORDS: tuple[tuple[str, str], ...] = (
    (r"(?<![a-z])(?:dnp|dni|dnf|nofit|no[ _-]?pop|not[ _-]?(?:populated|fitted|mounted|placed|assembled))(?![a-z])"
     r"|do[ _-]?not[ _-]?(?:populate|place|fit|mount|assemble)|не[ _]?устанавл\w*|не[ _]?монтир\w*"
     r"|не[ _]?запаив\w*", NOT_FITTED),
    (r"test[ _-]?points?|testpoint|контрольн\w* точк\w*|(?<![a-z])tp[ _-]?pad|^(?:tst|tp|test)$", TEST_POINT),
    (r"solder[ _-]?jumper|jumper[ _-]?solder|solder[ _-]?bridge|(?<![a-z])sj[ _-]?pad|паечн\w* перемычк\w*"
     r"|jumper[ _-]?n[co](?![a-z])",
     SOLDER_JUMPER),
    (r"fiducial|репер\w*", FIDUCIAL),
    (r"mounting[ _-]?holes?|mountinghole|(?<![a-z])mount[ _-]?hole|крепежн\w* отверсти\w*|монтажн\w* отверсти\w*"
     r"|^(?:holes?|mh|mtg)$",
     MOUNTING_HOLE),
    # «…_No_SilkScreen» names a footprint variant of a real part, not a drawing on the board.
    (r"(?<![a-z])logos?(?![a-z])|(?<!no[ _-])silk[ _-]?screen|шелкограф\w*|логотип\w*", LOGO),
    (r"net[ _-]?tie", NET_TIE),
    (r"no[ _-]?buy|do[ _-]?not[ _-]?buy|не[ _]?закупа\w*|не[ _]?заказыва\w*", NO_BUY),
)
_NOT_BOUGHT = re.compile(
    "|".join(f"(?P<w{i}>{pattern})" for i, (pattern, _) in enumerate(_NOT_BOUGHT_WORDS)),
    re.IGNORECASE,
)


# An item cited by its own drawing (ЕСКД decimal number, ПАКБ.468332.800) and no supply document (…ТУ): the
# developer makes it (a board, an assembly, a contact), nobody buys it.
_OWN_DRAWING = re.compile(r"(?<![\w.])[А-ЯЁ]{4}\.\d{6}\.\d{3}(?:-\d{2,3})?(?![\w.])(?!\s*-?\s*ТУ)")
MADE_TO_DRAWING = template("made to its own drawing «%(number)s», not bought")


@lru_cache(maxsize=65536)
def own_drawing(text: str) -> str:
    """The decimal number of the drawing a parts-list name cites for an item made, not bought, or ''."""
    if "." not in text:
        return ""
    found = _OWN_DRAWING.search(text)
    return found.group(0) if found else ""


def not_bought(texts: tuple[str, ...]) -> tuple[str, str]:
    """(reason, text) when a row's texts say it is not bought, else ('', '')."""
    for text in texts:
        if text:
            what = _not_bought_text(text)
            if what:
                return what, text
    return "", ""


@lru_cache(maxsize=65536)
def _not_bought_text(text: str) -> str:
    # Cached: this runs on every row of every file, and the same names and footprints repeat down a sheet.
    found = _NOT_BOUGHT.search(text)
    return _NOT_BOUGHT_WORDS[int(found.lastgroup[1:])][1] if found and found.lastgroup else ""
