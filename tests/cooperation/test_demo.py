"""The demo's cooperation projects, loaded as `cityorder load_demo` loads them."""

from __future__ import annotations

import pytest

from cityorder.accounts.models import User
from cityorder.cooperation.demo import load_cooperation_demo
from cityorder.cooperation.models import Explosion, Project
from cityorder.cooperation.suppliers import project_sourcing
from cityorder.demand.demo import load_demand_demo
from cityorder.registry.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_ev_clusters_projects_with_suppliers_and_gaps(django_capture_on_commit_callbacks):
    load_demo()
    load_demand_demo(User.objects.get(username="analyst"))
    coordinator = User.objects.get(username="coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        ebus = load_cooperation_demo(coordinator)
    assert ebus is not None and ebus.code == "ebus-600"
    assert set(Project.objects.values_list("code", flat=True)) == {"ebus-600", "ebus-charger", "evan-uaz",
                                                                    "battery-pack"}
    explosion = Explosion.objects.get(project=ebus, current=True)
    assert explosion.submission.customer.short_name == "ООО «Электробус Сборка (демо)»"
    cells = explosion.needs.get(part_number="LTO-66160")
    # 10 modules × 264 cells × 1.02 = 2 692.8 a bus; 600 buses in 2027
    assert cells.quantities["2027"] == "1615680"
    assert cells.demand_line.where == "ebus-600-bom-v1.csv, 5"  # the fourth bought part of the derived file
    sourcing = project_sourcing(ebus)
    assert {g.need.part_number for g in sourcing.gaps} == {"ЭБ-КАРКАС-12", "ПНТ-ТП-01"}
    assert sourcing.picture.cluster.lines == 7 and sourcing.picture.cluster.cost_percent is not None
    by_year = {y.year: y for y in sourcing.localization}
    assert by_year[2028].threshold == 2900 and by_year[2027].points > by_year[2026].points  # IGBTs enter in 2027
    assert "sensors" in by_year[2027].reached and "sensors" not in by_year[2028].reached  # an entry ends in 2027
    # the e-van's battery is the battery project's pack, exploded under its line
    van = project_sourcing(Project.objects.get(code="evan-uaz"))
    assert "ЯТ-LFP-280" in {p.need.part_number for p in van.parts}
    assert load_cooperation_demo(coordinator) is None  # a second run leaves the demo as it is
