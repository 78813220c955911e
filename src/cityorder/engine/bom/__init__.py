"""Bills of materials: reading multi-level BOMs, validating them, exploding them over a production plan."""

from cityorder.engine.bom.diff import BomChange, bom_diff
from cityorder.engine.bom.explosion import (
    BomPath,
    Explosion,
    PartNeed,
    bom_paths,
    explode,
    format_quantity,
    line_factor,
    parse_plan,
    path_count,
    required_quantity,
)
from cityorder.engine.bom.files import demand_rows, path_text, paths_rows, write_explosion
from cityorder.engine.bom.model import PRODUCT, Bom, BomLine, as_tree, children_by_level, exact
from cityorder.engine.bom.reading import BomError, part_identity, read_bom
from cityorder.engine.bom.workbook import bom_workbook

__all__ = [
    "PRODUCT", "Bom", "BomChange", "BomError", "BomLine", "BomPath", "Explosion", "PartNeed", "as_tree", "bom_diff",
    "bom_paths", "bom_workbook", "children_by_level", "demand_rows", "exact", "explode", "format_quantity",
    "line_factor", "part_identity", "parse_plan", "path_count", "path_text", "paths_rows", "read_bom",
    "required_quantity", "write_explosion",
]
