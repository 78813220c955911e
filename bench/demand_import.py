"""The import of a big demand spreadsheet through the platform: upload → background read → stored lines.

    .venv/bin/python -m bench.demand_import --rows 100k [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Generates an xlsx of N rows (title rows, a two-level header, years 2026–2030, quantities as numbers and as text
with spaces, one error row in 1,000), then measures in a fresh database (SQLite in a temporary directory unless
--database-url is given; the PostgreSQL database is created and dropped by the run):
  upload    services.upload_add (checks, checksum, storage) and the read job: the file read in its child process,
            the lines streamed back and stored in batches,
  page      the submission page of the customer (first page of lines, counts, files) and its second page,
  api       GET /api/v1/submissions/{id}/lines/ (first page, with the count) and one filtered by status,
  re-read   the read job again on the same file (its old lines replaced in one transaction),
  delete    services.upload_remove of the file with all its lines: the request (for a big file it only queues
            the deleting job) and the job, as the worker runs it,
and prints seconds per stage and the peak resident memory of the worker (this process) and of the reading child.
Runs are bounded by --rows; the 1M case takes a few minutes on two cores.

    .venv/bin/python -m bench.demand_import --rows 1M --read-only --runs 3 [--xlsx demand-1m.xlsx]

reads the file only (demand.isolated_read.read_isolated, each run a fresh child; no database) and prints each
run's wall and processor seconds and the child's peak memory, with their medians. --xlsx keeps the generated
file at that path and reuses it when it is there (generating 1M rows takes longer than reading them).
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


def peak_gib(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory in GiB (ru_maxrss is in KiB on Linux); RUSAGE_CHILDREN: the largest child's."""
    return resource.getrusage(who).ru_maxrss / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="100k", help="rows of the generated spreadsheet (e.g. 100k)")
    parser.add_argument("--database-url", default="", help="PostgreSQL server URL (default: SQLite in a temp dir)")
    parser.add_argument("--read-only", action="store_true", help="measure the reading child alone")
    parser.add_argument("--runs", type=int, default=3, help="runs of --read-only (default 3)")
    parser.add_argument("--xlsx", default="", help="where to keep the generated file, reused if present")
    args = parser.parse_args()
    rows = parse_size(args.rows)
    if args.read_only:
        _read_only(rows, args.runs, Path(args.xlsx) if args.xlsx else None)
        return
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


def _read_only(rows: int, runs: int, kept: Path | None) -> None:
    """The reading child alone, ``runs`` times (each a fresh process, so each peak is its own)."""
    import statistics

    with tempfile.TemporaryDirectory() as tmp:
        path = kept or Path(tmp) / "demand.xlsx"
        if not path.exists():
            make_xlsx(path, rows)
        figures = [_read_once(path) for _ in range(runs)]
        print(f"reading child, {rows:,}-row xlsx ({path.stat().st_size / 1024 / 1024:.1f} MB), {runs} runs")
        for wall, cpu, peak in figures:
            print(f"  wall {wall:7.1f} s   processor {cpu:6.1f} s   peak {peak:6.0f} MB")
        medians = [statistics.median(column) for column in zip(*figures, strict=True)]
        print(f"  median: wall {medians[0]:.1f} s, processor {medians[1]:.1f} s, peak {medians[2]:.0f} MB")


