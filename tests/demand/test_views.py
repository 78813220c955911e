"""The demand pages: a customer uploads, corrects and submits; the department reviews; nobody sees what is not
theirs. Real xlsx files go through the real reader (jobs run at once when the request's transaction commits)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cityorder.demand import services
from cityorder.demand.models import (
    Campaign,
    CampaignStatus,
    ColumnMapping,
    FileStatus,
    LineStatus,
    SubmissionStatus,
)
from cityorder.demand.template import DATA_SHEET
from cityorder.engine.reading import read_demand
from tests import factories as f
from tests.demand.workbooks import messy_demand, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(alice, bob, carol):
    return services.campaign_create(
        actor=alice, code="ekb-2026", title="Потребность в ЭКБ на 2026–2028 гг.", year_from=2026, year_to=2028,
        kinds=["components"], deadline=datetime.date(2099, 12, 1),
        invited=[bob.organization, carol.organization],
    )


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Upload files through the page as the logged-in user; the reading jobs run before it returns."""

    def run(submission, *files):
        payload = [_named(data, name) for name, data in files]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("demand:upload", args=[submission.pk]), {"files": payload})
        assert response.status_code == 302
        return client.get(response["Location"])  # after the jobs, as the page's reload would show it

    return run


def _named(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def open_submission(client, user, campaign):
    client.force_login(user)
    response = client.post(reverse("demand:my_submission", args=[campaign.code]))
    assert response.status_code == 302
    return campaign.submissions.get(customer=user.organization)


def page(client, submission, **params) -> str:
    response = client.get(reverse("demand:submission", args=[submission.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def submitted_by_bob(campaign, bob, capture):
    submission = services.submission_open(actor=bob, campaign=campaign)
    with capture(execute=True):
        services.upload_add(actor=bob, submission=submission, name="demand.xlsx", data=messy_demand())
    error = submission.lines.get(status=LineStatus.ERROR)
    services.line_update(actor=bob, line=error, name=error.name, unit="шт", quantities={"2026": "300"})
    return services.submission_submit(actor=bob, submission=submission)


# The customer's way --------------------------------------------------------------------------------------------


def test_customer_uploads_fixes_an_error_row_and_submits(client, campaign, bob, upload):
    submission = open_submission(client, bob, campaign)
    assert submission.status == SubmissionStatus.DRAFT
    response = upload(submission, ("demand.xlsx", messy_demand()))
    html = response.content.decode()
    assert "demand.xlsx uploaded" in html
    source = submission.files.get()
    assert source.status == FileStatus.READ
    assert 'id="id_files"' in html and "multiple" in html
    assert f'id="file-{source.pk}"' in html and source.sha256[:12] in html
    # the reader's choice of columns is shown per sheet
    assert "header in row 4" in html and "«Обозначение»" in html and "recognized by its name" in html
    assert 'data-count="error">1<' in html and 'data-count="skipped">1<' in html

    errors_only = page(client, submission, status="error")
    error = submission.lines.get(status=LineStatus.ERROR)
    assert f'data-line="{error.pk}"' in errors_only and "по потребности" in errors_only
    assert 'class="table-danger' in errors_only
    ok_line = submission.lines.filter(status=LineStatus.OK).first()
    assert f'data-line="{ok_line.pk}"' not in errors_only
    assert f'data-row="{error.row}"' in errors_only

    edit_url = reverse("demand:line_edit", args=[error.pk])
    form = client.get(edit_url).content.decode()
    assert "is not a number" in form and 'name="q_2026"' in form and 'name="q_2028"' in form
    refused = client.post(edit_url, {"name": error.name, "unit": "шт", "q_2026": "много", "q_2027": "500"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["q_2026"]
    error.refresh_from_db()
    assert error.status == LineStatus.ERROR

    saved = client.post(edit_url, {"name": error.name, "unit": "шт", "q_2026": "300", "q_2027": "1 000",
                                   "q_2028": "500"})
    assert saved.status_code == 302
    error.refresh_from_db()
    assert error.status == LineStatus.OK
    assert error.quantities == {"2026": 300.0, "2027": 1000.0, "2028": 500.0}

    sent = client.post(reverse("demand:submit", args=[submission.pk]), {"submit": "", "comment": "Всё"},
                       follow=True)
    assert "sent to the department" in sent.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert [e.action for e in submission.events.all()] == [
        "created", "uploaded", "file_read", "line_changed", "submitted",
    ]
    after = page(client, submission)
    assert 'id="submit-submission"' not in after and f'id="edit-line-{error.pk}"' not in after


def test_submit_is_refused_while_rows_have_errors(client, campaign, bob, upload):
    submission = open_submission(client, bob, campaign)
    upload(submission, ("demand.xlsx", messy_demand()))
    html = client.post(reverse("demand:submit", args=[submission.pk]), follow=True).content.decode()
    assert "The submission was not sent" in html and "row(s) have errors" in html
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT


def test_several_files_at_once_a_refused_one_is_named_and_the_others_go_on(client, campaign, bob, upload):
    submission = open_submission(client, bob, campaign)
    other = xlsx([["Наименование", "Обозначение", 2026], ["Таймер", "NE555P", 10]])
    html = upload(submission, ("a.xlsx", messy_demand()), ("broken.xlsx", b"PK\x03\x04 no zip"),
                  ("b.xlsx", other)).content.decode()
    assert "broken.xlsx: the file is damaged" in html
    assert sorted(submission.files.values_list("name", flat=True)) == ["a.xlsx", "b.xlsx"]


def test_the_same_file_twice_is_refused_with_a_message(client, campaign, bob, upload):
    submission = open_submission(client, bob, campaign)
    data = messy_demand()  # made once: a workbook saved a second later differs in its timestamp
    upload(submission, ("demand.xlsx", data))
    html = upload(submission, ("copy.xlsx", data)).content.decode()
    assert "copy.xlsx is the same file as «demand.xlsx»" in html
    assert submission.files.count() == 1


def test_correcting_the_columns_reads_the_file_again_with_the_chosen_one(client, campaign, bob, upload,
                                                                        django_capture_on_commit_callbacks):
    submission = open_submission(client, bob, campaign)
    # «Индекс» is no header the reader knows, and codes of digits alone do not look like part numbers by their
    # contents: they are not read until the customer points at the column.
    upload(submission, ("шифры.xlsx", xlsx([
        ["Наименование", "Индекс", "Кол-во 2026", "Кол-во 2027"],
        ["Таймер", "555", 10, 20],
        ["Стабилизатор", "7805", 5, 5],
    ])))
    source = submission.files.get()
    assert set(submission.lines.values_list("part_number", flat=True)) == {""}
    html = page(client, submission)
    prefix = f"m{source.pk}-0"
    assert f'name="{prefix}-f_part_number"' in html and '<option value="Индекс">B · Индекс</option>' in html
    assert "corrections typed into rows of this file are lost" in html

    fields = {f"{prefix}-f_name": "Наименование", f"{prefix}-f_part_number": "Индекс",
              f"{prefix}-f_quantity_2026": "Кол-во 2026", f"{prefix}-f_quantity_2027": "Кол-во 2027"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("demand:file_mapping", args=[source.pk, 0]), fields)
    assert "being read again" in page(client, submission)
    source.refresh_from_db()
    assert source.status == FileStatus.READ
    assert source.mapping == {"part_number": "Индекс"}
    assert source.sheets[0]["columns"]["part_number"] == {"header": "Индекс", "letter": "B", "how": "mapping"}
    assert sorted(submission.lines.values_list("part_number", flat=True)) == ["555", "7805"]
    assert ColumnMapping.objects.get(organization=bob.organization).mapping == {"part_number": "Индекс"}
    assert "your choice" in page(client, submission)


def test_choosing_none_drops_a_column(client, campaign, bob, upload, django_capture_on_commit_callbacks):
    submission = open_submission(client, bob, campaign)
    upload(submission, ("demand.xlsx", messy_demand()))
    source = submission.files.get()
    prefix = f"m{source.pk}-0"
    form = client.get(reverse("demand:submission", args=[submission.pk])).context["files"][0][1][0][2]
    fields = {f"{prefix}-{name}": value for name, value in form.initial.items()}
    fields.update({f"{prefix}-{field.name}": field.initial for field, _match in form.rows()})
    fields[f"{prefix}-f_manufacturer"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("demand:file_mapping", args=[source.pk, 0]), fields)
    source.refresh_from_db()
    assert source.mapping == {"manufacturer": ""}
    assert "manufacturer" not in source.sheets[0]["columns"]
    assert set(submission.lines.values_list("manufacturer", flat=True)) == {""}


def test_add_and_remove_a_line_by_hand(client, campaign, bob):
    submission = open_submission(client, bob, campaign)
    url = reverse("demand:line_add", args=[submission.pk])
    refused = client.post(url, {"name": "", "part_number": "", "q_2026": "1"})
    assert refused.status_code == 200 and "give a name or a part number" in refused.content.decode()
    zero = client.post(url, {"name": "Таймер", "q_2026": "0"})
    assert "give a quantity above zero" in zero.content.decode()
    assert client.post(url, {"name": "Таймер", "part_number": "NE555P", "unit": "шт", "q_2027": "1 500"}
                       ).status_code == 302
    line = submission.lines.get()
    assert (line.origin, line.quantities) == ("form", {"2027": 1500.0})
    assert "Таймер" in page(client, submission)
    client.post(reverse("demand:line_remove", args=[line.pk]))
    assert not submission.lines.exists()


def test_lines_filter_by_file_and_text(client, campaign, bob, upload):
    submission = open_submission(client, bob, campaign)
    upload(submission, ("a.xlsx", messy_demand()),
           ("b.xlsx", xlsx([["Наименование", "Обозначение", 2026], ["Микроконтроллер", "STM32F103C8T6", 10]])))
    b = submission.files.get(name="b.xlsx")
    by_file = page(client, submission, source=b.pk)
    assert "STM32F103C8T6" in by_file and "NE555P" not in by_file
    by_text = page(client, submission, q="стабилизатор")
    assert "L7805CV" in by_text and "NE555P" not in by_text and "STM32F103C8T6" not in by_text


def test_the_uploaded_file_is_downloaded_as_it_came(client, campaign, bob, alice, upload):
    submission = open_submission(client, bob, campaign)
    upload(submission, ("Потребность школы.xlsx", messy_demand()))
    source = submission.files.get()
    for user in (bob, alice):
        client.force_login(user)
        response = client.get(reverse("demand:file_download", args=[source.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == messy_demand()
        assert "attachment" in response["Content-Disposition"]
        assert "filename*=utf-8''%D0%9F" in response["Content-Disposition"]


# The department ------------------------------------------------------------------------------------------------


def test_analyst_creates_and_edits_a_campaign(client, alice, bob, carol):
    client.force_login(alice)
    form = client.get(reverse("demand:campaign_create")).content.decode()
    assert bob.organization.short_name in form and 'id="invited-search"' in form
    data = {"code": "akb-2027", "title": "Аккумуляторы 2027–2029", "year_from": 2027, "year_to": 2029,
            "kinds": ["batteries"], "deadline": "2027-03-01", "status": "open", "invited": [bob.organization.pk]}
    backwards = client.post(reverse("demand:campaign_create"), {**data, "year_to": 2026})
    assert backwards.status_code == 200 and backwards.context["form"].errors["year_to"]
    response = client.post(reverse("demand:campaign_create"), data)
    campaign = Campaign.objects.get(code="akb-2027")
    assert response["Location"] == campaign.get_absolute_url()
    assert campaign.kinds == ["batteries"] and list(campaign.invited.all()) == [bob.organization]
    assert campaign.created_by == alice

    client.post(reverse("demand:campaign_edit", args=[campaign.code]),
                {**data, "status": "closed", "invited": [bob.organization.pk, carol.organization.pk]})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED and campaign.invited.count() == 2
    listing = client.get(reverse("demand:campaign_list"), {"status": "closed"}).content.decode()
    assert "akb-2027" in listing
    assert "akb-2027" not in client.get(reverse("demand:campaign_list"), {"status": "open"}).content.decode()


def test_customers_cannot_manage_campaigns(client, campaign, bob):
    client.force_login(bob)
    assert client.get(reverse("demand:campaign_create")).status_code == 403
    assert client.get(reverse("demand:campaign_edit", args=[campaign.code])).status_code == 403
    assert client.get(reverse("demand:review_queue")).status_code == 403


def test_campaign_page_shows_each_customers_progress(client, campaign, alice, bob, carol,
                                                     django_capture_on_commit_callbacks):
    stranger = f.UserFactory(organization=f.CustomerOrganizationFactory(short_name="ГБУ «Не приглашён»"))
    submitted = submitted_by_bob(campaign, bob, django_capture_on_commit_callbacks)
    services.submission_open(actor=alice, campaign=campaign, customer=stranger.organization)
    Campaign.objects.filter(pk=campaign.pk).update(deadline=datetime.date(2020, 1, 1))
    client.force_login(alice)
    response = client.get(campaign.get_absolute_url())
    html = response.content.decode()
    for customer in (bob.organization, carol.organization, stranger.organization):
        assert f'data-customer="{customer.pk}"' in html
    assert submitted.get_absolute_url() in html
    progress = response.context["progress"]
    rows = {row.customer: row for row in progress.rows}
    assert rows[bob.organization].status == "submitted" and not rows[bob.organization].late
    assert rows[bob.organization].ok_count == 4 and rows[bob.organization].error_count == 0
    assert rows[carol.organization].status == "not_started" and rows[carol.organization].late
    assert not rows[stranger.organization].invited and rows[stranger.organization].late
    assert dict(zip(response.context["chart"]["statuses"], response.context["chart"]["counts"], strict=True)) == {
        "not_started": 1, "draft": 1, "submitted": 1, "returned": 0, "accepted": 0,
    }
    assert 'id="late-count">2<' in html and 'id="status-chart"' in html and "chart.umd.min.js" in html


def test_analyst_accepts_from_the_review_queue(client, campaign, alice, bob, django_capture_on_commit_callbacks):
    submission = submitted_by_bob(campaign, bob, django_capture_on_commit_callbacks)
    client.force_login(alice)
    queue = client.get(reverse("demand:review_queue")).content.decode()
    assert submission.get_absolute_url() in queue
    html = page(client, submission)
    assert 'id="accept-submission"' in html and 'id="return-submission"' in html
    assert 'id="submit-submission"' not in html and "edit-line-" not in html  # read-only while submitted
    client.post(reverse("demand:accept", args=[submission.pk]), {"accept": ""})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    assert submission.get_absolute_url() not in client.get(reverse("demand:review_queue")).content.decode()


def test_returned_submission_shows_the_comment_and_can_be_changed_again(client, campaign, alice, bob,
                                                                          django_capture_on_commit_callbacks):
    submission = submitted_by_bob(campaign, bob, django_capture_on_commit_callbacks)
    client.force_login(alice)
    empty = client.post(reverse("demand:return", args=[submission.pk]), {"comment": " "}, follow=True)
    assert "Say what the customer should change" in empty.content.decode()
    client.post(reverse("demand:return", args=[submission.pk]), {"comment": "Уточните объёмы на 2028 год"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED

    client.force_login(bob)
    html = page(client, submission)
    banner = html[html.index('id="return-comment"'):]
    assert "Уточните объёмы на 2028 год" in banner[:600]
    assert 'id="submit-submission"' in html and "edit-line-" in html


def test_bob_cannot_accept_or_return(client, campaign, bob, django_capture_on_commit_callbacks):
    submission = submitted_by_bob(campaign, bob, django_capture_on_commit_callbacks)
    client.force_login(bob)
    assert 'id="accept-submission"' not in page(client, submission)
    assert client.post(reverse("demand:accept", args=[submission.pk])).status_code == 403
    assert client.post(reverse("demand:return", args=[submission.pk]), {"comment": "x"}).status_code == 403
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


# Who sees what -------------------------------------------------------------------------------------------------


def _bobs_things(campaign, bob, capture):
    submission = services.submission_open(actor=bob, campaign=campaign)
    with capture(execute=True):
        source = services.upload_add(actor=bob, submission=submission, name="demand.xlsx", data=messy_demand())
    return submission, source, submission.lines.first()


def _demand_urls(campaign, submission, source, line) -> dict[str, list[str]]:
    return {
        "get": [
            reverse("demand:submission", args=[submission.pk]),
            reverse("demand:line_edit", args=[line.pk]),
            reverse("demand:line_add", args=[submission.pk]),
            reverse("demand:file_download", args=[source.pk]),
        ],
        "post": [
            reverse("demand:upload", args=[submission.pk]),
            reverse("demand:submit", args=[submission.pk]),
            reverse("demand:accept", args=[submission.pk]),
            reverse("demand:return", args=[submission.pk]),
            reverse("demand:line_edit", args=[line.pk]),
            reverse("demand:line_remove", args=[line.pk]),
            reverse("demand:file_remove", args=[source.pk]),
            reverse("demand:file_mapping", args=[source.pk, 0]),
        ],
    }


def test_carol_gets_404_on_bobs_submission_lines_and_files(client, campaign, bob, carol,
                                                          django_capture_on_commit_callbacks):
    submission, source, line = _bobs_things(campaign, bob, django_capture_on_commit_callbacks)
    client.force_login(carol)
    urls = _demand_urls(campaign, submission, source, line)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"comment": "x", "name": "x", "q_2026": "1"}).status_code == 404, url
    assert submission.lines.count() == 5 and submission.files.count() == 1
    # her own campaign list and page know nothing of Bob
    listing = client.get(reverse("demand:campaign_list")).content.decode()
    assert campaign.title in listing and bob.organization.short_name not in listing
    assert bob.organization.short_name not in client.get(campaign.get_absolute_url()).content.decode()


def test_manufacturer_sees_no_raw_demand(client, campaign, bob, max_maker, cora, django_capture_on_commit_callbacks):
    submission, source, line = _bobs_things(campaign, bob, django_capture_on_commit_callbacks)
    urls = _demand_urls(campaign, submission, source, line)
    campaign_urls = [reverse(name, args=[campaign.code])
                     for name in ("demand:campaign", "demand:campaign_edit", "demand:template",
                                  "demand:my_submission")]
    for user in (max_maker, cora):
        client.force_login(user)
        home = client.get(reverse("web:home")).content.decode()
        assert reverse("demand:campaign_list") not in home and reverse("demand:review_queue") not in home
        for url in (reverse("demand:campaign_list"), reverse("demand:campaign_create"),
                    reverse("demand:review_queue")):
            assert client.get(url).status_code == 403, url
        for url in [*urls["get"], *campaign_urls]:
            assert client.get(url).status_code == 404, url
        for url in urls["post"]:
            assert client.post(url, {"comment": "x"}).status_code == 404, url
    assert not campaign.submissions.exclude(customer=bob.organization).exists()


def test_navigation_shows_demand_to_department_and_customers(client, campaign, alice, bob):
    client.force_login(bob)
    home = client.get(reverse("web:home")).content.decode()
    assert reverse("demand:campaign_list") in home and reverse("demand:review_queue") not in home
    client.force_login(alice)
    home = client.get(reverse("web:home")).content.decode()
    assert reverse("demand:campaign_list") in home and reverse("demand:review_queue") in home


def test_customer_list_shows_own_status_and_only_visible_campaigns(client, campaign, alice, bob, carol):
    services.campaign_create(actor=alice, code="closed-draft", title="Черновик кампании", year_from=2026,
                             year_to=2026, status=CampaignStatus.DRAFT, invited=[bob.organization])
    services.campaign_create(actor=alice, code="carol-only", title="Только для Кэрол", year_from=2026,
                             year_to=2026, invited=[carol.organization])
    open_submission(client, bob, campaign)
    response = client.get(reverse("demand:campaign_list"))
    html = response.content.decode()
    assert campaign.title in html and "Черновик кампании" not in html and "Только для Кэрол" not in html
    assert 'data-status="draft"' in html and reverse("demand:my_submission", args=[campaign.code]) in html
    assert "01.12.2099" in html


def test_closed_campaign_takes_no_new_submission(client, campaign, alice, carol):
    services.campaign_update(actor=alice, campaign=campaign, status=CampaignStatus.CLOSED)
    client.force_login(carol)
    response = client.post(reverse("demand:my_submission", args=[campaign.code]), follow=True)
    assert "does not accept submissions now" in response.content.decode()
    assert not campaign.submissions.exists()


# The form to fill in -------------------------------------------------------------------------------------------


def test_the_template_is_read_back_with_every_column_recognized(client, campaign, bob, upload):
    client.force_login(bob)
    response = client.get(reverse("demand:template", args=[campaign.code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [DATA_SHEET, "Инструкция"]
    assert bob.organization.short_name in book[DATA_SHEET]["A2"].value
    book[DATA_SHEET].append([1, "Таймер", "NE555P", "Texas Instruments", "шт", "DIP-8", 100, "1 000", 50])
    book[DATA_SHEET].append([2, "Аккумулятор LiFePO4 12,8 В 100 А·ч", None, None, "шт", "100 А·ч", 4, 4, 4])
    filled = io.BytesIO()
    book.save(filled)

    result = read_demand(filled.getvalue(), "filled.xlsx", default_year=2026)
    sheet = result.sheets[0]
    assert set(sheet.columns) == {"index", "name", "part_number", "manufacturer", "unit", "description",
                                  "quantity:2026", "quantity:2027", "quantity:2028"}
    assert {m.letter for m in sheet.columns.values()} == set(sheet.headers)  # no header column left unread
    assert [line.status for line in result.lines] == ["ok", "ok"]
    assert result.lines[0].quantities == {2026: 100.0, 2027: 1000.0, 2028: 50.0}
    assert result.sheets[1].columns == {}  # the instructions are not taken for demand

    submission = open_submission(client, bob, campaign)
    upload(submission, ("filled.xlsx", filled.getvalue()))
    assert list(submission.lines.values_list("status", flat=True)) == ["ok", "ok"]


def test_campaign_page_links_the_customer_to_its_part_of_the_published_order(client):
    from cityorder.accounts.models import User
    from cityorder.demand.demo import load_demand_demo
    from cityorder.registry.demo import load_demo

    load_demo()
    load_demand_demo(User.objects.get(username="analyst"))
    client.login(username="mosgortrans", password="demo-customer-2026")
    page = client.get("/demand/campaigns/ekb-2026/").content.decode()
    assert 'id="my-part"' in page
    response = client.get("/order/campaigns/ekb-2026/my-part/")
    assert response.status_code == 200
    client.login(username="analyst", password="demo-analyst-2026")
    assert 'id="campaign-order"' in client.get("/demand/campaigns/ekb-2026/").content.decode()
