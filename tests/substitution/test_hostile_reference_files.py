"""A hostile catalog or cross-reference file (a header and one cell at ALL200000: 5 KB on disk, gigabytes once
laid out) is read in the limited reading process: the upload names the file and the limit, stores nothing, and
this process goes on."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.demand.workbooks import sparse_xlsx
from tests.substitution.test_services import CATALOG_HEAD, csv_bytes

from cityorder.substitution import services
from cityorder.substitution.models import CatalogItem, CrossReference

pytestmark = pytest.mark.django_db

STOPPED = "huge.xlsx: reading the file needed more than 1500 MB of memory and was stopped"


@pytest.fixture(autouse=True)
def _read_limit(settings):
    # Above what the reading process itself maps (numpy, pyarrow: some 400 MB), far below what the file asks.
    settings.CITYORDER_READ_MEMORY_MB = 1500


def huge(*headers: str) -> bytes:
    return sparse_xlsx({**{f"{letter}1": h for letter, h in zip("ABCD", headers, strict=False)}, "ALL200000": "x"})


def test_a_hostile_catalog_upload_is_refused_on_the_page_and_stores_nothing(client, alice):
    client.force_login(alice)
    page = client.post(reverse("substitution:upload", args=["catalog"]),
                       {"file": SimpleUploadedFile("huge.xlsx", huge("part_number", "manufacturer", "name"))})
    assert page.status_code == 200 and STOPPED in page.content.decode()
    assert not CatalogItem.objects.exists()
    good = csv_bytes([CATALOG_HEAD, ["K1", "Ангстрем", "Стабилизатор", "ic.regulator", "domestic", "", 100]])
    assert services.catalog_import(actor=alice, name="catalog.csv", data=good).ok  # the process went on


def test_a_hostile_cross_reference_file_is_refused_and_stores_nothing(alice):
    outcome = services.xref_import(actor=alice, name="huge.xlsx", data=huge("part_number", "analog_part_number"))
    assert not outcome.ok and outcome.errors[0].startswith(STOPPED)
    assert not CrossReference.objects.exists()
