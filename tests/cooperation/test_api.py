"""The cooperation API: the same flow and the same permissions as the pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cityorder.cooperation.models import LocalizationItem, LocalizationThreshold, RegistryEntry
from cityorder.demand.models import DemandLine
from tests.cooperation.conftest import EBUS_ROWS, bom_file, lto_cell_maker

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(settings):
    def client_for(user):
        client = APIClient()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def cell_maker(cluster):
    """A member of the cluster (an SEZ resident with a PP 719 entry) whose catalog product is the LTO cell."""
    cells = lto_cell_maker(cluster)
    RegistryEntry.objects.create(registry_no="10123456", inn=cells.inn, product_name="Ячейки LTO",
                                 organization_name="ООО «Ячейка»", valid_until=datetime.date(2030, 12, 31))
    LocalizationItem.objects.create(product_kind="bus", code="battery", title="Тяговая батарея", points=1000,
                                    categories="battery")
    LocalizationItem.objects.create(product_kind="bus", code="assembly", title="Сборка", points=500)
    LocalizationThreshold.objects.create(product_kind="bus", year=2026, points=1200)
    LocalizationThreshold.objects.create(product_kind="bus", year=2027, points=2000)
    return cells


def test_bom_plan_explosion_sourcing_and_the_order_through_the_api(api, cora, alice, project, campaign, integrator,
                                                                    cell_maker, django_capture_on_commit_callbacks):
    client = api(cora)
    base = f"/api/v1/projects/{project.code}/"
    imported = client.post(base + "boms/import/", {"file": SimpleUploadedFile("ebus.xlsx", bom_file())},
                           format="multipart")
    assert imported.status_code == 201, imported.content
    assert imported.json()["lines"] == 7
    lines = client.get(base + "boms/1/lines/").json()
    assert [(line["part_number"], line["level"], line["parent_position"]) for line in lines[:3]] == [
        ("BAT-240", 1, None), ("MOD-LTO", 2, 0), ("КР142ЕН5А", 3, 1)]
    assert client.put(base + "plan/", {"plan": {"2026": 150, "2027": 600}}, format="json").json() == {
        "plan": {"2026": 150, "2027": 600}}
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(base + "explode/", {"campaign": campaign.code}, format="json")
    assert started.status_code == 202 and started.json()["kind"] == "explode_bom"
    assert client.get(f"/api/v1/jobs/{started.json()['id']}/").json()["status"] == "done"
    demand = {n["part_number"]: n for n in client.get(base + "demand/").json()}
    assert demand["КР142ЕН5А"]["quantities"] == {"2026": "3600", "2027": "14400"}
    assert demand["КР142ЕН5А"]["demand_line"] == DemandLine.objects.get(part_number="КР142ЕН5А").pk

    # Candidates, by page: the cell maker of this cluster for the cells, with its capacity against the need.
    page = client.get(base + "candidates/").json()
    assert (page["count"], page["next"], len(page["results"])) == (3, None, 3)
    cells = client.get(base + "candidates/", {"key": "pn:LTO66160"}).json()["results"][0]
    assert (cells["need"], cells["shortfall"], cells["gap"]) == (
        {"2026": "36720", "2027": "146880"}, {"2026": "6720", "2027": "46880"}, False)
    [candidate] = cells["candidates"]
    assert (candidate["organization"], candidate["tier"], candidate["found_by"]) == (cell_maker.pk, "this_cluster",
                                                                                     "analog")
    assert candidate["capacity"] == {"2026": "30000", "2027": "100000"}
    assert [e["registry_no"] for e in candidate["registry_entries"]] == ["10123456"]
    assert {p["part_number"] for p in client.get(base + "candidates/", {"gap": "true"}).json()["results"]} == {
        "КР142ЕН5А", "ВВГ-3x16"}
    assert [p["part_number"] for p in client.get(base + "candidates/", {"gap": "false"}).json()["results"]] == [
        "LTO-66160"]
    # The supply picture before and after the assignment, from the same reads as the page.
    assert client.get(base + "supply/").json()["domestic"]["lines"] == 0
    assigned = client.post(base + "assignments/set/", {"key": "pn:LTO66160", "organization": candidate["organization"],
                                                       "mode": "buy", "status": "agreed"}, format="json")
    assert assigned.status_code == 200 and assigned.json()["status"] == "agreed"
    assert [a["key"] for a in client.get(base + "assignments/").json()] == ["pn:LTO66160"]
    supply = client.get(base + "supply/").json()
    assert [(supply[s]["lines"], supply[s]["of_lines"]) for s in ("domestic", "cluster", "sez")] == [(1, 3)] * 3
    assert supply["priced_lines"] == 1 and supply["domestic"]["cost_percent"] == 100.0
    assert supply["gaps_count"] == 2 and {g["part_number"] for g in supply["gaps"]} == {"КР142ЕН5А", "ВВГ-3x16"}
    assert client.get(base + "candidates/", {"key": "pn:LTO66160"}).json()["results"][0]["assignment"][
        "organization"] == cell_maker.pk
    # Localization: the integrator's assembly from the first year, the battery with the registered cells.
    localization = client.get(base + "localization/").json()
    assert localization["product_kind"] == "bus"
    assert [(y["year"], y["points"], y["threshold"], y["meets"]) for y in localization["years"]] == [
        (2026, 1500, 1200, True), (2027, 1500, 2000, False)]
    assert localization["years"][0]["reached"] == ["battery", "assembly"]

    # The derived demand reaches the city order, each position tracing to the project's demand line.
    with django_capture_on_commit_callbacks(execute=True):
        consolidated = api(alice).post(f"/api/v1/campaigns/{campaign.code}/consolidate/")
    assert consolidated.status_code == 202
    order = api(alice).get("/api/v1/orders/").json()["results"][0]
    positions = api(alice).get(f"/api/v1/orders/{order['id']}/positions/").json()["results"]
    stabilizer = next(p for p in positions if p["key"] == "pn:КР142ЕН5А")
    detail = api(alice).get(f"/api/v1/orders/{order['id']}/positions/{stabilizer['position_id']}/").json()
    [source] = detail["source_lines"]
    assert (source["line"], source["customer"], source["file"]) == (
        demand["КР142ЕН5А"]["demand_line"], integrator.pk, "ebus-bom-v1.csv")
    assert float(detail["quantities"]["2027"]) == 14400


def test_a_bad_bom_answers_400_with_every_row(api, cora, project):
    rows = [*EBUS_ROWS[:2], [4, "CELL-X", "Ячейка", 24, "шт", None]]
    answer = api(cora).post(f"/api/v1/projects/{project.code}/boms/import/",
                            {"file": SimpleUploadedFile("bad.xlsx", bom_file(rows))}, format="multipart")
    assert answer.status_code == 400
    assert answer.json()["row_errors"] == [
        "bad.xlsx, row 5, column «Уровень»: the level jumps from 2 to 4; a line of level 4 must stand under a line "
        "of level 3"]


def test_the_same_permissions_as_the_pages(api, cora, dora, bob, max_maker, project, campaign, cluster):
    assert [p["code"] for p in api(cora).get("/api/v1/projects/").json()["results"]] == ["ebus"]
    assert api(bob).get("/api/v1/projects/").json()["results"] == []
    assert api(dora).get(f"/api/v1/projects/{project.code}/").status_code == 404
    assert api(max_maker).get(f"/api/v1/projects/{project.code}/").status_code == 200
    assert api(max_maker).put(f"/api/v1/projects/{project.code}/plan/", {"plan": {"2026": 1}},
                              format="json").status_code == 403
    refused = api(dora).post("/api/v1/projects/", {"cluster": cluster.code, "code": "x", "title": "X",
                                                   "product_name": "X"}, format="json")
    assert refused.status_code == 403
    opened = api(cora).post("/api/v1/projects/", {"cluster": cluster.code, "code": "pack", "title": "АКБ",
                                                  "product_name": "АКБ", "product_kind": "battery"}, format="json")
    assert opened.status_code == 201 and opened.json()["product_kind"] == "battery"


def test_a_large_bom_answers_202_with_its_job_and_is_stored_by_it(api, cora, project, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.CITYORDER_BOM_IMPORT_IN_BACKGROUND_LINES = 5
    client = api(cora)
    base = f"/api/v1/projects/{project.code}/"
    rows = [*EBUS_ROWS[:2], [4, "CELL-X", "Ячейка", 24, "шт", None], *EBUS_ROWS[3:]]
    bad = client.post(base + "boms/import/", {"file": SimpleUploadedFile("bad.xlsx", bom_file(rows))},
                      format="multipart")
    assert bad.status_code == 400 and bad.json()["row_errors"][0].startswith("bad.xlsx, row 5, column «Уровень»")
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(base + "boms/import/", {"file": SimpleUploadedFile("ebus.xlsx", bom_file()),
                                                      "note": "v1"}, format="multipart")
    assert started.status_code == 202, started.content
    assert started.json()["kind"] == "import_bom" and started.json()["status"] == "queued"
    job = client.get(f"/api/v1/jobs/{started.json()['id']}/").json()
    assert (job["status"], job["done"], job["total"], job["attempts"]) == ("done", 7, 7, 1)
    assert client.get(base + "boms/").json()[0]["lines"] == 7
    assert client.get(base).json()["bom_version"] == 1
