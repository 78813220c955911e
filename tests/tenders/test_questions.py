"""Clarification questions: bidders ask in the questions period, the committee answers, the answers reach every
bidder without the asker's name; who sees what on the pages and through the API; every step in the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cityorder.tenders import services
from cityorder.tenders.models import AuditEntry, Question
from tests.english import english_messages  # noqa: F401  (services speak English here)
from tests.tenders.helpers import prepared_tender

ASKED = "Допускается ли поставка модулей LFP вместо NMC?"
ANSWER = "Допускается, при ёмкости не ниже указанной в техническом задании."
OWN = "Можно ли продлить срок строительства?"


@pytest.fixture
def asking(tess):
    now = timezone.now()
    tender = prepared_tender(tess, now=now, questions_until=now + timedelta(days=1))
    return services.tender_publish(actor=tess, tender=tender)


@pytest.fixture
def answered(asking, tess, vera, boris):
    """Vera's question answered, Boris's waiting."""
    question = services.question_ask(actor=vera, tender=asking, text=ASKED)
    services.question_answer(actor=tess, question=question, answer=ANSWER)
    services.question_ask(actor=boris, tender=asking, text=OWN)
    return asking


def test_a_question_is_asked_in_the_questions_period_only(asking, vera):
    late = asking.questions_until + timedelta(minutes=1)
    with pytest.raises(ValidationError, match="not accepted now"):
        services.question_ask(actor=vera, tender=asking, text=ASKED, now=late)
    with pytest.raises(ValidationError, match="Write the question"):
        services.question_ask(actor=vera, tender=asking, text="   ")
    services.question_ask(actor=vera, tender=asking, text=ASKED, now=asking.questions_until - timedelta(minutes=1))
    assert Question.objects.count() == 1


def test_without_a_questions_period_questions_run_to_the_bid_deadline(published, vera):
    assert published.questions_until is None
    services.question_ask(actor=vera, tender=published, text=ASKED, now=published.bid_deadline - timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.question_ask(actor=vera, tender=published, text=ASKED, now=published.bid_deadline)


def test_a_draft_takes_no_questions(tess, vera):
    with pytest.raises(ValidationError):
        services.question_ask(actor=vera, tender=prepared_tender(tess), text=ASKED)


def test_only_bidders_ask_and_only_the_committee_answers(asking, tess, alice, vera, boris):
    for user in (tess, alice):
        with pytest.raises(PermissionDenied):
            services.question_ask(actor=user, tender=asking, text=ASKED)
    question = services.question_ask(actor=vera, tender=asking, text=ASKED)
    for user in (alice, vera, boris):
        with pytest.raises(PermissionDenied):
            services.question_answer(actor=user, question=question, answer=ANSWER)
    assert not Question.objects.get().answer


def test_answers_are_given_until_the_bid_deadline(asking, tess, vera):
    question = services.question_ask(actor=vera, tender=asking, text=ASKED)
    with pytest.raises(ValidationError, match="while the tender accepts bids"):
        services.question_answer(actor=tess, question=question, answer=ANSWER, now=asking.bid_deadline)


def test_every_step_is_in_the_audit_log(answered, tess, vera):
    question = Question.objects.get(text=ASKED)
    services.question_answer(actor=tess, question=question, answer=ANSWER + " Уточнено.")
    entries = list(AuditEntry.objects.filter(tender=answered, action__startswith="question.")
                   .values_list("action", "actor__username", "detail__question"))
    assert entries == [("question.asked", "vera", question.pk), ("question.answered", "tess", question.pk),
                       ("question.asked", "boris", question.pk + 1),
                       ("question.answer_corrected", "tess", question.pk)]


def page_of(client, user, tender) -> str:
    client.force_login(user)
    return client.get(reverse("tenders:tender", args=[tender.code])).content.decode()


def test_the_answer_reaches_every_bidder_without_the_askers_name(answered, client, vera, boris, gleb):
    for user in (vera, boris, gleb):
        page = page_of(client, user, answered)
        assert ASKED in page and ANSWER in page
        questions = page.split('id="questions"', 1)[1]  # past the menu, which names the user's organization
        assert vera.organization.short_name not in questions  # nobody is told who asked, Vera neither
        assert 'class="asker"' not in questions


def test_an_unanswered_question_is_its_askers_alone(answered, client, vera, boris, gleb):
    assert OWN in page_of(client, boris, answered)
    for user in (vera, gleb):
        assert OWN not in page_of(client, user, answered)


def test_the_committee_and_the_analyst_see_every_question_and_who_asked(answered, client, tess, alice):
    for user in (tess, alice):
        page = page_of(client, user, answered)
        assert ASKED in page and OWN in page
        assert '<span class="asker">ООО «Альфа»</span>' in page and '<span class="asker">АО «Бета»</span>' in page


def test_the_pages_ask_and_answer(asking, client, tess, vera, alice):
    client.force_login(vera)
    assert 'id="question-form"' in client.get(asking.get_absolute_url()).content.decode()
    response = client.post(reverse("tenders:question_ask", args=[asking.code]), {"text": ASKED})
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.asked_by == vera.organization
    client.force_login(alice)
    refused = client.post(reverse("tenders:question_answer", args=[asking.code, question.pk]), {"answer": ANSWER})
    assert refused.status_code == 403
    client.force_login(tess)
    client.post(reverse("tenders:question_answer", args=[asking.code, question.pk]), {"answer": ANSWER})
    question.refresh_from_db()
    assert question.answer == ANSWER and question.answered_by == tess


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_has_the_same_rules(answered, tess, alice, vera, boris, gleb):
    url = f"/api/v1/tenders/{answered.code}/questions/"
    seen = {user.username: [(q["text"], q["asked_by"]) for q in api(user).get(url).data]
            for user in (tess, alice, vera, boris, gleb)}
    everyone = [(ASKED, "ООО «Альфа»"), (OWN, "АО «Бета»")]
    assert seen == {"tess": everyone, "alice": everyone, "vera": [(ASKED, None)],
                    "boris": [(ASKED, None), (OWN, None)], "gleb": [(ASKED, None)]}
    asked = api(gleb).post(url, {"text": "Какой гарантийный срок?"}, format="json")
    assert asked.status_code == 201 and asked.data[-1]["text"] == "Какой гарантийный срок?"
    assert api(tess).post(url, {"text": "?"}, format="json").status_code == 403
    pk = Question.objects.get(text=OWN).pk
    assert api(vera).post(f"{url}{pk}/answer/", {"answer": "нет"}, format="json").status_code == 403
    answer = api(tess).post(f"{url}{pk}/answer/", {"answer": "Нет."}, format="json")
    assert answer.status_code == 200
    assert (OWN, None) in [(q["text"], q["asked_by"]) for q in api(vera).get(url).data]


def test_the_ocds_release_holds_the_answered_questions_only(answered, client, tess):
    client.force_login(tess)
    release = client.get(reverse("tenders:ocds", args=[answered.code])).json()["releases"][0]
    assert [(e["description"], e["answer"]) for e in release["tender"]["enquiries"]] == [(ASKED, ANSWER)]
    assert "ООО «Альфа»" not in str(release["tender"]["enquiries"])
