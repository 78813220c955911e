"""Single-level BOMs (KiCad, Altium, JLCPCB exports) read by the demand reader, and the real files beside the
checkout (skipped when ../shared/data is absent)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from cityorder.engine.bom import PRODUCT, BomError, explode, read_bom
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


@pytest.mark.parametrize("name", ["boms/fomu-evt3b.csv", "boms/pi-104.csv", "real/valletw__esp-atx-power__bom.csv",
                                  "real/DiyPCBmex__Compactduino__BOM_JLCPCB.csv"])
def test_real_open_hardware_boms_explode_to_their_quantities_by_part(shared_data, name):
    bom = read_bom(shared_data / name)
    assert bom.lines and all(line.level == 1 and line.qty_per > 0 and line.key for line in bom.lines)
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for line in bom.lines:
        expected[line.key] += line.qty_per * 10
    explosion = explode(bom, {2026: 10})
    assert {p.key: p.by_year[2026] for p in explosion.parts} == expected


def test_a_real_list_with_rows_missing_their_quantity_is_refused_row_by_row(shared_data):
    files = sorted((shared_data / "real").glob("Cyclone-Nov__DocGOST__ПАКБ.436734.802ПЭ3.xls"))
    if not files:
        pytest.skip("the ПЭ3 list is not in ../shared/data/real")
    with pytest.raises(BomError) as caught:
        read_bom(files[0])
    assert caught.value.errors and all(e.row > 0 and e.column for e in caught.value.errors)
