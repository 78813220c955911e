"""The records that pass between the engine's stages.

reading  ──► LineRecord (one per source row, whatever its status)
identity ──► Identity (one per distinct raw description of a part)
consolidation groups ok lines by Identity.key into positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cityorder.engine.messages import msg, template

# Where a row is, for people: «order.xlsx:Лист1, row 12».
ROW_REF = template("%(place)s, row %(row)s")


class LineStatus(StrEnum):
    OK = "ok"
    SKIPPED = "skipped"  # section titles, blank and total rows: said so, never silently dropped
    ERROR = "error"  # a row that cannot be read: the message says what to fix


@dataclass(slots=True)
class LineRecord:
    """One row of a demand source, as read; ``row`` is 1-based as a spreadsheet shows it."""

    file: str
    row: int
    status: LineStatus
    sheet: str = ""
    message: str = ""
    column: str = ""  # the column a message is about, as the sheet names it (e.g. «Кол-во» or «D»)
    customer: str = ""
    name: str = ""
    part_number: str = ""
    manufacturer: str = ""
    unit: str = ""
    description: str = ""
    value: str = ""
    footprint: str = ""
    designators: str = ""
    # Distributors' order codes, «LCSC:C25744; MOUSER:511-TSV912IQ2T» (identity/suppliers.py): never the maker's
    # part number, but the same code of one distributor on two lines is one part.
    supplier_code: str = ""
    quantities: dict[int, float] = field(default_factory=dict)  # year -> quantity in `unit`
    # An error row's cells the message is about, as the file had them, by the field they fill («quantity:2027»,
    # «year», «name»): the person corrects that cell and keeps the rest of the row, which stays read.
    cells: dict[str, str] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        where = f"{self.file}:{self.sheet}" if self.sheet else self.file
        return msg(ROW_REF, place=where, row=self.row)
