"""Server time of the main pages and API lists for an analyst, at the size of a real city order.

    .venv/bin/python -m bench.pages [--customers 1000 --lines 1M --positions 100k --catalog 1M] [--requests 20]
                                    [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--only coverage]

Builds, once, a database with one campaign of N customers (each an accepted submission), their demand lines, a
published version of the city order whose positions count those lines, a catalog of domestic and foreign
products, and ranked analogs for every position (by bulk inserts: the engine is measured elsewhere). The
database is cached by its sizes (SQLite under var/bench/, on PostgreSQL a database named by the sizes that is kept;
--fresh builds it again), so later runs time the pages only. Each page is requested --requests times in this
process through Django's test client as the analyst (server time: the request through the whole stack, no
network), and a table prints the median and the 95th percentile in milliseconds, with the target of 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from bench import bulk
from bench.synthetic import parse_size

TARGET_MS = 300
YEARS = [2026, 2027, 2028, 2029, 2030]
CATEGORIES = ["passive.resistor", "passive.capacitor", "ic.regulator", "ic.mcu", "ic.opamp", "ic.timer",
              "ic.interface", "battery.lfp", "battery.leadacid", "product.charger"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", default="1000")
    parser.add_argument("--lines", default="1M")
    parser.add_argument("--positions", default="100k")
    parser.add_argument("--catalog", default="1M")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server (default: SQLite under var/bench)")
    parser.add_argument("--fresh", action="store_true", help="build the database again")
    parser.add_argument("--only", default="", help="time only the pages whose name contains this (or one of these, "
                                                        "separated by commas)")
    args = parser.parse_args()
    sizes = {name: parse_size(getattr(args, name)) for name in ("customers", "lines", "positions", "catalog")}
    tag = "_".join(f"{sizes[n]}" for n in ("customers", "lines", "positions", "catalog"))
    root = Path(__file__).resolve().parent.parent
    os.environ["CITYORDER_VAR_DIR"] = str(root / "var" / "bench" / f"pages_{tag}")
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-pages-not-a-secret")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    if args.database_url:
        # a server URL naming a database of one's own («…/alice_db») keeps the bench database apart as «alice_db_…»
        own = args.database_url.rsplit("/", 1)[1]
        name = f"{own if own != 'postgres' else 'cityorder'}_bench_pages_{tag}"
        _postgres_database(args.database_url, name, fresh=args.fresh)
        os.environ["DATABASE_URL"] = args.database_url.rsplit("/", 1)[0] + "/" + name
        database = "PostgreSQL"
    else:
        Path(os.environ["CITYORDER_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
        path = Path(os.environ["CITYORDER_VAR_DIR"]) / "cityorder.sqlite3"
        if args.fresh and path.exists():
            path.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        database = "SQLite"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityorder.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not (Path(os.environ["CITYORDER_VAR_DIR"]) / "static" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)  # production pages need the manifest
    started = time.perf_counter()
    built = _build(sizes)
    if built:
        from cityorder.substitution import catalog_counts

        catalog_counts.recount()  # the build loads the catalog by COPY, past the ORM that keeps the counts
        print(f"built the {database} database in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    from django.db import connection

    with connection.cursor() as cursor:
        # statistics of the bulk-inserted tables, as autovacuum would gather, and on PostgreSQL their visibility
        # map, as autovacuum would set after that many inserts (this server runs with autovacuum off): without it
        # counting the catalog's 1M products read the whole table instead of an index
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    _store_coverage()
    _time_pages(database, sizes, args.requests, args.only)


def _postgres_database(url: str, name: str, *, fresh: bool) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as con:
        exists = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            con.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            con.execute(f'CREATE DATABASE "{name}"')


def _inn(n: int) -> str:
    """A 10-digit INN with a valid check digit (the registry validates them)."""
    digits = [int(d) for d in f"{770000000 + n:09d}"]
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def _build(sizes: dict[str, int]) -> bool:
    """The data, unless a run with these sizes built it already. Returns whether it built."""
    from django.db import transaction

    from cityorder.accounts.models import User
    from cityorder.accounts.roles import Role
    from cityorder.demand.models import Campaign, DemandLine, LineStatus, Submission, SubmissionStatus
    from cityorder.order.models import CityOrder, Position, PositionLine
    from cityorder.registry.models import Organization, OrganizationKind
    from cityorder.substitution.models import Analog, CatalogItem, Compatibility, Origin

    if Campaign.objects.filter(code="bench-pages").exists():
        _yearly_quantities()
        return False
    batch = 5000
    bulk.fast_session()
    with transaction.atomic(), bulk.search_indexes_dropped():
        department = Organization.objects.create(inn=_inn(0), full_name="Департамент", short_name="ДИПП",
                                                 kind=OrganizationKind.GOVERNMENT_BODY)
        analyst = User.objects.create(username="bench-analyst", role=Role.ANALYST, organization=department)
        analyst.set_password("bench")
        analyst.save()
        customers = Organization.objects.bulk_create(
            [Organization(inn=_inn(n), full_name=f"Заказчик {n}", short_name=f"Заказчик {n}",
                          kind=OrganizationKind.SUBORDINATE) for n in range(1, sizes["customers"] + 1)],
            batch_size=batch)
        campaign = Campaign.objects.create(code="bench-pages", title="Потребность (нагрузочный тест)",
                                           year_from=YEARS[0], year_to=YEARS[-1], created_by=analyst)
        campaign.invited.set(customers)
        Submission.objects.bulk_create([Submission(campaign=campaign, customer=c, status=SubmissionStatus.ACCEPTED)
                                        for c in customers], batch_size=batch)
        submissions = list(Submission.objects.filter(campaign=campaign).order_by("pk"))
        order = CityOrder.objects.create(campaign=campaign, number=1, published=True, years=YEARS,
                                         created_by=analyst, stats={
                                             "lines": sizes["lines"], "ok_lines": sizes["lines"],
                                             "positions": sizes["positions"], "customers": sizes["customers"],
                                             "probable_matches": 0, "auto_merged": 0})
        positions_n, lines_n = sizes["positions"], sizes["lines"]
        per_position = max(1, lines_n // positions_n)
        positions = bulk.insert(Position, [
            Position(order=order, position_id=f"P{p:08d}", key=f"pn:PN{p:06d}",
                     name=f"Изделие {p % 5000} серии {p}",
                     category=CATEGORIES[p % len(CATEGORIES)], kind="part", part_number=f"PN{p:06d}", unit="pcs",
                     customers=min(per_position, sizes["customers"]), lines=per_position,
                     total=float(per_position * 10 * len(YEARS)),
                     quantities={str(y): float(per_position * 10) for y in YEARS}) for p in range(positions_n)])
        position_ids = [position.pk for position in positions]
        for start in range(0, lines_n, batch):
            rows = range(start, min(lines_n, start + batch))
            lines = bulk.insert(DemandLine, [
                DemandLine(submission=submissions[i % len(submissions)], row=i + 2, status=LineStatus.OK,
                           name=f"Изделие {(i // per_position) % 5000} серии {(i // per_position) % positions_n}",
                           part_number=f"PN{(i // per_position) % positions_n:06d}", unit="pcs",
                           quantities={str(y): 10.0 for y in YEARS}) for i in rows])
            bulk.insert(PositionLine, [
                PositionLine(position_id=position_ids[(i // per_position) % positions_n], line=line,
                             customer_id=submissions[i % len(submissions)].customer_id, file="bench.xlsx", row=i + 2,
                             name=line.name, part_number=line.part_number, unit="pcs", quantities=line.quantities,
                             total=50.0) for i, line in zip(rows, lines, strict=True)])
        catalog_n = sizes["catalog"]
        for start in range(0, catalog_n, batch):
            bulk.insert(CatalogItem, [
                CatalogItem(key=f"pn:CAT{n:07d}", part_number=f"CAT{n:07d}", manufacturer=f"Завод {n % 300}",
                            name=f"Изделие {n % 5000}", category=CATEGORIES[n % len(CATEGORIES)],
                            origin=Origin.DOMESTIC if n % 3 else Origin.FOREIGN,
                            capacities={str(y): 1000.0 for y in YEARS} if n % 3 else {})
                for n in range(start, min(catalog_n, start + batch))])
        domestic = list(CatalogItem.objects.filter(origin=Origin.DOMESTIC).order_by("pk")
                        .values_list("pk", flat=True)[:max(1, positions_n)])
        analogs = []
        for n, position in enumerate(position_ids):
            if n % 4 == 3:
                continue  # a quarter of the positions has no analog: gaps
            for rank in (1, 2):
                compatibility = Compatibility.FUNCTIONAL if rank == 1 else Compatibility.TEXT
                analogs.append(Analog(order=order, position_id=position, rank=rank, compatibility=compatibility,
                                      item_id=domestic[(n * 2 + rank) % len(domestic)],
                                      score=85 if rank == 1 else 40, reason=""))
            if len(analogs) >= batch:
                bulk.insert(Analog, analogs)
                analogs = []
        bulk.insert(Analog, analogs)
        _yearly_quantities()
    return True


def _yearly_quantities() -> None:
    """The positions' quantities as yearly rows and the version's stored figures, as consolidation saves them
    (databases built before the bench wrote them get them on their next run)."""
    from cityorder.order import figures
    from cityorder.order.models import CityOrder, Position, PositionQuantity

    positions = Position.objects.filter(order__campaign__code="bench-pages")
    if not PositionQuantity.objects.filter(position__in=positions).exists():
        bulk.insert(PositionQuantity, [
            PositionQuantity(position_id=pk, year=int(year), quantity=float(quantity))
            for pk, quantities in positions.values_list("pk", "quantities").iterator()
            for year, quantity in quantities.items()])
    for order in CityOrder.objects.filter(campaign__code="bench-pages"):
        if order.figures.get("version") != figures.VERSION:
            figures.store(order)


def _store_coverage() -> None:
    """The coverage pages read the version's stored coverage: computed once here, as the worker does after a
    change (its time is printed: how long the pages say «пересчитывается» at this size)."""
    from cityorder.order.models import CityOrder
    from cityorder.substitution import stored
    from cityorder.substitution.models import StoredCoverage

    order = CityOrder.objects.get(campaign__code="bench-pages", published=True)
    if StoredCoverage.objects.filter(order=order, computed_version__gt=0).exists():
        return
    started = time.perf_counter()
    stored.coverage_refresh(order)
    print(f"computed and stored the coverage in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _pages() -> list[tuple[str, str]]:
    from cityorder.demand.models import Campaign, Submission
    from cityorder.order.models import CityOrder

    campaign = Campaign.objects.get(code="bench-pages")
    order = CityOrder.objects.get(campaign=campaign, published=True)
    submission = Submission.objects.filter(campaign=campaign).order_by("pk").first()
    assert submission is not None
    v, s = f"/order/versions/{order.pk}", f"/substitution/versions/{order.pk}"
    return [
        ("home", "/"), ("campaigns", "/demand/campaigns/"), ("campaign", f"/demand/campaigns/{campaign.code}/"),
        ("review queue", "/demand/review/"), ("submission", f"/demand/submissions/{submission.pk}/"),
        ("order versions", "/order/"), ("version", f"{v}/"), ("matches review", f"{v}/review/"),
        ("diff", f"{v}/diff/"), ("dashboard", f"{v}/dashboard/"), ("substitution", "/substitution/"),
        ("catalog", "/substitution/catalog/"), ("coverage", f"{s}/coverage/"), ("capacity", f"{s}/capacity/"),
        ("gaps", f"{s}/gaps/"), ("roadmap", f"{s}/roadmap/"), ("search", "/search/?q=PN000123"),
        ("search a name", "/search/?q=изделие 4999"), ("search a common word", "/search/?q=изделие"),
        ("api campaigns", "/api/v1/campaigns/"), ("api submissions", "/api/v1/submissions/"),
        ("api lines", f"/api/v1/submissions/{submission.pk}/lines/"),
        ("api positions", f"/api/v1/orders/{order.pk}/positions/"), ("api catalog", "/api/v1/catalog/"),
        ("api analogs", f"/api/v1/orders/{order.pk}/analogs/"),
        ("api coverage", f"/api/v1/orders/{order.pk}/coverage/"),
    ]


def _time_pages(database: str, sizes: dict[str, int], requests: int, only: str) -> None:
    from django.test import Client

    from cityorder.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench-analyst"))
    print(f"{database}: {sizes['customers']:,} customers, {sizes['lines']:,} lines, {sizes['positions']:,} positions, "
          f"{sizes['catalog']:,} catalog products; {requests} requests per page, server time in ms")
    print(f"| page | median | p95 | status | p95 < {TARGET_MS} ms |")
    print("|---|---:|---:|---|---|")
    for name, url in _pages():
        if only and not any(part and part in name for part in only.split(",")):
            continue
        times, status = [], 0
        for _n in range(requests):
            started = time.perf_counter()
            response = client.get(url, secure=True)  # DEBUG=false redirects plain HTTP
            times.append(1000 * (time.perf_counter() - started))
            status = response.status_code
        times.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        print(f"| {name} | {statistics.median(times):.0f} | {p95:.0f} | {status} | "
              f"{'yes' if p95 < TARGET_MS else 'no'} |", flush=True)


if __name__ == "__main__":
    main()
