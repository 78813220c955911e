"""cityorder serve's schedule of upload sweeps: at start, then every period while the server runs, stopped with it;
tested without gunicorn (Sweeps on its own, and run() with stand-in processes)."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable

import pytest

from cityorder.operations import serving
from cityorder.operations.serving import ServeOptions, Sweeps


def _eventually(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition did not hold in time"
        time.sleep(0.01)


class Recorder:
    """A stand-in sweep that counts its runs (and fails the first ``failures`` of them)."""

    def __init__(self, failures: int = 0) -> None:
        self.runs = 0
        self.failures = failures
        self.at: list[float] = []
        self.lock = threading.Lock()

    def __call__(self) -> None:
        with self.lock:
            self.runs += 1
            self.at.append(time.monotonic())
            if self.runs <= self.failures:
                raise OSError("disk full")


def test_the_first_sweep_runs_at_start_and_the_next_after_the_period():
    sweep = Recorder()
    sweeps = Sweeps(every=0.2, sweep=sweep).start()
    try:
        _eventually(lambda: sweep.runs >= 3)
    finally:
        sweeps.stop()
    assert not sweeps.running
    assert all(b - a >= 0.2 for a, b in zip(sweep.at, sweep.at[1:], strict=False))  # one a period, not sooner


def test_stopping_does_not_wait_for_the_next_day():
    sweep = Recorder()
    sweeps = Sweeps(every=24 * 3600, sweep=sweep).start()
    _eventually(lambda: sweep.runs == 1)
    started = time.monotonic()
    sweeps.stop()
    assert time.monotonic() - started < 5 and not sweeps.running
    assert sweep.runs == 1


def test_a_failing_sweep_is_logged_and_the_schedule_goes_on(caplog):
    sweep = Recorder(failures=1)
    with caplog.at_level(logging.ERROR, logger="cityorder.operations.serving"):
        sweeps = Sweeps(every=0.05, sweep=sweep).start()
        try:
            _eventually(lambda: sweep.runs >= 2)
        finally:
            sweeps.stop()
    assert "sweep of unreferenced uploads failed" in caplog.text and "disk full" in caplog.text


@pytest.fixture
def stand_ins(monkeypatch):
    """run() with a short-lived python process for gunicorn and a recorder for the sweep."""
    sweep = Recorder()
    started: list[Sweeps] = []

    class Recorded(Sweeps):
        def __init__(self, every: float) -> None:
            super().__init__(every, sweep=sweep)
            started.append(self)

    monkeypatch.setattr(serving, "Sweeps", Recorded)
    monkeypatch.setattr(serving, "gunicorn_command", lambda options: [sys.executable, "-c", "pass"])
    return sweep, started


def test_the_server_sweeps_at_start_and_stops_the_sweeps_with_it(stand_ins):
    sweep, started = stand_ins
    assert serving.run(ServeOptions(job_workers=0, sweep_hours=24)) == 0
    assert sweep.runs == 1
    assert [s.every for s in started] == [24 * 3600] and not started[0].running


def test_no_sweeps_when_they_run_elsewhere(stand_ins):
    sweep, started = stand_ins
    assert serving.run(ServeOptions(job_workers=0, sweep_hours=0)) == 0
    assert sweep.runs == 0 and started == []


def test_the_sweep_of_the_server_is_the_command(monkeypatch):
    calls = []
    monkeypatch.setattr(serving, "call_command", lambda *args, **kwargs: calls.append(args))
    serving.sweep_uploads()
    assert calls == [("sweep_uploads",)]
