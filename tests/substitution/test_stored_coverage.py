"""The stored coverage: a change of each input marks it stale in the change's own transaction, the pages and the API
show no figures but the computation's progress meanwhile, and the computation stores exactly what a direct one
gives; one overtaken by a change stores nothing."""

from __future__ import annotations

import csv
import io
import re
import threading
import time

import pytest
from django.db import connection, transaction
from tests.substitution.helpers import demo_order

from cityorder.accounts.models import User
from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.jobs.services import job_run
from cityorder.order.models import CityOrder
from cityorder.order.services import version_publish
from cityorder.substitution import queries, services, stored
from cityorder.substitution.models import Analog, CatalogItem, CoverageChange, Offer, StoredCoverage

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return demo_order()


@pytest.fixture
def analyst(order):
    return User.objects.get(username="analyst")


def state_of(order: CityOrder) -> StoredCoverage:
    return StoredCoverage.objects.get(order=order)


def assert_stored_is_direct(order: CityOrder) -> None:
    """The stored rows, read back whole, are the direct computation's figures, field by field."""
    state = state_of(order)
    assert state.fresh
    whole = queries.stored_coverage_whole(order, state)
    direct = queries.coverage_for(order).coverage
    assert whole.years == direct.years
    assert whole.shares == direct.shares
    assert whole.gaps == direct.gaps
    assert whole.roadmap == direct.roadmap
    assert whole.balances == direct.balances
    assert whole.cells == direct.cells


def test_the_stored_coverage_is_the_direct_computation(order):
    state = stored.coverage_ensure(order)
    assert state.fresh and state.computed_at is not None
    assert_stored_is_direct(order)
    summary = queries.coverage_summary(state)
    assert summary.gaps == queries.stored_gaps(order).count() >= 8
    assert summary.analogs == Analog.objects.filter(order=order).count()


