"""analogs.csv: one row per proposed analog. The leading columns are a contract other tools read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from cityorder.engine.output.csv_files import write_csv
from cityorder.engine.output.tables import Rows, Value
from cityorder.engine.substitution.matching import Analog

ANALOGS_HEAD: tuple[str, ...] = ("position_id", "rank", "part_number", "manufacturer", "compatibility", "score",
                                 "reason")
# decision: empty, or «confirmed» for a verdict already given; fill confirmed / rejected and pass the file back
# (decisions.load_analog_decisions).
ANALOGS_TAIL: tuple[str, ...] = ("item_key", "registry_no", "category", "found_by", "decision")


def analogs_rows(analogs: Iterable[Analog]) -> Rows:
    def rows() -> Iterator[list[Value]]:
        for a in analogs:
            yield [a.position_id, a.rank, a.part_number, a.manufacturer, a.compatibility, a.score, a.reason,
                   a.item_key, a.registry_no, a.category, a.found_by, "confirmed" if a.confirmed else ""]

    return Rows([*ANALOGS_HEAD, *ANALOGS_TAIL], rows())


def write_analogs(analogs: Iterable[Analog], path: str | Path) -> int:
    """Write analogs.csv (UTF-8, comma-separated, header row); the number of analogs written."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_csv(target, analogs_rows(analogs))
