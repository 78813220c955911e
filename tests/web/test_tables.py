"""The house's table (web/tables.py) renders the cells django-tables2's own template renders: every table of the
main pages is rendered both ways and compared cell by cell — attributes of rows and cells, links, badges, actions."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from cityorder.accounts.models import User
from cityorder.cooperation.demo import load_cooperation_demo
from cityorder.demand import services
from cityorder.registry.models import Cluster
from cityorder.tenders import demo as tender_demo
from cityorder.web import tables as house_tables
from tests.order.helpers import BOB_ROWS, CAROL_ROWS, accepted, consolidate, demand_file, make_campaign
from tests.substitution.helpers import demo_order

STOCK = "django_tables2/bootstrap5.html"
# a CSRF token is masked anew for every request
_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


class _Tables(HTMLParser):
    """Every <table>: its rows, each the <tr>'s attributes and its cells (attributes, inner HTML without spacing)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tables: list[dict[str, Any]] = []
        self.depth = 0  # inside a <td> or <th>: how deep
        self.cell: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag not in ("input", "br", "img")
            self.cell.append(self.get_starttag_text() or "")
        elif tag == "table":
            self.tables.append({"attrs": dict(attrs), "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append((dict(attrs), []))
        elif tag in ("td", "th") and self.tables:
            self.depth, self.cell = 1, []
            self.tables[-1]["rows"][-1][1].append((tag, dict(attrs), self.cell))

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if self.depth:
                self.cell.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.cell.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


def _tables(html: str) -> list[dict[str, Any]]:
    parser = _Tables()
    parser.feed(_CSRF.sub(r'\1"', html))
    for table in parser.tables:
        for _attrs, cells in table["rows"]:
            for n, (tag, attrs, parts) in enumerate(cells):
                cells[n] = (tag, attrs, " ".join("".join(parts).split()))
    return parser.tables


def _both(client: Any, url: str, monkeypatch: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    house = client.get(url)
    assert house.status_code == 200, url
    with monkeypatch.context() as patched:
        patched.setattr(house_tables, "TEMPLATE", STOCK)
        stock = client.get(url)
    return _tables(house.content.decode()), _tables(stock.content.decode())


@pytest.fixture
def pages(alice, bob, carol, django_capture_on_commit_callbacks):
    """A version of Carol's accepted demand; Bob's draft with an error row (his lines have actions)."""
    campaign = make_campaign(alice, bob, carol)
    carols = accepted(alice, carol, campaign, CAROL_ROWS, django_capture_on_commit_callbacks)
    version = consolidate(campaign, alice)
    bobs = services.submission_open(actor=bob, campaign=campaign)
    rows = [*BOB_ROWS, [5, "Резистор 10 кОм", "", "", "шт", "много", 1, 1]]
    with django_capture_on_commit_callbacks(execute=True):
        services.upload_add(actor=bob, submission=bobs, name="school.xlsx", data=demand_file(rows))
    return {"campaign": campaign, "carols": carols, "version": version, "bobs": bobs}


def test_every_table_renders_the_cells_of_django_tables2(client, alice, bob, pages, monkeypatch):
    analyst = [
        reverse("order:version", args=[pages["version"].pk]),
        reverse("order:version", args=[pages["version"].pk]) + "?sort=name",
        reverse("demand:campaign", args=[pages["campaign"].code]),
        reverse("demand:campaign_list"),
        reverse("demand:review_queue"),
        reverse("demand:submission", args=[pages["carols"].pk]),
        reverse("registry:organization_list"),
        reverse("registry:cluster_list"),
        reverse("registry:product_list"),
        reverse("substitution:catalog"),
    ]
    customer = [reverse("demand:submission", args=[pages["bobs"].pk]), reverse("demand:campaign_list")]
    assert _compared(client, monkeypatch, [(alice, analyst), (bob, customer)]) > 20


def _compared(client: Any, monkeypatch: Any, pages: list[tuple[Any, list[str]]]) -> int:
    """Each user's pages rendered both ways and compared; the number of rows compared."""
    compared = 0
    for user, urls in pages:
        client.force_login(user)
        for url in urls:
            house, stock = _both(client, url, monkeypatch)
            assert house == stock, url
            compared += sum(len(table["rows"]) for table in house)
    return compared


@pytest.mark.django_db
def test_the_demo_registry_catalog_and_audit_tables_render_as_django_tables2(client, monkeypatch):
    """Links by reverse arguments, many-to-many and boolean columns, template columns of actions, the catalog."""
    demo_order()
    load_cooperation_demo(User.objects.get(username="coordinator"))
    tender_demo.load_tender_demo()
    cluster = Cluster.objects.get(code="ev").code
    analyst = ["/organizations/", "/products/", "/clusters/", f"/clusters/{cluster}/", "/substitution/catalog/",
               reverse("tenders:audit", args=[tender_demo.CODE])]
    coordinator = [f"/clusters/{cluster}/", "/products/"]
    users = [(User.objects.get(username="analyst"), analyst), (User.objects.get(username="coordinator"), coordinator)]
    assert _compared(client, monkeypatch, users) > 30


def test_the_house_table_renders_links_actions_errors_and_sorting(client, bob, alice, pages):
    client.force_login(bob)
    html = client.get(reverse("demand:submission", args=[pages["bobs"].pk])).content.decode()
    (lines,) = [t for t in _tables(html) if t["attrs"].get("id") == "lines"]
    header, *rows = lines["rows"]
    assert any("sort=" in cell for _tag, _attrs, cell in header[1])  # sorting links in the header
    error = [attrs for attrs, _cells in rows if attrs.get("data-status") == "error"]
    assert error and "table-danger" in error[0]["class"]
    actions = rows[0][1][-1]
    assert actions[1]["class"] == "row-actions" and "csrfmiddlewaretoken" in actions[2]
    client.force_login(alice)
    html = client.get(reverse("order:version", args=[pages["version"].pk])).content.decode()
    (positions,) = [t for t in _tables(html) if t["attrs"].get("id") == "positions"]
    first = positions["rows"][1][1][0]
    assert first[2].startswith('<a href="/order/') and "font-monospace" in first[1]["class"]
