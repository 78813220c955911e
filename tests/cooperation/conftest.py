"""A cluster Cora coordinates, its e-bus project with an integrator and a supplier (Max's company), a campaign,
suppliers for its parts in the registry and the catalog.

Dora coordinates another cluster and must not touch Cora's projects; Bob is a customer and sees none.
"""

from __future__ import annotations

import pytest

from cityorder.accounts.roles import Role
from cityorder.cooperation import services
from cityorder.cooperation.models import ParticipantRole
from cityorder.registry.models import Competency, Organization, Residency
from cityorder.substitution.models import CatalogItem, Origin
from tests import factories as f
from tests.demand.workbooks import xlsx
from tests.english import client, english_messages  # noqa: F401  (English messages for these tests)
from tests.order.helpers import make_campaign

BOM_HEADER = ["Уровень", "Обозначение", "Наименование", "Кол-во на ед.", "Ед. изм.", "Потери, %"]
EBUS_ROWS = [
    [1, "BAT-240", "Батарея тяговая 240 кВт·ч", 1, "шт", None],
    [2, "MOD-LTO", "Модуль LTO", 10, "шт", None],
    [3, "КР142ЕН5А", "Стабилизатор", 2, "шт", 5],
    [3, "LTO-66160", "Ячейка LTO 66160", 24, "шт", 2],
    [1, "INV-1", "Инвертор", 1, "шт", None],
    [2, "KR142EN5A", "Стабилизатор", 3, "шт", None],
    [2, "ВВГ-3x16", "Кабель силовой", 2.5, "м", 10],
]


def bom_file(rows=EBUS_ROWS) -> bytes:
    return xlsx([["Спецификация ЭБ-12"], BOM_HEADER, *rows], title="Спецификация")


def lto_cell_maker(cluster) -> Organization:
    """A member of the cluster, an SEZ resident, whose domestic catalog product is the BOM's LTO cell."""
    cells = f.MembershipFactory(cluster=cluster, organization=f.OrganizationFactory(short_name="ООО «Ячейка»"))
    Residency.objects.create(organization=cells.organization, site=f.SiteFactory())
    CatalogItem.objects.create(key="pn:LTO66160", part_number="LTO-66160", manufacturer="ООО «Ячейка»",
                               name="Ячейка LTO 66160", category="battery.lto", origin=Origin.DOMESTIC,
                               organization=cells.organization, capacities={"2026": 30000, "2027": 100000},
                               price=5000)
    return cells.organization


def bom_with(extra: int) -> bytes:
    """The e-bus BOM and ``extra`` more regulators under the inverter, each a part of its own."""
    rows = [*EBUS_ROWS, *([2, f"КР142ЕН{n}Б", "Стабилизатор", 1, "шт", None] for n in range(10, 10 + extra))]
    return xlsx([["Спецификация"], BOM_HEADER, *rows], title="Спецификация")


@pytest.fixture
def cluster(cora):
    return f.ClusterFactory(code="ev", name="Кластер электромобилестроения", coordinator=cora.organization)


@pytest.fixture
def dora(db):
    other = f.ClusterFactory(coordinator=f.OrganizationFactory())
    return f.UserFactory(username="dora", role=Role.COORDINATOR, organization=other.coordinator)


@pytest.fixture
def integrator(cluster):
    return f.MembershipFactory(cluster=cluster, organization=f.OrganizationFactory(short_name="ООО «Автобусный завод»")
                               ).organization


@pytest.fixture
def project(cora, cluster, integrator, max_maker):
    project = services.project_open(actor=cora, cluster=cluster, code="ebus", title="Электробус ЭБ-12",
                                    product_name="Электробус ЭБ-12", product_kind="bus")
    services.participant_add(actor=cora, project=project, organization=integrator, role=ParticipantRole.INTEGRATOR)
    services.participant_add(actor=cora, project=project, organization=max_maker.organization,
                             role=ParticipantRole.SUPPLIER)
    return project


@pytest.fixture
def campaign(alice, bob):
    return make_campaign(alice, bob, code="ekb-2026")


@pytest.fixture
def suppliers(cluster, project, cora):
    """A cell maker in the cluster (an SEZ resident), a microelectronics house of another cluster and an
    outside producer of the stabilizer in the catalog; nobody makes the cable."""
    cells = lto_cell_maker(cluster)
    micro = f.MembershipFactory(organization=f.OrganizationFactory(short_name="АО «Микро»")).organization
    micro.competencies.add(Competency.objects.create(code="microelectronics", name="Микроэлектроника"))
    outside = f.OrganizationFactory(short_name="АО «Завод-стабилизатор»")
    CatalogItem.objects.create(key="pn:КР142ЕН5А", part_number="КР142ЕН5А", manufacturer="Завод",
                               name="Стабилизатор", category="ic.regulator", origin=Origin.DOMESTIC,
                               organization=outside, capacities={"2026": 100000}, price=40)
    services.bom_import(actor=cora, project=project, name="ebus.xlsx", data=bom_file())
    services.plan_set(actor=cora, project=project, plan={2026: 150, 2027: 600})
    return cells, micro, outside
