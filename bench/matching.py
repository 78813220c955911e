"""Throughput of analog matching on a synthetic catalog: engine.substitution.match_analogs and coverage.

    .venv/bin/python -m bench.matching --catalog 1M --positions 10k

The catalog is half domestic, half foreign: Soviet/Russian ICs (many with a cross-reference from a foreign
family, NE555 style, whose orderable variants are in the catalog as foreign products), voltage regulators,
resistors, capacitors and batteries described in words, and goods with only a name (sensors, modules,
connectors). Positions are built as consolidation builds them (identify() on a description, not timed):
foreign variants of cross-referenced families, domestic parts, generic parts in words, 78xx regulators,
goods in other words, and parts nobody makes. Each position knows what it should get at rank 1, so the
table also says how often it did. Prints one table; peak RSS is the process's high-water mark at the end
(catalog objects included).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.synthetic import parse_size
from cityorder.engine.identity import identify
from cityorder.engine.identity.parametric import fmt
from cityorder.engine.identity.soviet import FUNCTIONS
from cityorder.engine.substitution import (
    Catalog,
    CatalogItem,
    Origin,
    PositionRow,
    Xref,
    XrefIndex,
    compute_coverage,
    match_analogs,
)
from cityorder.engine.substitution.designations import VARIANT_LETTERS

YEARS = (2026, 2027, 2028)
FOREIGN_FAMILIES = ("LM", "TL", "AD", "MAX", "TPS", "SN74HC", "STM32F", "ATMEGA", "PIC18F", "MCP", "NE", "OPA",
                    "INA", "LT", "UA")
PACKAGE_SUFFIXES = ("N", "DR", "P", "CV", "T", "C8T6", "IDR", "AU", "CN", "MX")
SOVIET_FUNCTIONS = tuple(sorted(FUNCTIONS))
SOVIET_PREFIXES = ("К", "КР", "КФ", "")
E12 = (1.0, 1.2, 1.5, 1.8, 2.2, 2.7, 3.3, 3.9, 4.7, 5.6, 6.8, 8.2)
SIZES = ("0402", "0603", "0805", "1206", "2512")
CHEMISTRIES = (("LiFePO4", "lfp"), ("Li-ion", "liion"), ("LTO", "lto"), ("AGM", "leadacid"))
BATTERY_VOLTS = ("3,2", "12,8", "25,6", "51,2", "12", "24", "48")
REGULATOR_VOLTS = (3, 5, 6, 8, 9, 10, 12, 15, 18, 24)
# Goods known by name only; words chosen so that identify() puts them in the category the catalog states
# (text matching looks within the position's category).
GOODS = (
    ("sensor", "Датчик {a} {b} {c}", ("температуры", "давления", "влажности", "уровня", "расхода"),
     ("цифровой", "аналоговый", "промышленный", "взрывозащищённый"), ("с индикацией", "в корпусе", "накладной",
                                                                      "погружной")),
    ("module", "Модуль {a} {b} {c}", ("связи", "управления", "индикации", "ввода-вывода", "телеметрии"),
     ("GSM", "LoRa", "релейный", "дискретный"), ("на DIN-рейку", "в корпусе", "бескорпусный", "IP65")),
    ("connector", "Соединитель {a} {b} {c}", ("прямоугольный", "круглый", "коаксиальный", "штыревой"),
     ("вилка", "розетка", "гнездо", "штырь"), ("на кабель", "на плату", "приборный", "блочный")),
)
# Kinds of domestic products and their shares of the catalog; foreign products make up the rest.
CATALOG_SHARES = (("soviet", 0.22), ("regulator", 0.03), ("resistor", 0.10), ("capacitor", 0.08),
                  ("battery", 0.02), ("goods", 0.05))
# Kinds of positions and their shares of the order.
POSITION_SHARES = (("xref", 0.35), ("self", 0.10), ("resistor", 0.12), ("capacitor", 0.10), ("battery", 0.05),
                   ("regulator", 0.05), ("goods", 0.10), ("nobody", 0.13))
XREF_SHARE = 0.75  # of Soviet ICs, those with a cross-reference from a foreign family


@dataclass(slots=True)
class Universe:
    items: list[CatalogItem] = field(default_factory=list)
    xrefs: list[Xref] = field(default_factory=list)
    families: list[tuple[str, str]] = field(default_factory=list)  # (foreign family, domestic part number)
    soviet: list[str] = field(default_factory=list)
    resistors: list[tuple[float, str, str]] = field(default_factory=list)  # (ohms, tolerance, size)
    capacitors: list[tuple[float, str, str]] = field(default_factory=list)  # (nF, volts, size)
    batteries: list[tuple[str, str, int]] = field(default_factory=list)  # (chemistry, volts, Ah)
    regulator_volts: set[int] = field(default_factory=set)
    goods: list[tuple[str, tuple[str, str, str]]] = field(default_factory=list)


def domestic(part_number: str, maker: str, name: str, category: str, rng: random.Random) -> CatalogItem:
    capacity = {year: float(rng.randrange(0, 5000, 100)) for year in YEARS}
    return CatalogItem(part_number, maker, name, category, Origin.DOMESTIC, registry_no=f"РЭП-{rng.randrange(10**6)}",
                       capacity=capacity, price=float(rng.randrange(5, 5000)),
                       readiness_year=rng.choice((None, None, 2027)))


def soviet_designation(index: int) -> str:
    series = 100 + index % 1900
    function = SOVIET_FUNCTIONS[index // 1900 % len(SOVIET_FUNCTIONS)]
    rest = index // (1900 * len(SOVIET_FUNCTIONS))
    number, variant = 1 + rest % 60, VARIANT_LETTERS[rest // 60 % len(VARIANT_LETTERS)]
    return f"{SOVIET_PREFIXES[rest // 60 // len(VARIANT_LETTERS) % 4]}{series}{function}{number}{variant}"


def add_soviet(universe: Universe, index: int, rng: random.Random) -> None:
    designation = soviet_designation(index)
    function = FUNCTIONS[SOVIET_FUNCTIONS[index // 1900 % len(SOVIET_FUNCTIONS)]]
    universe.items.append(domestic(designation, rng.choice(("Интеграл", "Ангстрем", "Микрон", "НИИЭТ")),
                                   f"Микросхема {function[0]} {designation}", function[2], rng))
    universe.soviet.append(designation)
    if rng.random() < XREF_SHARE:
        family = f"{FOREIGN_FAMILIES[index % len(FOREIGN_FAMILIES)]}{index:06d}"
        universe.xrefs.append(Xref(family, designation, rng.choice(("pin", "functional"))))
        universe.families.append((family, designation))
        for suffix in rng.sample(PACKAGE_SUFFIXES, 2):  # orderable variants in the catalog, as foreign products
            universe.items.append(CatalogItem(f"{family}{suffix}", "Texas Instruments", f"IC {function[1]}",
                                              function[2], Origin.FOREIGN))


def add_regulator(universe: Universe, index: int, rng: random.Random) -> None:
    volts, amps = rng.choice(REGULATOR_VOLTS), rng.choice(("0,1", "0,5", "1", "1,5", "3"))
    universe.regulator_volts.add(volts)
    universe.items.append(domestic(f"КР{1100 + index % 900}ЕН{volts}{VARIANT_LETTERS[index // 900 % 19]}{index}",
                                   "Интеграл", f"Стабилизатор напряжения {volts} В {amps} А", "ic.regulator", rng))


def add_resistor(universe: Universe, index: int, rng: random.Random) -> None:
    ohms = rng.choice(E12) * 10 ** rng.randrange(0, 7)
    tolerance, size = rng.choice(("1", "5", "0,5")), rng.choice(SIZES)
    universe.resistors.append((ohms, tolerance, size))
    universe.items.append(domestic(f"Р1-12-{index}", "Резистор", f"Резистор Р1-12 0,125 Вт {ohms / 1000:g} кОм "
                                   f"{tolerance}% {size}", "passive.resistor", rng))


def add_capacitor(universe: Universe, index: int, rng: random.Random) -> None:
    nanofarads = rng.choice(E12) * 10 ** rng.randrange(0, 4)
    volts, size = rng.choice(("16", "25", "50", "100")), rng.choice(SIZES)
    universe.capacitors.append((nanofarads, volts, size))
    universe.items.append(domestic(f"К10-79-{index}", "Позитрон", f"Конденсатор К10-79 {nanofarads:g} нФ {volts} В "
                                   f"X7R {size}", "passive.capacitor", rng))


def add_battery(universe: Universe, index: int, rng: random.Random) -> None:
    (label, chemistry), volts = rng.choice(CHEMISTRIES), rng.choice(BATTERY_VOLTS)
    amp_hours = rng.choice((20, 50, 100, 120, 200, 280))
    universe.batteries.append((label, volts, amp_hours))
    universe.items.append(domestic(f"АКБ-{index}", "Лиотех", f"Аккумуляторная батарея {label} {volts} В {amp_hours} "
                                   "А·ч", f"battery.{chemistry}", rng))


def add_goods(universe: Universe, index: int, rng: random.Random) -> None:
    category, template, *choices = GOODS[index % len(GOODS)]
    words = tuple(rng.choice(options) for options in choices)
    universe.goods.append((category, (words[0], words[1], words[2])))
    name = template.format(a=words[0], b=words[1], c=words[2])
    universe.items.append(domestic(f"ИЗД-{index}", "Элекон", f"{name} исп. {index % 97}", category, rng))


def add_foreign(universe: Universe, index: int, rng: random.Random) -> None:
    family = FOREIGN_FAMILIES[index % len(FOREIGN_FAMILIES)]
    universe.items.append(CatalogItem(f"{family}9{index:06d}{rng.choice(PACKAGE_SUFFIXES)}", "Analog Devices",
                                      "IC", "ic.other", Origin.FOREIGN))


ADDERS: dict[str, Callable[[Universe, int, random.Random], None]] = {
    "soviet": add_soviet, "regulator": add_regulator, "resistor": add_resistor, "capacitor": add_capacitor,
    "battery": add_battery, "goods": add_goods,
}


def generate_catalog(size: int, seed: int) -> Universe:
    rng = random.Random(seed)
    universe = Universe()
    for kind, share in CATALOG_SHARES:
        for index in range(int(size * share)):
            ADDERS[kind](universe, index, rng)
    # The foreign variants of cross-referenced families count towards the foreign half.
    for index in range(size - len(universe.items)):
        add_foreign(universe, index, rng)
    return universe


# Positions: (demand description, what rank 1 should be: (found_by, part number or '' for any)) -------------------

Expected = tuple[str, str]


def position_description(kind: str, universe: Universe, rng: random.Random) -> tuple[dict[str, str], Expected]:
    if kind == "xref":
        family, analog = rng.choice(universe.families)
        return {"part_number": f"{family}{rng.choice(PACKAGE_SUFFIXES)}", "manufacturer": "TI"}, ("xref", analog)
    if kind == "self":
        designation = rng.choice(universe.soviet)
        return {"part_number": designation}, ("self", designation)
    if kind == "resistor":
        ohms, tolerance, size = rng.choice(universe.resistors)
        return {"name": f"RES {fmt(ohms)} OHM {tolerance}% {size}"}, ("parameters", "")
    if kind == "capacitor":
        nanofarads, volts, size = rng.choice(universe.capacitors)
        return {"name": f"CAP {nanofarads:g}nF {volts}V X7R {size}"}, ("parameters", "")
    if kind == "battery":
        label, volts, amp_hours = rng.choice(universe.batteries)
        return {"name": f"Аккумулятор {label} {volts} В {amp_hours} Ач"}, ("parameters", "")
    if kind == "regulator":
        volts = rng.choice(sorted(universe.regulator_volts))
        return {"part_number": f"L78{volts:02d}CV", "name": "Стабилизатор напряжения"}, ("parameters", "")
    if kind == "goods":
        category, (a, b, c) = rng.choice(universe.goods)
        template = next(t for cat, t, *_ in GOODS if cat == category)
        return {"name": template.format(a=a, b=b, c=c)}, ("text", "")
    return {"part_number": f"ZX{rng.randrange(10**7)}Q", "name": "Изделие покупное"}, ("", "")


def generate_positions(count: int, universe: Universe, seed: int) -> tuple[list[PositionRow], dict[str, Expected]]:
    rng = random.Random(seed + 1)
    kinds = [kind for kind, share in POSITION_SHARES for _ in range(round(count * share))][:count]
    rows, expected = [], {}
    for number, kind in enumerate(kinds):
        description, wanted = position_description(kind, universe, rng)
        identity = identify(**description)
        position_id = f"P{number:07d}"
        rows.append(PositionRow(position_id, identity.key, identity.display_name, identity.category,
                                identity.manufacturer, identity.part_number, identity.kind,
                                {year: float(rng.randrange(1, 2000)) for year in YEARS}))
        expected[position_id] = wanted
    return rows, expected


def as_expected(analogs: list, expected: dict[str, Expected]) -> float:
    """The share of positions whose rank-1 analog is what the generator meant (none for «nobody»)."""
    first = {a.position_id: a for a in analogs if a.rank == 1}
    hits = 0
    for position_id, (found_by, part_number) in expected.items():
        got = first.get(position_id)
        if not found_by:
            hits += got is None
        elif got is not None and got.found_by == found_by and part_number in ("", got.part_number):
            hits += 1
    return hits / len(expected)


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalog", default="1M", help="products in the catalog")
    parser.add_argument("--positions", default="10k", help="positions to match")
    parser.add_argument("--limit", type=int, default=5, help="analogs per position")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    size, count = parse_size(args.catalog), parse_size(args.positions)
    print(f"cityorder analog-matching benchmark, {os.cpu_count()} CPUs", file=sys.stderr)

    started = time.perf_counter()
    universe = generate_catalog(size, args.seed)
    positions, expected = generate_positions(count, universe, args.seed)
    generated = time.perf_counter() - started
    domestic_count = sum(1 for item in universe.items if item.domestic)
    print(f"generated {len(universe.items):,} products ({domestic_count:,} domestic), {len(universe.xrefs):,} "
          f"cross-references, {len(positions):,} positions in {generated:.1f} s (not timed below)", file=sys.stderr)

    started = time.perf_counter()
    catalog, xrefs = Catalog(universe.items), XrefIndex(universe.xrefs)
    indexed = time.perf_counter() - started
    rss_indexed = peak_rss_gib()

    started = time.perf_counter()
    analogs = match_analogs(positions, catalog, xrefs, limit=args.limit)
    matched = time.perf_counter() - started
    # Text indexes are built per category on first use; a second run shows matching alone.
    started = time.perf_counter()
    match_analogs(positions, catalog, xrefs, limit=args.limit)
    rematched = time.perf_counter() - started

    started = time.perf_counter()
    coverage = compute_coverage(positions, analogs, catalog)
    covered = time.perf_counter() - started

    by = Counter(a.found_by for a in analogs if a.rank == 1)
    print("| step | items | time, s | per second | peak RSS, GiB |\n|---|---|---|---|---|")
    print(f"| build indexes (Catalog + XrefIndex) | {len(universe.items):,} products, {len(universe.xrefs):,} "
          f"xrefs | {indexed:.1f} | {len(universe.items) / indexed:,.0f} | {rss_indexed:.2f} |")
    print(f"| match_analogs (limit {args.limit}), first run | {len(positions):,} positions | {matched:.2f} | "
          f"{len(positions) / matched:,.0f} | {peak_rss_gib():.2f} |")
    print(f"| match_analogs (limit {args.limit}), text indexes built | {len(positions):,} positions | "
          f"{rematched:.2f} | {len(positions) / rematched:,.0f} | {peak_rss_gib():.2f} |")
    print(f"| compute_coverage ({len(YEARS)} years) | {len(coverage.cells):,} cells | {covered:.2f} | "
          f"{len(positions) / covered:,.0f} | {peak_rss_gib():.2f} |")
    print(f"\n{len(analogs):,} analogs; rank 1 found by {dict(sorted(by.items()))}; "
          f"{len(positions) - sum(by.values()):,} positions without an analog; "
          f"rank 1 as the generator meant: {as_expected(analogs, expected):.1%}")


if __name__ == "__main__":
    main()
