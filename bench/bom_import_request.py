"""What the coordinator waits for in the browser with a large BOM: the preview request, the confirming request
(which only queues the import job past CITYORDER_BOM_IMPORT_IN_BACKGROUND_LINES), the job itself run in this
process as a worker runs it, and the suppliers page before the explosion (the BOM exploded for the page) and after
it (the stored needs read), with the page's query counts.

    cp /tmp/bench-bom.db /tmp/coop2-bench.db    # a migrated demo database (see bench.bom_explode_job)
    DATABASE_URL=sqlite:////tmp/coop2-bench.db .venv/bin/cityorder migrate
    DATABASE_URL=sqlite:////tmp/coop2-bench.db .venv/bin/python -m bench.bom_import_request --lines 20000

With CITYORDER_BOM_IMPORT_IN_BACKGROUND_LINES=100000 the confirming request stores the BOM itself, as before.
It adds a BOM version and an explosion to that database: give it a scratch one.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

from bench.bom_explode_job import arguments


def main() -> None:
    os.environ["ALLOWED_HOSTS"] = "testserver"  # read by the settings, so before Django is set up
    args = arguments(__doc__)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.bom_explode import generate
    from cityorder.cooperation import services
    from cityorder.cooperation.models import Project
    from cityorder.demand.models import Campaign
    from cityorder.jobs.models import Job, JobKind
    from cityorder.jobs.services import job_run

    project = Project.objects.select_related("cluster").get(code=args.project)
    client = Client()
    client.force_login(project.created_by)

    def timed(label: str, call):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = call()
        print(f"{label}: {time.perf_counter() - started:.2f} s, {len(queries)} queries")
        return result

    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "bom.xlsx"
        generate(source, args.lines, args.levels)
        data = source.read_bytes()
    preview = timed("preview request", lambda: client.post(
        reverse("cooperation:bom_preview", args=[project.code]), {"file": SimpleUploadedFile("bom.xlsx", data)}))
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())[1]  # type: ignore[index]
    last_job = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    timed("confirming request", lambda: client.post(reverse("cooperation:bom_import", args=[project.code]),
                                                    {"token": token}))
    job = Job.objects.filter(kind=JobKind.IMPORT_BOM, pk__gt=last_job).first()
    if job is not None:  # past the threshold; with CITYORDER_BOM_IMPORT_IN_BACKGROUND_LINES above --lines, none
        timed("import job", lambda: job_run(job.pk))
        job.refresh_from_db()
        print(f"  job {job.status}, {job.done}/{job.total} lines")
    page = reverse("cooperation:suppliers", args=[project.code])
    timed("suppliers page, no explosion of this version yet", lambda: client.get(page))
    with transaction.atomic():
        explosion = services.explosion_start(actor=project.created_by, project=project,
                                             campaign=Campaign.objects.get(code=args.campaign))
    timed("explosion job", lambda: job_run(explosion.pk))
    timed("suppliers page, stored needs read", lambda: client.get(page))
    timed("suppliers page, again", lambda: client.get(page))


if __name__ == "__main__":
    main()
