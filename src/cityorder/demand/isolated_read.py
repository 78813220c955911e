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

The child imports no Django: it is the engine and the standard library only. The spawning, the limits and the
messages are those of every platform reading of an uploaded file (cityorder.engine.reading.isolated).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from cityorder.engine.messages import msg
from cityorder.engine.reading.isolated import (
    IsolatedReadFailed,
    ReadLimits,
    limit_self,
    spawn,
    why_died,
)
from cityorder.engine.records import LineRecord, LineStatus

BATCH = 2000


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
               "mapping": mapping}
    returncode, stderr = spawn("cityorder.demand.isolated_read", request, out, filename=filename, limits=limits,
                               waiting=waiting)
    summary = _summary(out)
    if summary is None or returncode != 0:
        raise IsolatedReadFailed(why_died(filename, returncode, stderr, limits))
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
    limit_self(request)
    from cityorder.engine.reading import DemandReading, UnreadableFile
    from cityorder.engine.reading.rows import BLANK_ROW

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
    _child(json.loads(sys.stdin.readline()))
