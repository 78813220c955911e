"""Reading an uploaded file in a child process with a memory limit, so a hostile or broken file cannot take the
worker (and every customer's queued jobs) down with it.

The parent (``read_isolated``) starts ``python -m cityorder.demand.isolated_read`` with what to read on its
standard input; the child limits its own address space (RLIMIT_AS), processor time and the sheet size, reads with
the engine row by row (``DemandReading``), and writes its result as JSON lines to a temporary file the parent
opened and handed down (it has no name on disk, so nothing is left behind whoever is killed): the lines in
batches as they are read, then the sheets' summary with an end mark (or the error that stopped the reading).
Neither process holds a big file's lines at once: the child writes each batch out, the parent takes them one at
a time. A child that runs out of memory or time dies alone; the parent says so in words the customer can act
on, naming which limit stopped it.

Two time limits: processor time (``ReadLimits.seconds``, RLIMIT_CPU in the child) bounds the work a file can cost;
wall time (``ReadLimits.wall_seconds``, the parent's clock and the child's own alarm) is a larger bound that only
catches a child stuck without working (a file on a hung network mount), because on a loaded machine a legitimate
big file takes far longer by the clock than by the processor.

The child imports no Django: it is the engine and the standard library only.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from cityorder.engine.messages import msg, template
from cityorder.engine.records import LineRecord, LineStatus

OUT_OF_MEMORY = template(
    "%(file)s: reading the file needed more than %(limit)s MB of memory and was stopped. The file is probably "
    "damaged or holds far more than its table (cells far beyond it, thousands of formatted empty columns): delete "
    "what lies beyond the table, save the file again as .xlsx, or split it into several files."
)
OUT_OF_TIME = template(
    "%(file)s: reading the file used more than %(seconds)s seconds of processor time and was stopped; split it "
    "into several files and upload them one by one."
)
OUT_OF_WALL_TIME = template(
    "%(file)s: reading the file was not finished after %(seconds)s seconds by the clock and was stopped (the "
    "server may have been very busy); upload it again later, or split it into several files."
)
READER_DIED = template(
    "%(file)s: the reader stopped unexpectedly (%(reason)s); open the file in Excel or LibreOffice, save it "
    "again as .xlsx and upload the new copy."
)
READER_EXITED = template(
    "%(file)s: the reader stopped unexpectedly with exit status %(status)s; open the file in Excel or "
    "LibreOffice, save it again as .xlsx and upload the new copy."
)

BATCH = 2000
# RLIMIT_CPU's hard limit kills with SIGKILL, which cannot be told from the kernel's out-of-memory kill; the soft
# limit sends SIGXCPU. The hard one is set this much above it, so the soft one is what stops a busy child.
CPU_HARD_MARGIN = 5


@dataclass(slots=True)
class ReadLimits:
    memory_mb: int
    seconds: int  # processor time
    max_rows: int
    max_columns: int
    wall_seconds: int  # time by the clock; larger than ``seconds`` (see the module's docstring)


@dataclass(slots=True)
class IsolatedResult:
    """What the child read: the sheets' summary and years at once, the lines batch by batch (``batches()``)."""

    sheets: list[dict[str, Any]]
    years: list[int]
    count: int
    handle: IO[str]
    counts: dict[str, int] = field(default_factory=dict)

    def batches(self) -> Iterator[list[LineRecord]]:
        self.handle.seek(0)
        for text in self.handle:
            item = json.loads(text)
            if "lines" not in item:
                return
            yield [_record(raw) for raw in item["lines"]]

    def close(self) -> None:
        self.handle.close()


class IsolatedReadFailed(Exception):
    """The file could not be read; the message names the file and says what to do."""


def read_isolated(path: Path, *, filename: str, customer: str, default_year: int, mapping: dict[str, str] | None,
                  limits: ReadLimits, waiting: Callable[[], None] = lambda: None) -> IsolatedResult:
    """Read ``path`` in a child process; ``waiting`` is called about once a second while the child works (the
    job's sign of life, and where a superseded run is stopped). The caller closes the result."""
    out = tempfile.TemporaryFile("w+", encoding="utf-8")
    try:
        return _read(out, path, filename, customer, default_year, mapping, limits, waiting)
    except BaseException:
        out.close()
        raise


def _read(out: IO[str], path: Path, filename: str, customer: str, default_year: int,
          mapping: dict[str, str] | None, limits: ReadLimits, waiting: Callable[[], None]) -> IsolatedResult:
    request = {"path": str(path), "filename": filename, "customer": customer, "default_year": default_year,
               "mapping": mapping, "fd": out.fileno(), "memory_mb": limits.memory_mb, "seconds": limits.seconds,
               "wall_seconds": limits.wall_seconds, "max_rows": limits.max_rows, "max_columns": limits.max_columns}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen([sys.executable, "-m", "cityorder.demand.isolated_read"], stdin=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL, stderr=errors, env=env, pass_fds=(out.fileno(),))
        assert child.stdin is not None
        child.stdin.write(json.dumps(request).encode())
        child.stdin.close()
        started = time.monotonic()
        try:
            while child.poll() is None:
                if time.monotonic() - started > limits.wall_seconds:
                    child.kill()
                    child.wait()
                    raise IsolatedReadFailed(msg(OUT_OF_WALL_TIME, file=filename, seconds=limits.wall_seconds))
                waiting()
                try:
                    child.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
        except BaseException:
            if child.poll() is None:  # the job was stopped meanwhile: its reader goes with it
                child.kill()
                child.wait()
            raise
        errors.seek(0)
        stderr = errors.read()[-4000:].decode("utf-8", "replace")
    summary = _summary(out)
    if summary is None or child.returncode != 0:
        raise IsolatedReadFailed(_why_died(filename, child.returncode, stderr, limits))
    if "error" in summary:
        raise IsolatedReadFailed(summary["error"])
    return IsolatedResult(sheets=summary["sheets"], years=summary["years"], count=summary["count"], handle=out,
                          counts=summary["counts"])


