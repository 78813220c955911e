"""Server time of the review queue of probable matches as the number of pairs of a version grows.

    .venv/bin/python -m bench.review_queue [--pairs 1000,20000] [--requests 10] [--database-url postgres://…/db]

For each size, a version of that many open pairs (a tenth of them decided), half as many automatic merges and
two positions a pair (each with a source line) is written by bulk inserts into a fresh database (SQLite under
var/bench/, or a PostgreSQL database named after the given one), then its review page is requested --requests
times through Django's test client as an analyst: a table prints the median and the 95th percentile in
milliseconds and the page's queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from bench.synthetic import parse_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", default="1000,20000", help="sizes, separated by commas")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server (default: SQLite under var/bench)")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    os.environ["CITYORDER_VAR_DIR"] = str(root / "var" / "bench" / "review_queue")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-review-not-a-secret")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityorder.settings")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url.rsplit("/", 1)[0] + "/" + _postgres(args.database_url)
    else:
        path = Path(os.environ["CITYORDER_VAR_DIR"]) / "cityorder.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not (Path(os.environ["CITYORDER_VAR_DIR"]) / "static" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    print("| pairs | median ms | p95 ms | queries |\n|---|---|---|---|")
    for n, pairs in enumerate(parse_size(size) for size in args.pairs.split(",")):
        url = _version(f"bench{n}", pairs)
        median, p95, queries = _time(url, args.requests)
        print(f"| {pairs} | {median:.0f} | {p95:.0f} | {queries} |")


def _postgres(url: str) -> str:
    import psycopg

    name = f"{url.rsplit('/', 1)[1]}_bench_review"
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')
    return name


def _version(code: str, pairs: int) -> str:
    """A version of ``pairs`` open pairs and ``pairs // 2`` merges; the URL of its review page."""
    from django.db import connection, transaction

    from cityorder.accounts.models import User
    from cityorder.accounts.roles import Role
    from cityorder.demand.models import Campaign
    from cityorder.order.models import (
        CityOrder,
        MatchDecision,
        MergedKey,
        Position,
        PositionLine,
        ProbableMatch,
        Verdict,
    )
    from cityorder.registry.models import Organization, OrganizationKind

    merges = pairs // 2
    with transaction.atomic():
        customer = Organization.objects.create(short_name=f"Заказчик {code}", full_name=f"Заказчик {code}",
                                               inn=f"77{abs(hash(code)) % 10**8:08d}",
                                               kind=OrganizationKind.SUBORDINATE)
        User.objects.get_or_create(username="bench-analyst", defaults={"role": Role.ANALYST})
        campaign = Campaign.objects.create(code=code, title=code, year_from=2026, year_to=2026)
        order = CityOrder.objects.create(campaign=campaign, number=1, years=[2026],
                                         stats={"probable_matches": pairs, "auto_merged": merges})
        Position.objects.bulk_create(
            [Position(order=order, position_id=f"o{n}{s}", key=f"{code}:o:{n}:{s}", name=f"Изделие {n}{s}",
                      unit="pcs", total=1, quantities={"2026": 1}) for n in range(pairs) for s in "ab"]
            + [Position(order=order, position_id=f"m{n}", key=f"{code}:m:{n}:a", name=f"Сборка {n}", unit="pcs",
                        total=2, quantities={"2026": 2}, merged_keys=[f"{code}:m:{n}:a", f"{code}:m:{n}:b"])
               for n in range(merges)], batch_size=2000)
        saved = {p.position_id: p for p in order.positions.all()}
        PositionLine.objects.bulk_create([PositionLine(position=p, customer=customer, name=p.name, unit="pcs",
                                                       quantities={"2026": 1}, total=1) for p in saved.values()],
                                         batch_size=2000)
        MergedKey.objects.bulk_create([MergedKey(order=order, position=saved[f"m{n}"], key=key)
                                       for n in range(merges) for key in saved[f"m{n}"].merged_keys],
                                      batch_size=2000)
        ProbableMatch.objects.bulk_create(
            [ProbableMatch(order=order, position_a=f"o{n}a", position_b=f"o{n}b", key_a=f"{code}:o:{n}:a",
                           key_b=f"{code}:o:{n}:b", score=90 - n % 40, reason="same words") for n in range(pairs)]
            + [ProbableMatch(order=order, position_a=f"m{n}", position_b=f"m{n}", key_a=f"{code}:m:{n}:a",
                             key_b=f"{code}:m:{n}:b", score=99, reason="merged", merged=True)
               for n in range(merges)], batch_size=2000)
        MatchDecision.objects.bulk_create([MatchDecision(key_a=f"{code}:o:{n}:a", key_b=f"{code}:o:{n}:b",
                                                         verdict=Verdict.DIFFERENT, campaign=campaign)
                                           for n in range(0, pairs, 10)], batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return f"/order/versions/{order.pk}/review/"


def _time(url: str, requests: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cityorder.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench-analyst"))
    client.get(url, secure=True)  # DEBUG=false redirects plain HTTP
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, len(queries.captured_queries)


if __name__ == "__main__":
    main()
