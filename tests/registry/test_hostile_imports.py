"""A hostile registry or product file (a header and one cell at ALL200000: 5 KB on disk, within the sheet caps,
yet gigabytes once laid out) is read in the limited reading process: manufacturers, outside users, upload product
files. The import names the file and the limit, writes nothing, and this process goes on."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cityorder.registry.columns import ImportKind
from cityorder.registry.importing import ImportFailed, apply_import, preview_import
from cityorder.registry.models import Organization, Product
from cityorder.registry.services import reference_data_ensure
from tests.demand.workbooks import sparse_xlsx

pytestmark = pytest.mark.django_db

STOPPED = "huge.xlsx: reading the file needed more than 1500 MB of memory and was stopped"


@pytest.fixture(autouse=True)
def _read_limit(settings):
    # Above what the reading process itself maps, far below what the file asks for.
    settings.CITYORDER_READ_MEMORY_MB = 1500


def huge_products(inn: str) -> bytes:
    return sparse_xlsx({"A1": "ИНН производителя", "B1": "Наименование", "C1": "Категория", "A2": inn,
                        "B2": "Батарея", "C2": "battery.lfp", "ALL200000": "x"})


def test_a_manufacturers_hostile_product_file_is_refused_by_name_and_writes_nothing(max_maker):
    reference_data_ensure()
    data = huge_products(max_maker.organization.inn)
    assert len(data) < 6000
    preview = preview_import(ImportKind.PRODUCTS, data, "huge.xlsx", actor=max_maker)
    assert not preview.ok and preview.file_errors[0].startswith(STOPPED)
    assert "delete what lies beyond the table" in preview.file_errors[0]
    with pytest.raises(ImportFailed):
        apply_import(ImportKind.PRODUCTS, data, "huge.xlsx", actor=max_maker)
    assert not Product.objects.exists()
    good = f"ИНН производителя;Наименование;Категория\n{max_maker.organization.inn};Батарея;battery.lfp\n"
    apply_import(ImportKind.PRODUCTS, good.encode(), "p.csv", actor=max_maker)
    assert Product.objects.count() == 1  # the process went on


def test_the_import_page_shows_the_message_for_a_hostile_organizations_file(client, alice):
    reference_data_ensure()
    before = Organization.objects.count()
    data = sparse_xlsx({"A1": "ИНН", "B1": "Полное наименование", "C1": "Вид", "ALL200000": "x"})
    client.force_login(alice)
    page = client.post(reverse("registry:import"), {"kind": ImportKind.ORGANIZATIONS.value,
                                                    "file": SimpleUploadedFile("huge.xlsx", data)})
    assert page.status_code == 200 and not page.context["preview"].ok
    # The page speaks Russian by default: the message is the same, translated.
    assert "huge.xlsx: для чтения файла потребовалось больше 1500 МБ памяти" in page.context["preview"].file_errors[0]
    assert Organization.objects.count() == before
