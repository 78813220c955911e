"""Demand lines between the engine and the database: LineRecords in, DemandLines out, and the rule a line typed
or corrected by a person must meet (the same wording the engine uses for a file's rows)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from cityorder.demand.models import DemandLine, LineOrigin, LineStatus, SourceFile, Submission
from cityorder.demand.texts import YEARS_OUTSIDE
from cityorder.engine.messages import msg
from cityorder.engine.reading import NotAQuantity, parse_quantity
from cityorder.engine.records import LineRecord
from cityorder.web.stored_text import shown

# The descriptive fields a line has in both worlds (LineRecord and DemandLine).
TEXT_FIELDS: tuple[str, ...] = (
    "name", "part_number", "manufacturer", "unit", "description", "value", "footprint", "designators", "supplier_code",
)
_MAX_LENGTH = {f.name: f.max_length for f in DemandLine._meta.fields if getattr(f, "max_length", None)}


def line_from_record(record: LineRecord, *, submission: Submission, source: SourceFile | None,
                     years: range | None) -> DemandLine:
    """A DemandLine of a row as the engine read it; quantities outside the campaign's years make it an error row."""
    line = DemandLine(
        submission=submission, source=source, origin=LineOrigin.FILE if source else LineOrigin.API,
        sheet=record.sheet[:255], row=record.row, status=str(record.status), message=record.message,
        column=record.column[:255], quantities={str(y): q for y, q in sorted(record.quantities.items())},
        cells={name: _clip("value", text) for name, text in record.cells.items()},
    )
    for name in TEXT_FIELDS:
        setattr(line, name, _clip(name, getattr(record, name)))
    if line.status == LineStatus.OK and years is not None:
        outside = [y for y in record.quantities if y not in years]
        if outside:
            line.status = LineStatus.ERROR
            line.message = _years_outside(outside, years)
    return line


def record_from_line(line: DemandLine, *, customer: str) -> LineRecord:
    """The engine's view of a stored line, for consolidation (file, sheet and row kept for tracing)."""
    return LineRecord(
        file=line.file_name or str(line.get_origin_display()),
        row=line.row or 0,
        status=line.status,  # type: ignore[arg-type]
        sheet=line.sheet,
        message=line.message,
        column=line.column,
        customer=customer,
        quantities={int(y): float(q) for y, q in line.quantities.items() if q not in (None, "")},
        **{name: getattr(line, name) for name in TEXT_FIELDS},
    )


@dataclass(slots=True)
class LineProblems:
    """What is wrong with a line a person typed or corrected: field -> message, empty when it is fine."""

    errors: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.errors)

    @property
    def message(self) -> str:
        return "; ".join(self.errors.values())

    @property
    def column(self) -> str:
        return next(iter(self.errors), "")


def clean_line_fields(fields: Mapping[str, Any], quantities: Mapping[Any, Any], years: Iterable[int]
                      ) -> tuple[dict[str, str], dict[str, float], LineProblems]:
    """Normalized text fields and quantities of a line, with what is wrong (a part needs a name or a part number;
    quantities are numbers ≥ 0 in the campaign's years, at least one of them above zero)."""
    problems = LineProblems()
    texts = {name: _clip(name, str(fields.get(name) or "").strip()) for name in TEXT_FIELDS}
    if not texts["name"] and not texts["part_number"]:
        problems.errors["name"] = _("give a name or a part number")
    allowed = list(years)
    parsed: dict[str, float] = {}
    for year_key, cell in quantities.items():
        try:
            year = int(year_key)
        except (TypeError, ValueError):
            problems.errors[f"quantity:{year_key}"] = _("«%(year)s» is not a year") % {"year": year_key}
            continue
        if year not in allowed:
            problems.errors[f"quantity:{year}"] = shown(_years_outside([year], allowed))
            continue
        value = parse_quantity(cell if isinstance(cell, (int, float)) else (str(cell) if cell is not None else None))
        if isinstance(value, NotAQuantity):
            if not value.empty:
                problems.errors[f"quantity:{year}"] = (_("%(year)s: %(reason)s")
                                                       % {"year": year, "reason": shown(value.reason)})
            continue
        parsed[str(year)] = value.value
    if not problems.errors and not any(q > 0 for q in parsed.values()):
        problems.errors["quantity"] = _("give a quantity above zero for at least one year")
    return texts, parsed, problems


def _years_outside(outside: Iterable[int], years: Iterable[int]) -> str:
    allowed = list(years)
    return msg(YEARS_OUTSIDE, years=", ".join(map(str, sorted(outside))), first=allowed[0], last=allowed[-1])


def _clip(name: str, text: str) -> str:
    limit = _MAX_LENGTH.get(name)
    return text[:limit] if limit else text
