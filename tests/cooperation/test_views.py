"""The cooperation pages end to end through the test client, and who may open which."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cityorder.cooperation.models import Assignment, BomVersion, Project
from cityorder.demand.models import DemandLine
from cityorder.engine.bom import read_bom
from tests.cooperation.conftest import EBUS_ROWS, bom_file

pytestmark = pytest.mark.django_db


def upload(client, project, data, name="ebus.xlsx"):
    return client.post(reverse("cooperation:bom_preview", args=[project.code]),
                       {"file": SimpleUploadedFile(name, data), "note": "первая"})


def test_a_coordinator_opens_a_project_from_the_list(client, cora, cluster):
    client.force_login(cora)
    page = client.get(reverse("cooperation:project_list"))
    assert page.status_code == 200 and "project-form" in page.content.decode()
    done = client.post(reverse("cooperation:project_list"), {
        "cluster": cluster.pk, "code": "evan", "title": "Электрофургон на базе УАЗ", "product_name": "Электрофургон",
        "product_kind": "van"})
    project = Project.objects.get(code="evan")
    assert done.status_code == 302 and done["Location"] == project.get_absolute_url()


def test_import_goes_through_a_preview_then_makes_a_version(client, cora, project):
    client.force_login(cora)
    preview = upload(client, project, bom_file())
    text = preview.content.decode()
    assert preview.status_code == 200 and "LTO-66160" in text and not BomVersion.objects.exists()
    token = preview.context["token"]
    done = client.post(reverse("cooperation:bom_import", args=[project.code]), {"token": token, "note": "первая"})
    assert done.status_code == 302
    version = BomVersion.objects.get()
    assert version.items.count() == 7 and version.note == "первая"
    card = client.get(project.get_absolute_url()).content.decode()
    assert 'id="bom-tree"' in card and 'data-path="0.1.2"' in card
    # the same token cannot import twice
    again = client.post(reverse("cooperation:bom_import", args=[project.code]), {"token": token})
    assert again.status_code == 302 and BomVersion.objects.count() == 1


def test_a_bad_file_lists_its_rows_and_stores_nothing(client, cora, project):
    client.force_login(cora)
    rows = [*EBUS_ROWS[:2], [4, "CELL-X", "Ячейка", 24, "шт", None]]
    page = upload(client, project, bom_file(rows), name="bad.xlsx")
    assert page.status_code == 200
    assert "bad.xlsx, row 5, column «Уровень»: the level jumps from 2 to 4" in page.content.decode()
    assert not BomVersion.objects.exists()


def test_plan_explosion_and_derived_demand_on_the_card(client, cora, project, campaign,
                                                      django_capture_on_commit_callbacks):
    client.force_login(cora)
    client.post(reverse("cooperation:bom_import", args=[project.code]),
                {"token": upload(client, project, bom_file()).context["token"]})
    bad = client.post(reverse("cooperation:plan", args=[project.code]), {"plan": "2026 = 150"})
    assert "is not a plan entry" in bad.content.decode()
    client.post(reverse("cooperation:plan", args=[project.code]), {"plan": "2026:150, 2027:600"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperation:explode", args=[project.code]), {"campaign": campaign.pk})
    assert DemandLine.objects.filter(submission__campaign=campaign).count() == 3
    card = client.get(project.get_absolute_url()).content.decode()
    assert 'id="derived"' in card and "14400" in card and "ebus-bom-v1.csv" in card
    assert "7:INV-1 &gt; 8:KR142EN5A" in card


def test_the_supplier_matrix_assigns_a_supplier(client, cora, project, integrator):
    client.force_login(cora)
    client.post(reverse("cooperation:bom_import", args=[project.code]),
                {"token": upload(client, project, bom_file()).context["token"]})
    page = client.get(reverse("cooperation:suppliers", args=[project.code]))
    assert page.status_code == 200 and 'id="supplier-matrix"' in page.content.decode()
    done = client.post(reverse("cooperation:assign", args=[project.code]), {
        "key": "pn:LTO66160", "organization": integrator.pk, "mode": "make", "status": "agreed"})
    assert done.status_code == 302
    assert Assignment.objects.get().mode == "make"


def test_the_exported_workbook_reads_back(client, cora, project):
    client.force_login(cora)
    client.post(reverse("cooperation:bom_import", args=[project.code]),
                {"token": upload(client, project, bom_file()).context["token"]})
    response = client.get(reverse("cooperation:bom_export", args=[project.code, 1]))
    assert [line.part_number for line in read_bom(response.content, "export.xlsx").lines] == [
        r[1] for r in EBUS_ROWS]


def test_where_used_finds_a_part_by_any_spelling(client, cora, project):
    client.force_login(cora)
    client.post(reverse("cooperation:bom_import", args=[project.code]),
                {"token": upload(client, project, bom_file()).context["token"]})
    page = client.get(reverse("cooperation:where_used"), {"q": "KR142EN5A"}).content.decode()
    assert "BAT-240 › MOD-LTO" in page and "INV-1" in page
    cable = project.bom_versions.get().items.get(part_number="ВВГ-3x16")
    assert f"?key={cable.key.replace(':', '%3A')}" in client.get(project.get_absolute_url()).content.decode()
    by_key = client.get(reverse("cooperation:where_used"), {"key": cable.key}).content.decode()
    assert "Кабель силовой" in by_key and "INV-1" in by_key


def test_who_may_open_what(client, project, bob, dora, max_maker):
    client.force_login(bob)
    assert client.get(reverse("cooperation:project_list")).status_code == 403
    client.force_login(dora)
    assert client.get(project.get_absolute_url()).status_code == 404
    client.force_login(max_maker)
    card = client.get(project.get_absolute_url())
    assert card.status_code == 200 and 'id="bom-form"' not in card.content.decode()
    assert upload(client, project, bom_file()).status_code == 403
    assert client.post(reverse("cooperation:plan", args=[project.code]), {"plan": "2026:1"}).status_code == 403


def test_the_registry_page_imports_a_gisp_file_and_finds_entries(client, alice, cora, bob):
    data = ("ИНН;Наименование организации;Реестровый номер;Наименование продукции;Срок действия\n"
            "7701000010;ООО «Ячейка»;10123456;Ячейки LTO;31.12.2027\n").encode()
    client.force_login(alice)
    done = client.post(reverse("cooperation:registry"), {"file": SimpleUploadedFile("reestr.csv", data)})
    assert done.status_code == 302
    page = client.get(reverse("cooperation:registry"), {"q": "7701000010"}).content.decode()
    assert "10123456" in page and "31.12.2027" in page
    bad = client.post(reverse("cooperation:registry"), {"file": SimpleUploadedFile("bad.csv", data.replace(
        b"31.12.2027", b"never"))})
    assert "bad.csv, row 2, column «Срок действия»" in bad.content.decode()
    client.force_login(bob)
    assert client.get(reverse("cooperation:registry")).status_code == 403


def test_the_orders_gaps_name_the_project_of_derived_demand(client, alice, cora, project, campaign,
                                                            django_capture_on_commit_callbacks):
    from cityorder.cooperation import services
    from cityorder.order import services as order_services

    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    services.plan_set(actor=cora, project=project, plan={2026: 150})
    with django_capture_on_commit_callbacks(execute=True):
        services.explosion_start(actor=cora, project=project, campaign=campaign)
    order = order_services.consolidate_campaign(campaign, actor=alice).order
    client.force_login(alice)
    page = client.get(reverse("substitution:gaps", args=[order.pk])).content.decode()
    # No domestic catalog here: every derived part is a gap named with its project, except КР142ЕН5А, a Russian
    # designation and so a domestic part covered by itself (the coverage rule of issue 14).
    assert page.count('data-project="ebus"') == 2 and "project: Электробус ЭБ-12" in page
    assert "LTO-66160" in page and "КР142ЕН5А" not in page


def test_a_coordinator_adds_a_milestone(client, cora, project):
    client.force_login(cora)
    client.post(reverse("cooperation:milestone_add", args=[project.code]),
                {"title": "Опытная партия", "due": "2026-09-01"})
    assert list(project.milestones.values_list("title", flat=True)) == ["Опытная партия"]
    assert "Опытная партия" in client.get(project.get_absolute_url()).content.decode()


def test_a_bought_line_is_linked_to_another_projects_product(client, cora, cluster, project):
    from cityorder.cooperation import services

    pack = services.project_open(actor=cora, cluster=cluster, code="pack", title="Батарея", product_name="АКБ")
    version = services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    cells = version.items.get(part_number="LTO-66160")
    client.force_login(cora)
    assert 'id="subproject-form"' in client.get(project.get_absolute_url()).content.decode()
    client.post(reverse("cooperation:subproject_link", args=[project.code]),
                {"position": cells.position, "subproject": "pack"})
    cells.refresh_from_db()
    assert cells.subproject == pack
    client.post(reverse("cooperation:subproject_link", args=[project.code]), {"position": cells.position})
    cells.refresh_from_db()
    assert cells.subproject is None


def test_an_analyst_records_that_a_supplier_counts_as_domestic(client, alice, cora, project, integrator):
    from cityorder.cooperation import services

    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    assignment = services.assignment_set(actor=cora, project=project, key="pn:LTO66160", organization=integrator)
    url = reverse("cooperation:decide_domestic", args=[project.code])
    client.force_login(cora)
    assert client.post(url, {"key": assignment.key, "domestic": "1"}).status_code == 403
    client.force_login(alice)
    assert 'data-autosubmit' in client.get(reverse("cooperation:suppliers", args=[project.code])).content.decode()
    client.post(url, {"key": assignment.key, "domestic": "1"})
    assignment.refresh_from_db()
    assert assignment.domestic_by_decision


def test_a_failed_explosion_shows_its_reason_on_the_card(client, alice, cora, project, campaign,
                                                         django_capture_on_commit_callbacks):
    from cityorder.cooperation import services

    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    services.plan_set(actor=cora, project=project, plan={2026: 150})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.explosion_start(actor=cora, project=project, campaign=campaign)
    project.participants.all().delete()  # the integrator leaves before the worker takes the job
    project.cluster.coordinator = None
    project.cluster.save()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == "failed"
    client.force_login(alice)  # the department, which runs the cluster now
    card = client.get(project.get_absolute_url()).content.decode()
    assert "has no integrator" in card and f"/jobs/{job.pk}/retry/" in card
