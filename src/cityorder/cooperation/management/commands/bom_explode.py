"""cityorder bom_explode: a multi-level BOM and a production plan in, the derived demand by year out, no database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.engine.bom import BomError, explode, parse_plan, read_bom, write_explosion
from cityorder.engine.reading.isolated import IsolatedReadFailed, ReadLimits, call_isolated


class Command(BaseCommand):
    help = (
        "Explode a multi-level bill of materials over a production plan by year, without a database. "
        "FILE (xlsx, xls, ods, csv) is an indented list with a level column («Уровень» / «Level»: 1 under the "
        "product, 2 under the level-1 line above, …; or an outline 1, 1.1, 1.1.2) or has parent "
        "and child columns, with a part number, a name, the quantity per parent unit («Кол-во на ед.», "
        "«Количество», «Qty per»), a unit and an optional attrition («Потери, %»). Writes DIR/demand.csv (one row "
        "per bought part: key, part_number, name, unit, qty_YYYY; pieces rounded up per year) and DIR/paths.csv "
        "(key, path, qty_per_product: every path from the product to a bought line). A BOM with errors writes "
        "nothing and lists every row to fix. "
        "Example: cityorder bom_explode ebus.xlsx --plan 2026:150,2027:600,2028:600 --out out/"
    )
    # Files only: no system checks or migrations, which could touch the database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the bill of materials: xlsx, xls, xlsb, ods, csv, tsv, txt")
        parser.add_argument("--plan", required=True, help="units of the product by year, e.g. 2026:150,2027:600")
        parser.add_argument("--out", required=True, help="directory for demand.csv and paths.csv (created if absent)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = parse_plan(options["plan"])
        except ValueError as exc:
            raise CommandError(f"--plan: {exc}") from exc
        try:
            # In the limited reading process: a file that would exhaust memory stops with a message, not a crash.
            bom = call_isolated(read_bom, options["file"], filename=Path(options["file"]).name,
                                limits=ReadLimits.from_settings(settings))
        except (BomError, IsolatedReadFailed) as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"{options['file']}: {exc.strerror or exc}") from exc
        explosion = explode(bom, plan)
        demand, paths = write_explosion(bom, explosion, Path(options["out"]))
        assemblies = sum(1 for index in range(len(bom.lines)) if bom.is_assembly(index))
        self.stdout.write(
            f"lines {len(bom.lines)} (assemblies {assemblies}), paths {len(explosion.paths)}, "
            f"bought parts {len(explosion.parts)}, years {', '.join(str(y) for y in explosion.years)}"
        )
        self.stdout.write(f"written: {demand}, {paths}")
