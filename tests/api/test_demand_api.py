"""/api/v1/ for demand: campaigns, submissions and their review, lines, uploaded files and jobs.

The whole way from a customer's upload to a position of the city order goes through the API here; the permission
matrix checks that a customer never sees another's demand and that manufacturers see none.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from cityorder.demand import services
from cityorder.demand.models import Campaign, ColumnMapping, DemandLine, LineOrigin, Submission
from cityorder.registry.models import OrganizationKind
from tests import factories as f
from tests.demand.workbooks import messy_demand, xlsx

pytestmark = pytest.mark.django_db

CAMPAIGNS = "/api/v1/campaigns/"
SUBMISSIONS = "/api/v1/submissions/"




@pytest.fixture
def campaign(alice, bob, carol):
    return services.campaign_create(
        actor=alice, code="ekb-2026", title="Потребность в ЭКБ и АКБ на 2026–2028 гг.", year_from=2026,
        year_to=2028, kinds=["components", "batteries"], invited=[bob.organization, carol.organization],
    )


@pytest.fixture
def bobs(campaign, bob):
    """Bob's draft submission with one typed-in line."""
    submission = services.submission_open(actor=bob, campaign=campaign)
    services.line_add(actor=bob, submission=submission, name="Таймер", part_number="NE555P", unit="шт",
                      quantities={"2026": 10})
    return submission


def lines_url(submission_id: int) -> str:
    return f"{SUBMISSIONS}{submission_id}/lines/"


def files_url(submission_id: int) -> str:
    return f"{SUBMISSIONS}{submission_id}/files/"


def upload(client: APIClient, submission_id: int, data: bytes, name: str = "demand.xlsx"):
    return client.post(files_url(submission_id), {"file": SimpleUploadedFile(name, data)}, format="multipart")


# --- the whole way ------------------------------------------------------------------------------------------------