def _read_once(path: Path) -> tuple[float, float, float]:
    """One read in a fresh interpreter: wall and processor seconds and the peak MB of its reading child."""
    import json
    import subprocess

    script = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "from cityorder.demand.isolated_read import ReadLimits, read_isolated\n"
        "started = time.perf_counter()\n"
        "limits = ReadLimits(memory_mb=3072, seconds=3600, max_rows=1_048_576, max_columns=1000, wall_seconds=7200)\n"
        "result = read_isolated(Path(sys.argv[1]), filename='demand.xlsx', customer='bench', default_year=2026,\n"
        "                       mapping=None, limits=limits)\n"
        "count = sum(len(batch) for batch in result.batches())\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps([time.perf_counter() - started, usage.ru_utime + usage.ru_stime,\n"
        "                  usage.ru_maxrss / 1024, count]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(path)], check=True, capture_output=True, text=True)
    wall, cpu, peak, _count = json.loads(out.stdout.strip().splitlines()[-1])
    return wall, cpu, peak


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


    call_command("migrate", verbosity=0)
    baseline = peak_gib()
    actor, submission = _fixtures()
    from cityorder.demand import services
    from cityorder.demand.models import DemandLine
    from cityorder.jobs.services import job_retry

    timings: list[tuple[str, float]] = []
    started, cpu = time.perf_counter(), _cpu()
    with path.open("rb") as handle, transaction.atomic():  # the read job runs when the block commits
        source = services.upload_add(actor=actor, submission=submission, name=path.name, data=handle)
    timings.append(("upload + background read + store", time.perf_counter() - started))
    worker_cpu, child_cpu = (now - before for now, before in zip(_cpu(), cpu, strict=True))
    worker_peak, child_peak = peak_gib(), peak_gib(resource.RUSAGE_CHILDREN)
    source.refresh_from_db()
    assert source.status == "read", source.error
    stored = DemandLine.objects.filter(source=source).count()
    errors = DemandLine.objects.filter(source=source, status="error").count()
    assert stored == rows, (stored, rows)

    timings.extend(_pages(actor, submission))

    started = time.perf_counter()
    job = source.job
    assert job is not None
    job.refresh_from_db()
    job.status = "failed"  # as a retry of the reading would, through the job's own path
    job.save(update_fields=["status"])
    with transaction.atomic():
        job_retry(job=job, user=actor)
    timings.append(("re-read (old lines replaced)", time.perf_counter() - started))
    assert DemandLine.objects.filter(source=source).count() == rows

    timings.extend(_delete(actor, source))
    assert not DemandLine.objects.filter(submission=submission).exists()

    print(f"\n{database}, {rows:,}-row xlsx ({size:.1f} MB), {errors} error rows")
    print(f"{'stage':<40}{'seconds':>9}")
    for stage, seconds in timings:
        print(f"{stage:<40}{seconds:>9.2f}")
    print(f"upload + read + store, processor time: worker {worker_cpu:.1f} s, reading child {child_cpu:.1f} s")
    print(f"peak memory of the worker process: {worker_peak:.2f} GiB (after Django's setup: {baseline:.2f} GiB)")
    print(f"peak memory of the reading child:  {child_peak:.2f} GiB")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times grow with it)")


def _delete(actor, source) -> list[tuple[str, float]]:
    """The customer's delete (a big file's job only queued), then that job as the worker runs it."""
    from unittest import mock

    from cityorder.demand import services
    from cityorder.jobs import services as jobs

    queued: list[int] = []
    started = time.perf_counter()
    with mock.patch.object(jobs, "_enqueue", queued.append):
        job = services.upload_remove(actor=actor, source=source)
    timings = [("delete: the request" + (" (job queued)" if job else ""), time.perf_counter() - started)]
    if job is not None:
        started = time.perf_counter()
        jobs.job_run(job.pk)
        timings.append(("delete: the background job", time.perf_counter() - started))
    return timings


def _cpu() -> tuple[float, float]:
    """Processor seconds (user + system) of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _pages(actor, submission) -> list[tuple[str, float]]:
    """The customer's page and the API list of a big submission, timed as a browser would ask for them."""
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    client.force_login(actor)
    timings = []
    for label, url in (
        ("submission page", submission.get_absolute_url()),
        ("submission page, page 2 of lines", submission.get_absolute_url() + "?page=2"),
        ("submission page, error rows", submission.get_absolute_url() + "?status=error"),
        ("api lines, first page", f"/api/v1/submissions/{submission.pk}/lines/"),
        ("api lines, error rows", f"/api/v1/submissions/{submission.pk}/lines/?status=error"),
    ):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((label, time.perf_counter() - started))
        assert response.status_code == 200, (url, response.status_code)
    return timings


def _fixtures():
    from cityorder.accounts.models import User
    from cityorder.accounts.roles import Role
    from cityorder.demand import services
    from cityorder.registry.models import Organization, OrganizationKind

    org = Organization.objects.create(inn="7707083893", short_name="Бенчмарк", full_name="Бенчмарк",
                                      kind=OrganizationKind.SUBORDINATE)
    analyst = User.objects.create(username="bench-analyst", role=Role.ANALYST)
    customer = User.objects.create(username="bench-customer", role=Role.CUSTOMER, organization=org)
    campaign = services.campaign_create(actor=analyst, code="bench", title="bench", year_from=2026, year_to=2030,
                                        invited=[org])
    return customer, services.submission_open(actor=customer, campaign=campaign)


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
