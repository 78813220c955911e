"""Parametric signatures: what a generic part must equal to replace another, and how close a candidate comes.

Resistors, capacitors, inductors and batteries take their parameters from engine.identity.parametric (the
same reading demand lines get); voltage regulators get an output voltage from the part number (78xx, 79xx,
LM317 adjustable, AMS1117-3.3) or from words («5 В», «3,3V», «регулируемый»). The *bucket* holds what must be
equal (a resistor's value, a battery's voltage, a regulator's polarity and voltage); the rest is compared
by ``compare``: a tighter tolerance, a higher rated voltage or current, a larger capacity still replace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cityorder.engine.identity import parse_parametric
from cityorder.engine.identity.parametric import fmt, params_from_key
from cityorder.engine.identity.values import PARAMETER_TEXTS, VALUE
from cityorder.engine.identity.values import shown as _shown
from cityorder.engine.messages import msg, template

Bucket = tuple[str, ...]

_PARAMETRIC_KINDS = ("res", "cap", "ind", "bat")
_PARAMETRIC_CATEGORIES = ("passive.resistor", "passive.capacitor", "passive.inductor", "battery")

_REG_78 = re.compile(r"(?<![0-9])(78|79)(?:L|M|S|T|DL|MO)?(\d{2})(?![0-9])")
_REG_SUFFIX_VOLTS = re.compile(r"-(\d{1,2})(?:[.,](\d{1,2}))?V?$")
# LM317/337/338/350 are adjustable by design; a 1117 only when its code says -ADJ.
_REG_ADJ_CODE = re.compile(r"ADJ|(?:^|[A-Z])(?:317|337|338|350)(?:[A-Z]{0,4})$")
_VOLTS_IN_TEXT = re.compile(r"(?<![\w.,])([+\-−]?\d+(?:[.,]\d+)?)\s*(?:в|v|вольт)(?![\wА-Яа-я])", re.I)
_AMPS_IN_TEXT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(m|м)?\s*(?:a|а)(?![\wА-Яа-я·*])", re.I)
_ADJUSTABLE = re.compile(r"регулир|adjustable|\badj\b", re.I)

# A parametric analog's reason: «Same value 4.7 kΩ, size 0805; power 0.25 W (needed 0.125 W).» — what is equal,
# then what differs or is not stated. One template per number of each (a template with all notes in one value would
# also match a text across notes, «size %(value)s (needed %(needed)s)» reading «size not stated (needed 0805);
# power 0.25 W (needed 0.125 W)»): REASONS[equal - 1][notes], at most 5 parameters in all.
REASONS: tuple[tuple[str, ...], ...] = (
    (template("Same %(p1)s."),
     template("Same %(p1)s; %(n1)s."),
     template("Same %(p1)s; %(n1)s; %(n2)s."),
     template("Same %(p1)s; %(n1)s; %(n2)s; %(n3)s."),
     template("Same %(p1)s; %(n1)s; %(n2)s; %(n3)s; %(n4)s.")),
    (template("Same %(p1)s, %(p2)s."),
     template("Same %(p1)s, %(p2)s; %(n1)s."),
     template("Same %(p1)s, %(p2)s; %(n1)s; %(n2)s."),
     template("Same %(p1)s, %(p2)s; %(n1)s; %(n2)s; %(n3)s.")),
    (template("Same %(p1)s, %(p2)s, %(p3)s."),
     template("Same %(p1)s, %(p2)s, %(p3)s; %(n1)s."),
     template("Same %(p1)s, %(p2)s, %(p3)s; %(n1)s; %(n2)s.")),
    (template("Same %(p1)s, %(p2)s, %(p3)s, %(p4)s."),
     template("Same %(p1)s, %(p2)s, %(p3)s, %(p4)s; %(n1)s.")),
    (template("Same %(p1)s, %(p2)s, %(p3)s, %(p4)s, %(p5)s."),),
)
_EQUAL_SLOTS = ("p1", "p2", "p3", "p4", "p5")
_NOTE_SLOTS = ("n1", "n2", "n3", "n4")
# What must be equal.
BATTERY_VOLTAGE = template("voltage %(voltage)s V")
REGULATOR_OUTPUT = template("output %(voltage)s V")
ADJUSTABLE_OUTPUT = template("adjustable output")


@dataclass(frozen=True, slots=True)
class Signature:
    kind: str  # res | cap | ind | bat | reg
    params: tuple[tuple[str, str], ...]  # sorted (name, value) pairs; '' values are unknown

    def get(self, name: str) -> str:
        return dict(self.params).get(name, "")

    @property
    def bucket(self) -> Bucket:
        values = dict(self.params)
        if self.kind == "bat":
            return ("bat", values.get("voltage", ""))
        if self.kind == "reg":
            return ("reg", values.get("polarity", ""), values.get("voltage", ""))
        return (self.kind, values.get("value", ""))


def signature(*, category: str, key: str = "", code: str = "", text: str = "",
              params: dict[str, str] | None = None) -> Signature | None:
    """The signature of a position or a product, or None when it has none we can compare.

    ``key`` is an identity key (a ``par:`` key carries the parameters), ``code`` a normalized part number with
    its separators (AMS1117-3.3), ``text`` the name and description, ``params`` parameters stated outright,
    which win over those read from the text."""
    from_key = params_from_key(key)
    if from_key:
        return _signature(from_key)
    stated = params or {}
    if category == "ic.regulator":
        return _regulator(code, text, stated)
    if stated.get("type") not in _PARAMETRIC_KINDS and not category.startswith(_PARAMETRIC_CATEGORIES):
        return None
    parsed = parse_parametric(text) if text else None
    if parsed and stated.get("type", parsed["type"]) == parsed["type"]:
        return _signature({**parsed, **stated})
    return _signature(dict(stated)) if stated.get("type") in _PARAMETRIC_KINDS else None


def _signature(params: dict[str, str]) -> Signature | None:
    kind = params["type"]
    values = tuple(sorted((k, v) for k, v in params.items() if k != "type"))
    result = Signature(kind, values)
    return result if all(result.bucket[1:]) else None


def _regulator(code: str, text: str, params: dict[str, str]) -> Signature | None:
    volts, polarity = params.get("voltage", ""), params.get("polarity", "")
    if not volts:
        volts, polarity = _regulator_volts(code, text)
    if not volts:
        return None
    if not polarity:
        polarity = "-" if volts.startswith(("-", "−")) else "+"
    volts = volts.lstrip("+-−")
    current = params.get("current", "") or _amps(text)
    return Signature("reg", tuple(sorted({"polarity": polarity, "voltage": volts, "current": current}.items())))


def _regulator_volts(code: str, text: str) -> tuple[str, str]:
    """Output voltage and polarity of a regulator from its part number, else from its description."""
    match = _REG_78.search(code)
    if match:
        return fmt(int(match.group(2))), "+" if match.group(1) == "78" else "-"
    match = _REG_SUFFIX_VOLTS.search(code)
    if match:
        return fmt(float(f"{match.group(1)}.{match.group(2) or 0}")), "+"
    if _REG_ADJ_CODE.search(code) or _ADJUSTABLE.search(text):
        return "adj", "-" if "337" in code else "+"
    match = _VOLTS_IN_TEXT.search(text)
    if match:
        number = float(match.group(1).replace(",", ".").replace("−", "-"))
        return fmt(abs(number)), "-" if number < 0 else "+"
    return "", ""


def _amps(text: str) -> str:
    match = _AMPS_IN_TEXT.search(text)
    if not match:
        return ""
    return fmt(float(match.group(1).replace(",", ".")) * (1e-3 if match.group(2) else 1.0))


# Comparison -----------------------------------------------------------------------------------------------------

BEST_PARAMETRIC_SCORE = 80  # an exact parametric match still ranks below a cross-reference


@dataclass(frozen=True, slots=True)
class Fit:
    score: int
    reason: str


def compare(need: Signature, offer: Signature) -> Fit | None:
    """How well ``offer`` replaces ``need`` (same bucket assumed); None when it cannot."""
    same = [_equal_part(need)]
    notes: list[str] = []
    penalty = 0
    for name in _COMPARED[need.kind]:
        wanted, given = need.get(name), offer.get(name)
        if not wanted:
            continue
        verdict = _verdict(name, wanted, given)
        if verdict == "no":
            return None
        equal, unstated, differs = PARAMETER_TEXTS[name]
        if verdict == "yes":
            same.append(msg(equal, value=_shown(need.kind, name, wanted)))
        elif verdict == "unknown":
            penalty += 8
            notes.append(msg(unstated, needed=_shown(need.kind, name, wanted)))
        elif verdict == "better":
            penalty += 3
            notes.append(msg(differs, value=_shown(need.kind, name, given), needed=_shown(need.kind, name, wanted)))
        elif verdict == "larger":
            penalty += 6 + min(12, int(20 * (float(given) / float(wanted) - 1)))
            notes.append(msg(differs, value=_shown(need.kind, name, given), needed=_shown(need.kind, name, wanted)))
    reason = msg(REASONS[len(same) - 1][len(notes)], **dict(zip(_EQUAL_SLOTS, same, strict=False)),
                 **dict(zip(_NOTE_SLOTS, notes, strict=False)))
    return Fit(max(40, BEST_PARAMETRIC_SCORE - penalty), reason)


def _verdict(name: str, wanted: str, given: str) -> str:
    if not given:
        return "unknown"
    try:
        return _RULES[name](wanted, given)
    except (ValueError, ZeroDivisionError):  # a value stated in words («1/4 Вт», «high») is not compared
        return "unknown"


def _equal_part(need: Signature) -> str:
    if need.kind == "bat":
        return msg(BATTERY_VOLTAGE, voltage=need.get("voltage"))
    if need.kind == "reg":
        volts = need.get("voltage")
        if volts == "adj":
            return msg(ADJUSTABLE_OUTPUT)
        return msg(REGULATOR_OUTPUT, voltage=f"{need.get('polarity')}{volts}")
    return msg(VALUE, value=_shown(need.kind, "value", need.get("value")))


def _same(wanted: str, given: str) -> str:
    return "yes" if wanted == given else "no"


def _at_most(wanted: str, given: str) -> str:  # tolerance: tighter is better
    return "yes" if float(given) == float(wanted) else ("better" if float(given) < float(wanted) else "no")


def _at_least(wanted: str, given: str) -> str:  # rated voltage, power, current: higher is better
    return "yes" if float(given) == float(wanted) else ("better" if float(given) > float(wanted) else "no")


def _capacity(wanted: str, given: str) -> str:  # a battery: more capacity replaces, within reason
    ratio = float(given) / float(wanted)
    if abs(ratio - 1) < 0.005:
        return "yes"
    return "larger" if 1 < ratio <= 1.5 else "no"


_RULES = {
    "tolerance": _at_most, "size": _same, "power": _at_least, "voltage": _at_least, "dielectric": _same,
    "kind": _same, "current": _at_least, "chemistry": _same, "capacity_ah": _capacity, "energy_kwh": _capacity,
}
# What is compared beyond the bucket, per kind (a battery's and a regulator's voltage are in the bucket).
_COMPARED = {
    "res": ("tolerance", "size", "power"),
    "cap": ("voltage", "dielectric", "size", "kind"),
    "ind": ("current", "size"),
    "bat": ("chemistry", "capacity_ah", "energy_kwh"),
    "reg": ("current",),
}

