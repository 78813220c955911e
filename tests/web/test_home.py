"""The home page shows each role what it must act on, and analysts remind late customers by e-mail."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cityorder.accounts.models import User
from cityorder.demand import services as demand_services
from cityorder.demand.models import Submission, SubmissionStatus
from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.order.models import ProbableMatch
from cityorder.registry.models import Organization
from tests.substitution.helpers import demo_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return demo_order()


@pytest.fixture
def late_campaign(order):
    """A second campaign whose deadline passed, with the demo's hospital and housing customers not handed in."""
    analyst = User.objects.get(username="analyst")
    invited = list(Organization.objects.filter(short_name__in=["ГКБ № 1 (демо)", "ГУП «Мосгортранс»"]))
    return demand_services.campaign_create(
        actor=analyst, code="late-2026", title="Потребность в кабеле", year_from=2026, year_to=2027,
        deadline=timezone.localdate() - datetime.timedelta(days=3), invited=invited)


def html_of(client, username: str, password: str) -> str:
    assert client.login(username=username, password=password)
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start:html.index("</div></div></div>", start)]


def test_the_analyst_sees_what_waits_for_it(client, order, late_campaign):
    hospital = Organization.objects.get(short_name="ГКБ № 1 (демо)")
    waiting = Submission.objects.create(campaign=late_campaign, customer=hospital, status=SubmissionStatus.SUBMITTED,
                                        submitted_at=timezone.now())
    Job.objects.create(kind=JobKind.MATCH_ANALOGS, status=JobStatus.FAILED, title="Matching", error="worker died",
                       finished_at=timezone.now())
    ProbableMatch.objects.create(order=order, position_a="Pa", position_b="Pb", key_a="a", key_b="b", score=80,
                                 reason="")
    html = html_of(client, "analyst", "demo-analyst-2026")
    assert f'data-submission="{waiting.pk}"' in section(html, "home-review")
    late = section(html, "home-late")
    # The hospital handed in, so only Мосгортранс is late in the second campaign; the demo campaign is not due.
    assert 'data-campaign="late-2026"' in late and 'data-campaign="ekb-2026"' not in late
    mosgortrans = Organization.objects.get(short_name="ГУП «Мосгортранс»")
    assert f'data-late="{mosgortrans.pk}"' in late and f'data-late="{hospital.pk}"' not in late
    assert f'data-order="{order.pk}"' in section(html, "home-matches")
    assert "worker died" in section(html, "home-failed")


def test_the_reminder_button_mails_each_late_customer(client, order, late_campaign):
    assert client.login(username="analyst", password="demo-analyst-2026")
    response = client.post(reverse("web:remind", args=[late_campaign.code]), follow=True)
    assert response.status_code == 200
    assert len(mail.outbox) == 2  # Мосгортранс and the hospital, each at its users' addresses
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["hospital@demo.example", "mosgortrans@demo.example"]
    assert late_campaign.title in mail.outbox[0].subject
    assert late_campaign.get_absolute_url() in mail.outbox[0].body
    # Nobody else may send them.
    client.logout()
    assert client.login(username="mosgortrans", password="demo-customer-2026")
    assert client.post(reverse("web:remind", args=[late_campaign.code])).status_code == 403
    assert len(mail.outbox) == 2


def test_the_reminder_command_sends_the_same(order, late_campaign):
    call_command("remind_late", "--campaign", late_campaign.code)
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    call_command("remind_late", "--campaign", order.campaign.code)  # not due yet
    assert mail.outbox == []


def test_a_customer_sees_its_open_campaigns_and_what_is_missing(client, order):
    html = html_of(client, "hospital", "demo-customer-2026")
    customer = section(html, "home-customer")
    row = customer[customer.index('data-campaign="ekb-2026"'):]
    row = row[:row.index("</tr>")]
    assert "data-missing" in row and ("not started" in row or "не начата" in row)
    assert order.campaign.deadline.strftime("%d.%m.%Y") in row  # the deadline, as Russian writes dates
    assert not Submission.objects.filter(customer__short_name="ГКБ № 1 (демо)").exists()  # the page changed nothing
    assert 'id="home-review"' not in html


def test_a_manufacturer_sees_its_forecast_and_offers(client, order):
    html = html_of(client, "battery", "demo-maker-2026")
    forecast = section(html, "home-forecast")
    assert 'data-category="battery.lfp"' in forecast
    assert 'id="home-offers"' in html and 'id="home-review"' not in html


def test_a_coordinator_sees_its_clusters(client, order):
    html = html_of(client, "coordinator", "demo-coordinator-2026")
    assert 'id="home-clusters"' in html and "data-cluster=" in html
    assert 'id="home-review"' not in html and 'id="home-customer"' not in html
