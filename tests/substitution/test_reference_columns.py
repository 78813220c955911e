"""The upload card names the catalog's and the cross-references' columns in the reader's language, and a file
headed with exactly those names (and filled with the origin and compatibility words it shows) is read."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cityorder.substitution.models import CatalogItem, CrossReference

pytestmark = pytest.mark.django_db


def _card(client, language: str, card: str) -> str:
    client.cookies["django_language"] = language
    page = client.get("/substitution/").content.decode()
    found = re.search(rf'id="{card}">(.*?)</p>', page, re.S)
    assert found is not None, f"no {card} on the page"
    return found.group(1)


def _csv(rows: list[list[str]]) -> SimpleUploadedFile:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return SimpleUploadedFile("reference.csv", out.getvalue().encode())


@pytest.mark.parametrize(("language", "words"), [("ru", "Обозначение"), ("en", "Part number")])
def test_a_catalog_headed_as_the_card_names_its_columns_is_read(client, alice, language, words):
    client.force_login(alice)
    card = _card(client, language, "catalog-columns")
    assert words in card and "_" not in card  # the reader's words, not the engine's field names
    names = re.findall(r"«([^»]+)»", card)
    origins = re.search(r"\(([^()]+ / [^()]+)\)", card)
    assert len(names) == 10 and origins is not None, card
    domestic, foreign = origins.group(1).split(" / ")
    year = timezone.localdate().year + 1
    assert names[-1].endswith(str(year))  # a capacity column for a year, as the card gives its example
    rows = [names,
            ["РТ-0805-103", "АО «Резистор»", "Резистор 10 кОм 0805", "passive.resistor", domestic, "10234/2025",
             "", "1,5", "2026", "5000"],
            ["RC0805FR-0710KL", "Yageo", "Резистор 10 кОм 0805 1 %", "passive.resistor", foreign, "", "", "", "", ""]]
    response = client.post("/substitution/upload/catalog/", {"file": _csv(rows)})
    assert response.status_code == 302, response.content.decode()[:2000]
    ours = CatalogItem.objects.get(part_number="РТ-0805-103")
    assert (ours.origin, ours.registry_no, ours.readiness_year) == ("domestic", "10234/2025", 2026)
    assert ours.capacities == {str(year): 5000.0} and float(ours.price) == 1.5
    assert CatalogItem.objects.get(part_number="RC0805FR-0710KL").origin == "foreign"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_cross_references_headed_as_the_card_names_their_columns_are_read(client, alice, language):
    client.force_login(alice)
    card = _card(client, language, "xref-columns")
    assert "_" not in card
    names = re.findall(r"«([^»]+)»", card)
    words = re.search(r"\(([^()]+)\)", card)
    assert len(names) == 4 and words is not None, card
    pin, functional, parametric = words.group(1).split(", ")
    rows = [names, ["NE555", "КР1006ВИ1", functional, "таймер"], ["L7805", "КР142ЕН5А", pin, ""],
            ["LM358", "КР1040УД1", parametric, ""]]
    response = client.post("/substitution/upload/xrefs/", {"file": _csv(rows)})
    assert response.status_code == 302, response.content.decode()[:2000]
    read = dict(CrossReference.objects.values_list("part_number", "compatibility"))
    assert read == {"NE555": "functional", "L7805": "pin", "LM358": "parametric"}


def test_a_catalog_without_some_columns_is_refused_naming_them_in_russian(client, alice):
    client.force_login(alice)
    client.cookies["django_language"] = "ru"
    rows = [["Обозначение", "Производитель", "Наименование", "Категория"],
            ["РТ-0805-103", "АО «Резистор»", "Резистор 10 кОм 0805", "passive.resistor"]]
    page = client.post("/substitution/upload/catalog/", {"file": _csv(rows)}).content.decode()
    errors = re.search(r'id="upload-errors">(.*?)</ul>', page, re.S)
    assert errors is not None
    assert "реестровый номер" in errors.group(1) and "происхождение" in errors.group(1)
    assert not re.search(r"[a-z]+_[a-z]+|\b(?:origin|missing|header)\b", errors.group(1)), errors.group(1)
    assert not CatalogItem.objects.exists()
