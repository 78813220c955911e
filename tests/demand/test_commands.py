"""import_demand (files received by mail) and consolidate --campaign, end to end through the database."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from cityorder.demand.models import Campaign, SubmissionStatus
from cityorder.order.models import CityOrder
from cityorder.registry.models import Organization
from tests import factories as f
from tests.demand.workbooks import messy_demand, xlsx

pytestmark = pytest.mark.django_db

INN = "7707083893"  # a checksum-valid legal-entity INN


@pytest.fixture
def admin_user(db):
    return f.UserFactory(username="root", is_superuser=True, is_staff=True)


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_creates_campaign_and_customer_and_skips_a_file_seen_before(admin_user, tmp_path):
    path = tmp_path / "школа.xlsx"
    path.write_bytes(messy_demand())
    output = run("import_demand", "--campaign", "mail-2026", "--customer", INN, "--create", "--name",
                 "ГБОУ Школа (демо)", "--years", "2026-2028", str(path))
    assert "школа.xlsx: 3 lines, 1 skipped, 1 with errors" in output
    campaign = Campaign.objects.get(code="mail-2026")
    customer = Organization.objects.get(inn=INN)
    submission = campaign.submissions.get(customer=customer)
    assert submission.status == SubmissionStatus.ACCEPTED
    count = submission.lines.count()
    again = run("import_demand", "--campaign", "mail-2026", "--customer", INN, str(path))
    assert "already imported" in again
    assert submission.lines.count() == count


def test_import_without_create_names_what_is_missing(admin_user, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(messy_demand())
    with pytest.raises(CommandError, match="--create"):
        run("import_demand", "--campaign", "nope", "--customer", INN, str(path))


def test_consolidate_campaign_saves_a_version_and_writes_the_file_mode_outputs(admin_user, tmp_path):
    first = tmp_path / "first.xlsx"
    first.write_bytes(messy_demand())
    second = tmp_path / "second.xlsx"
    second.write_bytes(xlsx([["Наименование", "Обозначение", "Ед. изм.", 2026, 2027],
                             ["Таймер", "NE 555P", "шт", 7, 8]]))
    run("import_demand", "--campaign", "mail-2026", "--customer", INN, "--create", "--years", "2026-2028", str(first))
    run("import_demand", "--campaign", "mail-2026", "--customer", "7736207543", "--create", str(second))
    out = tmp_path / "out"
    output = run("consolidate", "--campaign", "mail-2026", "--out", str(out))
    assert "saved version 1" in output
    order = CityOrder.objects.get(campaign__code="mail-2026")
    timer = order.positions.get(part_number="NE555P")
    assert timer.customers == 2 and timer.quantities["2026"] == 107
    with (out / "positions.csv").open(encoding="utf-8") as handle:
        rows = {row["position_id"]: row for row in csv.DictReader(handle)}
    assert rows[timer.position_id]["qty_2026"] == "107"
    with (out / "lines.csv").open(encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    assert {line["file"] for line in lines} == {"first.xlsx", "second.xlsx"}
    assert any(line["status"] == "skipped" for line in lines)
    assert load_workbook(out / "order.xlsx").sheetnames[0] == "positions"
    run("consolidate", "--campaign", "mail-2026", "--out", str(out))
    assert CityOrder.objects.filter(campaign__code="mail-2026").count() == 2


def test_consolidate_unknown_campaign(tmp_path):
    with pytest.raises(CommandError, match="no campaign"):
        run("consolidate", "--campaign", "nope", "--out", str(tmp_path))