def test_customer_to_order_through_the_api(api, alice, bob, campaign, django_capture_on_commit_callbacks):
    client = api(bob)
    opened = client.post(f"{CAMPAIGNS}ekb-2026/submission/", {}, format="json")
    assert opened.status_code == 201, opened.json()
    submission = opened.json()
    assert submission["status"] == "draft" and submission["customer"] == bob.organization.pk
    again = client.post(f"{CAMPAIGNS}ekb-2026/submission/", {}, format="json")
    assert again.status_code == 200 and again.json()["id"] == submission["id"]
    sid = submission["id"]

    line = {"name": "Микроконтроллер", "part_number": "STM32F103C8T6", "manufacturer": "ST", "unit": "шт",
            "quantities": {"2026": 10, "2027": "1 000"}}
    added = client.post(lines_url(sid), line, format="json")
    assert added.status_code == 201, added.json()
    assert added.json()["origin"] == "api" and added.json()["quantities"] == {"2026": 10.0, "2027": 1000.0}

    with django_capture_on_commit_callbacks(execute=True):
        uploaded = upload(client, sid, messy_demand())
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json()["status"] == "pending" and uploaded.json()["name"] == "demand.xlsx"
    job = client.get(f"/api/v1/jobs/{uploaded.json()['job']}/").json()
    assert (job["kind"], job["status"], job["percent"]) == ("read_upload", "done", 100)

    files = client.get(files_url(sid)).json()["results"]
    assert [(x["name"], x["status"], x["error"]) for x in files] == [("demand.xlsx", "read", "")]
    assert files[0]["sheets"][0]["sheet"] == "Потребность" and files[0]["error_count"] == 1
    errors = client.get(lines_url(sid), {"status": "error"}).json()["results"]
    assert len(errors) == 1 and errors[0]["row"] == 8 and "по потребности" in errors[0]["message"]
    assert errors[0]["where"] == "demand.xlsx, Потребность, 8"

    refused = client.post(f"{SUBMISSIONS}{sid}/submit/", {}, format="json")
    assert refused.status_code == 400 and "errors" in refused.json()["non_field_errors"][0]
    fixed = client.patch(f"{lines_url(sid)}{errors[0]['id']}/", {"quantities": {"2026": 300, "2027": 500}},
                         format="json")
    assert fixed.status_code == 200, fixed.json()
    assert fixed.json()["status"] == "ok" and fixed.json()["original"]["status"] == "error"
    assert fixed.json()["name"] == errors[0]["name"]  # PATCH keeps what it was not given
    submitted = client.post(f"{SUBMISSIONS}{sid}/submit/", {"comment": "Готово"}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert submitted.json()["editable"] is False

    department = api(alice)
    accepted = department.post(f"{SUBMISSIONS}{sid}/accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    with django_capture_on_commit_callbacks(execute=True):
        started = department.post(f"{CAMPAIGNS}ekb-2026/consolidate/")
    assert started.status_code == 202 and started.json()["kind"] == "consolidate"
    assert department.get(f"/api/v1/jobs/{started.json()['id']}/").json()["status"] == "done"

    order = department.get("/api/v1/orders/", {"campaign": "ekb-2026"}).json()["results"][0]
    assert order["number"] == 1 and order["stats"]["customers"] == 1
    positions = department.get(f"/api/v1/orders/{order['id']}/positions/").json()["results"]
    timer = next(p for p in positions if p["part_number"] == "NE555P")
    assert timer["quantities"] == {"2026": 100.0, "2027": 1000.0, "2028": 50.0} and timer["customers"] == 1
    detail = department.get(f"/api/v1/orders/{order['id']}/positions/{timer['position_id']}/").json()
    assert [(s["file"], s["sheet"], s["row"], s["customer"]) for s in detail["source_lines"]] == [
        ("demand.xlsx", "Потребность", 6, bob.organization.pk)]


def test_session_authentication_reads_and_writes(bob, bobs):
    client = APIClient()
    client.force_login(bob)
    assert client.get(SUBMISSIONS).json()["count"] == 1
    added = client.post(lines_url(bobs.pk), {"part_number": "L7805CV", "quantities": {"2027": 5}}, format="json")
    assert added.status_code == 201


@pytest.mark.parametrize("path", [CAMPAIGNS, SUBMISSIONS, "/api/v1/orders/"])
def test_it_answers_401_without_credentials(api, path):
    assert api().get(path).status_code == 401


# --- campaigns ----------------------------------------------------------------------------------------------------

def test_department_opens_and_changes_a_campaign(api, alice, bob):
    client = api(alice)
    created = client.post(CAMPAIGNS, {"code": "akb-2026", "title": "Аккумуляторы", "year_from": 2026,
                                      "year_to": 2030, "kinds": ["batteries"], "invited": [bob.organization.pk]},
                          format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["years"] == [2026, 2027, 2028, 2029, 2030]
    assert created.json()["invited"] == [bob.organization.pk] and created.json()["status"] == "open"
    changed = client.patch(f"{CAMPAIGNS}akb-2026/", {"deadline": "2026-03-01", "status": "closed"}, format="json")
    assert changed.status_code == 200 and changed.json()["deadline"] == "2026-03-01"
    campaign = Campaign.objects.get(code="akb-2026")
    assert campaign.status == "closed" and list(campaign.invited.all()) == [bob.organization]


def test_campaign_errors_name_the_field(api, alice, campaign):
    client = api(alice)
    backwards = client.post(CAMPAIGNS, {"code": "x", "title": "X", "year_from": 2028, "year_to": 2026},
                            format="json")
    assert backwards.status_code == 400 and list(backwards.json()) == ["year_to"]
    taken = client.post(CAMPAIGNS, {"code": "ekb-2026", "title": "X", "year_from": 2026, "year_to": 2026},
                        format="json")
    assert taken.status_code == 400 and list(taken.json()) == ["code"]
    unknown_kind = client.patch(f"{CAMPAIGNS}ekb-2026/", {"kinds": ["pharma"]}, format="json")
    assert unknown_kind.status_code == 400 and "kinds" in unknown_kind.json()
    narrower = client.patch(f"{CAMPAIGNS}ekb-2026/", {"year_to": 2025}, format="json")
    assert narrower.status_code == 400 and list(narrower.json()) == ["year_to"]


def test_customers_see_their_campaigns_and_only_themselves_invited(api, alice, bob, carol, max_maker, cora,
                                                                   campaign):
    services.campaign_create(actor=alice, code="draft", title="Черновик", year_from=2026, year_to=2026,
                             status="draft")
    listed = api(bob).get(CAMPAIGNS).json()["results"]
    assert [(c["code"], c["invited"]) for c in listed] == [("ekb-2026", [bob.organization.pk])]
    assert api(bob).get(f"{CAMPAIGNS}draft/").status_code == 404
    assert {c["code"] for c in api(alice).get(CAMPAIGNS).json()["results"]} == {"ekb-2026", "draft"}
    assert set(api(alice).get(f"{CAMPAIGNS}ekb-2026/").json()["invited"]) == {
        bob.organization.pk, carol.organization.pk}
    for user in (max_maker, cora):
        assert api(user).get(CAMPAIGNS).json()["count"] == 0
        assert api(user).get(f"{CAMPAIGNS}ekb-2026/").status_code == 404


def test_only_the_department_opens_campaigns(api, bob, campaign):
    response = api(bob).post(CAMPAIGNS, {"code": "mine", "title": "X", "year_from": 2026, "year_to": 2026},
                             format="json")
    assert response.status_code == 403
    assert api(bob).patch(f"{CAMPAIGNS}ekb-2026/", {"title": "Моя"}, format="json").status_code == 403
    assert not Campaign.objects.filter(code="mine").exists()
    assert Campaign.objects.get(code="ekb-2026").title != "Моя"


def test_department_enters_demand_for_a_customer(api, alice, bob, campaign):
    opened = api(alice).post(f"{CAMPAIGNS}ekb-2026/submission/", {"customer": bob.organization.pk}, format="json")
    assert opened.status_code == 201 and opened.json()["customer"] == bob.organization.pk
    assert Submission.objects.get().customer == bob.organization


def test_customer_cannot_open_a_submission_for_another(api, bob, carol, campaign):
    response = api(bob).post(f"{CAMPAIGNS}ekb-2026/submission/", {"customer": carol.organization.pk},
                             format="json")
    assert response.status_code == 400 and "customer" in response.json()  # carol's organization is invisible
    assert not Submission.objects.exists()


def test_closed_campaign_takes_no_new_submission(api, alice, bob, campaign):
    services.campaign_update(actor=alice, campaign=campaign, status="closed")
    assert api(bob).post(f"{CAMPAIGNS}ekb-2026/submission/").status_code == 403


# --- lines --------------------------------------------------------------------------------------------------------

def test_line_errors_name_the_field_and_the_year(api, bob, bobs):
    client = api(bob)
    response = client.post(lines_url(bobs.pk), {"unit": "шт", "quantities": {"2026": "много", "2031": 5}},
                           format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"name", "quantities"}
    assert set(body["quantities"]) == {"2026", "2031"}
    assert "outside the campaign years 2026–2028" in body["quantities"]["2031"][0]
    zero = client.post(lines_url(bobs.pk), {"name": "Резистор", "quantities": {"2026": 0}}, format="json")
    assert zero.status_code == 400
    assert zero.json() == {"quantities": ["give a quantity above zero for at least one year"]}
    missing = client.post(lines_url(bobs.pk), {"name": "Резистор"}, format="json")
    assert missing.status_code == 400 and list(missing.json()) == ["quantities"]
    not_a_number = client.post(lines_url(bobs.pk), {"name": "Резистор", "quantities": {"2026": [1]}}, format="json")
    assert not_a_number.status_code == 400 and list(not_a_number.json()["quantities"]) == ["2026"]
    assert bobs.lines.count() == 1


def test_put_replaces_patch_changes_delete_removes(api, bob, bobs):
    client = api(bob)
    line = bobs.lines.get()
    url = f"{lines_url(bobs.pk)}{line.pk}/"
    patched = client.patch(url, {"manufacturer": "Texas Instruments"}, format="json")
    assert patched.status_code == 200
    assert (patched.json()["part_number"], patched.json()["manufacturer"], patched.json()["quantities"]) == (
        "NE555P", "Texas Instruments", {"2026": 10.0})
    replaced = client.put(url, {"part_number": "NE555DR", "quantities": {"2027": 4}}, format="json")
    assert replaced.status_code == 200
    assert (replaced.json()["name"], replaced.json()["manufacturer"], replaced.json()["quantities"]) == (
        "", "", {"2027": 4.0})
    assert client.delete(url).status_code == 204
    assert not bobs.lines.exists()


def test_lines_filter_by_status_and_origin(api, bob, bobs, django_capture_on_commit_callbacks):
    client = api(bob)
    with django_capture_on_commit_callbacks(execute=True):
        source = upload(client, bobs.pk, messy_demand()).json()
    by_origin = client.get(lines_url(bobs.pk), {"origin": "form"}).json()["results"]
    assert [x["part_number"] for x in by_origin] == ["NE555P"]  # added through the service with its default
    of_file = client.get(lines_url(bobs.pk), {"file": source["id"], "status": "ok"}).json()
    assert of_file["count"] == 3 and {x["file_name"] for x in of_file["results"]} == {"demand.xlsx"}
    assert client.get(lines_url(bobs.pk), {"search": "ne555"}).json()["count"] == 2


def test_submitted_lines_cannot_change(api, bob, bobs):
    services.submission_submit(actor=bob, submission=bobs)
    client = api(bob)
    line = bobs.lines.get()
    response = client.patch(f"{lines_url(bobs.pk)}{line.pk}/", {"unit": "кг"}, format="json")
    assert response.status_code == 400 and "cannot be changed" in response.json()["non_field_errors"][0]
    assert client.post(lines_url(bobs.pk), {"name": "X", "quantities": {"2026": 1}},
                       format="json").status_code == 400
    assert client.delete(f"{lines_url(bobs.pk)}{line.pk}/").status_code == 400
    line.refresh_from_db()
    assert line.unit == "шт"


# --- files and jobs -----------------------------------------------------------------------------------------------

def test_upload_refusals_name_the_reason(api, bob, bobs, django_capture_on_commit_callbacks):
    client = api(bob)
    wrong_type = upload(client, bobs.pk, b"%PDF-1.4", name="demand.pdf")
    assert wrong_type.status_code == 400 and "not accepted" in wrong_type.json()["non_field_errors"][0]
    assert upload(client, bobs.pk, b"", name="empty.xlsx").status_code == 400  # DRF refuses an empty file
    assert client.post(files_url(bobs.pk), {}, format="multipart").json() == {"file": ["No file was submitted."]}
    data = xlsx([["Наименование", "Кол-во"], ["Реле", 3]])
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, bobs.pk, data).status_code == 201
    twice = upload(client, bobs.pk, data, name="copy.xlsx")
    assert twice.status_code == 400 and "same file" in twice.json()["non_field_errors"][0]
    assert bobs.files.count() == 1


def test_removing_a_file_removes_its_lines(api, bob, bobs, django_capture_on_commit_callbacks):
    client = api(bob)
    with django_capture_on_commit_callbacks(execute=True):
        source = upload(client, bobs.pk, messy_demand()).json()
    assert client.get(files_url(bobs.pk) + f"{source['id']}/").json()["ok_count"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(files_url(bobs.pk) + f"{source['id']}/").status_code == 204
    assert list(DemandLine.objects.filter(submission=bobs).values_list("part_number", flat=True)) == ["NE555P"]


def test_columns_chosen_through_the_api_read_the_file_again(api, bob, carol, bobs,
                                                            django_capture_on_commit_callbacks):
    client = api(bob)
    # A header the reader does not know over codes of digits only, which do not look like part numbers either.
    data = xlsx([["Наименование", "Индекс изделия", "Кол-во"], ["Таймер", "555", 5], ["Стабилизатор", "7805", 2]])
    with django_capture_on_commit_callbacks(execute=True):
        source = upload(client, bobs.pk, data).json()
    of_file = {"file": source["id"]}
    assert {x["part_number"] for x in client.get(lines_url(bobs.pk), of_file).json()["results"]} == {""}
    url = f"{files_url(bobs.pk)}{source['id']}/mapping/"
    wrong = client.post(url, {"mapping": {"part": "Индекс изделия"}}, format="json")
    assert wrong.status_code == 400 and "part: not a field" in wrong.json()["mapping"][0]
    assert api(carol).post(url, {"mapping": {"part_number": "B"}}, format="json").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        chosen = client.post(url, {"mapping": {"part_number": "Индекс изделия", "quantity:2027": "C"}}, format="json")
    assert chosen.status_code == 200 and chosen.json()["mapping"] == {"part_number": "Индекс изделия",
                                                                      "quantity:2027": "C"}
    lines = client.get(lines_url(bobs.pk), of_file).json()["results"]
    assert sorted((x["part_number"], x["quantities"]) for x in lines) == [("555", {"2027": 5.0}),
                                                                          ("7805", {"2027": 2.0})]
    assert ColumnMapping.objects.get(organization=bob.organization).mapping["part_number"] == "Индекс изделия"


def test_jobs_are_seen_by_their_starter_and_the_department(api, alice, bob, carol, max_maker, bobs,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job_id = upload(api(bob), bobs.pk, messy_demand()).json()["job"]
    assert api(bob).get(f"/api/v1/jobs/{job_id}/").status_code == 200
    assert api(alice).get(f"/api/v1/jobs/{job_id}/").status_code == 200
    for user in (carol, max_maker):
        assert api(user).get(f"/api/v1/jobs/{job_id}/").status_code == 404
        assert api(user).post(f"/api/v1/jobs/{job_id}/retry/").status_code == 404
    done = api(bob).post(f"/api/v1/jobs/{job_id}/retry/")
    assert done.status_code == 400 and done.json() == {
        "non_field_errors": ["Only a failed job, or one whose worker has stopped, can be run again."]}


def test_a_failed_read_is_shown_and_can_be_retried(api, bob, bobs, django_capture_on_commit_callbacks):
    client = api(bob)
    with django_capture_on_commit_callbacks(execute=True):
        source = upload(client, bobs.pk, b"\x00\x01\x02 not a workbook", name="broken.xls").json()
    listed = client.get(files_url(bobs.pk)).json()["results"][0]
    job = client.get(f"/api/v1/jobs/{source['job']}/").json()
    assert listed["status"] == "failed" and listed["error"] and listed["job_status"] == "failed"
    assert job["status"] == "failed" and job["error"] == listed["error"]
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/api/v1/jobs/{source['job']}/retry/")
    assert again.status_code == 200 and again.json()["status"] == "queued"
    assert client.get(f"/api/v1/jobs/{source['job']}/").json()["attempts"] == 2


# --- review -------------------------------------------------------------------------------------------------------

def test_return_needs_a_comment_and_shows_it_to_the_customer(api, alice, bob, bobs):
    services.submission_submit(actor=bob, submission=bobs)
    url = f"{SUBMISSIONS}{bobs.pk}/return/"
    assert api(alice).post(url, {}, format="json").json() == {"comment": ["This field is required."]}
    blank = api(alice).post(url, {"comment": "  "}, format="json")
    assert blank.status_code == 400 and blank.json() == {"comment": ["Say what the customer should change."]}
    returned = api(alice).post(url, {"comment": "Уточните производителя"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    mine = api(bob).get(f"{SUBMISSIONS}{bobs.pk}/").json()
    assert mine["return_comment"] == "Уточните производителя" and mine["editable"] is True


def test_customers_do_not_review(api, bob, bobs):
    services.submission_submit(actor=bob, submission=bobs)
    assert api(bob).post(f"{SUBMISSIONS}{bobs.pk}/accept/").status_code == 403
    assert api(bob).post(f"{SUBMISSIONS}{bobs.pk}/return/", {"comment": "нет"}, format="json").status_code == 403
    bobs.refresh_from_db()
    assert bobs.status == "submitted"


def test_only_a_submitted_submission_is_accepted(api, alice, bobs):
    response = api(alice).post(f"{SUBMISSIONS}{bobs.pk}/accept/")
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_submissions_filter_by_campaign_and_status(api, alice, bob, carol, bobs, campaign):
    other = services.campaign_create(actor=alice, code="akb", title="АКБ", year_from=2026, year_to=2026)
    services.submission_open(actor=carol, campaign=campaign)
    services.submission_open(actor=bob, campaign=other)
    services.submission_submit(actor=bob, submission=bobs)
    client = api(alice)
    assert client.get(SUBMISSIONS).json()["count"] == 3
    assert {s["customer"] for s in client.get(SUBMISSIONS, {"campaign": "ekb-2026"}).json()["results"]} == {
        bob.organization.pk, carol.organization.pk}
    submitted = client.get(SUBMISSIONS, {"status": "submitted"}).json()["results"]
    assert [(s["id"], s["campaign"], s["ok_count"]) for s in submitted] == [(bobs.pk, "ekb-2026", 1)]


# --- who sees what ------------------------------------------------------------------------------------------------

def test_another_customer_sees_nothing_of_bobs(api, bob, carol, bobs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        source = services.upload_add(actor=bob, submission=bobs, name="demand.xlsx", data=messy_demand())
    line = bobs.lines.first()
    client = api(carol)
    assert client.get(SUBMISSIONS).json()["count"] == 0
    for path in (f"{SUBMISSIONS}{bobs.pk}/", lines_url(bobs.pk), f"{lines_url(bobs.pk)}{line.pk}/",
                 files_url(bobs.pk), f"{files_url(bobs.pk)}{source.pk}/"):
        assert client.get(path).status_code == 404, path
    assert client.post(lines_url(bobs.pk), {"name": "X", "quantities": {"2026": 1}}, format="json").status_code == 404
    assert client.patch(f"{lines_url(bobs.pk)}{line.pk}/", {"unit": "кг"}, format="json").status_code == 404
    assert client.delete(f"{lines_url(bobs.pk)}{line.pk}/").status_code == 404
    assert upload(client, bobs.pk, xlsx([["Наименование", "Кол-во"], ["Реле", 3]])).status_code == 404
    assert client.post(f"{SUBMISSIONS}{bobs.pk}/submit/").status_code == 404
    assert bobs.lines.count() == 6 and bobs.files.count() == 1


def test_a_line_is_found_only_under_its_own_submission(api, bob, bobs, campaign, alice):
    other = services.campaign_create(actor=alice, code="akb", title="АКБ", year_from=2026, year_to=2026)
    second = services.submission_open(actor=bob, campaign=other)
    line = bobs.lines.get()
    assert api(bob).get(f"{lines_url(second.pk)}{line.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["max_maker", "cora"])
def test_manufacturers_and_coordinators_see_no_raw_demand(api, request, who, bobs):
    client = api(request.getfixturevalue(who))
    assert client.get(SUBMISSIONS).json()["count"] == 0
    assert client.get(CAMPAIGNS).json()["count"] == 0
    assert client.get(f"{SUBMISSIONS}{bobs.pk}/").status_code == 404
    assert client.get(lines_url(bobs.pk)).status_code == 404
    assert client.post(f"{CAMPAIGNS}ekb-2026/submission/").status_code == 404


def test_department_sees_every_submission(api, alice, bob, carol, bobs, campaign):
    services.submission_open(actor=carol, campaign=campaign)
    client = api(alice)
    assert client.get(SUBMISSIONS).json()["count"] == 2
    assert [x["part_number"] for x in client.get(lines_url(bobs.pk)).json()["results"]] == ["NE555P"]


def test_added_lines_are_marked_as_sent_through_the_api(api, bob, bobs):
    api(bob).post(lines_url(bobs.pk), {"name": "Реле", "quantities": {"2028": 2}}, format="json")
    assert DemandLine.objects.get(name="Реле").origin == LineOrigin.API


def test_customer_organizations_outside_the_invitation_are_not_invitable(api, alice, bob):
    body = {"code": "c", "title": "C", "year_from": 2026, "year_to": 2026}
    producer = f.OrganizationFactory(kind=OrganizationKind.COMPANY)
    response = api(alice).post(CAMPAIGNS, {**body, "invited": [producer.pk]}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["invited"]


# --- schema -------------------------------------------------------------------------------------------------------

def test_schema_describes_the_demand_endpoints(api, alice):
    schema = api(alice).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {"/api/v1/campaigns/", "/api/v1/campaigns/{code}/submission/", "/api/v1/campaigns/{code}/consolidate/",
            "/api/v1/submissions/", "/api/v1/submissions/{id}/submit/", "/api/v1/submissions/{id}/accept/",
            "/api/v1/submissions/{id}/return/", "/api/v1/submissions/{submission_pk}/lines/",
            "/api/v1/submissions/{submission_pk}/lines/{id}/", "/api/v1/submissions/{submission_pk}/files/",
            "/api/v1/jobs/{id}/"} <= set(paths)
    upload_body = paths["/api/v1/submissions/{submission_pk}/files/"]["post"]["requestBody"]["content"]
    assert list(upload_body) == ["multipart/form-data"]
    assert paths["/api/v1/campaigns/{code}/consolidate/"]["post"]["responses"]["202"]["content"][
        "application/json"]["schema"]["$ref"].endswith("/JobOutput")
    assert {"status", "origin", "file"} <= {p["name"] for p in paths["/api/v1/submissions/{submission_pk}/lines/"][
        "get"]["parameters"]}


def test_the_api_root_lists_the_demand_and_order_collections(api, alice):
    root = api(alice).get("/api/v1/")
    assert root.status_code == 200
    assert {"campaigns", "submissions", "orders"} <= set(root.json())
