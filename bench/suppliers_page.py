"""The suppliers page of a project with a large BOM, as the coordinator requests it: server time through Django's
test client (several requests, the median), the page's size in bytes and its queries.

    DATABASE_URL=sqlite:////tmp/suppl-bench.db .venv/bin/python -m bench.suppliers_page --requests 5

Run it on a database where bench.bom_explode_job has exploded a generated BOM (the page reads that explosion).
It only reads. `--path '?show=gaps'` (or any query string) requests a filtered page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", default="ebus-600")
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--path", default="", help="a query string to add to the page's address")
    args = parser.parse_args()
    os.environ["ALLOWED_HOSTS"] = "testserver"  # read by the settings, so before Django is set up
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityorder.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cityorder.cooperation.models import Project

    project = Project.objects.get(code=args.project)
    client = Client()
    client.force_login(project.created_by)
    url = reverse("cooperation:suppliers", args=[project.code]) + args.path
    times, size, count = [], 0, 0
    for _ in range(args.requests):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        size, count = len(response.content), len(queries)
    print(f"{url}: median {statistics.median(times):.2f} s of {len(times)} "
          f"({', '.join(f'{t:.2f}' for t in times)}), {size:,} bytes, {count} queries")


if __name__ == "__main__":
    main()
