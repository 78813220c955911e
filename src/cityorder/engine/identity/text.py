"""Text normalization shared by the identity rules: letters that look alike, separators, tokens."""

from __future__ import annotations

import re
from typing import Any

# Cyrillic capitals that look like Latin ones, as people type them into Latin part numbers.
CYR_TO_LAT = str.maketrans("АВЕКМНОРСТХУІЈЅ", "ABEKMHOPCTXYIJS")
LAT_TO_CYR_LOOKALIKE = str.maketrans("ABEKMHOPCTXY", "АВЕКМНОРСТХУ")

_DASH_CHARACTERS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE63\uFF0D"
DASHES = str.maketrans({c: "-" for c in _DASH_CHARACTERS})
_DASH = re.compile(f"[{_DASH_CHARACTERS}]")
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


def uniform_dashes(text: str) -> str:
    """``text.translate(DASHES)``, several times faster: every dash it replaces is outside ASCII, and translating
    a Cyrillic text looks each of its letters up in the table."""
    return text if text.isascii() else _DASH.sub("-", text)


def clean(text: str) -> str:
    """Uniform dashes, single spaces, no surrounding space."""
    # str.split() splits on the same characters as the regex \s (Unicode whitespace, no-break spaces included)
    # and drops them at both ends: a regex substitution and strip() in one pass.
    return " ".join(uniform_dashes(text).split())


_TIMES = re.compile(r"(?<=\d)\s*[хx×*]\s*(?=\d)")


def fold(text: str) -> str:
    """Lower case, ё as е, punctuation as spaces, 4,3х14 and 4,3x14 alike: the form descriptions are compared in."""
    lowered = clean(text).lower().replace("ё", "е").replace("_", " ")
    if "х" in lowered or "×" in lowered:
        lowered = _TIMES.sub("x", lowered)
    return " ".join(_NON_WORD.sub(" ", lowered).split())


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def necessary_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Texts one of which every match of a case-sensitive ``pattern`` contains, or None when it has none.

    ``text`` can only match when one of them is ``in`` it: a substring test costs a fraction of a search, and
    most word patterns fail on most texts. Case-insensitive patterns get None here (see GatedPattern).
    """
    return None if pattern.flags & re.IGNORECASE else _literals(pattern)


class GatedPattern:
    """A compiled pattern whose ``search`` first looks for the literal texts any of its matches holds.

    Where none is in the text the search cannot succeed and is not run: the answer is always the pattern's own.
    A case-insensitive pattern's literals are compared with the text in lower case, with the characters the
    regex engine counts as the same letter (ı and i, ſ and s, the old Cyrillic ᲂ and о) taken as one.
    """

    __slots__ = ("_pattern", "_literals", "_fold")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self._pattern = pattern
        literals = _literals(pattern)
        # a single letter is in nearly every text: looking for it would only add to the search
        self._literals = literals if literals and min(map(len, literals)) > 1 else None
        self._fold = bool(pattern.flags & re.IGNORECASE)

    @property
    def pattern(self) -> str:
        return self._pattern.pattern

    def search(self, text: str) -> re.Match[str] | None:
        literals = self._literals
        if literals is not None:
            seen = _case_folded(text) if self._fold else text
            if seen is not None:
                for literal in literals:
                    if literal in seen:
                        break
                else:
                    return None
        return self._pattern.search(text)


def _case_classes() -> dict[str, str]:
    """Each character the regex engine matches case-insensitively as another lower-case one (_casefix), mapped to
    the lowest of its class, so that both sides of a comparison can be put in one form."""
    canonical: dict[str, str] = {}
    for code, others in _casefix._EXTRA_CASES.items():  # noqa: SLF001
        lowest = min(code, *others)
        canonical.update({chr(c): chr(lowest) for c in (code, *others) if c != lowest})
    return canonical


try:  # the standard library's own regex parser and case table, private: without them nothing is gated
    from re import _casefix, _parser  # type: ignore[attr-defined]
    from re import _constants as _sre  # type: ignore[attr-defined]

    _CASE_CLASSES = _case_classes()
except (ImportError, AttributeError):  # pragma: no cover - another Python's internals
    _parser = None
    _CASE_CLASSES = {}
_CASE_TABLE = str.maketrans(_CASE_CLASSES)
_OTHER_CASE = re.compile("[" + re.escape("".join(_CASE_CLASSES)) + "]") if _CASE_CLASSES else None


def _case_folded(text: str) -> str | None:
    """``text`` as a case-insensitive pattern's literals are compared with it; None when it cannot be (İ is two
    characters in lower case but i to the regex engine)."""
    if "\u0130" in text:
        return None
    lowered = text.lower()
    if _OTHER_CASE is not None and not lowered.isascii() and _OTHER_CASE.search(lowered):
        lowered = lowered.translate(_CASE_TABLE)
    return lowered


def _literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    if _parser is None or pattern.flags & re.LOCALE:
        return None
    try:
        found = _necessary(_parser.parse(pattern.pattern, pattern.flags).data, bool(pattern.flags & re.IGNORECASE))
    except Exception:  # noqa: BLE001 — no literals is always a correct answer
        return None
    return tuple(sorted(found)) if found else None


def _necessary(items: list[tuple[Any, Any]], fold: bool) -> frozenset[str] | None:
    """For a parsed sequence: a set of texts one of which each match holds (the one whose shortest is longest).

    A run of literal characters is in every match; zero-width items (\\b, lookarounds) do not break a run, since
    the characters on either side stay neighbours. A branch gives the union of its alternatives' sets when each
    has one; a group or a repetition of at least one its content's set.
    """
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(candidate: frozenset[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate

    for op, av in [*items, (None, None)]:
        if op is _sre.LITERAL and not (fold and av == 0x130):
            char = chr(av)
            run.append(_CASE_CLASSES.get(char.lower(), char.lower()) if fold else char)
            continue
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue
        consider(frozenset({"".join(run)}) if run else None)
        run = []
        if op is _sre.BRANCH:
            branches = [_necessary(branch.data, fold) for branch in av[1]]
            if all(b is not None for b in branches):
                consider(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op is _sre.SUBPATTERN and not av[1] and not av[2]:
            consider(_necessary(av[3].data, fold))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            consider(_necessary(av[2].data, fold))
    return best
