"""The import of a big demand spreadsheet through the platform: upload → background read → stored lines.

    .venv/bin/python -m bench.demand_import --rows 100k [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Generates an xlsx of N rows (title rows, a two-level header, years 2026–2030, quantities as numbers and as text
with spaces, one error row in 1,000), then measures in a fresh database (SQLite in a temporary directory unless
--database-url is given; the PostgreSQL database is created and dropped by the run):
  read    the engine's read_demand alone (calamine + row parsing),
  upload  services.upload_add (checks, checksum, storage) and the read job (read + bulk insert of every line),
and prints a table with seconds, rows per second and peak memory of the process.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import parse_size


def make_xlsx(path: Path, rows: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Потребность")
    sheet.write_row(0, 0, ["Потребность в ЭКБ на 2026–2030 гг. (синтетическая)"])
    sheet.write_row(2, 0, ["№", "Наименование", "Обозначение", "Производитель", "Ед. изм.", "Потребность, шт"])
    sheet.write_row(3, 5, [2026, 2027, 2028, 2029, 2030])
    makers = ["Texas Instruments", "STMicroelectronics", "NXP", "АО «Ангстрем»", "Микрон"]
    for i in range(rows):
        r = 4 + i
        qty: list[object] = [(i % 97) + 1, (i % 89) + 1, f"{(i % 83) + 1} 000", (i % 79) + 1, (i % 73) + 1]
        if i % 1000 == 999:
            qty[0] = "по потребности"  # an error row the customer will have to fix
        sheet.write_row(r, 0, [i + 1, f"Микросхема серии {i % 5000}", f"PN{i % 20000:05d}-{i % 7}",
                               makers[i % len(makers)], "шт", *qty])
    book.close()


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="100k", help="rows of the generated spreadsheet (e.g. 100k)")
    parser.add_argument("--database-url", default="", help="PostgreSQL server URL (default: SQLite in a temp dir)")
    args = parser.parse_args()
    rows = parse_size(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["CITYORDER_VAR_DIR"] = str(home)
        os.environ["TASKS_BACKEND"] = "immediate"
        db_name = ""
        if args.database_url:
            db_name = _create_postgres_database(args.database_url)
            os.environ["DATABASE_URL"] = args.database_url.rsplit("/", 1)[0] + "/" + db_name
        else:
            os.environ["DATABASE_URL"] = ""
        try:
            _run(home, rows, "PostgreSQL" if db_name else "SQLite")
        finally:
            if db_name:
                _drop_postgres_database(args.database_url, db_name)


def _run(home: Path, rows: int, database: str) -> None:
    path = home / "demand.xlsx"
    started = time.perf_counter()
    make_xlsx(path, rows)
    size = path.stat().st_size / 1024 / 1024
    print(f"generated {rows:,} rows, {size:.1f} MB in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityorder.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from cityorder.engine.reading import read_demand

    call_command("migrate", verbosity=0)
    data = path.read_bytes()
    started = time.perf_counter()
    read = read_demand(data, path.name, default_year=2026)
    read_seconds = time.perf_counter() - started
    assert len(read.lines) == rows, (len(read.lines), rows)

    actor, submission = _fixtures()
    from cityorder.demand import services
    from cityorder.demand.models import DemandLine

    started = time.perf_counter()
    with transaction.atomic():  # on_commit fires at the end of the block: the read job runs there, as in a request
        source = services.upload_add(actor=actor, submission=submission, name=path.name, data=data)
    upload_seconds = time.perf_counter() - started
    stored = DemandLine.objects.filter(source=source).count()
    errors = DemandLine.objects.filter(source=source, status="error").count()
    assert stored == rows, (stored, rows)

    print(f"\n{database}, {rows:,}-row xlsx ({len(data) / 1024 / 1024:.1f} MB), {errors} error rows")
    print(f"{'stage':<36}{'seconds':>9}{'rows/s':>11}")
    print(f"{'engine read_demand':<36}{read_seconds:>9.1f}{rows / read_seconds:>11,.0f}")
    print(f"{'upload + background read + store':<36}{upload_seconds:>9.1f}{rows / upload_seconds:>11,.0f}")
    print(f"peak memory of the process: {peak_gib():.2f} GiB")


def _fixtures():
    from cityorder.accounts.models import User
    from cityorder.accounts.roles import Role
    from cityorder.demand import services
    from cityorder.registry.models import Organization, OrganizationKind

    org = Organization.objects.create(inn="7707083893", short_name="Бенчмарк", full_name="Бенчмарк",
                                      kind=OrganizationKind.SUBORDINATE)
    analyst = User.objects.create(username="bench-analyst", role=Role.ANALYST)
    campaign = services.campaign_create(actor=analyst, code="bench", title="bench", year_from=2026, year_to=2030)
    return analyst, services.submission_open(actor=analyst, campaign=campaign, customer=org)


def _create_postgres_database(url: str) -> str:
    import psycopg

    name = f"cityorder_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return name


def _drop_postgres_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
