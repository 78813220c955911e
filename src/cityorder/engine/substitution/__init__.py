"""Import substitution in the engine: a catalog of products, cross-references, domestic analogs of positions and
the coverage of the order by domestic capacity. Pure Python; the substitution app and the command call it.

    catalog = read_catalog("catalog.xlsx")            xrefs = read_xrefs("xref.csv")
    table = read_analog_table("soviet_foreign_ic_analogs.csv")   # xrefs + doubtful rows
    analogs = match_analogs(result.positions, catalog, xrefs + table.xrefs, decisions=...)
    write_analogs(analogs, "out/analogs.csv")
    coverage = compute_coverage(result.positions, analogs, Catalog(catalog))
"""

from cityorder.engine.substitution.analog_table import DoubtfulRow, XrefImport, read_analog_table
from cityorder.engine.substitution.catalog import Catalog
from cityorder.engine.substitution.catalog_file import parse_catalog, read_catalog
from cityorder.engine.substitution.coverage import (
    ALL,
    COUNTED,
    Balance,
    Coverage,
    CoverageCell,
    Gap,
    RoadmapStep,
    Share,
    Status,
    Supply,
    compute_coverage,
    is_own_domestic,
    supplies_from_catalog,
)
from cityorder.engine.substitution.decisions import (
    AnalogDecision,
    AnalogDecisionError,
    AnalogVerdict,
    load_analog_decisions,
)
from cityorder.engine.substitution.designations import Expansion, expand_designations
from cityorder.engine.substitution.families import names_variant
from cityorder.engine.substitution.items import CatalogItem, Origin, item_id, item_key
from cityorder.engine.substitution.matching import Analog, analogs_for_result, match_analogs
from cityorder.engine.substitution.output import ANALOGS_HEAD, write_analogs
from cityorder.engine.substitution.positions import PositionRow
from cityorder.engine.substitution.sheets import RowError, SourceFileError
from cityorder.engine.substitution.xref_file import parse_xrefs, read_xrefs
from cityorder.engine.substitution.xrefs import Compatibility, Xref, XrefIndex

__all__ = [
    "ALL", "ANALOGS_HEAD", "COUNTED", "Analog", "AnalogDecision", "AnalogDecisionError", "AnalogVerdict", "Balance",
    "Catalog", "CatalogItem", "Compatibility", "Coverage", "CoverageCell", "DoubtfulRow", "Expansion", "Gap",
    "Origin", "PositionRow", "RoadmapStep", "RowError", "Share", "SourceFileError", "Status", "Supply", "Xref",
    "XrefImport", "XrefIndex", "analogs_for_result", "compute_coverage", "expand_designations", "is_own_domestic",
    "item_id", "item_key", "load_analog_decisions", "match_analogs", "names_variant", "parse_catalog", "parse_xrefs",
    "read_analog_table", "read_catalog", "read_xrefs", "supplies_from_catalog", "write_analogs",
]
