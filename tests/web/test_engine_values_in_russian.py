"""The values the engine writes into its notes are shown in Russian on Russian pages: a Soviet microcircuit's
function, a discrete device's class and grade, the parameters a part number encodes (10000 Ω was shown as it
was stored). Lines of such parts are consolidated and their position cards and the version's table read with the
browser scan's words (tests/browser/test_pages_tell_the_truth.py), so none of them comes back."""

from __future__ import annotations

import html
import re

import pytest
from django.utils import translation

from cityorder.engine.identity import identify
from cityorder.web.stored_text import shown
from tests.browser.test_pages_tell_the_truth import ENGLISH_UNIT, english_words, words_of
from tests.order.helpers import accepted, consolidate, make_campaign

pytestmark = pytest.mark.django_db

ROWS = [
    [1, "Микросхема", "КР142ЕН5А", "", "шт", 10, 10, 10],
    [2, "Диод", "2Д522Б", "", "шт", 20, 20, 20],
    [3, "Транзистор", "KT315B", "", "шт", 5, 5, 5],
    [4, "Резистор 4,7 кОм 0805", "RC0805FR-0710KL", "Yageo", "шт", 100, 100, 100],
    [5, "Конденсатор", "GRM155R71H104KE14J", "Murata", "шт", 50, 50, 50],
    [6, "Резистор", "RC0603JR-07100RL", "Yageo", "шт", 30, 30, 30],
]
RUSSIAN = {
    "КР142ЕН5А": "стабилизатор напряжения непрерывный, серия 142",
    "2Д522Б": "диод, исполнение: кремний, военная приёмка",
    "KT315B": "биполярный транзистор, исполнение: кремний",
    "RC0805FR-0710KL": "кодирует номинал 10 кОм, допуск 1%, типоразмер 0805",
    "GRM155R71H104KE14J": "номинал 100 нФ",
    "RC0603JR-07100RL": "номинал 100 Ом",
}


def _text(page: str) -> str:
    """What the page's main part says, without code elements (identifiers), as the browser scan reads it."""
    main = re.search(r"<main.*?</main>", page, re.DOTALL)
    body = re.sub(r"<code\b.*?</code>|<script\b.*?</script>", " ", main.group(0) if main else page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_notes_are_stored_in_english_and_shown_in_russian():
    for row in ROWS:
        note = identify(name=row[1], part_number=row[2]).note
        words = re.sub(r"\S*\d\S*", " ", note)  # the designations (КТ315Б) are the line's own, as written
        assert not re.search("[а-яё]", words, re.IGNORECASE), note  # stored language-neutral: English templates
        with translation.override("ru"):
            assert RUSSIAN[row[2]] in shown(note), (note, shown(note))
        with translation.override("en"):
            assert shown(note) == note


@pytest.fixture
def version(alice, bob, django_capture_on_commit_callbacks):
    campaign = make_campaign(alice, bob)
    accepted(alice, bob, campaign, ROWS, django_capture_on_commit_callbacks, name="потребность.xlsx")
    return consolidate(campaign, alice)


def test_the_russian_pages_of_such_positions_hold_no_english(client, alice, version):
    client.force_login(alice)
    words = english_words()
    problems = []
    urls = [p.get_absolute_url() for p in version.positions.all()] + [version.get_absolute_url()]
    for url in urls:
        text = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode())
        english = sorted(words_of(text) & words) + sorted(set(ENGLISH_UNIT.findall(text)))
        if english:
            problems.append(f"{url}: {english}")
    assert not problems, "\n".join(problems)
    cards = " ".join(_text(client.get(p.get_absolute_url()).content.decode()) for p in version.positions.all())
    for russian in RUSSIAN.values():
        assert russian in cards, russian
