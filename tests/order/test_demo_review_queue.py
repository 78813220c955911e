"""The demo's review queue holds the pairs a person sees at once are one need in other words: the engine proposes
them with its reason and merges neither."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.urls import reverse

from cityorder.accounts.models import User
from cityorder.order import review
from tests.substitution.helpers import demo_order

pytestmark = pytest.mark.django_db

PAIRS = {
    frozenset({"Аккумулятор для ИБП 12 В 7 А·ч", "Аккумулятор свинцово-кислотный AGM 12 В 7 А·ч"}): "chemistry",
    frozenset({"Резистор 10 кОм 0805 1%", "Резистор 10к 0805"}): "tolerance",
}


def test_the_demo_review_queue_names_the_pairs_of_one_need_in_other_words(client):
    order = demo_order()
    queue = review.review_queue(order, per_page=100)
    proposed = {frozenset({p.a.position.name, p.b.position.name}): p for p in queue.open}
    for names, unsaid in PAIRS.items():
        pair = proposed.get(names)
        assert pair is not None, f"not proposed: {sorted(names)}; the queue holds {sorted(map(sorted, proposed))}"
        assert not pair.match.merged and pair.match.reason.endswith(f"one line does not say: {unsaid}")
        assert {pair.a.customers[0], pair.b.customers[0]} == {"ГУП «Мосгортранс»", "ДЗМ"}
    assert not queue.merged.paginator.count  # nothing of the demo is joined without a person

    client.force_login(User.objects.get(username="analyst"))
    page = client.get(reverse("order:review", args=[order.pk])).content.decode()
    for names in PAIRS:
        pair = proposed[names]
        card = re.search(rf'id="pair-{pair.match.pk}".*?class="reason"', page, re.DOTALL)
        assert card and all(name in html_lib.unescape(card.group(0)) for name in names)
