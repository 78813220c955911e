"""The kind of part that reference designators name: R1, R2 are resistors, C5 a capacitor, VD3 a diode.

IEEE 315 / IEC 81346 letters as BOMs write them, and ГОСТ 2.710 letters as Russian parts lists do (in Cyrillic
look-alikes too: «С2-С14»). Only the kind is kept: the designators themselves differ on every row.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cityorder.engine.identity.text import CYR_TO_LAT

# designator letters -> the parametric type they name, or a category word for classify
KINDS: dict[str, str] = {"R": "res", "RN": "resarray", "RP": "res", "C": "cap", "L": "ind", "FB": "ind",
                         "D": "diode", "VD": "diode", "LED": "led", "HL": "led", "Q": "transistor",
                         "VT": "transistor", "U": "ic", "IC": "ic", "DA": "ic", "DD": "ic", "Y": "crystal",
                         "X": "connector", "XP": "connector", "XS": "connector", "J": "connector", "P": "connector",
                         "JP": "connector", "CN": "connector",
                         "F": "fuse", "FU": "fuse", "K": "relay", "SW": "switch", "S": "switch", "SA": "switch",
                         "BQ": "crystal", "ZQ": "crystal", "GB": "battery", "BT": "battery"}
_LETTERS = re.compile(r"[A-Z]+")


@lru_cache(maxsize=16384)
def designator_kind(designators: str) -> str:
    """The designator letters all of a line's designators share («R» for «R1, R2, R5»), or ''."""
    upper = designators.upper().translate(CYR_TO_LAT)
    prefixes = {m.group(0) for m in _LETTERS.finditer(upper) if m.start() == 0 or not upper[m.start() - 1].isalnum()}
    if len(prefixes) != 1:
        return ""
    prefix = prefixes.pop()
    return prefix if prefix in KINDS else ""
