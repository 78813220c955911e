"""Text normalization shared by the identity rules: letters that look alike, separators, tokens."""

from __future__ import annotations

import re

# Cyrillic capitals that look like Latin ones, as people type them into Latin part numbers.
CYR_TO_LAT = str.maketrans("АВЕКМНОРСТХУІЈЅ", "ABEKMHOPCTXYIJS")
LAT_TO_CYR_LOOKALIKE = str.maketrans("ABEKMHOPCTXY", "АВЕКМНОРСТХУ")

DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE63\uFF0D"})
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_NON_WORD = re.compile(r"[^\w%.,/+#-]+")
_TOKEN = re.compile(r"[0-9a-zа-я]+(?:[.,][0-9]+)?", re.I)

CYRILLIC = re.compile(r"[А-ЯЁа-яё]")
LATIN = re.compile(r"[A-Za-z]")


# Cells that hold no value although they are not empty: a BOM's «ANY»/«DNP», «-», «нет», «б/н».
PLACEHOLDERS = frozenset({"", "ANY", "DNP", "N/A", "NA", "NONE", "TBD", "-", "--", "?", "X", "НЕТ", "ЛЮБОЙ", "Б/Н"})


def is_placeholder(raw: str) -> bool:
    return raw.strip().upper() in PLACEHOLDERS


def has_cyrillic(text: str) -> bool:
    return bool(CYRILLIC.search(text))


def has_latin(text: str) -> bool:
    return bool(LATIN.search(text))


def clean(text: str) -> str:
    """Uniform dashes, single spaces, no surrounding space."""
    return _SPACES.sub(" ", text.translate(DASHES)).strip()


_TIMES = re.compile(r"(?<=\d)\s*[хx×*]\s*(?=\d)")


def fold(text: str) -> str:
    """Lower case, ё as е, punctuation as spaces, 4,3х14 and 4,3x14 alike: the form descriptions are compared in."""
    lowered = clean(text).lower().replace("ё", "е").replace("_", " ")
    if "х" in lowered or "×" in lowered:
        lowered = _TIMES.sub("x", lowered)
    return _SPACES.sub(" ", _NON_WORD.sub(" ", lowered)).strip()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))
