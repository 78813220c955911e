"""Global search finds parts: demand lines, positions, catalog products and cross-references, scoped by role."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from cityorder.demand.models import DemandLine
from tests.substitution.helpers import demo_order

pytestmark = pytest.mark.django_db

PASSWORDS = {"analyst": "demo-analyst-2026", "mosgortrans": "demo-customer-2026", "hospital": "demo-customer-2026",
             "battery": "demo-maker-2026"}


@pytest.fixture
def order():
    return demo_order()


def search(client, username: str, text: str):
    assert client.login(username=username, password=PASSWORDS[username])
    response = client.get(reverse("web:search"), {"q": text})
    assert response.status_code == 200
    return response.context["found"], response.content.decode()


def test_the_analyst_finds_a_part_everywhere_by_its_number_as_typed(client, order):
    found, html = search(client, "analyst", "l7805")
    assert [p.part_number for p in found.positions] == ["L7805CV"]
    assert found.lines and all("7805" in line.part_number.upper() for line in found.lines)
    assert {i.part_number for i in found.catalog} >= {"L7805CV"}
    assert [(x.part_number, x.analog_part_number) for x in found.xrefs] == [("L7805", "СМЭ-1142ЕН5")]
    assert 'id="found-positions"' in html and found.positions[0].get_absolute_url() in html


def test_words_of_a_name_find_positions_and_lines_in_any_case(client, order):
    found, _html = search(client, "analyst", "резистор")
    names = {p.name for p in found.positions}
    assert {"Резистор 10 кОм 0805 1%", "Резистор 10к 0805"} <= names
    assert len(found.lines) >= 2


def test_a_customer_finds_only_its_own_lines(client, order):
    found, html = search(client, "mosgortrans", "L7805")
    own = {line.submission.customer.short_name for line in found.lines}
    assert own == {"ГУП «Мосгортранс»"}
    assert not found.positions and not found.catalog and not found.xrefs
    assert 'id="found-positions"' not in html
    found, _html = search(client, "hospital", "L7805")
    assert not found.lines  # it has sent nothing; the others' lines are not its to see
    assert DemandLine.objects.filter(part_number__icontains="7805").count() >= 1


def test_a_manufacturer_finds_its_own_catalog_products_and_no_demand(client, order):
    found, _html = search(client, "battery", "LFP")
    assert [i.part_number for i in found.catalog] == ["AT-LFP-12-100"]
    assert not found.lines and not found.positions and not found.xrefs


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the two plans are PostgreSQL's")
@pytest.mark.parametrize("text", ["l7805", "резистор", "LFP", "10к", "нет такого"])
def test_the_rows_found_are_the_same_by_either_plan(client, order, monkeypatch, text):
    """A rare text's rows are collected first and then ordered, a common one's found by the order's walk
    (web.search._pg_narrowed, PostgreSQL only): both plans give the same rows in the same order."""
    from cityorder.web import search as module

    def rows(few: int) -> list[list[int]]:
        monkeypatch.setattr(module, "FEW_ROWS", few)
        found, _html = search(client, "analyst", text)
        return [[row.pk for row in part] for part in (found.lines, found.positions, found.catalog, found.xrefs)]

    assert rows(10**9) == rows(-1)
