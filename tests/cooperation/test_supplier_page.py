"""The suppliers page in pages of 50 parts: its figures over all the parts, the same as the whole sourcing's;
candidates for the parts shown; search and filters; a form on a later page returns there (its queries:
test_suppliers_queries)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cityorder.cooperation import services
from cityorder.cooperation import supplier_page as supplier_page_module
from cityorder.cooperation.models import AssignmentStatus, DerivedNeed
from cityorder.cooperation.supplier_page import PER_PAGE, supplier_page
from cityorder.cooperation.suppliers import project_sourcing
from cityorder.substitution.models import CatalogItem, CrossReference, Origin
from tests import factories as f
from tests.cooperation.conftest import bom_with

pytestmark = pytest.mark.django_db


def keys_shown(response) -> list[str]:
    return re.findall(r'<tr data-key="([^"]+)"', response.content.decode())


def test_the_figures_are_those_of_the_whole_sourcing(project, suppliers, cora):
    cells, _micro, outside = suppliers
    services.assignment_set(actor=cora, project=project, key="pn:LTO66160", organization=cells,
                            status=AssignmentStatus.AGREED)
    whole = project_sourcing(project)
    paged = supplier_page(project)
    assert paged.picture == whole.picture
    assert [g.key for g in paged.gaps] == [g.need.key for g in whole.gaps]
    assert paged.localization == whole.localization
    assert [(p.need.key, [c.name for c in p.candidates]) for p in paged.page.object_list] == [
        (p.need.key, [c.name for c in p.candidates]) for p in whole.parts]


def test_the_matrix_pages_searches_and_filters(client, cora, project, suppliers):
    services.bom_import(actor=cora, project=project, name="large.xlsx", data=bom_with(60))
    client.force_login(cora)
    url = reverse("cooperation:suppliers", args=[project.code])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert len(keys_shown(first)) == PER_PAGE and len(keys_shown(second)) == 3 + 60 - PER_PAGE
    assert not set(keys_shown(first)) & set(keys_shown(second))
    # the figures stay those of all 63 parts on any page
    assert "0 / 63" in second.content.decode()
    assert keys_shown(client.get(url, {"q": "KR142EN5A"})) == ["pn:КР142ЕН5А"]  # by the part's identity
    assert len(keys_shown(client.get(url, {"q": "кабель"}))) == 1  # by name, any case
    assert len(keys_shown(client.get(url, {"show": "gaps"}))) == len(supplier_page(project).gaps)
    assert keys_shown(client.get(url, {"show": "assigned"})) == []


def test_a_supplier_assigned_on_a_later_page_returns_to_it(client, cora, project, suppliers):
    services.bom_import(actor=cora, project=project, name="large.xlsx", data=bom_with(60))
    _cells, micro, _outside = suppliers
    client.force_login(cora)
    url = reverse("cooperation:suppliers", args=[project.code])
    key = keys_shown(client.get(url, {"page": 2, "q": "КР142"}))[0]
    done = client.post(reverse("cooperation:assign", args=[project.code]), {
        "key": key, "organization": micro.pk, "mode": "buy", "status": "negotiating",
        "q": "КР142", "page": "2"})
    assert done.status_code == 302 and done.url == f"{url}?q=%D0%9A%D0%A0142&page=2"
    assert keys_shown(client.get(url, {"show": "assigned"})) == [key]


def test_after_an_explosion_the_page_reads_the_stored_needs_and_their_categories(
        client, cora, project, suppliers, campaign, monkeypatch, django_capture_on_commit_callbacks):
    services.bom_import(actor=cora, project=project, name="large.xlsx", data=bom_with(60))
    fresh = supplier_page(project, page=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.explosion_start(actor=cora, project=project, campaign=campaign)
    assert not DerivedNeed.objects.filter(category="").exists()
    monkeypatch.setattr(supplier_page_module, "explode", lambda *a, **k: pytest.fail("exploded again"))
    monkeypatch.setattr(supplier_page_module, "identify", lambda *a, **k: pytest.fail("identified again"))
    stored = supplier_page(project, page=2)
    assert (stored.picture, stored.localization, stored.total) == (fresh.picture, fresh.localization, fresh.total)
    assert [g.key for g in stored.gaps] == [g.key for g in fresh.gaps]
    assert [(p.need.key, p.category, [c.name for c in p.candidates]) for p in stored.page.object_list] == [
        (p.need.key, p.category, [c.name for c in p.candidates]) for p in fresh.page.object_list]


def test_a_cross_reference_analog_of_another_category_is_a_candidate_on_the_page(project, suppliers):
    """The page asks the catalog for the parts shown only: a cross-reference's analog is among them."""
    maker = f.OrganizationFactory(short_name="АО «Кабель»")
    CatalogItem.objects.create(key="pn:KAB1", part_number="КАБ-1", manufacturer="АО «Кабель»", name="Провод",
                               category="", origin=Origin.DOMESTIC, organization=maker)
    CrossReference.objects.create(key="pn:VVG3X16", part_number="ВВГ-3x16", analog_key="pn:KAB1",
                                  analog_part_number="КАБ-1", compatibility="functional")
    whole = {p.need.part_number: [c.name for c in p.candidates] for p in project_sourcing(project).parts}
    paged = {p.need.part_number: [c.name for c in p.candidates] for p in supplier_page(project).page.object_list}
    assert paged == whole and "АО «Кабель»" in paged["ВВГ-3x16"]
