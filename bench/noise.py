"""The noise real demand files have, applied to one clean spelling at a time (seeded, reproducible)."""

from __future__ import annotations

import random

# Latin letters that have a Cyrillic look-alike: typed on a Russian keyboard layout they become these.
_TO_CYRILLIC = dict(zip("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху", strict=True))
# GOST-like transliteration of the letters Soviet designations use.
TRANSLIT = dict(
    zip("АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ", ["A", "B", "V", "G", "D", "E", "ZH", "Z", "I", "K", "L", "M", "N", "O", "P",
                                       "R", "S", "T", "U", "F", "KH", "TS", "CH", "SH", "E", "YU", "YA"], strict=True)
)
# Cyrillic letters of designations that look like Latin ones: what a Latin keyboard makes of them.
_TO_LATIN = dict(zip("АВЕКМНОРСТХ", "ABEKMHOPCTX", strict=True))
PACKAGING_SUFFIXES = ("/NOPB", "#PBF", "-TR", "-REEL", " TR", "#TRPBF", "-T")


def case(rng: random.Random, text: str) -> str:
    return rng.choice((text.lower(), text.upper(), text.title(), text))


def spacing(rng: random.Random, text: str) -> str:
    """Doubled spaces, or a space / dash / dot between letters and digits."""
    if rng.random() < 0.5:
        return text.replace(" ", "  ", 1) + rng.choice(("", " "))
    positions = [i for i in range(1, len(text)) if text[i - 1].isalpha() != text[i].isalpha()]
    if not positions:
        return " " + text
    i = rng.choice(positions)
    return text[:i] + rng.choice((" ", "-", ".")) + text[i:]


def cyrillic_lookalikes(rng: random.Random, text: str) -> str:
    """One to three Latin letters replaced by their Cyrillic look-alikes."""
    positions = [i for i, ch in enumerate(text) if ch in _TO_CYRILLIC]
    chars = list(text)
    for i in rng.sample(positions, min(len(positions), rng.randint(1, 3))):
        chars[i] = _TO_CYRILLIC[chars[i]]
    return "".join(chars)


def latin_lookalikes(text: str) -> str:
    return "".join(_TO_LATIN.get(ch, ch) for ch in text)


def transliterate(text: str) -> str:
    return "".join(TRANSLIT.get(ch, ch) for ch in text)


def packaging(rng: random.Random, part_number: str) -> str:
    return part_number + rng.choice(PACKAGING_SUFFIXES)


def typo(rng: random.Random, text: str) -> str:
    """One character dropped, doubled, swapped with its neighbour or replaced: a real typing error."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if kind == 2:
        return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
    neighbours = "qwertyuiopasdfghjklzxcvbnm" if text[i].isascii() else "йцукенгшщзфывапролджячсмить"
    return text[:i] + rng.choice(neighbours) + text[i + 1 :]
