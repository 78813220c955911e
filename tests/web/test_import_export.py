"""The registry import page (upload → preview → confirm) and the export buttons."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cityorder.registry.models import Organization

pytestmark = pytest.mark.django_db


def _upload(client, content: bytes, name: str = "orgs.csv"):
    return client.post(reverse("registry:import"), {"kind": "organizations", "file": SimpleUploadedFile(name, content)})


def test_import_page_previews_then_applies(client, alice):
    client.force_login(alice)
    csv = "ИНН;Полное наименование;Вид\n7707083893;ПАО «Сбербанк»;Компания\n".encode("cp1251")
    response = _upload(client, csv)
    assert response.status_code == 200
    assert not Organization.objects.filter(inn="7707083893").exists()
    assert 'data-action="create"' in response.content.decode()
    applied = client.post(reverse("registry:import_confirm"))
    assert applied.status_code == 302
    assert Organization.objects.filter(inn="7707083893").exists()


def test_import_page_reports_bad_rows(client, alice):
    client.force_login(alice)
    response = _upload(client, "ИНН;Полное наименование;Вид\n7707083894;Ошибка;Компания\n".encode())
    html = response.content.decode()
    assert "table-danger" in html and "ИНН" in html
    assert "Import all rows" not in html and "Импортировать все строки" not in html


def test_confirm_without_an_upload_writes_nothing(client, alice):
    client.force_login(alice)
    response = client.post(reverse("registry:import_confirm"))
    assert response.status_code == 302
    assert response.url == reverse("registry:import")


def test_customer_and_manufacturer_cannot_import(client, bob, max_maker):
    for user in (bob, max_maker):
        client.force_login(user)
        assert client.get(reverse("registry:import")).status_code == 403
        assert client.post(reverse("registry:import_confirm")).status_code == 403


def test_export_csv_and_xlsx(client, alice, carol):
    client.force_login(alice)
    csv = client.get(reverse("registry:export", args=["organizations", "csv"]))
    assert csv.status_code == 200 and csv["Content-Type"] == "text/csv"
    assert carol.organization.inn in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("registry:export", args=["products", "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("registry:export", args=["organizations", "pdf"])).status_code == 404


def test_export_hides_other_customers(client, bob, carol):
    client.force_login(bob)
    csv = client.get(reverse("registry:export", args=["organizations", "csv"])).content.decode("utf-8-sig")
    assert bob.organization.inn in csv
    assert carol.organization.inn not in csv
