"""Projects, BOM imports, the plan and explosion into a campaign, through the services as pages and API use them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityorder.cooperation import queries, services
from cityorder.cooperation.access import visible_projects
from cityorder.cooperation.models import BomItem, BomVersion, DerivedNeed, Explosion
from cityorder.demand.models import DemandLine, SubmissionStatus
from cityorder.engine.bom import BomError, bom_workbook
from cityorder.jobs.models import JobStatus
from cityorder.order import services as order_services
from tests.cooperation.conftest import EBUS_ROWS, bom_file

pytestmark = pytest.mark.django_db


def explode(user, project, campaign, capture):
    with capture(execute=True):
        job = services.explosion_start(actor=user, project=project, campaign=campaign)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    return Explosion.objects.get(job=job)


def test_it_imports_a_multi_level_bom_as_a_version_with_its_tree(cora, project):
    version = services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    assert version.number == 1
    tree = queries.bom_tree(version)
    assert [(r.item.part_number, r.depth, r.has_children) for r in tree] == [
        ("BAT-240", 1, True), ("MOD-LTO", 2, True), ("КР142ЕН5А", 3, False), ("LTO-66160", 3, False),
        ("INV-1", 1, True), ("KR142EN5A", 2, False), ("ВВГ-3x16", 2, False),
    ]
    cable = version.items.get(part_number="ВВГ-3x16")
    assert (cable.row, cable.unit, cable.qty_per, cable.attrition) == (9, "m", Decimal("2.5"), Decimal(10))
    assert cable.parent.part_number == "INV-1"


def test_a_bad_bom_stores_nothing_and_names_row_and_column(cora, project):
    rows = [*EBUS_ROWS[:2], [4, "CELL-X", "Ячейка", 24, "шт", None], [2, "MOD-2", "Модуль", None, "шт", None]]
    with pytest.raises(BomError) as caught:
        services.bom_import(actor=cora, project=project, name="bad.xlsx", data=bom_file(rows))
    assert [(e.row, e.column) for e in caught.value.errors] == [(5, "Уровень"), (6, "Кол-во на ед.")]
    assert not BomVersion.objects.exists() and not BomItem.objects.exists()


def test_a_new_import_is_a_new_version_and_the_change_shows_as_a_diff(cora, project):
    first = services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    rows = [list(r) for r in EBUS_ROWS]
    rows[3][3] = 26
    second = services.bom_import(actor=cora, project=project, name="ebus-v2.xlsx", data=bom_file(rows))
    assert second.number == 2
    diff = queries.version_diff(first, second)
    assert [(c.kind, c.path, c.fields) for c in diff] == [
        ("changed", ("BAT-240", "MOD-LTO", "LTO-66160"), (("qty_per", "24", "26"),))
    ]


def test_an_exported_bom_imports_back_unchanged(cora, project):
    version = services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    exported = bom_workbook(queries.engine_bom(version).lines, title=project.title)
    again = services.bom_import(actor=cora, project=project, name="export.xlsx", data=exported)
    assert queries.version_diff(version, again) == []
    fields = ["level", "key", "part_number", "name", "qty_per", "unit", "attrition"]
    assert list(again.items.values_list(*fields)) == list(version.items.values_list(*fields))


def test_explosion_sends_the_derived_demand_as_the_projects_submission(cora, project, campaign, integrator,
                                                                       django_capture_on_commit_callbacks):
    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    services.plan_set(actor=cora, project=project, plan={2026: 150, 2027: 600, 2031: 600})
    explosion = explode(cora, project, campaign, django_capture_on_commit_callbacks)
    submission = explosion.submission
    assert submission.customer == integrator and submission.status == SubmissionStatus.ACCEPTED
    lines = {line.part_number: line for line in submission.lines.all()}
    assert set(lines) == {"КР142ЕН5А", "LTO-66160", "ВВГ-3x16"}
    # 24 stabilizers a bus (21 in the battery, 3 in the inverter); 2031 is outside the campaign's 2026–2028
    assert lines["КР142ЕН5А"].quantities == {"2026": 3600.0, "2027": 14400.0}
    assert lines["ВВГ-3x16"].quantities == {"2026": 412.5, "2027": 1650.0}
    assert lines["КР142ЕН5А"].where == "ebus-bom-v1.csv, 2"
    need = DerivedNeed.objects.get(demand_line=lines["КР142ЕН5А"])
    assert need.paths == [["3:BAT-240 > 4:MOD-LTO > 5:КР142ЕН5А", "21"], ["7:INV-1 > 8:KR142EN5A", "3"]]
    assert need.quantities["2031"] == "14400"


def test_a_new_explosion_replaces_the_earlier_one(cora, project, campaign, django_capture_on_commit_callbacks):
    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    services.plan_set(actor=cora, project=project, plan={2026: 150})
    first = explode(cora, project, campaign, django_capture_on_commit_callbacks)
    services.plan_set(actor=cora, project=project, plan={2026: 10, 2027: 20})
    second = explode(cora, project, campaign, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert not first.current and second.current and first.source is None
    lines = DemandLine.objects.filter(submission__campaign=campaign)
    assert lines.count() == 3
    assert lines.get(part_number="LTO-66160").quantities == {"2026": 2448.0, "2027": 4896.0}


def test_the_derived_demand_enters_the_city_order_with_its_source(alice, cora, project, campaign, integrator,
                                                                  django_capture_on_commit_callbacks):
    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    services.plan_set(actor=cora, project=project, plan={2027: 600})
    explode(cora, project, campaign, django_capture_on_commit_callbacks)
    order = order_services.consolidate_campaign(campaign, actor=alice).order
    position = order.positions.get(key="pn:КР142ЕН5А")
    assert float(position.quantities["2027"]) == 14400
    source = position.source_lines.get()
    assert (source.customer, source.file, source.row) == (integrator, "ebus-bom-v1.csv", 2)
    assert source.line.derived_from.explosion.project == project


def test_a_linked_sub_assembly_project_is_exploded_under_its_line(cora, cluster, project, campaign,
                                                                  django_capture_on_commit_callbacks):
    pack = services.project_open(actor=cora, cluster=cluster, code="pack", title="Батарея", product_name="АКБ",
                                 product_kind="battery")
    services.bom_import(actor=cora, project=pack, name="pack.csv",
                        data="Уровень;Обозначение;Наименование;Кол-во на ед.\n1;NMC-CELL-21700;Ячейка NMC;96\n"
                        .encode())
    version = services.bom_import(actor=cora, project=project, name="ebus.csv",
                                  data="Уровень;Обозначение;Наименование;Кол-во на ед.\n1;PACK-1;АКБ;2\n".encode())
    services.bom_item_link_subproject(actor=cora, item=version.items.get(), subproject=pack)
    services.plan_set(actor=cora, project=project, plan={2026: 5})
    explosion = explode(cora, project, campaign, django_capture_on_commit_callbacks)
    assert [(n.part_number, n.quantities["2026"]) for n in explosion.needs.all()] == [("NMC-CELL-21700", "960")]


def test_where_used_names_projects_and_assemblies(cora, project):
    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    uses = queries.where_used(visible_projects(cora), "pn:КР142ЕН5А")
    assert [(u.project.code, u.path, u.item.row) for u in uses] == [
        ("ebus", ("BAT-240", "MOD-LTO"), 5), ("ebus", ("INV-1",), 8),
    ]


def test_who_sees_and_who_changes_a_project(cora, dora, bob, max_maker, alice, project, campaign):
    assert list(visible_projects(cora)) == [project]
    assert list(visible_projects(max_maker)) == [project]  # a participant sees its project
    assert list(visible_projects(alice)) == [project]
    assert not visible_projects(dora).exists() and not visible_projects(bob).exists()
    for outsider in (dora, max_maker, bob):
        with pytest.raises(PermissionDenied):
            services.bom_import(actor=outsider, project=project, name="ebus.xlsx", data=bom_file())
        with pytest.raises(PermissionDenied):
            services.plan_set(actor=outsider, project=project, plan={2026: 1})
        with pytest.raises(PermissionDenied):
            services.explosion_start(actor=outsider, project=project, campaign=campaign)
    with pytest.raises(PermissionDenied):
        services.project_open(actor=dora, cluster=project.cluster, code="x", title="x", product_name="x")


def test_explosion_needs_a_bom_and_a_plan(cora, project, campaign):
    with pytest.raises(ValidationError, match="no BOM yet"):
        services.explosion_start(actor=cora, project=project, campaign=campaign)
    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    with pytest.raises(ValidationError, match="no production plan"):
        services.explosion_start(actor=cora, project=project, campaign=campaign)
    services.plan_set(actor=cora, project=project, plan={2035: 100})
    with pytest.raises(ValidationError, match="no year within the campaign's 2026–2028"):
        services.explosion_start(actor=cora, project=project, campaign=campaign)


def test_explosion_needs_someone_to_send_the_demand_under(alice, cluster, campaign):
    cluster.coordinator = None  # the department runs this cluster itself
    cluster.save()
    lonely = services.project_open(actor=alice, cluster=cluster, code="x", title="X", product_name="X")
    services.bom_import(actor=alice, project=lonely, name="ebus.xlsx", data=bom_file())
    services.plan_set(actor=alice, project=lonely, plan={2026: 1})
    with pytest.raises(ValidationError, match="has no integrator"):
        services.explosion_start(actor=alice, project=lonely, campaign=campaign)


def test_a_plan_with_bad_entries_is_refused(cora, project):
    with pytest.raises(ValidationError):
        services.plan_set(actor=cora, project=project, plan={2026: -5})
    assert not project.plan.exists()


def test_a_parent_child_bom_with_a_shared_assembly_is_stored_as_a_tree(cora, project):
    data = ("Parent;Child;Name;Quantity\nEBUS-12;DRIVE-200;Drive;2\nEBUS-12;BAT-240;Battery;1\n"
            "DRIVE-200;INV-1;Inverter;1\nBAT-240;INV-1;Inverter;1\nINV-1;IGBT-FF600;IGBT;6\n").encode()
    version = services.bom_import(actor=cora, project=project, name="pc.csv", data=data)
    assert [(r.item.part_number, r.depth, r.item.parent.part_number if r.item.parent else "")
            for r in queries.bom_tree(version)] == [
        ("DRIVE-200", 1, ""), ("INV-1", 2, "DRIVE-200"), ("IGBT-FF600", 3, "INV-1"),
        ("BAT-240", 1, ""), ("INV-1", 2, "BAT-240"), ("IGBT-FF600", 3, "INV-1")]
    from cityorder.engine.bom import explode as engine_explode

    needs = engine_explode(queries.engine_bom(version), {2027: 600}).parts
    assert [(n.part_number, n.by_year[2027]) for n in needs] == [("IGBT-FF600", 600 * 18)]