def _summary(out: IO[str]) -> dict[str, Any] | None:
    """The child's last line, if it finished its work: the summary with the end mark, or the error."""
    out.seek(0)
    last = ""
    for last in out:  # noqa: B007  (only the last line is wanted)
        pass
    if not last.endswith("\n"):
        return None  # nothing written, or killed in the middle of a line
    summary: dict[str, Any] = json.loads(last)
    return summary if "error" in summary or summary.get("end") else None


def _why_died(filename: str, returncode: int | None, stderr: str, limits: ReadLimits) -> str:
    if returncode == -signal.SIGXCPU:  # its processor time ran out (RLIMIT_CPU)
        return msg(OUT_OF_TIME, file=filename, seconds=limits.seconds)
    if returncode == -signal.SIGALRM:  # its own wall-time alarm: the parent that would have stopped it is gone
        return msg(OUT_OF_WALL_TIME, file=filename, seconds=limits.wall_seconds)
    out_of_memory = ("MemoryError" in stderr or "memory allocation" in stderr or "Cannot allocate" in stderr
                     or returncode in (-6, -9))
    if out_of_memory:
        return msg(OUT_OF_MEMORY, file=filename, limit=limits.memory_mb)
    if not stderr.strip():
        return msg(READER_EXITED, file=filename, status=returncode)
    return msg(READER_DIED, file=filename, reason=stderr.strip().splitlines()[-1][:300])


def _record(raw: dict[str, Any]) -> LineRecord:
    raw["status"] = LineStatus(raw["status"])
    raw["quantities"] = {int(year): quantity for year, quantity in raw["quantities"].items()}
    return LineRecord(**raw)


def sheet_json(sheet: Any) -> dict[str, Any]:
    """How a sheet was read, as the file's page shows it and the mapping form offers it."""
    return {
        "sheet": sheet.sheet,
        "header_row": sheet.header_row,
        "header_rows": sheet.header_rows,
        "layout": sheet.layout,
        "years": sheet.years,
        "notes": sheet.notes,
        "warnings": sheet.warnings,
        "headers": sheet.headers,
        "data_columns": sheet.data_columns,
        "columns": {f: {"header": m.header, "letter": m.letter, "how": m.how} for f, m in sheet.columns.items()},
    }


# The child ------------------------------------------------------------------------------------------------------


def _child(request: dict[str, Any]) -> None:
    limit = request["memory_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # Processor time too, and the clock: a child left alone by a killed worker still ends, busy or stuck.
    resource.setrlimit(resource.RLIMIT_CPU, (request["seconds"], request["seconds"] + CPU_HARD_MARGIN))
    signal.alarm(request["wall_seconds"])
    from cityorder.engine.reading import DemandReading, UnreadableFile, tabular
    from cityorder.engine.reading.rows import BLANK_ROW

    tabular.LIMITS = tabular.Limits(max_columns=request["max_columns"], max_rows=request["max_rows"])
    # A blank row holds nothing to trace or correct: it is no line (two cells at A1 and A100000 would make
    # 99,998 of them).
    blank = msg(BLANK_ROW)
    counts = {"ok": 0, "skipped": 0, "errors": 0}
    keys = {LineStatus.OK: "ok", LineStatus.SKIPPED: "skipped", LineStatus.ERROR: "errors"}
    reading = DemandReading(Path(request["path"]), request["filename"], customer=request["customer"],
                            default_year=request["default_year"], mapping=request["mapping"])
    with os.fdopen(request["fd"], "w", encoding="utf-8") as out:
        batch: list[dict[str, Any]] = []
        try:
            for line in reading:
                if line.status is LineStatus.SKIPPED and line.message == blank:
                    continue
                counts[keys[line.status]] += 1
                batch.append(asdict(line))
                if len(batch) == BATCH:
                    _line(out, {"lines": batch})
                    batch = []
        except UnreadableFile as exc:
            _line(out, {"error": str(exc)})
            return
        if batch:
            _line(out, {"lines": batch})
        _line(out, {"sheets": [sheet_json(s) for s in reading.sheets], "years": reading.years,
                    "count": sum(counts.values()), "counts": counts, "end": True})


def _line(out: IO[str], item: dict[str, Any]) -> None:
    out.write(json.dumps(item, ensure_ascii=False))
    out.write("\n")


if __name__ == "__main__":
    _child(json.loads(sys.stdin.read()))
