"""An error row opened for editing keeps what the file said right: its valid cells are in their inputs, the bad
cell is in its own input as the file had it, marked and quoted beside it, so the customer corrects that one cell."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from cityorder.demand import services
from cityorder.demand.models import LineStatus
from tests.demand.test_views import open_submission, upload  # noqa: F401  (fixture)
from tests.demand.workbooks import messy_demand, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(alice, bob):
    return services.campaign_create(
        actor=alice, code="ekb-2026", title="Потребность в ЭКБ на 2026–2028 гг.", year_from=2026, year_to=2028,
        kinds=["components"], deadline=datetime.date(2099, 12, 1), invited=[bob.organization],
    )


def input_of(form: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', form)
    assert found, f"no input {name}"
    return found.group(0)


def note_of(form: str, name: str) -> str:
    found = re.search(rf'<div[^>]*data-in-file="{name}"[^>]*>(.*?)</div>', form)
    return found.group(1) if found else ""


def test_the_valid_years_of_an_error_row_stay_and_only_the_bad_one_is_corrected(client, campaign, bob, upload):  # noqa: F811
    submission = open_submission(client, bob, campaign)
    upload(submission, ("demand.xlsx", messy_demand()))
    error = submission.lines.get(status=LineStatus.ERROR)
    assert error.quantities == {"2027": 500, "2028": 500}
    assert error.cells == {"quantity:2026": "по потребности"}

    url = reverse("demand:line_edit", args=[error.pk])
    form = client.get(url).content.decode()
    bad = input_of(form, "q_2026")
    assert 'value="по потребности"' in bad and "is-invalid" in bad
    assert "«по потребности»" in note_of(form, "q_2026")
    for year in ("2027", "2028"):
        assert 'value="500"' in input_of(form, f"q_{year}") and "is-invalid" not in input_of(form, f"q_{year}")
        assert not note_of(form, f"q_{year}")
    assert 'value="Резистор 10 кОм 0805"' in input_of(form, "name")

    # The customer changes the one bad cell and keeps what the form already holds.
    kept = {"name": "Резистор 10 кОм 0805", "unit": "шт", "q_2027": "500", "q_2028": "500"}
    response = client.post(url, {**kept, "q_2026": "300", "next": submission.get_absolute_url()})
    assert response.status_code == 302
    error.refresh_from_db()
    assert (error.status, error.quantities, error.cells) == (LineStatus.OK, {"2026": 300, "2027": 500, "2028": 500},
                                                             {})
    assert error.original["cells"] == {"quantity:2026": "по потребности"}
    assert error.original["quantities"] == {"2027": 500, "2028": 500}


def test_a_row_that_names_only_the_kind_marks_the_part_number_and_keeps_its_quantities(client, campaign, bob,
                                                                                     upload):  # noqa: F811
    data = xlsx([["Наименование", "Обозначение", "Ед. изм.", 2026, 2027, 2028], ["Микросхема", "", "шт", 10, 20, 30]])
    submission = open_submission(client, bob, campaign)
    upload(submission, ("kind.xlsx", data))
    error = submission.lines.get(status=LineStatus.ERROR)
    form = client.get(reverse("demand:line_edit", args=[error.pk])).content.decode()
    assert "is-invalid" in input_of(form, "part_number") and "is-invalid" not in input_of(form, "name")
    assert note_of(form, "part_number") == "In the file: empty"
    assert [input_of(form, f"q_{y}").count(f'value="{q}"') for y, q in ((2026, 10), (2027, 20), (2028, 30))] == [1] * 3


def test_a_bad_year_of_a_long_sheet_is_quoted_with_the_quantity_it_was_for(client, campaign, bob, upload):  # noqa: F811
    data = xlsx([["Наименование", "Обозначение", "Ед. изм.", "Год", "Кол-во"],
                 ["Стабилизатор", "L7805CV", "шт", "2О27", "1 500"]])
    submission = open_submission(client, bob, campaign)
    upload(submission, ("long.xlsx", data))
    error = submission.lines.get(status=LineStatus.ERROR)
    form = client.get(reverse("demand:line_edit", args=[error.pk])).content.decode()
    place = re.search(r'<p[^>]*id="cells-to-place"[^>]*>(.*?)</p>', form, re.DOTALL)
    assert place and " ".join(place.group(1).split()).startswith("In the file: year «2О27», quantity «1 500».")
    assert all("is-invalid" not in input_of(form, f"q_{y}") for y in (2026, 2027, 2028))


def test_a_bad_cell_no_input_holds_is_listed_by_its_field_name():
    from cityorder.demand.forms import LineForm
    from cityorder.demand.models import DemandLine

    line = DemandLine(status=LineStatus.ERROR, cells={"value": "C", "quantity:2031": "5"}, quantities={"2026": 3})
    form = LineForm(years=[2026], line=line)
    form.show_bad_cells(line)
    assert [(str(label), text) for label, text in form.unplaced] == [("Value (nominal)", "C"), ("2031", "5")]
    assert form.in_file == {} and form["q_2026"].initial == "3"