def csv_bytes(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def confirm_the_ebus_analog(order, analyst):
    ebus = order.positions.get(name="Электробус 12 м")
    analog = Analog.objects.get(position=ebus)
    services.analog_decide(actor=analyst, position_key=ebus.key, item=analog.item, verdict="confirmed")


def reject_the_mcu_analog(order, analyst):
    mcu = order.positions.get(part_number="STM32F103C8T6")
    item = CatalogItem.objects.get(part_number="МЭЗ-32F103")
    services.analog_decide(actor=analyst, position_key=mcu.key, item=item, verdict="rejected")


def match_again(order, analyst):
    Analog.objects.filter(order=order, position__part_number="STM32F103C8T6").delete()
    services.match_order(order)


def import_the_catalog(order, analyst):
    mcu = CatalogItem.objects.get(part_number="МЭЗ-32F103")
    data = csv_bytes([["part_number", "manufacturer", "name", "category", "origin", "registry_no", "capacity_2027"],
                      [mcu.part_number, mcu.manufacturer, mcu.name, mcu.category, "domestic", mcu.registry_no, 10]])
    assert services.catalog_import(actor=analyst, name="cat.csv", data=data).ok


def sync_the_registry(order, analyst):
    services.catalog_sync_registry()


def offer_capacity(order, analyst):
    mcu = CatalogItem.objects.get(part_number="МЭЗ-32F103")
    services.offer_create(actor=analyst, organization=mcu.organization, item=mcu, volumes={2026: 5000},
                          from_year=2026)


def change_an_offer(order, analyst):
    offer_capacity(order, analyst)
    offer = Offer.objects.get()
    services.offer_update(actor=analyst, offer=offer, volumes={2026: 1000}, from_year=2026)


def withdraw_an_offer(order, analyst):
    offer_capacity(order, analyst)
    services.offer_delete(actor=analyst, offer=Offer.objects.get())


def publish_it(order, analyst):
    version_publish(actor=analyst, order=order)


CHANGES = {
    "confirmed analog": (confirm_the_ebus_analog, CoverageChange.VERDICT, True),
    "rejected analog": (reject_the_mcu_analog, CoverageChange.VERDICT, True),
    "matching": (match_again, CoverageChange.MATCHING, False),
    "catalog import": (import_the_catalog, CoverageChange.CATALOG, True),
    "registry sync": (sync_the_registry, CoverageChange.CATALOG, False),
    "new offer": (offer_capacity, CoverageChange.OFFERS, True),
    "changed offer": (change_an_offer, CoverageChange.OFFERS, True),
    "withdrawn offer": (withdraw_an_offer, CoverageChange.OFFERS, False),
    "publication": (publish_it, CoverageChange.PUBLICATION, False),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_change_of_an_input_marks_the_coverage_stale_and_the_recompute_is_direct(order, analyst, name):
    change, reason, moves_figures = CHANGES[name]
    stored.coverage_ensure(order)
    before = queries.stored_coverage_whole(order, state_of(order))
    change(order, analyst)
    state = state_of(order)
    assert not state.fresh and state.change == reason
    assert stored.coverage_refresh(order)
    assert_stored_is_direct(order)
    if moves_figures:  # the change reached the figures, so a stale copy would have shown wrong ones
        assert queries.stored_coverage_whole(order, state_of(order)).cells != before.cells


def test_an_offer_marks_only_the_versions_that_have_its_product_as_an_analog(order, analyst):
    other = CityOrder.objects.create(campaign=order.campaign, number=order.number + 1, years=order.years)
    stored.coverage_ensure(order)
    stored.coverage_ensure(other)
    offer_capacity(order, analyst)
    assert not state_of(order).fresh and state_of(other).fresh


def test_a_computation_overtaken_by_a_change_stores_nothing(order, analyst):
    stored.coverage_ensure(order)
    before = state_of(order).computed_version

    def change_meanwhile(done, total, stage):
        if done == 0 and not Offer.objects.exists():
            offer_capacity(order, analyst)  # committed while the computation reads its inputs

    confirm_the_ebus_analog(order, analyst)
    assert not stored.coverage_refresh(order, report=change_meanwhile)
    state = state_of(order)
    assert not state.fresh and state.computed_version == before
    assert stored.coverage_refresh(order)
    assert_stored_is_direct(order)


BASE = "/substitution/versions/{pk}"


def test_a_large_version_is_computed_in_the_background_and_its_pages_say_so(
        client, order, analyst, settings, django_capture_on_commit_callbacks):
    settings.COVERAGE_INLINE_POSITIONS = 0  # every version counts as large
    assert client.login(username="analyst", password="demo-analyst-2026")
    base = BASE.format(pk=order.pk)
    with django_capture_on_commit_callbacks(execute=False):
        pages = {tab: client.get(f"{base}/{tab}/").content.decode() for tab in ("coverage", "capacity", "gaps",
                                                                                  "roadmap")}
        api = client.get(f"/api/v1/orders/{order.pk}/coverage/")
        gaps = client.get(f"/api/v1/orders/{order.pk}/coverage/gaps/")
    job = Job.objects.get(kind=JobKind.COVERAGE, params__order=order.pk)  # one computation, however many asked
    assert job.status == JobStatus.QUEUED
    for tab, html in pages.items():
        assert 'id="coverage-computing"' in html and f'id="job-{job.pk}"' in html, tab
        assert "coverage-table" not in html and 'data-position="' not in html and 'data-balance="' not in html
    assert api.status_code == gaps.status_code == 202
    assert api.json()["job"]["id"] == job.pk and "shares" not in api.json()
    # The worker runs it; the pages then read the stored rows.
    job_run(job.pk)
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
    assert state_of(order).fresh
    html = client.get(f"{base}/gaps/").content.decode()
    assert "coverage-computing" not in html and 'data-position="' in html
    # A change marks it stale and queues the next computation once the change commits.
    with django_capture_on_commit_callbacks(execute=True):
        confirm_the_ebus_analog(order, analyst)
    assert Job.objects.filter(kind=JobKind.COVERAGE, params__order=order.pk, status=JobStatus.DONE).exists()
    assert state_of(order).fresh  # the immediate backend ran it at once
    assert_stored_is_direct(order)


def test_the_gaps_page_filters_sorts_and_pages_in_the_database(client, order):
    assert client.login(username="analyst", password="demo-analyst-2026")
    base = BASE.format(pk=order.pk)
    everything = re.findall(r'<tr data-position="([^"]+)"', client.get(f"{base}/gaps/").content.decode())
    direct = [gap.position_id for gap in queries.coverage_for(order).coverage.gaps]
    assert everything == direct
    none = re.findall(r'<tr data-position="([^"]+)"', client.get(f"{base}/gaps/?status=none").content.decode())
    statuses = {g.position_id: set(g.statuses.values()) for g in queries.coverage_for(order).coverage.gaps}
    assert none and set(none) == {pid for pid, s in statuses.items() if s == {"none"}}
    timers = re.findall(r'<tr data-position="([^"]+)"', client.get(f"{base}/gaps/?category=ic").content.decode())
    assert order.positions.get(part_number="NE555P").position_id in timers and len(timers) < len(everything)
    by_id = re.findall(r'<tr data-position="([^"]+)"', client.get(f"{base}/gaps/?sort=position").content.decode())
    assert by_id == sorted(everything)
    api = client.get(f"/api/v1/orders/{order.pk}/coverage/gaps/", {"status": "none"}).json()
    assert api["count"] == len(none)


def test_concurrent_requests_that_find_no_computation_waiting_queue_one(order, settings,
                                                                           django_capture_on_commit_callbacks):
    settings.COVERAGE_INLINE_POSITIONS = 0
    with django_capture_on_commit_callbacks(execute=False):
        state, _created = StoredCoverage.objects.get_or_create(order=order)
        StoredCoverage.objects.filter(pk=state.pk).update(job=None, inputs_version=state.computed_version + 1)
        seen_by_second = StoredCoverage.objects.get(pk=state.pk)  # read before the first request queued its job
        stored.coverage_ensure(order)
        with transaction.atomic():
            stored._queue(seen_by_second)
    assert Job.objects.filter(kind=JobKind.COVERAGE, params__order=order.pk).count() == 1
    assert seen_by_second.job == state_of(order).job


def test_a_change_records_itself_on_a_version_never_computed(order, analyst):
    StoredCoverage.objects.filter(order=order).delete()
    reject_the_mcu_analog(order, analyst)
    state = state_of(order)  # its row is the change's: a first computation racing it waits for it or is overtaken
    assert not state.fresh and state.change == CoverageChange.VERDICT


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_first_computation_racing_an_uncommitted_change_does_not_store_the_old_inputs_as_current(order, analyst):
    StoredCoverage.objects.filter(order=order).delete()  # never computed
    changed = threading.Event()

    def change() -> None:
        try:
            with transaction.atomic():
                reject_the_mcu_analog(order, analyst)
                changed.set()
                time.sleep(2)  # the computation starts and reads its inputs meanwhile
        finally:
            connection.close()

    thread = threading.Thread(target=change)
    thread.start()
    try:
        assert changed.wait(30)
        stored.coverage_refresh(order)
    finally:
        thread.join()
    stored.coverage_ensure(order)  # whatever is stale is computed again; what is fresh must be true
    assert_stored_is_direct(order)
