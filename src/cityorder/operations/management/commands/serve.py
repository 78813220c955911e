"""cityorder serve: the production server (gunicorn) and the background workers, after collectstatic and a
migrations check."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.operations.serving import ServeOptions, ServeRefused, prepare, run

EXAMPLE = (
    "Example: DEBUG=false SECRET_KEY=… ALLOWED_HOSTS=city.example DATABASE_URL=postgres://… "
    "cityorder serve --host 0.0.0.0 --port 8000 --workers 4 --threads 4 --job-workers 2"
)


class Command(BaseCommand):
    help = (
        "Run the platform for production: collect static files, check that every migration is applied, then "
        "start gunicorn with N web workers and N background job workers (cityorder db_worker), and sweep unreferenced "
        "uploads at start and daily; stopping it stops them all. " + EXAMPLE
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = ServeOptions()
        parser.add_argument("--host", default=defaults.host)
        parser.add_argument("--port", type=int, default=defaults.port)
        parser.add_argument("--workers", type=int, default=defaults.workers, help="web worker processes")
        parser.add_argument("--threads", type=int, default=defaults.threads, help="threads per web worker")
        parser.add_argument("--job-workers", type=int, default=defaults.job_workers,
                            help="background job workers (0 when they run elsewhere)")
        parser.add_argument("--timeout", type=int, default=defaults.timeout,
                            help="seconds before a stuck request's worker is restarted")
        parser.add_argument("--sweep-hours", type=float, default=defaults.sweep_hours,
                            help="run `cityorder sweep_uploads` at start and then every this many hours (0: never, "
                                 "when cron runs it elsewhere)")

    def handle(self, *args: Any, **options: Any) -> None:
        serve = ServeOptions(host=options["host"], port=options["port"], workers=options["workers"],
                             threads=options["threads"], job_workers=options["job_workers"],
                             timeout=options["timeout"], sweep_hours=options["sweep_hours"])
        try:
            prepare()
        except ServeRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Serving on http://{serve.host}:{serve.port}/ with {serve.workers} web workers × "
                          f"{serve.threads} threads and {serve.job_workers} job workers")
        code = run(serve)
        if code:
            raise CommandError(f"gunicorn stopped with exit code {code}")
