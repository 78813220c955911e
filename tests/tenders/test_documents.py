"""A bid's documents: kept sealed across replacements unless removed one by one, covered by the receipt's digest,
and downloaded under their cleaned original names after the opening."""

from __future__ import annotations

import hashlib

import pytest

from cityorder.tenders import awarding, documents, sealing, services
from cityorder.tenders.models import Bid
from tests.tenders.helpers import values

PLAN, PASSPORT = b"%PDF plan of the plant", b"%PDF passport"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(("given", "cleaned"), [
    ("Паспорт завода.pdf", "Паспорт завода.pdf"),
    ("C:\\Users\\vera\\План.xlsx", "План.xlsx"),
    ("../../etc/passwd", "passwd"),
    ('a"b;c\r\nd.pdf', "a_b_cd.pdf"),
    ("...", documents.FALLBACK),
    ("я" * 300 + ".docx", "я" * 145 + ".docx"),
])
def test_a_file_name_is_cleaned(given, cleaned):
    assert documents.clean_name(given) == cleaned


def test_a_cyrillic_name_is_sent_in_rfc_5987_with_an_ascii_fallback():
    header = documents.content_disposition("Паспорт завода.pdf")
    assert header == ("attachment; filename=\"document.pdf\"; filename*=UTF-8''%D0%9F%D0%B0%D1%81%D0%BF%D0%BE%D1%80"
                      "%D1%82%20%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4%D0%B0.pdf")
    assert documents.content_disposition("plan v2.pdf").startswith('attachment; filename="plan_v2.pdf"; ')


def test_a_replacement_keeps_the_documents_unless_removed_and_the_receipt_covers_them(published, vera, tess):
    lot = published.lots.get(number=1)
    services.bid_submit(actor=vera, lot=lot, values=values(900, 3000, 24),
                        documents=[("План.pdf", PLAN), ("Паспорт.pdf", PASSPORT)])
    replaced = services.bid_submit(actor=vera, lot=lot, values=values(850, 3000, 24))
    bid = Bid.objects.get()
    contents = sealing.unseal(published, bid.sealed, bid.digest)
    assert [(d["name"], d["sha256"]) for d in contents["documents"]] == [("План.pdf", _sha(PLAN)),
                                                                         ("Паспорт.pdf", _sha(PASSPORT))]
    assert replaced.digest == sealing.digest_of(contents) and b"PDF" not in bytes(bid.sealed)
    # One removed, one added: the receipt's digest changes with the documents alone.
    again = services.bid_submit(actor=vera, lot=lot, values=values(850, 3000, 24), remove=[_sha(PLAN)],
                                documents=[("Расчёт.xlsx", b"calc")])
    assert again.digest != replaced.digest
    # Their bidder is shown sizes and hashes to pick from, no names, while the bid is sealed.
    assert documents.own_documents(vera, Bid.objects.get()) == [
        {"sha256": _sha(PASSPORT), "size": len(PASSPORT), "name": ""}, {"sha256": _sha(b"calc"), "size": 4,
                                                                        "name": ""}]
    awarding.tender_open(actor=tess, tender=published, now=published.opening_at)
    opened = Bid.objects.get().opened
    assert [d["name"] for d in opened["documents"]] == ["Паспорт.pdf", "Расчёт.xlsx"]
    assert sealing.digest_of(opened) == again.digest


def test_a_draft_keeps_its_documents_and_names_them_to_its_bidder(published, vera, boris):
    lot = published.lots.get(number=1)
    services.bid_draft(actor=vera, lot=lot, values={}, documents=[("План.pdf", PLAN)])
    services.bid_draft(actor=vera, lot=lot, values={"Цена": 900})
    bid = Bid.objects.get()
    assert documents.own_documents(vera, bid) == [{"sha256": _sha(PLAN), "size": len(PLAN), "name": "План.pdf"}]
    assert documents.own_documents(boris, bid) == []
    services.bid_draft(actor=vera, lot=lot, values={"Цена": 900}, remove=[_sha(PLAN)])
    assert documents.own_documents(vera, Bid.objects.get()) == []


def test_the_bid_page_removes_a_document_by_its_tick(published, vera, client):
    lot = published.lots.get(number=1)
    services.bid_submit(actor=vera, lot=lot, values=values(900, 3000, 24),
                        documents=[("План.pdf", PLAN), ("Паспорт.pdf", PASSPORT)])
    client.force_login(vera)
    url = f"/tenders/{published.code}/lots/1/bid/"
    page = client.get(url).content.decode()
    assert _sha(PASSPORT)[:12] in page and "План.pdf" not in page
    form = {"c_1": "880", "c_2": "3000", "c_3": "24", "action": "submit", "remove": [_sha(PLAN)]}
    assert client.post(url, form).status_code == 302
    assert [d["sha256"] for d in documents.own_documents(vera, Bid.objects.get())] == [_sha(PASSPORT)]
