"""The cooperation API: the same flow and the same permissions as the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cityorder.demand.models import DemandLine
from tests.cooperation.conftest import EBUS_ROWS, bom_file

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


def test_bom_plan_explosion_and_assignment_through_the_api(api, cora, project, campaign, integrator,
                                                           django_capture_on_commit_callbacks):
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
    assigned = client.post(base + "assignments/set/", {"key": "pn:LTO66160", "organization": integrator.pk,
                                                       "mode": "make", "status": "agreed"}, format="json")
    assert assigned.status_code == 200 and assigned.json()["status"] == "agreed"
    assert [a["key"] for a in client.get(base + "assignments/").json()] == ["pn:LTO66160"]


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
