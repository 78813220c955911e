"""Import substitution in the platform: catalog and cross-reference imports, matching, verdicts, offers, coverage
of the demo order (its numbers worked out by hand below) and the producers' forecast."""

from __future__ import annotations

import csv
import io
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from tests.substitution.helpers import demo_order

from cityorder.accounts.models import User
from cityorder.engine.substitution import ALL, Status
from cityorder.registry.models import Organization
from cityorder.substitution import queries, services
from cityorder.substitution.models import Analog, CatalogItem, CrossReference

pytestmark = pytest.mark.django_db


def csv_bytes(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


CATALOG_HEAD = ["part_number", "manufacturer", "name", "category", "origin", "registry_no", "capacity_2026"]


def test_demo_coverage_worked_out_by_hand():
    order = demo_order()
    coverage = queries.coverage_for(order).coverage
    # 2026: 15 positions (Мосгортранс's UPS battery, ДЗМ's AGM one in other words, is a gap). Covered: both
    # 10 kΩ 0805 resistors (100 000 + 20 000 against РТ-0805-103-1's 5 000 000),
    # the 5 V regulator (13 500 against СМЭ-1142ЕН5's 400 000), the LiFePO4 12.8 V 100 Ah battery (360 against
    # AT-LFP-12-100). The MCU has an analog (МЭЗ-32F103) but it is ready only from mid-2027: short.
    share = coverage.share(ALL, 2026)
    assert (share.positions, share.positions_covered, share.positions_with_analog) == (15, 4, 5)
    assert share.quantity_covered == 100000 + 20000 + 13500 + 360
    # Value, over the positions whose analog has a (demo) price: the five above, at 0.85, 38, 62 000 and 420 RUB.
    covered_value = (100000 + 20000) * 0.85 + 13500 * 38 + 360 * 62000
    assert share.priced_positions == 5
    assert share.value_covered == pytest.approx(covered_value)
    assert share.value == pytest.approx(covered_value + 4800 * 420)
    # 2027: МЭЗ-32F103 supplies 100 000, the MCU needs 4 000 + 500 + 800 = 5 300: covered too.
    share = coverage.share(ALL, 2027)
    assert share.positions_covered == 5
    assert share.quantity_covered == 100000 + 20000 + 13500 + 410 + 5300
    roadmap = {step.category: step.first_full_year for step in coverage.roadmap}
    assert roadmap["ic.mcu"] == 2027 and roadmap["passive.resistor"] == 2026 and roadmap["ic.timer"] is None
    # The e-bus has only a name-alike analog: it covers nothing until an analyst confirms it.
    ebus = order.positions.get(name="Электробус 12 м")
    assert coverage.cell(ebus.position_id, 2026).status == Status.NONE
    gaps = [gap.position_id for gap in coverage.gaps]
    assert order.positions.get(part_number="NE555P").position_id in gaps


def test_confirming_a_text_analog_counts_it_and_rejecting_removes_it(alice):
    order = demo_order()
    ebus = order.positions.get(name="Электробус 12 м")
    analog = Analog.objects.get(position=ebus)
    services.analog_decide(actor=alice, position_key=ebus.key, item=analog.item, verdict="confirmed")
    # ЭБС-12 (ready from September 2026): 100 in 2026 against 250 needed, 300 in 2027 against 300.
    coverage = queries.coverage_for(order).coverage
    assert (coverage.cell(ebus.position_id, 2026).status, coverage.cell(ebus.position_id, 2026).supplied) == (
        Status.SHORT, 100)
    assert coverage.cell(ebus.position_id, 2027).status == Status.COVERED
    services.analog_decide(actor=alice, position_key=ebus.key, item=analog.item, verdict="rejected")
    services.match_order(order)
    assert not Analog.objects.filter(position=ebus).exists()


def test_an_offer_adds_capacity_and_only_its_maker_may_make_it(alice, max_maker):
    order = demo_order()
    mcu = CatalogItem.objects.get(part_number="МЭЗ-32F103")
    maker = mcu.organization
    with pytest.raises(PermissionDenied):
        services.offer_create(actor=max_maker, organization=maker, item=mcu, volumes={2026: 5000}, from_year=2026)
    services.offer_create(actor=alice, organization=maker, item=mcu, volumes={2026: 5000}, from_year=2026)
    position = order.positions.get(part_number="STM32F103C8T6")
    cell = queries.coverage_for(order).coverage.cell(position.position_id, 2026)
    assert (cell.status, cell.supplied) == (Status.COVERED, 4800)


def test_producer_forecast_aggregates_without_customers():
    demo_order()
    battery = User.objects.get(username="battery").organization
    forecast = queries.producer_forecast(battery)
    (row,) = forecast.by_product
    assert row.quantities == {2026: 360, 2027: 410, 2028: 480, 2029: 530, 2030: 600}
    assert row.customers == 2
    assert "Мосгортранс" not in repr(forecast)


def test_catalog_import_is_all_or_nothing_and_errors_name_the_row(alice):
    bad = csv_bytes([CATALOG_HEAD,
                     ["КР142ЕН5А", "Демо-завод", "Стабилизатор 5 В", "ic.regulator", "domestic", "", 1000],
                     ["X1", "Y", "Z", "ic.regulator", "местный", "", "много"]])
    outcome = services.catalog_import(actor=alice, name="catalog.csv", data=bad)
    assert not outcome.ok and any("row 3" in e for e in outcome.errors)
    assert not CatalogItem.objects.exists()
    good = csv_bytes([CATALOG_HEAD, ["КР142ЕН5А", "Демо-завод", "Стабилизатор 5 В", "ic.regulator", "domestic",
                                     "РЭП-0001", 1000],
                      ["L7805CV", "STMicroelectronics", "Regulator", "ic.regulator", "foreign", "", ""]])
    outcome = services.catalog_import(actor=alice, name="catalog.csv", data=good)
    assert (outcome.ok, outcome.created) == (True, 2)
    assert CatalogItem.objects.get(part_number="КР142ЕН5А").capacities == {"2026": 1000}
    assert services.catalog_import(actor=alice, name="catalog.csv", data=good).updated == 2


def test_cross_reference_of_a_family_finds_the_domestic_analog_of_a_variant(alice, max_maker):
    order = demo_order()
    with pytest.raises(PermissionDenied):
        services.xref_import(actor=max_maker, name="x.csv", data=b"")
    services.catalog_import(actor=alice, name="c.csv", data=csv_bytes(
        [CATALOG_HEAD, ["КР1006ВИ1", "Демо-микро", "Таймер", "ic.timer", "domestic", "", 10000]]))
    outcome = services.xref_import(actor=alice, name="x.csv", data=csv_bytes(
        [["part_number", "analog_part_number", "compatibility", "note"], ["NE555", "КР1006ВИ1", "pin", ""],
         ["КР1006ВИ1", "NE555", "pin", "the same pair written the other way"]]))
    assert outcome.ok and CrossReference.objects.filter(source__startswith="x.csv").count() == 1
    services.match_order(order)
    timer = order.positions.get(part_number="NE555P")
    best = Analog.objects.filter(position=timer).order_by("rank").first()
    assert best.item.part_number == "КР1006ВИ1" and best.compatibility == "pin"
    assert "NE555" in best.reason


def test_consolidate_file_mode_writes_analogs_csv(tmp_path):
    from tests.demand.workbooks import messy_demand

    demand = tmp_path / "school.xlsx"
    demand.write_bytes(messy_demand())
    catalog = tmp_path / "catalog.csv"
    catalog.write_bytes(csv_bytes([CATALOG_HEAD, ["КР142ЕН5А", "Демо-завод", "Стабилизатор 5 В", "ic.regulator",
                                                  "domestic", "", 1000]]))
    xref = tmp_path / "xref.csv"
    xref.write_bytes(csv_bytes([["part_number", "analog_part_number", "compatibility", "note"],
                                ["L7805", "КР142ЕН5А", "pin", ""]]))
    out = tmp_path / "out"
    output = StringIO()
    call_command("consolidate", str(demand), "--catalog", str(catalog), "--xref", str(xref), "--out", str(out),
                 stdout=output)
    with (out / "analogs.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:7] == ["position_id", "rank", "part_number", "manufacturer", "compatibility", "score",
                                 "reason"]
    assert [(r["part_number"], r["rank"], r["compatibility"]) for r in rows] == [("КР142ЕН5А", "1", "pin")]


def test_consolidate_campaign_mode_writes_analogs_from_the_database(tmp_path):
    demo_order()
    call_command("consolidate", "--campaign", "ekb-2026", "--out", str(tmp_path), stdout=StringIO())
    with (tmp_path / "analogs.csv").open(encoding="utf-8") as handle:
        parts = {row["part_number"] for row in csv.DictReader(handle)}
    assert {"МЭЗ-32F103", "СМЭ-1142ЕН5", "AT-LFP-12-100"} <= parts


@pytest.mark.shared_data
def test_the_soviet_table_imports_with_its_doubtful_rows_reported(shared_data):
    out, err = StringIO(), StringIO()
    call_command("import_xrefs", "--soviet-table", str(shared_data / "soviet_foreign_ic_analogs.csv"),
                 stdout=out, stderr=err)
    assert CrossReference.objects.count() > 2500
    assert "doubtful rows" in out.getvalue() and "row " in err.getvalue()
    assert CrossReference.objects.filter(part_number__startswith="КР142ЕН8").count() >= 3


def test_registry_sync_keeps_producers_products_only():
    demo_order()
    assert not CatalogItem.objects.filter(organization__kind__in=["government_body", "subordinate"]).exists()
    assert Organization.objects.filter(catalog_items__isnull=False).distinct().count() >= 10
