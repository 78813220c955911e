"""The reading child's limits: processor time and the clock are separate bounds, each named when it stops a
reading, and what the parent says of a dead child is a declared text the Russian reader sees in Russian."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import pytest
from django.utils import translation

from cityorder.demand.isolated_read import IsolatedReadFailed, ReadLimits, read_isolated
from cityorder.engine.reading.isolated import why_died
from cityorder.web.stored_text import shown


def limits(*, seconds: int = 60, wall_seconds: int = 600) -> ReadLimits:
    return ReadLimits(memory_mb=1024, seconds=seconds, max_rows=1_048_576, max_columns=1000,
                      wall_seconds=wall_seconds)


@pytest.fixture
def stuck(tmp_path):
    """A file whose reading waits without working: a named pipe nobody writes to (a hung network mount)."""
    path = tmp_path / "stuck.csv"
    os.mkfifo(path)
    return path


def test_a_reader_stuck_past_the_wall_bound_is_stopped_and_the_message_says_by_the_clock(stuck):
    started = time.monotonic()
    with pytest.raises(IsolatedReadFailed) as failed:
        read_isolated(stuck, filename="stuck.csv", customer="x", default_year=2026, mapping=None,
                      limits=limits(seconds=60, wall_seconds=2))
    assert time.monotonic() - started < 30  # the processor bound (60 s) was not the one
    assert "stuck.csv: reading the file was not finished after 2 seconds by the clock" in str(failed.value)


def test_a_child_left_alone_by_its_parent_ends_by_its_own_alarm(stuck):
    with tempfile.TemporaryFile("w+") as out:
        request = {"path": str(stuck), "filename": "stuck.csv", "customer": "x", "default_year": 2026,
                   "mapping": None, "fd": out.fileno(), "memory_mb": 1024, "seconds": 60, "wall_seconds": 1,
                   "max_rows": 100, "max_columns": 10}
        child = subprocess.run([sys.executable, "-m", "cityorder.demand.isolated_read"], input=json.dumps(request),
                               text=True, pass_fds=(out.fileno(),), timeout=30, env={**os.environ,
                               "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)})
    assert child.returncode == -signal.SIGALRM
    assert "by the clock" in why_died("stuck.csv", child.returncode, "", limits(wall_seconds=1))


def test_a_reader_out_of_processor_time_is_said_to_be_so_not_out_of_memory(tmp_path):
    # RLIMIT_CPU with its hard limit equal to the soft one kills with SIGKILL, which reads as out of memory.
    path = tmp_path / "slow.csv"
    path.write_text("Наименование;Обозначение;2026\n"
                    + "".join(f"Резистор {i};R{i};{i % 90 + 1}\n" for i in range(300_000)), encoding="utf-8")
    with pytest.raises(IsolatedReadFailed) as failed:
        read_isolated(path, filename="slow.csv", customer="x", default_year=2026, mapping=None,
                      limits=limits(seconds=1, wall_seconds=600))
    text = str(failed.value)
    assert "slow.csv: reading the file used more than 1 seconds of processor time" in text
    assert "memory" not in text


def test_an_unexplained_exit_is_told_in_russian_to_a_russian_reader():
    text = why_died("list.xlsx", 3, "", limits())
    assert "list.xlsx" in text and "3" in text
    with translation.override("ru"):
        russian = shown(text)
    assert "exit status" not in russian and "list.xlsx" in russian


def test_the_wall_bound_is_never_below_the_processor_bound(settings):
    from cityorder.demand.services import read_wall_seconds

    settings.CITYORDER_READ_SECONDS, settings.CITYORDER_READ_WALL_SECONDS = 900, 60
    assert read_wall_seconds() == 900
    settings.CITYORDER_READ_WALL_SECONDS = 3600
    assert read_wall_seconds() == 3600
