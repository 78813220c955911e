"""The production server: gunicorn with N workers and N background workers beside it, stopped together, and the
daily sweep of stored uploads nobody names (cityorder sweep_uploads) in a thread of the serving process.

Before it starts, static files are collected and the schema checked: a server that would answer with missing
styles or a half-migrated database does not start.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command
from django.db import connections

logger = logging.getLogger(__name__)


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
    sweep_hours: float = 24  # the upload sweep's period; 0 when it runs elsewhere (cron)


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


def sweep_uploads() -> None:
    call_command("sweep_uploads")


class Sweeps:
    """Runs ``sweep`` at once and then every ``every`` seconds in a thread until stop(). A sweep that fails is
    logged and the next one still runs: a full disk or a locked database one night must not end the schedule, nor
    take the server down."""

    def __init__(self, every: float, sweep: Callable[[], Any] = sweep_uploads) -> None:
        self.every = every
        self._sweep = sweep
        self._stopped = threading.Event()
        # A daemon: a sweep still walking a big folder does not hold the server's exit past stop()'s wait.
        self._thread = threading.Thread(target=self._loop, name="cityorder-sweep-uploads", daemon=True)

    def start(self) -> Sweeps:
        self._thread.start()
        return self

    def stop(self, timeout: float = 30) -> None:
        self._stopped.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _loop(self) -> None:
        # The first sweep runs whatever happens next: a server stopped at once has still swept once.
        while True:
            try:
                self._sweep()
            except Exception:
                logger.exception("the sweep of unreferenced uploads failed; it runs again in %s s", self.every)
            finally:
                connections.close_all()  # this thread's own connections; the next sweep is a day away
            if self._stopped.wait(self.every):
                return


def run(options: ServeOptions, out: object = sys.stdout) -> int:
    """Start the job workers, the web server and the upload sweeps; when either side stops, stop the rest.
    Returns gunicorn's code."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "cityorder.settings")}
    workers = [subprocess.Popen(worker_command(), env=env) for _ in range(options.job_workers)]
    web = subprocess.Popen(gunicorn_command(options), env=env)
    sweeps = Sweeps(options.sweep_hours * 3600).start() if options.sweep_hours > 0 else None

    def stop(signum: int, frame: object) -> None:
        _terminate([web, *workers])

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        code = web.wait()
    finally:
        _terminate(workers)
        if sweeps is not None:
            sweeps.stop()
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
