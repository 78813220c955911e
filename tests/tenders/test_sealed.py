"""Before the opening no bid's contents can be read through any page, API route, admin page, export or search, by
anyone: the committee, an administrator, an analyst, the bidder itself, another bidder.

The routes are ENUMERATED from the URL resolver (pages, the API router, the admin), so a route added later is
walked too: every parameter is filled with the ids, codes and numbers the tender data has, and every answer (HTML,
JSON, CSV, xlsx unpacked) is searched for the sealed values. After the opening, the same detector finds them on
the committee's evaluation page, so the walk is able to see a leak.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import zipfile
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cityorder.accounts.roles import Role
from cityorder.tenders import awarding, sealing, services
from cityorder.tenders.models import Bid, OffsetTender, Receipt
from tests import factories as f
from tests.tenders.helpers import prepared_tender

PRICE, INVESTMENT, MONTHS = "876.54321", "31415926.5", "27.1828"
NOTE, DOCUMENT = "Секретное-примечание-QX7", "secret-document-ZK9.pdf"
DROPPED = "removed-before-opening-WQ4.pdf"
SECRETS = (PRICE, INVESTMENT, MONTHS, NOTE, DOCUMENT, DROPPED, "876,54321")
_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def routes(patterns=None, prefix: str = "") -> Iterator[str]:
    """Every route of the site as a template: '/tenders/<slug:code>/', '/api/v1/^bids/(?P<pk>[^/.]+)/$'."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _plain(route: str) -> str:
    """A regex route (DRF, admin) as a plain path with its named groups left in."""
    route = route.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + route.lstrip("/")


def _format_variant(route: str) -> bool:
    """DRF's «.json» twin of a route: the same view and renderer input as the route itself."""
    return "(?P<format>" in route


def concrete(route: str, values: dict[str, list[str]]) -> list[str]:
    route = _plain(route)
    names = [m.group("name") or m.group("rname") for m in _PARAM.finditer(route)]
    if not names:
        return [route]
    choices = [values.get(name, values["*"]) for name in names]
    paths = []
    for combo in itertools.islice(itertools.product(*choices), 60):
        filled = iter(combo)
        paths.append(_PARAM.sub(lambda _m, it=filled: str(next(it)), route))
    return paths


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # xlsx and other zipped exports: the XML inside
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return body.decode("utf-8", "replace")


@pytest.fixture
def sealed_tender(tess, vera, boris):
    tender = prepared_tender(tess)
    services.tender_publish(actor=tess, tender=tender)
    lot = tender.lots.get(number=1)
    given = {"Цена": PRICE, "Инвестиции": INVESTMENT, "Срок запуска": MONTHS}
    services.bid_submit(actor=vera, lot=lot, values=given, capacity={2027: 4242}, note=NOTE,
                        documents=[(DOCUMENT, b"%PDF-1.4 secret"), (DROPPED, b"dropped draft")])
    # Replaced without uploading again: the first document is carried over, sealed; the second is removed.
    services.bid_submit(actor=vera, lot=lot, values=given, capacity={2027: 4242}, note=NOTE,
                        remove=[hashlib.sha256(b"dropped draft").hexdigest()])
    services.bid_submit(actor=boris, lot=lot, values={"Цена": 900, "Инвестиции": 1, "Срок запуска": 30})
    return tender


def parameter_values(tender: OffsetTender) -> dict[str, list[str]]:
    ids = sorted({str(pk) for model in (Bid, Receipt, OffsetTender)
                  for pk in model.objects.values_list("pk", flat=True)}, key=int)
    receipts = list(Receipt.objects.values_list("number", flat=True))
    everything = [*ids, tender.code, *receipts, "xlsx", "csv"]
    return {"code": [tender.code], "number": ["1", *receipts], "pk": ids, "object_id": ids, "id": ids,
            "app_label": ["tenders"], "*": everything}


def users(tess, alice, vera, boris):
    admin = f.UserFactory(username="root", role=Role.ADMIN, is_superuser=True, is_staff=True,
                          organization=tess.organization)
    return {"committee": tess, "administrator": admin, "analyst": alice, "the bidder itself": vera,
            "another bidder": boris}


def walk(tender: OffsetTender, people: dict) -> Iterator[tuple[str, str, str]]:
    """(who, path, text) for every route filled with every value, for every person."""
    values = parameter_values(tender)
    paths = sorted({p for route in routes() if not _format_variant(route) for p in concrete(route, values)})
    assert len(paths) > 100  # the whole site, the API and the admin
    for who, user in people.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for path in paths:
            response = client.get(path)
            if response.status_code == 200:
                yield who, path, text_of(response)


def test_no_route_shows_a_sealed_bid_to_anyone(sealed_tender, tess, alice, vera, boris):
    people = users(tess, alice, vera, boris)
    # The nonces too: with one, the digest shown before the opening would confirm a guessed price again.
    nonces = tuple(sealing.unseal(sealed_tender, b.sealed, b.digest)[sealing.NONCE] for b in Bid.objects.all())
    assert len(set(nonces)) == 2
    secrets = (*SECRETS, *nonces)
    leaks = [(who, path, s) for who, path, text in walk(sealed_tender, people) for s in secrets if s in text]
    assert leaks == []


def test_no_search_finds_a_sealed_bid(sealed_tender, tess, alice, vera, boris):
    """Search boxes echo the query; what must not come back is another sealed value of the bid."""
    people = users(tess, alice, vera, boris)
    searchable = sorted({_plain(r) for r in routes() if not _format_variant(r) and not _PARAM.search(_plain(r))})
    for user in people.values():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for path in searchable:
            response = client.get(path, {"q": PRICE, "search": PRICE})
            if response.status_code == 200:
                text = text_of(response)
                assert NOTE not in text and INVESTMENT not in text, path


def test_the_number_of_bids_is_shown(sealed_tender, client, tess):
    client.force_login(tess)
    page = client.get(sealed_tender.get_absolute_url()).content.decode()
    assert re.search(r'data-lot="1".*?class="text-end bid-count">2<', page, re.S)


def test_after_the_opening_the_same_walk_finds_the_values(sealed_tender, tess, alice, vera, boris, client):
    awarding.tender_open(actor=tess, tender=sealed_tender, now=sealed_tender.opening_at)
    client.force_login(tess)
    page = client.get(f"/tenders/{sealed_tender.code}/evaluation/").content.decode()
    assert PRICE in page and DOCUMENT in page
    bid = Bid.objects.get(bidder=vera.organization)
    document = client.get(f"/tenders/{sealed_tender.code}/bids/{bid.pk}/documents/0/")
    assert document.content == b"%PDF-1.4 secret"
    assert document["Content-Disposition"] == f"attachment; filename=\"{DOCUMENT}\"; filename*=UTF-8''{DOCUMENT}"
    assert DROPPED not in page and [d["name"] for d in bid.opened["documents"]] == [DOCUMENT]
    assert client.get(f"/tenders/{sealed_tender.code}/bids/{bid.pk}/documents/1/").status_code == 404
    found = {path for who, path, text in walk(sealed_tender, {"committee": tess}) if PRICE in text}
    assert f"/tenders/{sealed_tender.code}/evaluation/" in found
