"""Cells of Soviet/Russian IC designations as reference tables write them, expanded into single designations.

A range of variant letters — КР142ЕН8А-Г — is КР142ЕН8А, КР142ЕН8Б, КР142ЕН8В, КР142ЕН8Г (the letters run
in the GOST order of variant letters, which skips Ё, З, Й, О, Щ…). A list — 537РУ3А,Б — names the same
type with each variant; an item that starts with a digit restates the number (К170АП2,2В = К170АП2,
К170АП2В). Each result is parsed by engine.identity.parse_soviet, so it is written in canonical form.
What had to be guessed is said in ``doubts``: Latin look-alike letters in a Cyrillic designation, the letter
З typed for the digit 3, a letter listed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cityorder.engine.identity import parse_soviet
from cityorder.engine.identity.text import LAT_TO_CYR_LOOKALIKE, clean, has_cyrillic
from cityorder.engine.messages import msg, template

EMPTY = template("the designation is empty")
NOT_A_DESIGNATION = template("«%(name)s» is not a Soviet/Russian IC designation")
LISTED_TWICE = template("%(designation)s is listed twice")
LATIN_AS_CYRILLIC = template("Latin %(latin)s read as Cyrillic %(cyrillic)s")
EMPTY_ITEM = template("an empty item in the list «%(text)s»")
NOT_A_LETTER = template("«%(first)s-%(last)s» is not a range of variant letters (%(last)s is not one)")
NOT_FOLLOWING = template("«%(first)s-%(last)s» is not a range of variant letters (%(last)s does not follow "
                         "%(first)s)")
LETTERS_AS_DIGITS = template("«%(name)s»: the letters З/О read as the digits 3/0 (%(designation)s)")

# Variant letters in the order ГОСТ 18682 assigns them (no Ё, З, Й, О, Ц, Ч, Ш, Щ, Ъ, Ы, Ь, Э, Ю, Я).
VARIANT_LETTERS = "АБВГДЕЖИКЛМНПРСТУФХ"

_RANGE = re.compile(rf"^(?P<base>.+\d)(?P<first>[{VARIANT_LETTERS}])-(?P<last>[А-Я])$")
_LATIN_LETTER = re.compile(r"[A-Z]")
_LOOKALIKE_LATIN = frozenset("ABEKMHOPCTXY")
# Cyrillic letters typed for digits: З for 3, О for 0. Neither is a prefix, function or variant letter.
_LETTER_FOR_DIGIT = str.maketrans({"З": "3", "О": "0"})


@dataclass(frozen=True, slots=True)
class Expansion:
    designations: tuple[str, ...]  # canonical, in the order written; empty when the cell names none
    doubts: tuple[str, ...] = ()  # what was guessed or could not be read, as sentences


def expand_designations(cell: str) -> Expansion:
    """The single designations a cell names; never raises."""
    text = "".join(clean(cell).upper().replace("Ё", "Е").split())
    if not text:
        return Expansion((), (msg(EMPTY),))
    text, doubts = _cyrillic_lookalikes(text)
    if "," in text:
        names, more = _list(text)
    elif (match := _RANGE.match(text)) is not None:
        names, more = _range(match["base"], match["first"], match["last"])
    else:
        names, more = [text], []
    doubts.extend(more)
    designations: list[str] = []
    for name in names:
        parsed, repair = _parsed(name)
        if parsed is None:
            doubts.append(msg(NOT_A_DESIGNATION, name=name))
        elif parsed in designations:
            doubts.append(msg(LISTED_TWICE, designation=parsed))
        else:
            designations.append(parsed)
            doubts.extend(repair)
    return Expansion(tuple(designations), tuple(doubts))


def _cyrillic_lookalikes(text: str) -> tuple[str, list[str]]:
    """Latin letters in a Cyrillic designation (564ИД1,1B) are read as the Cyrillic letters they look like,
    when every Latin letter has such a twin; Milandr's Latin suffixes (К1986ВЕ92QI) stay as written."""
    latin = _LATIN_LETTER.findall(text)
    if not latin or not has_cyrillic(text) or not set(latin) <= _LOOKALIKE_LATIN:
        return text, []
    fixed = text.translate(LAT_TO_CYR_LOOKALIKE)
    letters = ", ".join(sorted(set(latin)))
    return fixed, [msg(LATIN_AS_CYRILLIC, latin=letters, cyrillic=letters.translate(LAT_TO_CYR_LOOKALIKE))]


def _list(text: str) -> tuple[list[str], list[str]]:
    first, *rest = [item for item in text.split(",")]
    head = parse_soviet(first.translate(_LETTER_FOR_DIGIT)) or parse_soviet(first)
    if head is None:
        return [first, *rest], []
    stem = f"{head.prefix}{head.series}{head.function_code}"
    names = [first]
    doubts = []
    for item in rest:
        if not item:
            doubts.append(msg(EMPTY_ITEM, text=text))
        elif item[0].isdigit():
            names.append(stem + item)  # К170АП2,2В: the item restates the number
        else:
            names.append(stem + head.number + item)  # 537РУ3А,Б: the item is a variant
    return names, doubts


def _range(base: str, first: str, last: str) -> tuple[list[str], list[str]]:
    if last not in VARIANT_LETTERS:
        return [], [msg(NOT_A_LETTER, first=first, last=last)]
    start, stop = VARIANT_LETTERS.index(first), VARIANT_LETTERS.index(last)
    if stop <= start:
        return [], [msg(NOT_FOLLOWING, first=first, last=last)]
    return [base + letter for letter in VARIANT_LETTERS[start:stop + 1]], []


def _parsed(name: str) -> tuple[str | None, list[str]]:
    parsed = parse_soviet(name)
    if parsed is not None:
        return parsed.designation, []
    repaired = parse_soviet(name.translate(_LETTER_FOR_DIGIT))
    if repaired is not None:
        return repaired.designation, [msg(LETTERS_AS_DIGITS, name=name, designation=repaired.designation)]
    return None, []

