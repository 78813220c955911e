"""Candidate suppliers per part, assignments, the supply picture, gaps and localization points by year."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityorder.cooperation import services
from cityorder.cooperation.models import AssignmentStatus, LocalizationItem, LocalizationThreshold, RegistryEntry
from cityorder.cooperation.suppliers import project_sourcing
from cityorder.engine.bom.sourcing import DOMESTIC_PRODUCER, OTHER_CLUSTER, THIS_CLUSTER

pytestmark = pytest.mark.django_db


def by_part(sourcing):
    return {p.need.part_number: p for p in sourcing.parts}


def test_candidates_come_from_this_cluster_first_then_other_members_then_any_producer(project, suppliers):
    cells, micro, outside = suppliers
    parts = by_part(project_sourcing(project))
    lto = parts["LTO-66160"].candidates
    assert [(c.organization, c.tier, c.found_by) for c in lto] == [(cells, THIS_CLUSTER, "analog")]
    stabilizer = parts["КР142ЕН5А"].candidates
    assert [(c.organization, c.tier, c.found_by) for c in stabilizer] == [
        (micro, OTHER_CLUSTER, "competency"), (outside, DOMESTIC_PRODUCER, "analog")]
    # 36 720 cells needed in 2026 against 30 000 of capacity
    assert parts["LTO-66160"].shortfall(2026) == 6720
    assert parts["ВВГ-3x16"].gap and not parts["LTO-66160"].gap


def test_assignments_make_the_supply_picture(project, suppliers, cora):
    cells, _micro, outside = suppliers
    services.assignment_set(actor=cora, project=project, key="pn:LTO66160", organization=cells,
                            status=AssignmentStatus.AGREED)
    services.assignment_set(actor=cora, project=project, key="pn:КР142ЕН5А", organization=outside,
                            status=AssignmentStatus.NEGOTIATING)
    picture = project_sourcing(project).picture
    assert (picture.domestic.lines, picture.domestic.of_lines) == (2, 3)
    assert (picture.cluster.lines, picture.sez.lines) == (1, 1)
    # cost: cells 183 600 × 5 000, stabilizers 18 000 × 40; the cable has no price and is left out
    assert picture.priced_lines == 2
    assert picture.cluster.cost_percent == pytest.approx(100 * 183600 * 5000 / (183600 * 5000 + 18000 * 40))


def test_an_assignment_is_per_project_part_and_only_for_its_manager(project, suppliers, cora, dora):
    cells, _micro, _outside = suppliers
    with pytest.raises(ValidationError):
        services.assignment_set(actor=cora, project=project, key="pn:NOPE", organization=cells)
    with pytest.raises(PermissionDenied):
        services.assignment_set(actor=dora, project=project, key="pn:LTO66160", organization=cells)
    first = services.assignment_set(actor=cora, project=project, key="pn:LTO66160", organization=cells)
    again = services.assignment_set(actor=cora, project=project, key="pn:LTO66160", organization=cells,
                                    status=AssignmentStatus.AGREED)
    assert first.pk == again.pk and again.status == AssignmentStatus.AGREED


def test_localization_points_by_year_against_the_threshold(project, suppliers, cora, alice):
    cells, _micro, _outside = suppliers
    LocalizationItem.objects.create(product_kind="bus", code="battery", title="Тяговая батарея", points=1000,
                                    categories="battery")
    LocalizationItem.objects.create(product_kind="bus", code="assembly", title="Сборка", points=500)
    LocalizationThreshold.objects.create(product_kind="bus", year=2026, points=1200)
    LocalizationThreshold.objects.create(product_kind="bus", year=2027, points=2000)
    before = project_sourcing(project).localization
    assert [(y.year, y.points, y.meets) for y in before] == [(2026, 500, False), (2027, 500, False)]
    assignment = services.assignment_set(actor=cora, project=project, key="pn:LTO66160", organization=cells)
    # assigned, but with no PP 719 entry the cells do not count as domestic
    assert [y.points for y in project_sourcing(project).localization] == [500, 500]
    RegistryEntry.objects.create(registry_no="10123456", inn=cells.inn, organization_name=cells.short_name,
                                 product_name="Ячейки LTO", registry_date=datetime.date(2025, 3, 1),
                                 valid_until=datetime.date(2026, 12, 31))
    after = project_sourcing(project).localization
    assert [(y.year, y.points, y.meets) for y in after] == [(2026, 1500, True), (2027, 500, False)]  # expired
    services.assignment_decide_domestic(actor=alice, assignment=assignment, domestic=True)
    assert [y.points for y in project_sourcing(project).localization] == [1500, 1500]


def test_only_the_department_decides_that_a_supplier_counts_as_domestic(project, suppliers, cora):
    cells, _micro, _outside = suppliers
    assignment = services.assignment_set(actor=cora, project=project, key="pn:LTO66160", organization=cells)
    with pytest.raises(PermissionDenied):
        services.assignment_decide_domestic(actor=cora, assignment=assignment, domestic=True)


def test_candidates_show_their_registry_entries(project, suppliers):
    cells, _micro, _outside = suppliers
    RegistryEntry.objects.create(registry_no="10999", inn=cells.inn, organization_name=cells.short_name,
                                 product_name="Ячейки LTO")
    lto = {p.need.part_number: p for p in project_sourcing(project).parts}["LTO-66160"]
    assert [e.registry_no for e in lto.candidates[0].entries] == ["10999"]
