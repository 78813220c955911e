"""The global search's SQLite index (web.search_index): the search through it finds what the plain scan finds, in
the same order and within the same scope; its triggers keep it in step; its migration works on both databases."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityorder.accounts.roles import Role
from cityorder.demand import services
from cityorder.demand.models import DemandLine
from cityorder.order import services as order_services
from cityorder.substitution.models import CatalogItem, CrossReference
from cityorder.web import search_index
from cityorder.web.search import global_search
from tests import factories as f

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the index is SQLite's")

# Names and part numbers as customers type them: cases mixed, Cyrillic and Latin, quotes, the characters LIKE
# treats specially, letters whose case forms differ in length (ß → SS) or by position (Σ → σ, ς).
NAMES = ["Резистор 10 кОм 0805 1%", "РЕЗИСТОР С2-33Н-0,125", "Микросхема КР142ЕН5А", "Конденсатор 100 мкФ 25 В",
         "Stabilizer LM317T", "Таймер NE555P «ИМС»", 'Кабель "ВВГ" 3х2,5', "Датчик ДТХ-500", "Ёмкость ёлочная",
         "Straße ß Maß", "скидка 50%_off\\путь", "ΑΣ ος ΣΟΣ", "İstanbul ıi"]
PARTS = ["LM317T", "КР142ЕН5А", "NE555P", "С2-33Н-0,125", "L7805CV", "10%_X", "К1986ВЕ92QI", ""]


@pytest.fixture
def corpus(alice, bob, carol):
    """Bob's and Carol's lines of one campaign, consolidated into a version; catalog products; cross-references."""
    campaign = services.campaign_create(actor=alice, code="fts", title="Поиск", year_from=2026, year_to=2027,
                                        kinds=["components"], invited=[bob.organization, carol.organization])
    for n, user in enumerate((bob, carol)):
        submission = services.submission_open(actor=user, campaign=campaign)
        for j, name in enumerate(NAMES):
            services.line_add(actor=user, submission=submission, name=name, part_number=PARTS[(j + n) % len(PARTS)],
                              description=NAMES[(j + 3 * n) % len(NAMES)].lower(), unit="шт",
                              quantities={"2026": str(j + 1)})
        services.submission_submit(actor=user, submission=submission)
        services.submission_accept(actor=alice, submission=services.submission_open(actor=user, campaign=campaign))
    order_services.consolidate_campaign(campaign, actor=alice)
    for j, part in enumerate(PARTS[:-1]):
        CatalogItem.objects.create(key=part.upper(), part_number=part, manufacturer=NAMES[j].split()[0],
                                   name=NAMES[-j - 1], origin="domestic")
        CrossReference.objects.create(key=part.upper(), part_number=part, analog_key=f"A{j}",
                                      analog_part_number=PARTS[j + 1] or "ДТХ-500", compatibility="functional",
                                      note=NAMES[j])
    return {"alice": alice, "bob": bob}


def _found(user, text: str) -> dict[str, list[int]]:
    found = global_search(user, text)
    return {kind: [row.pk for row in getattr(found, kind)] for kind in ("lines", "positions", "catalog", "xrefs")}


def _plain(user, text: str) -> dict[str, list[int]]:
    with mock.patch.object(search_index, "candidate_ids", return_value=None):
        return _found(user, text)


def _slices(texts: list[str]) -> st.SearchStrategy[str]:
    """A piece of a stored text in a case of its own."""
    def cut(text: str, start: int, length: int, case: str) -> str:
        piece = text[start:start + length]
        return {"as is": piece, "lower": piece.lower(), "upper": piece.upper(), "swap": piece.swapcase(),
                "title": piece.title()}[case]

    return st.builds(cut, st.sampled_from([t for t in texts if t]), st.integers(0, 20), st.integers(1, 12),
                     st.sampled_from(["as is", "lower", "upper", "swap", "title"]))


QUERIES = st.one_of(_slices(NAMES + PARTS),
                    st.text(alphabet="абвгдеёклмнорстАБВГДЕЁКЛМНОРСТabceilnostLMNTPRSXIİıßΣσς0123456789 -.,%_\\\"«»",
                            min_size=1, max_size=8))


@given(text=QUERIES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_index_finds_what_the_plain_scan_finds_in_the_same_order(corpus, text):
    for user in corpus.values():
        assert _found(user, text) == _plain(user, text), (user.username, text)
    normalized = " ".join(text.split())
    if connection.vendor == "sqlite" and len(normalized) >= search_index.MIN_LENGTH:
        # the comparison above went through the index, not around it
        assert search_index.candidate_ids(connection, "demand.DemandLine", [
            (("name",), [normalized])]) is not None


def test_the_index_narrows_and_the_plain_search_agrees_on_common_and_rare_texts(corpus):
    alice = corpus["alice"]
    for text in ("резистор", "LM317T", "кр142", "«ИМС»", '"ВВГ"', "50%_off", "maß", "ΣΟΣ", "10 кОм 0805"):
        found = _found(alice, text)
        assert found == _plain(alice, text), text
        assert found["lines"], text
    assert _found(alice, "LM317T")["lines"] == list(DemandLine.objects.filter(
        Q(part_number__icontains="lm317t") | Q(name__icontains="lm317t") | Q(description__icontains="lm317t"))
        .values_list("pk", flat=True))


@sqlite_only
def test_a_customer_gets_only_its_own_lines_of_the_candidates(corpus):
    bob = corpus["bob"]
    everyone = search_index.candidate_ids(connection, "demand.DemandLine", [(("part_number",), ["NE555P"])])
    assert everyone is not None
    owners = set(DemandLine.objects.filter(pk__in=everyone).values_list("submission__customer", flat=True))
    assert len(owners) == 2  # the index knows both customers' lines
    found = global_search(bob, "NE555P")
    assert found.lines and {line.submission.customer_id for line in found.lines} == {bob.organization_id}
    assert not found.positions and not found.catalog and not found.xrefs


@sqlite_only
def test_the_triggers_keep_the_index_in_step(corpus):
    def ids(text: str) -> list[int]:
        found = search_index.candidate_ids(connection, "demand.DemandLine", [(("name", "description"), [text])])
        assert found is not None
        return sorted(found)

    submission = DemandLine.objects.order_by("pk").first().submission
    line = DemandLine.objects.create(submission=submission, row=98, name="Датчик ДТХ-777")
    assert ids("дтх-777") == [line.pk]
    line.name = "Датчик давления ДД-10"
    line.save()
    assert ids("дд-10") == [line.pk] and ids("дтх-777") == []
    DemandLine.objects.filter(pk=line.pk).update(description="манометр образцовый")
    assert ids("манометр") == [line.pk]
    DemandLine.objects.filter(pk=line.pk).update(status="error")  # not a searched field: the index is left alone
    assert ids("манометр") == [line.pk]
    added = DemandLine.objects.bulk_create([DemandLine(submission=submission, row=99, name="Реле РЭС-22")])
    assert ids("рэс-22") == [added[0].pk]
    line.delete()
    assert ids("дд-10") == [] and ids("манометр") == []
    with connection.cursor() as cursor:  # the index agrees with the rows it was built from
        for index in search_index.INDEXES:
            cursor.execute(f"INSERT INTO {index.table}({index.table}) VALUES ('integrity-check')")


@sqlite_only
def test_short_and_too_common_texts_are_left_to_the_plain_scan(corpus, monkeypatch):
    assert search_index.candidate_ids(connection, "demand.DemandLine", [(("name",), ["кр"])]) is None
    lm317 = DemandLine.objects.filter(part_number__icontains="lm317").count()
    assert sum("резистор" in line.name.lower() for line in DemandLine.objects.all()) > lm317
    monkeypatch.setattr(search_index, "MAX_CANDIDATES", lm317)
    assert search_index.candidate_ids(connection, "demand.DemandLine", [(("name",), ["резистор"])]) is None
    assert len(search_index.candidate_ids(connection, "demand.DemandLine", [(("part_number",), ["LM317"])])) == lm317
    assert _found(corpus["alice"], "резистор") == _plain(corpus["alice"], "резистор")


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_the_rows_already_there_and_is_reversible(alice):
    call_command("migrate", "web", "0001_search_indexes", verbosity=0)
    try:
        assert not {index.table for index in search_index.INDEXES} & _tables()
        CatalogItem.objects.create(key="1986VE92QI", part_number="К1986ВЕ92QI", name="Микроконтроллер",
                                   origin="domestic")
    finally:
        call_command("migrate", "web", verbosity=0)
    if connection.vendor == "sqlite":
        assert {index.table for index in search_index.INDEXES} <= _tables()
        assert search_index.candidate_ids(connection, "substitution.CatalogItem", [(("name",), ["контроллер"])])
    else:
        assert not {index.table for index in search_index.INDEXES} & _tables()  # PostgreSQL keeps 0001's indexes
    assert [item.part_number for item in global_search(alice, "контроллер").catalog] == ["К1986ВЕ92QI"]


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_remade_table_gets_its_triggers_back_after_migrate(alice):
    """Django alters a SQLite table by copying it into a new one, which drops the index's triggers."""
    field = DemandLine._meta.get_field("name")
    wider = DemandLine._meta.get_field("name").clone()
    wider.set_attributes_from_name("name")
    wider.max_length = 2000
    with connection.schema_editor() as editor:
        editor.alter_field(DemandLine, field, wider)
    try:
        _a_new_line_is_found_once_migrate_has_run(alice)
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(DemandLine, wider, field)
        search_index.ensure()  # the tests after this one need the triggers


def _a_new_line_is_found_once_migrate_has_run(alice) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'demand_demandline'")
        assert cursor.fetchall() == []
    customer = f.UserFactory(role=Role.CUSTOMER, organization=f.CustomerOrganizationFactory())
    campaign = services.campaign_create(actor=alice, code="remade", title="Поиск", year_from=2026, year_to=2026,
                                        kinds=["components"], invited=[customer.organization])
    submission = services.submission_open(actor=customer, campaign=campaign)
    line = services.line_add(actor=customer, submission=submission, name="Дроссель ДМ-0,1", unit="шт",
                             quantities={"2026": "1"})
    call_command("migrate", verbosity=0)  # nothing to migrate; the check after it repairs the index
    assert search_index.candidate_ids(connection, "demand.DemandLine", [(("name",), ["дм-0,1"])]) == [line.pk]
    line.delete()
    assert search_index.candidate_ids(connection, "demand.DemandLine", [(("name",), ["дм-0,1"])]) == []
