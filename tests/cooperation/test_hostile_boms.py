"""A hostile BOM (5 KB on disk, a BOM header, one line and one cell at ALL200000: within the sheet caps, yet its
dense grid needs gigabytes and calamine aborts the process that asks) is read in the limited reading process
wherever the platform reads one: the page's preview, the API's import and the background job. Each says which
file and which limit stopped it, stores nothing, and this process (the web or job worker) goes on."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cityorder.cooperation import services
from cityorder.cooperation.models import BomVersion, RegistryEntry
from cityorder.jobs.models import JobStatus
from tests.cooperation.conftest import BOM_HEADER, bom_file
from tests.demand.workbooks import sparse_xlsx

pytestmark = pytest.mark.django_db

STOPPED = "huge.xlsx: reading the file needed more than 1500 MB of memory and was stopped"


@pytest.fixture(autouse=True)
def _read_limit(settings):
    # Above what the reading process itself maps (numpy, pyarrow: some 400 MB), far below what the file asks.
    settings.CITYORDER_READ_MEMORY_MB = 1500


def huge_bom() -> bytes:
    cells = {f"{letter}1": header for letter, header in zip("ABCDEF", BOM_HEADER, strict=True)}
    data = sparse_xlsx({**cells, "A2": 1, "B2": "BAT-240", "C2": "Батарея", "D2": 1, "ALL200000": "x"})
    assert len(data) < 6000
    return data


def test_the_page_preview_names_the_file_and_the_limit_and_keeps_nothing(client, cora, project):
    client.force_login(cora)
    page = client.post(reverse("cooperation:bom_preview", args=[project.code]),
                       {"file": SimpleUploadedFile("huge.xlsx", huge_bom()), "note": ""})
    assert page.status_code == 200
    assert STOPPED in page.content.decode() and "delete what lies beyond the table" in page.content.decode()
    assert "token" not in page.context and not BomVersion.objects.exists()
    assert not default_storage.exists(services.PENDING_DIR)  # nothing kept for an import
    shown = client.post(reverse("cooperation:bom_preview", args=[project.code]),
                        {"file": SimpleUploadedFile("ebus.xlsx", bom_file()), "note": ""})
    assert shown.status_code == 200 and shown.context["count"] == 7  # the worker goes on


def test_the_api_import_answers_400_naming_the_file_and_stores_nothing(cora, project, settings):
    client = APIClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cora).key}")
    url = f"/api/v1/projects/{project.code}/boms/import/"
    refused = client.post(url, {"file": SimpleUploadedFile("huge.xlsx", huge_bom())}, format="multipart")
    assert refused.status_code == 400 and refused.json()["row_errors"][0].startswith(STOPPED)
    assert not BomVersion.objects.exists()
    imported = client.post(url, {"file": SimpleUploadedFile("ebus.xlsx", bom_file())}, format="multipart")
    assert imported.status_code == 201 and imported.json()["lines"] == 7


def test_the_import_job_fails_with_the_message_and_stores_nothing(cora, project, django_capture_on_commit_callbacks):
    path = services.bom_keep(huge_bom())  # as if it had changed between the preview and the job
    with django_capture_on_commit_callbacks(execute=True):
        job = services.bom_import_start(actor=cora, project=project, name="huge.xlsx", path=path)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error.startswith(STOPPED)
    assert not BomVersion.objects.exists() and default_storage.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        good = services.bom_import_start(actor=cora, project=project, name="ebus.xlsx",
                                         path=services.bom_keep(bom_file()))
    good.refresh_from_db()
    assert good.status == JobStatus.DONE and BomVersion.objects.get().items.count() == 7


def test_the_gisp_registry_upload_is_read_in_the_limited_process_too(client, alice, settings):
    settings.CITYORDER_READ_MEMORY_MB = 1500
    data = sparse_xlsx({"A1": "Реестровый номер", "B1": "ИНН", "ALL200000": "x"})
    client.force_login(alice)
    page = client.post(reverse("cooperation:registry"), {"file": SimpleUploadedFile("huge.xlsx", data)})
    assert page.status_code == 200 and STOPPED in page.content.decode()
    assert not RegistryEntry.objects.exists()
