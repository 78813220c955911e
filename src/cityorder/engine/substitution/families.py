"""When a cross-reference's part number names a family (NE555, LM317, STM32F103) and applies to a variant.

Part keys are compared as engine.identity makes them (``part_key(normalize_part_number(...))``). A family key
names its variants when it is a prefix of their key that ends at a change between digits and letters and
leaves a short suffix: the package, temperature range or grade code (NE555 + P, NE555 + DR, LM317 + T,
L7805 + CV, STM32F103 + C8T6, КР142ЕН8 + А). So LM31 never names LM317 (the cut splits a number), and
NE555 never names NE5550. A letter followed by more letters is not a cut either: UA741C does not name
UA741CN, but UA741 does; the family a table means is the one that ends with the number.
"""

from __future__ import annotations

from collections.abc import Iterator

# A family key is at least this long (LM3 + 17 would make short keys name unrelated parts).
MIN_FAMILY_LENGTH = 3
# The longest suffix a variant adds to its family: STM32F103 + ZGT6TR fits, a different part rarely does.
MAX_SUFFIX_LENGTH = 8


def is_cut(key: str, at: int) -> bool:
    """Whether ``key[:at]`` may name a family of ``key``: a digit then a letter, or a letter then a digit
    after the family key already holds a digit (STM32F103C + 8T6, not LM + 317)."""
    if at < MIN_FAMILY_LENGTH or at >= len(key) or len(key) - at > MAX_SUFFIX_LENGTH:
        return False
    before, after = key[at - 1], key[at]
    if before.isdigit() and after.isalpha():
        return True
    return before.isalpha() and after.isdigit() and any(ch.isdigit() for ch in key[:at - 1])


def family_cuts(key: str) -> Iterator[str]:
    """Every family key that may name ``key``, longest first (the most specific family wins)."""
    for at in range(len(key) - 1, MIN_FAMILY_LENGTH - 1, -1):
        if is_cut(key, at):
            yield key[:at]


def names_variant(family: str, key: str) -> bool:
    """``family`` names ``key`` itself or one of its orderable variants."""
    return key == family or (key.startswith(family) and is_cut(key, len(family)))
