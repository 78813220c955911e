"""How a parameter's value is written in a text for people: a resistor's 4700 as «4.7 kΩ», a tolerance as
«tolerance 1%», a battery's chemistry «lead-acid». Every such value is a message template filled in
(cityorder.engine.messages), so the platform shows it in the reader's language (4,7 кОм, допуск 1 %), and the
reasons of analogs (substitution.signatures) and the notes of a part number's values (identity) say it alike.
"""

from __future__ import annotations

from decimal import Decimal

from cityorder.engine.messages import msg, template

# A value as reasons show it, one template per unit and prefix: the platform translates the unit (4.7 kΩ → 4,7 кОм).
UNITS = {"res": "Ω", "cap": "F", "ind": "H"}
PREFIXES = ((1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n"), (1e-12, "p"))
VALUES: dict[tuple[str, str], str] = {
    ("G", "Ω"): template("%(number)s GΩ"), ("M", "Ω"): template("%(number)s MΩ"), ("k", "Ω"): template("%(number)s kΩ"),
    ("", "Ω"): template("%(number)s Ω"), ("m", "Ω"): template("%(number)s mΩ"), ("µ", "Ω"): template("%(number)s µΩ"),
    ("n", "Ω"): template("%(number)s nΩ"), ("p", "Ω"): template("%(number)s pΩ"),
    ("G", "F"): template("%(number)s GF"), ("M", "F"): template("%(number)s MF"), ("k", "F"): template("%(number)s kF"),
    ("", "F"): template("%(number)s F"), ("m", "F"): template("%(number)s mF"), ("µ", "F"): template("%(number)s µF"),
    ("n", "F"): template("%(number)s nF"), ("p", "F"): template("%(number)s pF"),
    ("G", "H"): template("%(number)s GH"), ("M", "H"): template("%(number)s MH"), ("k", "H"): template("%(number)s kH"),
    ("", "H"): template("%(number)s H"), ("m", "H"): template("%(number)s mH"), ("µ", "H"): template("%(number)s µH"),
    ("n", "H"): template("%(number)s nH"), ("p", "H"): template("%(number)s pH"),
}
# Codes of parameters (engine.identity.parametric) as reasons name them; dielectrics (X7R, NP0) and LFP, LTO stay.
CHEMISTRIES = {"lfp": "LFP", "lto": "LTO", "leadacid": template("lead-acid"), "liion": "Li-ion", "nimh": "Ni-MH"}
CAPACITOR_KINDS = {"el": template("electrolytic"), "ta": template("tantalum"), "cer": template("ceramic"),
                   "film": template("film")}
TANTALUM_CASE = template("case %(case)s")

VALUE = template("value %(value)s")
# Each compared parameter: equal, not stated by the offer, and given otherwise than needed (but still replacing).
PARAMETER_TEXTS: dict[str, tuple[str, str, str]] = {
    "tolerance": (template("tolerance %(value)s%%"), template("tolerance not stated (needed %(needed)s%%)"),
                  template("tolerance %(value)s%% (needed %(needed)s%%)")),
    "size": (template("size %(value)s"), template("size not stated (needed %(needed)s)"),
             template("size %(value)s (needed %(needed)s)")),
    "power": (template("power %(value)s W"), template("power not stated (needed %(needed)s W)"),
              template("power %(value)s W (needed %(needed)s W)")),
    "voltage": (template("rated voltage %(value)s V"), template("rated voltage not stated (needed %(needed)s V)"),
                template("rated voltage %(value)s V (needed %(needed)s V)")),
    "dielectric": (template("dielectric %(value)s"), template("dielectric not stated (needed %(needed)s)"),
                   template("dielectric %(value)s (needed %(needed)s)")),
    "kind": (template("type %(value)s"), template("type not stated (needed %(needed)s)"),
             template("type %(value)s (needed %(needed)s)")),
    "current": (template("current %(value)s A"), template("current not stated (needed %(needed)s A)"),
                template("current %(value)s A (needed %(needed)s A)")),
    "chemistry": (template("chemistry %(value)s"), template("chemistry not stated (needed %(needed)s)"),
                  template("chemistry %(value)s (needed %(needed)s)")),
    "capacity_ah": (template("capacity %(value)s Ah"), template("capacity not stated (needed %(needed)s Ah)"),
                    template("capacity %(value)s Ah (needed %(needed)s Ah)")),
    "energy_kwh": (template("energy %(value)s kWh"), template("energy not stated (needed %(needed)s kWh)"),
                   template("energy %(value)s kWh (needed %(needed)s kWh)")),
}


def shown(kind: str, name: str, value: str) -> str:
    """A value as a reason shows it; the unit of a compared parameter is in its texts (PARAMETER_TEXTS)."""
    if name == "value":
        return engineering(float(value), UNITS[kind])
    if name == "chemistry":
        return CHEMISTRIES.get(value, value.upper())
    if name == "kind":
        return CAPACITOR_KINDS.get(value, value.upper())
    if name == "dielectric":
        return value.upper()
    if name == "size" and value.startswith("case "):  # a tantalum capacitor's case letter
        return msg(TANTALUM_CASE, case=value.removeprefix("case "))
    return value


def engineering(value: float, unit: str) -> str:
    """4700 → 4.7 kΩ, 1e-7 → 100 nF."""
    for scale, prefix in PREFIXES:
        if abs(value) >= scale * 0.999:
            number = Decimal(f"{value / scale:.4g}").normalize()
            return msg(VALUES[prefix, unit], number=format(number, "f"))
    return msg(VALUES["p", unit], number=f"{value / 1e-12:g}")


def parameters_text(params: dict[str, str]) -> str:
    """What a part's parameters say, item by item: «value 10 kΩ, tolerance 1%, size 0805» (``params`` as
    engine.identity.parametric reads them: its ``type`` res, cap or ind, values in base units)."""
    kind = params.get("type", "")
    items = []
    for name in ("value", *PARAMETER_TEXTS):
        value = params.get(name)
        if not value:
            continue
        try:
            written = shown(kind, name, value)
        except (KeyError, ValueError):  # a value of no known unit, or not a number: as it was read
            written = value
        items.append(msg(VALUE if name == "value" else PARAMETER_TEXTS[name][0], value=written))
    return ", ".join(items)
