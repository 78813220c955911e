"""File mode: demand files -> read -> identify -> consolidate, in one call the command and the web reuse.

Campaign mode (lines from the database) calls ``consolidate_lines`` with its own lines instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cityorder.engine.consolidation import (
    ConsolidationResult,
    Decision,
    IdentityService,
    MatchSettings,
    consolidate_lines,
)
from cityorder.engine.consolidation.matching import DEFAULT_SETTINGS
from cityorder.engine.messages import msg, template
from cityorder.engine.reading.isolated import ReadLimits, call_isolated
from cityorder.engine.records import LineRecord, LineStatus

SHEET_WARNING = template("%(place)s: %(warning)s")

# Called as progress(done_files, total_files, file_name) while reading, so a caller can draw a bar.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    unreadable: int
    rows: int
    ok: int
    skipped: int
    errors: int
    positions: int
    probable_matches: int
    auto_merged: int


def consolidate_files(
    paths: Sequence[str | Path],
    *,
    customer: str | None = None,
    default_year: int | None = None,
    decisions: Iterable[Decision | tuple[str, str, str]] = (),
    mapping: Any = None,
    service: IdentityService | None = None,
    settings: MatchSettings = DEFAULT_SETTINGS,
    progress: Progress | None = None,
    warnings: list[str] | None = None,
    read_limits: ReadLimits | None = None,
) -> ConsolidationResult:
    """Read every file (customer defaults to each file's stem), consolidate the ok rows, keep every row.

    A file that cannot be read is listed in ``unreadable`` with the reason; the others go on. What reading
    warns about (columns with data that nothing read) is appended to ``warnings`` when a list is given. With
    ``read_limits`` each file is read in a limited child process (cityorder.engine.reading.isolated), so a
    hostile file is one more unreadable file rather than the end of the program.
    """
    year = default_year or date.today().year
    records: list[LineRecord] = []
    files: list[str] = []
    unreadable: list[tuple[str, str]] = []
    for done, path in enumerate(map(Path, paths), start=1):
        try:
            args = (path, customer or path.stem, year, mapping)
            lines, said = (_read_file(*args) if read_limits is None
                           else call_isolated(_read_file, *args, filename=path.name, limits=read_limits))
            records.extend(lines)
            if warnings is not None:
                warnings.extend(said)
            files.append(path.name)
        except (OSError, ValueError) as exc:  # UnreadableFile is a ValueError; a missing file an OSError
            unreadable.append((path.name, str(exc)))
        if progress:
            progress(done, len(paths), path.name)
    result = consolidate_lines(records, decisions=decisions, service=service, settings=settings)
    result.records = records
    result.files = files
    result.unreadable = unreadable
    return result


def _read_file(path: Path, customer: str, year: int, mapping: Any) -> tuple[list[LineRecord], list[str]]:
    """A file's lines and what its reading warns about."""
    from cityorder.engine.reading import read_demand

    read = read_demand(path, path.name, customer=customer, default_year=year, mapping=mapping)
    lines = list(read.lines)
    warnings = [
        msg(SHEET_WARNING, place=f"{path.name}:{sheet.sheet}" if sheet.sheet else path.name, warning=warning)
        for sheet in read.sheets
        for warning in sheet.warnings
    ]
    return lines, warnings


def summarize(result: ConsolidationResult) -> Summary:
    statuses = [record.status for record in result.records]
    return Summary(
        files=len(result.files),
        unreadable=len(result.unreadable),
        rows=len(statuses),
        ok=statuses.count(LineStatus.OK),
        skipped=statuses.count(LineStatus.SKIPPED),
        errors=statuses.count(LineStatus.ERROR),
        positions=result.positions.num_rows,
        probable_matches=sum(1 for m in result.matches if not m.merged),
        auto_merged=sum(1 for m in result.matches if m.merged),
    )
