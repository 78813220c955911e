"""Exports of a version and of each customer's part: they open in a spreadsheet, with Russian headers by default,
and nothing a customer typed runs as a formula. A customer downloads only its own part of the published version."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cityorder.order import services
from tests.order.helpers import FORMULA, TIMER, position_named

pytestmark = pytest.mark.django_db


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    return list(book.active.iter_rows(values_only=True))


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_version_xlsx_has_a_column_per_year_and_numbers_as_numbers(client, alice, version):
    client.force_login(alice)
    response = client.get(reverse("order:export", args=[version.pk, "xlsx"]))
    assert f"order-{version.campaign.code}-v1.xlsx" in response["Content-Disposition"]
    header, *rows = sheet_rows(response)
    assert header[1] == "Наименование"  # Russian by default, whatever the interface language
    years = [header.index(str(y)) for y in (2026, 2027, 2028)]
    timer = next(r for r in rows if r[0] == position_named(version, TIMER).position_id)
    assert [timer[i] for i in years] == [120, 1000, 50]
    assert len(rows) == version.positions.count()
    english = sheet_rows(client.get(reverse("order:export", args=[version.pk, "xlsx"]), {"lang": "en"}))
    assert english[0][1] == "Name"


def test_formulas_typed_by_a_customer_are_written_as_text(client, alice, bob, version):
    client.force_login(alice)
    response = client.get(reverse("order:customer_export", args=[version.pk, bob.organization.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for row in book.active.iter_rows() for cell in row if "HYPERLINK" in str(cell.value)]
    assert cells and all(cell.data_type == "s" and cell.value == "'" + FORMULA for cell in cells)

    lines = csv_rows(client.get(reverse("order:customer_export", args=[version.pk, bob.organization.pk, "csv"])))
    assert "'" + FORMULA in [value for row in lines for value in row]
    positions = csv_rows(client.get(reverse("order:export", args=[version.pk, "csv"])))
    assert not any(value.startswith(("=", "+", "@")) for row in positions for value in row)


def test_a_customers_part_holds_its_own_lines_with_their_positions(client, alice, bob, carol, version):
    client.force_login(alice)
    header, *rows = sheet_rows(
        client.get(reverse("order:customer_export", args=[version.pk, carol.organization.pk, "xlsx"])))
    assert len(rows) == 4 and {r[1] for r in rows} == {carol.organization.short_name}
    assert {r[3] for r in rows} == {"hospital.xlsx"}
    ids = set(version.positions.values_list("position_id", flat=True))
    assert {r[0] for r in rows} <= ids
    outsider = client.get(reverse("order:customer_export", args=[version.pk, alice.organization.pk, "xlsx"]))
    assert outsider.status_code == 404
    assert client.get(reverse("order:export", args=[version.pk, "pdf"])).status_code == 404


def test_bob_downloads_his_part_of_the_published_version_only(client, alice, bob, carol, version):
    url = reverse("order:my_part", args=[version.campaign.code])
    client.force_login(bob)
    assert client.get(url).status_code == 404  # nothing is published yet

    services.version_publish(actor=alice, order=version)
    header, *rows = sheet_rows(client.get(url))
    assert len(rows) == 5
    assert {r[1] for r in rows} == {bob.organization.short_name} and {r[2] for r in rows} == {bob.organization.inn}
    text = repr(rows)
    assert carol.organization.short_name not in text and "hospital.xlsx" not in text
    lines = csv_rows(client.get(url, {"format": "csv"}))
    assert len(lines) == 6

    client.force_login(carol)
    carols = sheet_rows(client.get(url))[1:]
    assert {r[1] for r in carols} == {carol.organization.short_name}
    assert bob.organization.inn not in repr(carols) and "demand.xlsx" not in repr(carols)
    bobs_part = reverse("order:customer_export", args=[version.pk, bob.organization.pk, "xlsx"])
    assert client.get(bobs_part).status_code == 404


def test_only_customers_who_sent_demand_have_a_part(client, alice, max_maker, cora, version):
    services.version_publish(actor=alice, order=version)
    url = reverse("order:my_part", args=[version.campaign.code])
    for user in (max_maker, cora, alice):
        client.force_login(user)
        assert client.get(url).status_code == 404
