"""Participants removed and milestones edited or marked done, on the project page and through the API; where-used
and the BOM diff through the API; who may do which."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cityorder.cooperation import services
from cityorder.cooperation.models import Participant
from tests.cooperation.conftest import EBUS_ROWS, bom_file
from tests.cooperation.test_api import api  # noqa: F401  (the token client fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone(cora, project):
    return services.milestone_add(actor=cora, project=project, title="Опытный образец",
                                  due=datetime.date(2026, 9, 1))


def test_only_the_projects_manager_removes_a_participant_or_changes_a_milestone(cora, dora, max_maker, project,
                                                                                 milestone):
    participant = project.participants.get(organization=max_maker.organization)
    for actor in (dora, max_maker):
        with pytest.raises(PermissionDenied):
            services.participant_remove(actor=actor, participant=participant)
        with pytest.raises(PermissionDenied):
            services.milestone_change(actor=actor, milestone=milestone, done=True)
    services.milestone_change(actor=cora, milestone=milestone, done=True)
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due, milestone.done) == ("Опытный образец", datetime.date(2026, 9, 1), True)


def test_the_coordinator_removes_a_participant_on_the_page(client, cora, max_maker, project, integrator):
    client.force_login(cora)
    participant = project.participants.get(organization=max_maker.organization)
    card = client.get(project.get_absolute_url()).content.decode()
    url = reverse("cooperation:participant_remove", args=[project.code, participant.pk])
    assert f'action="{url}"' in card
    assert client.post(url).status_code == 302
    assert list(project.participants.values_list("organization", flat=True)) == [integrator.pk]
    # Another project's participant is not found through this one.
    other = services.project_open(actor=cora, cluster=project.cluster, code="pack", title="АКБ", product_name="АКБ")
    theirs = services.participant_add(actor=cora, project=other, organization=integrator, role="supplier")
    assert client.post(reverse("cooperation:participant_remove", args=[project.code, theirs.pk])).status_code == 404
    assert Participant.objects.filter(pk=theirs.pk).exists()


def test_a_participant_sees_no_remove_button_and_may_not_remove(client, max_maker, project):
    client.force_login(max_maker)
    participant = project.participants.get(organization=max_maker.organization)
    url = reverse("cooperation:participant_remove", args=[project.code, participant.pk])
    assert url not in client.get(project.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 403


def test_the_coordinator_marks_a_milestone_done_and_edits_it_on_the_page(client, cora, project, milestone):
    client.force_login(cora)
    done_url = reverse("cooperation:milestone_edit", args=[project.code, milestone.pk])
    assert f'action="{done_url}"' in client.get(project.get_absolute_url()).content.decode()
    client.post(done_url, {"done": "1"})
    milestone.refresh_from_db()
    assert milestone.done
    assert f'data-milestone="{milestone.pk}" data-done' in client.get(project.get_absolute_url()).content.decode()
    client.post(done_url, {"done": "0"})
    milestone.refresh_from_db()
    assert not milestone.done
    edit_url = done_url
    client.post(edit_url, {"title": "Опытная партия", "due": "2026-10-15"})
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due) == ("Опытная партия", datetime.date(2026, 10, 15))
    # A bad date changes nothing and says why.
    page = client.post(edit_url, {"title": "Серия", "due": "когда-нибудь"}, follow=True).content.decode()
    milestone.refresh_from_db()
    assert milestone.title == "Опытная партия" and "Name the milestone and give its due date." in page


def test_participants_and_milestones_through_the_api(api, cora, dora, max_maker, project,  # noqa: F811
                                                     integrator):
    client = api(cora)
    base = f"/api/v1/projects/{project.code}/"
    added = client.post(base + "milestones/", {"title": "Опытный образец", "due": "2026-09-01"}, format="json")
    assert added.status_code == 201 and added.json()["done"] is False
    milestone = added.json()["id"]
    assert api(max_maker).get(base + "milestones/").json() == [added.json()]
    assert api(max_maker).patch(f"{base}milestones/{milestone}/", {"done": True}, format="json").status_code == 403
    assert api(dora).patch(f"{base}milestones/{milestone}/", {"done": True}, format="json").status_code == 404
    done = client.patch(f"{base}milestones/{milestone}/", {"done": True}, format="json")
    assert done.status_code == 200 and done.json() == {"id": milestone, "title": "Опытный образец",
                                                       "due": "2026-09-01", "done": True}
    moved = client.patch(f"{base}milestones/{milestone}/", {"due": "2026-10-01"}, format="json").json()
    assert (moved["due"], moved["done"]) == ("2026-10-01", True)
    assert client.patch(f"{base}milestones/{milestone}/", {"due": "потом"}, format="json").status_code == 400

    participants = {p["organization"]: p["id"] for p in client.get(base).json()["participants"]}
    theirs = participants[max_maker.organization.pk]
    assert api(max_maker).delete(f"{base}participants/{theirs}/").status_code == 403
    assert api(dora).delete(f"{base}participants/{theirs}/").status_code == 404
    assert client.delete(f"{base}participants/{theirs}/").status_code == 204
    assert [p["organization"] for p in client.get(base).json()["participants"]] == [integrator.pk]
    assert client.delete(f"{base}participants/{theirs}/").status_code == 404
    # Max's company no longer takes part: the project is gone from its view.
    assert api(max_maker).get(base).status_code == 404


def test_where_used_and_the_bom_diff_through_the_api(api, cora, bob, max_maker, project):  # noqa: F811
    services.bom_import(actor=cora, project=project, name="v1.xlsx", data=bom_file())
    changed = [[*EBUS_ROWS[0]], [2, "MOD-LTO", "Модуль LTO", 12, "шт", None], *EBUS_ROWS[2:6]]
    services.bom_import(actor=cora, project=project, name="v2.xlsx", data=bom_file(changed))
    base = f"/api/v1/projects/{project.code}/"
    diff = api(max_maker).get(base + "boms/2/diff/").json()
    assert (diff["version"], diff["against"]) == (2, 1)
    assert [(c["kind"], c["path"]) for c in diff["changes"]] == [
        ("removed", ["INV-1", "ВВГ-3x16"]), ("changed", ["BAT-240", "MOD-LTO"])]
    assert diff["changes"][1]["changed"] == [["qty_per", "10", "12"]]
    assert api(cora).get(base + "boms/2/diff/", {"against": 2}).json()["changes"] == []
    assert api(cora).get(base + "boms/1/diff/").status_code == 404  # nothing before the first version

    # «KR142EN5A» typed in Latin letters is the same part as the BOM's «КР142ЕН5А».
    uses = api(max_maker).get("/api/v1/projects/where-used/", {"q": "KR142EN5A"}).json()
    assert [(u["project"], u["version"], u["part_number"], u["path"]) for u in uses] == [
        ("ebus", 2, "КР142ЕН5А", ["BAT-240", "MOD-LTO"]), ("ebus", 2, "KR142EN5A", ["INV-1"])]
    assert api(cora).get("/api/v1/projects/where-used/").status_code == 400
    assert api(bob).get("/api/v1/projects/where-used/", {"q": "KR142EN5A"}).status_code == 403
