"""Reading demand sources: spreadsheets of any format city organizations really send."""

from cityorder.engine.reading.demand import DemandReading, ReadResult, SheetMapping, read_demand
from cityorder.engine.reading.layout import ColumnMatch
from cityorder.engine.reading.quantities import NotAQuantity, Quantity, parse_quantity
from cityorder.engine.reading.tabular import UnreadableFile

__all__ = [
    "ColumnMatch",
    "DemandReading",
    "NotAQuantity",
    "Quantity",
    "ReadResult",
    "SheetMapping",
    "UnreadableFile",
    "parse_quantity",
    "read_demand",
]
