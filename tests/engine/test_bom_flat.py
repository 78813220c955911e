"""Single-level BOMs (KiCad, Altium, JLCPCB exports) read by the demand reader, and the real files beside the
checkout (skipped when ../shared/data is absent)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from cityorder.engine.bom import PRODUCT, BomError, explode, read_bom, required_quantity
from cityorder.engine.identity import identify

KICAD = (
    "Reference,Value,Footprint,Qty,MPN,Manufacturer\n"
    '"R1,R2,R3",10k,Resistor_SMD:R_0805,3,RC0805FR-0710KL,Yageo\n'
    "U1,STM32F103C8T6,Package_QFP:LQFP-48,1,STM32F103C8T6,ST\n"
    "U2,KR142EN5A,TO-220,1,КР142ЕН5А,\n"
)


def test_a_kicad_export_is_a_single_level_bom_with_demand_identities(tmp_path):
    path = tmp_path / "board.csv"
    path.write_text(KICAD, encoding="utf-8")
    bom = read_bom(path)
    assert [(line.level, line.part_number, line.qty_per) for line in bom.lines] == [
        (1, "RC0805FR-0710KL", Decimal(3)), (1, "STM32F103C8T6", Decimal(1)), (1, "КР142ЕН5А", Decimal(1))]
    assert bom.under(PRODUCT) == [0, 1, 2]
    assert bom.lines[0].designators.replace(" ", "") == "R1,R2,R3"
    assert bom.lines[2].key == identify(part_number="KR142EN5A").key


def test_a_single_level_row_without_quantity_is_refused_with_its_place(tmp_path):
    path = tmp_path / "board.csv"
    # no designators to count either: the quantity is missing
    path.write_text("Value,Qty,MPN\nMCU,,STM32F103C8T6\nLDO,1,LM1117\n", encoding="utf-8")
    with pytest.raises(BomError) as caught:
        read_bom(path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "Qty")]


def _real_files(shared_data):
    return sorted(p for folder in ("boms", "real") for p in (shared_data / folder).iterdir()
                  if p.is_file() and p.suffix.lower() != ".md")


def test_every_real_bom_reads_whole_or_is_refused_row_by_row(shared_data):
    """Whatever the reader learns next, a real file gives lines that explode to their quantities by part, or a
    refusal naming the file and its rows; never half a BOM."""
    read = 0
    for path in _real_files(shared_data):
        try:
            bom = read_bom(path)
        except BomError as exc:
            assert exc.errors and all(e.file == path.name for e in exc.errors), path.name
            assert all(e.row > 0 for e in exc.errors) or len(exc.errors) == 1, path.name
            continue
        read += 1
        assert bom.lines and all(line.level == 1 and line.qty_per > 0 and line.key for line in bom.lines), path.name
        expected: dict[str, Decimal] = defaultdict(Decimal)
        for line in bom.lines:
            expected[line.key] += line.qty_per * 10
        units = {line.key: line.unit for line in bom.lines}
        explosion = explode(bom, {2026: 10})
        assert {p.key: p.by_year[2026] for p in explosion.parts} == {
            k: required_quantity(units[k], q) for k, q in expected.items()}, path.name
    assert read >= 8  # fomu, pi-104, esp-atx-power, Compactduino, … read today
