"""The platform's path for a large BOM: import it into the demo's e-bus project, then run the explosion job as a
worker would, printing when each progress report came (the bar the coordinator sees) and the stages' times.

    DATABASE_URL=sqlite:////tmp/bench-bom.db .venv/bin/cityorder migrate
    DATABASE_URL=sqlite:////tmp/bench-bom.db .venv/bin/cityorder load_demo
    DATABASE_URL=sqlite:////tmp/bench-bom.db .venv/bin/python -m bench.bom_explode_job --lines 20000

It adds a BOM version and an explosion to that database: give it a scratch one.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import django


def arguments(doc: str | None) -> argparse.Namespace:
    """The options of the benches that put a generated BOM into a demo project, with Django set up."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--levels", type=int, default=5)
    parser.add_argument("--project", default="ebus-600")
    parser.add_argument("--campaign", default="ekb-2026")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityorder.settings")
    django.setup()
    return args


def main() -> None:
    args = arguments(__doc__)
    from django.db import transaction

    from bench.bom_explode import generate
    from cityorder.cooperation import services
    from cityorder.cooperation.models import Project
    from cityorder.demand.models import Campaign
    from cityorder.jobs.models import Job

    project = Project.objects.select_related("cluster").get(code=args.project)
    actor = project.created_by
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "bom.xlsx"
        generate(source, args.lines, args.levels)
        started = time.perf_counter()
        version = services.bom_import(actor=actor, project=project, name=source.name, data=source.read_bytes())
    print(f"import of {version.items.count()} lines: {time.perf_counter() - started:.2f} s")
    with transaction.atomic():
        job = services.explosion_start(actor=actor, project=project, campaign=Campaign.objects.get(code=args.campaign))
    heard: list[tuple[float, int, int, str]] = []
    started = time.perf_counter()

    def progress(done: int, total: int, stage: str = "", *, force: bool = False) -> None:
        heard.append((time.perf_counter() - started, done, total, stage))

    services.explode_job(Job.objects.get(pk=job.pk), progress)
    finished = time.perf_counter() - started
    for at, done, total, stage in heard:
        print(f"{at:6.2f} s  {done:>6}/{total:<6} {stage}")
    print(f"explosion job: {finished:.2f} s, {len(heard)} progress reports")


if __name__ == "__main__":
    main()
