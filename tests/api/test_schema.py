"""The OpenAPI document and its Swagger UI."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

MAIN_PATHS = [
    "/api/v1/auth/token/",
    "/api/v1/organizations/", "/api/v1/organizations/{id}/",
    "/api/v1/clusters/", "/api/v1/clusters/{code}/",
    "/api/v1/memberships/", "/api/v1/memberships/{id}/",
    "/api/v1/products/", "/api/v1/products/{id}/", "/api/v1/products/{id}/capacity/",
    "/api/v1/competencies/", "/api/v1/categories/", "/api/v1/zones/",
]


def test_it_serves_an_openapi_document_with_the_main_paths(api, alice):
    response = api(alice).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(MAIN_PATHS) <= set(schema["paths"])
    organizations = schema["paths"]["/api/v1/organizations/"]
    assert organizations["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/OrganizationInput")
    assert organizations["post"]["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/OrganizationOutput")
    assert {"kind", "cluster", "competency", "sez_resident", "search", "ordering", "page"} <= {
        p["name"] for p in organizations["get"]["parameters"]}


def test_it_validates_without_warnings(tmp_path, capsys):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def test_it_serves_swagger_ui_to_a_signed_in_person(client, alice):
    # The docs are a page for people in a browser: a session, not a token (tests/operations/test_security.py).
    client.force_login(alice)
    assert client.get("/api/v1/docs/").status_code == 200
