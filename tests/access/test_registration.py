"""An organization's registration (INN, OGRN, KPP, names), kind and parent body are the department's: its own
users and coordinators keep its contacts, description and competencies. A parent body is a government body the
user may see."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cityorder.registry import importing, services
from cityorder.registry.access import DEPARTMENT_FIELDS
from cityorder.registry.columns import COLUMNS, ImportKind
from cityorder.registry.exporting import export_rows
from tests import factories as f
from tests.demand.workbooks import xlsx

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.cookies["django_language"] = "en"
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def bodies(db):
    """A government body with a subordinate organization, and another company."""
    body = f.CustomerOrganizationFactory(kind="government_body", short_name="Дептранс")
    return body, f.CustomerOrganizationFactory(parent=body), f.OrganizationFactory(short_name="ООО «Чужое»")


def test_a_customer_edits_its_contacts_but_not_its_kind_parent_or_inn(client: Client, bob, bodies):
    body, _subordinate, company = bodies
    organization = bob.organization
    client.force_login(bob)
    page = client.get(reverse("registry:organization_edit", args=[organization.pk]))
    form = page.context["form"]
    assert not set(DEPARTMENT_FIELDS) & set(form.fields)
    assert organization.inn in page.content.decode()  # shown as text
    response = client.post(reverse("registry:organization_edit", args=[organization.pk]), {
        "inn": "7700000001", "kind": "company", "parent": company.pk, "short_name": "Переименовано",
        "phone": "+7 495 111-11-11"})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.kind, organization.parent_id, organization.short_name) == (
        "subordinate", None, organization.short_name)
    assert organization.inn != "7700000001" and organization.phone == "+7 495 111-11-11"


def test_the_department_chooses_a_parent_among_government_bodies_only(client: Client, alice, bob, bodies):
    body, subordinate, company = bodies
    client.force_login(alice)
    url = reverse("registry:organization_edit", args=[bob.organization.pk])
    choices = set(client.get(url).context["form"].fields["parent"].queryset)
    assert body in choices and company not in choices and subordinate not in choices
    assert bob.organization not in choices
    data = {name: getattr(bob.organization, name) for name in ("inn", "ogrn", "kpp", "full_name", "short_name",
                                                               "kind")}
    for wrong in (company, subordinate):
        response = client.post(url, {**data, "parent": wrong.pk})
        assert response.status_code == 200 and response.context["form"].errors["parent"]
    assert client.post(url, {**data, "parent": body.pk}).status_code == 302
    bob.organization.refresh_from_db()
    assert bob.organization.parent == body


def test_a_parent_the_user_may_not_see_is_refused_by_the_service(bob, max_maker, bodies):
    """A coordinator or the department sees every body; anyone else names none it cannot see."""
    body, _subordinate, _company = bodies
    with pytest.raises(PermissionDenied):
        services.organization_update(actor=bob, organization=bob.organization, parent=body)
    with pytest.raises(PermissionDenied):
        services.organization_update(actor=max_maker, organization=max_maker.organization, kind="subordinate")
    bob.organization.refresh_from_db()
    assert bob.organization.parent is None


def test_through_the_api_a_customer_changes_its_phone_but_not_its_kind(bob, carol):
    client = api(bob)
    url = f"/api/v1/organizations/{bob.organization.pk}/"
    refused = client.patch(url, {"kind": "company"}, format="json")
    assert refused.status_code == 403 and "kind" in refused.json()["detail"]
    bob.organization.refresh_from_db()
    assert bob.organization.kind == "subordinate"
    # So carol still cannot read it.
    assert api(carol).get(url).status_code == 404
    assert client.patch(url, {"phone": "+7 495 222-22-22"}, format="json").status_code == 200
    current = client.get(url).json()
    same = {name: current[name] for name in ("inn", "ogrn", "kpp", "full_name", "short_name", "kind", "parent")}
    assert client.put(url, {**same, "phone": "1"}, format="json").status_code == 200  # unchanged values pass


def test_through_the_api_the_manufacturer_and_the_coordinator_keep_only_the_profile(max_maker, cora, alice):
    cluster = f.ClusterFactory(coordinator=cora.organization)
    f.MembershipFactory(cluster=cluster, organization=max_maker.organization)
    url = f"/api/v1/organizations/{max_maker.organization.pk}/"
    for user in (max_maker, cora):
        assert api(user).patch(url, {"inn": "7700000001"}, format="json").status_code == 403
        assert api(user).patch(url, {"short_name": "ГБУ «Больница»"}, format="json").status_code == 403
        assert api(user).patch(url, {"description": "Аккумуляторы"}, format="json").status_code == 200
    assert api(alice).patch(url, {"short_name": "ООО «Завод»"}, format="json").status_code == 200


def test_through_the_api_a_parent_is_a_government_body(alice, bob, bodies):
    body, subordinate, company = bodies
    url = f"/api/v1/organizations/{bob.organization.pk}/"
    for wrong in (company, subordinate):
        response = api(alice).patch(url, {"parent": wrong.pk}, format="json")
        assert response.status_code == 400 and "parent" in response.json()
    assert api(alice).patch(url, {"parent": body.pk}, format="json").json()["parent"] == body.pk


def test_the_schema_says_who_keeps_these_fields(alice):
    schema = api(alice).get("/api/v1/schema/?format=json").json()
    fields = schema["components"]["schemas"]["PatchedOrganizationInput"]["properties"]
    for name in DEPARTMENT_FIELDS:
        assert "Kept by the department" in fields[name]["description"], name
    assert "Kept by the department" not in fields["phone"].get("description", "")
    operation = schema["paths"]["/api/v1/organizations/{id}/"]["patch"]
    assert "department" in operation["description"]


def test_a_coordinators_import_cannot_rename_a_member(cora, max_maker):
    cluster = f.ClusterFactory(coordinator=cora.organization)
    f.MembershipFactory(cluster=cluster, organization=max_maker.organization)
    headers, rows = export_rows(ImportKind.ORGANIZATIONS, actor=cora)
    row = next(r for r in rows if r[0] == max_maker.organization.inn)
    unchanged = importing.preview_import("organizations", xlsx([headers, row]), "orgs.xlsx", actor=cora)
    assert not unchanged.messages()
    short_name = [c.name for c in COLUMNS[ImportKind.ORGANIZATIONS]].index("short_name")
    renamed = list(row)
    renamed[short_name] = "ГБУ «Больница»"
    preview = importing.preview_import("organizations", xlsx([headers, renamed]), "orgs.xlsx", actor=cora)
    assert any("only the department" in message for message in preview.messages())
