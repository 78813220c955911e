"""Throughput of engine.identity.identify() on distinct descriptions, by kind of input.

    .venv/bin/python -m bench.identify --count 100000

Every call gets a description not seen before (caches are cleared between kinds), as in consolidation,
where identify() runs once per distinct raw tuple.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from cityorder.engine.identity import identify, parametric, partnumbers, soviet

BASES = ["STM32F103C8T6", "ATMEGA328P-AU", "LM317T", "NE555P", "1N4148", "BC847B", "KR142EN5A", "К1986ВЕ92QI",
         "MAX232CPE+", "LP5907MFX-3.3/NOPB", "TPS7333QDR", "GRM188R71H104KA93D"]
MAKERS = ["TI", "ST", "Microchip", "", "АО «ПКК Миландр»"]


def kinds(rng: random.Random) -> dict[str, Callable[[int], dict[str, str]]]:
    return {
        "part number and maker": lambda i: {"part_number": f"{rng.choice(BASES)}{i}",
                                            "manufacturer": rng.choice(MAKERS)},
        "part number with a name": lambda i: {"part_number": f"{rng.choice(BASES)}{i}",
                                              "name": f"Микросхема стабилизатор {i % 50}"},
        "Soviet designation in a name": lambda i: {"name": f"Микросхема КР{100 + i % 1900}ЕН{i % 30}А вар.{i}"},
        "resistor in words": lambda i: {"name": f"Резистор {i % 997} кОм 0805 {rng.choice([1, 5])}% №{i}"},
        "capacitor in words": lambda i: {"name": f"CAP {i % 331}nF {rng.choice([16, 25, 50])}V X7R 0603 #{i}"},
        "battery in words": lambda i: {"name": f"Аккумулятор LiFePO4 {i % 60},8 В {i % 300} А·ч тип {i}"},
        "free text": lambda i: {"name": f"Кабель силовой ВВГнг {i} мм сечение", "manufacturer": "ООО Ромашка"},
    }


def clear_caches() -> None:
    for cached in (identify, parametric.parse_parametric, soviet.parse_soviet, partnumbers.normalize_part_number):
        cached.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000, help="distinct calls per kind of input")
    args = parser.parse_args()
    rng = random.Random(1)
    print("| input | calls | calls/s |\n|---|---|---|")
    total_calls, total_time = 0, 0.0
    for label, make in kinds(rng).items():
        rows = [make(i) for i in range(args.count)]
        clear_caches()
        started = time.perf_counter()
        for row in rows:
            identify(**row)
        elapsed = time.perf_counter() - started
        total_calls, total_time = total_calls + len(rows), total_time + elapsed
        print(f"| {label} | {len(rows):,} | {len(rows) / elapsed:,.0f} |")
    print(f"| all kinds | {total_calls:,} | {total_calls / total_time:,.0f} |")


if __name__ == "__main__":
    main()
