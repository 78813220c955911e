"""A BOM line that is another project's product: linking it (pages, services, API), the checks that keep the
explosion sensible (no cycle, a bought line of the latest version, a project the coordinator may use), the link
kept across versions, and the explosion's progress as it goes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityorder.cooperation import services
from cityorder.jobs.models import Job
from tests import factories as f
from tests.cooperation.conftest import bom_file
from tests.cooperation.test_api import api  # noqa: F401  (the token client fixture)

pytestmark = pytest.mark.django_db

PACK_BOM = "Уровень;Обозначение;Наименование;Кол-во на ед.\n1;NMC-CELL-21700;Ячейка NMC;96\n".encode()
EBUS_BOM = "Уровень;Обозначение;Наименование;Кол-во на ед.\n1;PACK-1;АКБ;2\n1;INV-1;Инвертор;1\n2;IGBT-1;IGBT;6\n"


@pytest.fixture
def pack(cora, cluster):
    pack = services.project_open(actor=cora, cluster=cluster, code="pack", title="Батарея", product_name="АКБ",
                                 product_kind="battery")
    services.bom_import(actor=cora, project=pack, name="pack.csv", data=PACK_BOM)
    return pack


@pytest.fixture
def ebus_bom(cora, project):
    return services.bom_import(actor=cora, project=project, name="ebus.csv", data=EBUS_BOM.encode())


def link(cora, version, part_number, subproject):
    return services.bom_item_link_subproject(actor=cora, item=version.items.get(part_number=part_number),
                                             subproject=subproject)


def test_a_link_that_would_make_a_cycle_is_refused(cora, project, pack, ebus_bom):
    link(cora, ebus_bom, "PACK-1", pack)
    with pytest.raises(ValidationError, match="would make a cycle"):
        link(cora, pack.bom_versions.get(), "NMC-CELL-21700", project)
    with pytest.raises(ValidationError, match="would make a cycle"):
        link(cora, ebus_bom, "IGBT-1", project)


def test_only_a_bought_line_of_the_latest_version_is_linked(cora, project, pack, ebus_bom):
    with pytest.raises(ValidationError, match="has lines under it"):
        link(cora, ebus_bom, "INV-1", pack)
    services.bom_import(actor=cora, project=project, name="ebus-v2.csv", data=EBUS_BOM.encode())
    with pytest.raises(ValidationError, match="latest BOM version"):
        link(cora, ebus_bom, "PACK-1", pack)


def test_a_project_of_a_cluster_the_coordinator_does_not_keep_is_refused(cora, alice, project, ebus_bom):
    elsewhere = services.project_open(actor=alice, cluster=f.ClusterFactory(), code="far", title="Чужой",
                                      product_name="Чужое")
    with pytest.raises(ValidationError, match="same cluster"):
        link(cora, ebus_bom, "PACK-1", elsewhere)
    assert link(alice, ebus_bom, "PACK-1", elsewhere).subproject == elsewhere  # the department keeps every cluster


def test_only_the_projects_manager_links(max_maker, project, pack, ebus_bom):
    with pytest.raises(PermissionDenied):
        link(max_maker, ebus_bom, "PACK-1", pack)


def test_a_new_version_keeps_the_links_of_lines_still_bought(cora, project, pack, ebus_bom):
    link(cora, ebus_bom, "PACK-1", pack)
    again = services.bom_import(actor=cora, project=project, name="ebus-v2.csv", data=EBUS_BOM.encode())
    assert again.items.get(part_number="PACK-1").subproject == pack
    made_here = EBUS_BOM + "2;PACK-CELL;Ячейка;96\n"  # the pack is now an assembly of this BOM
    third = services.bom_import(actor=cora, project=project, name="ebus-v3.csv", data=made_here.replace(
        "1;INV-1;Инвертор;1\n2;IGBT-1;IGBT;6\n2;PACK-CELL", "2;PACK-CELL").encode())
    assert [(i.part_number, i.subproject) for i in third.items.order_by("position")] == [
        ("PACK-1", None), ("PACK-CELL", None)]


def test_the_api_reads_and_writes_a_lines_link(api, cora, max_maker, project, pack, ebus_bom):  # noqa: F811
    base = f"/api/v1/projects/{project.code}/boms/1/lines/"
    client = api(cora)
    answer = client.patch(base + "0/", {"subproject": "pack"}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["subproject"] == "pack" and answer.json()["part_number"] == "PACK-1"
    assert [line["subproject"] for line in client.get(base).json()] == ["pack", None, None]
    assert client.get(base + "0/").json()["subproject"] == "pack"
    cycle = api(cora).patch("/api/v1/projects/pack/boms/1/lines/0/", {"subproject": project.code}, format="json")
    assert cycle.status_code == 400 and "cycle" in str(cycle.json()["subproject"])
    assert client.patch(base + "0/", {"subproject": "nowhere"}, format="json").status_code == 400
    assert client.patch(base + "9/", {"subproject": None}, format="json").status_code == 404
    assert api(max_maker).patch(base + "0/", {"subproject": None}, format="json").status_code == 403
    assert client.patch(base + "0/", {"subproject": None}, format="json").json()["subproject"] is None


class Recorder:
    """Stands in for the jobs app's Progress: notes every report."""

    def __init__(self) -> None:
        self.heard: list[tuple[int, int, str]] = []

    def __call__(self, done: int, total: int, stage: str = "", *, force: bool = False) -> None:
        self.heard.append((done, total, stage))


def test_the_explosions_progress_moves_per_paths_and_per_stored_parts(cora, project, campaign, monkeypatch):
    from cityorder.engine.bom import explosion as engine_explosion

    monkeypatch.setattr(engine_explosion, "REPORT_EVERY", 1)
    monkeypatch.setattr(services, "STORE_CHUNK", 2)
    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    services.plan_set(actor=cora, project=project, plan={2026: 150})
    job = services.explosion_start(actor=cora, project=project, campaign=campaign)
    progress = Recorder()
    services.explode_job(Job.objects.get(pk=job.pk), progress)
    exploding = [(d, t) for d, t, stage in progress.heard if stage.startswith("exploding")]
    storing = [(d, t) for d, t, stage in progress.heard if stage.startswith("storing")]
    assert exploding == [(1, 4), (2, 4), (3, 4), (4, 4), (4, 4)]  # four paths, then the end
    assert storing == [(0, 3), (2, 3), (3, 3)]  # three bought parts, stored two at a time


def test_where_used_follows_a_link_up_to_the_project_that_takes_the_sub_assembly(client, cora, project, pack,
                                                                                 ebus_bom):
    from django.urls import reverse

    from cityorder.cooperation import queries
    from cityorder.cooperation.access import visible_projects

    link(cora, ebus_bom, "PACK-1", pack)
    uses = queries.where_used(visible_projects(cora), "pn:NMCCELL21700")
    assert [(u.project.code, u.path, [p.code for p in u.via], u.item.part_number) for u in uses] == [
        ("pack", (), [], "NMC-CELL-21700"), ("ebus", ("PACK-1",), ["pack"], "NMC-CELL-21700")]
    client.force_login(cora)
    page = client.get(reverse("cooperation:where_used"), {"q": "NMC-CELL-21700"}).content.decode()
    assert "through the sub-assembly" in page and 'href="/cooperation/pack/"' in page
