"""The production server: gunicorn with N workers and N background workers beside it, stopped together.

Before it starts, static files are collected and the schema checked: a server that would answer with missing
styles or a half-migrated database does not start.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.management import call_command


class ServeRefused(RuntimeError):
    """A check before start-up failed; the message says what to do."""


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    threads: int = 4
    job_workers: int = 1
    timeout: int = 120


def gunicorn_command(options: ServeOptions) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "cityorder.wsgi:application",
        "--bind", f"{options.host}:{options.port}",
        "--workers", str(options.workers),
        "--threads", str(options.threads),
        "--timeout", str(options.timeout),
        "--access-logfile", "-",
        # Workers start from a loaded application: a broken setting fails once, at start, not in each worker.
        "--preload",
    ]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "cityorder.cli", "db_worker", "--no-reload"]


def prepare() -> None:
    """collectstatic, then refuse to start with unapplied migrations (they are applied by `cityorder setup`)."""
    call_command("collectstatic", interactive=False, verbosity=0)
    try:
        call_command("migrate", check=True, verbosity=0)
    except SystemExit as exc:  # migrate --check exits 1 when migrations are unapplied
        if exc.code:
            raise ServeRefused("the database has unapplied migrations; run `cityorder setup` first") from None


def run(options: ServeOptions, out: object = sys.stdout) -> int:
    """Start the job workers and the web server; when either side stops, stop the rest. Returns gunicorn's code."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "cityorder.settings")}
    workers = [subprocess.Popen(worker_command(), env=env) for _ in range(options.job_workers)]
    web = subprocess.Popen(gunicorn_command(options), env=env)

    def stop(signum: int, frame: object) -> None:
        _terminate([web, *workers])

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        code = web.wait()
    finally:
        _terminate(workers)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code


def _terminate(processes: Sequence[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
