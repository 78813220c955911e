"""The receipt's digest covers a random nonce sealed with the bid: before the opening it confirms no guessed price,
after it the receipt's hash is recomputed from the opened contents; bids sealed before the nonce still verify."""

from __future__ import annotations

import hashlib

from cityorder.tenders import awarding, sealing, services
from cityorder.tenders.models import Bid, BidStatus, Receipt
from tests.tenders.helpers import values


def test_identical_bids_have_different_digests(published, vera, boris):
    lot = published.lots.get(number=1)
    first = services.bid_submit(actor=vera, lot=lot, values=values(900, 3000, 24))
    second = services.bid_submit(actor=boris, lot=lot, values=values(900, 3000, 24))
    again = services.bid_submit(actor=vera, lot=lot, values=values(900, 3000, 24))  # the same bid, resubmitted
    assert len({first.digest, second.digest, again.digest}) == 3
    # The contents without their nonce, as someone guessing the price would hash them: no digest matches.
    guessed = sealing.digest_of(services.bid_contents(lot, values=values(900, 3000, 24)))
    assert guessed not in {first.digest, second.digest, again.digest}
    opened = sealing.unseal(published, Bid.objects.get(bidder=boris.organization).sealed, second.digest)
    assert len(bytes.fromhex(opened[sealing.NONCE])) == sealing.NONCE_BYTES
    assert sealing.digest_of({k: v for k, v in opened.items() if k != sealing.NONCE}) == guessed


def test_the_nonce_is_sealed_not_stored_in_the_clear(published, vera):
    services.bid_submit(actor=vera, lot=published.lots.get(number=1), values=values(900, 3000, 24))
    bid = Bid.objects.get()
    nonce = sealing.unseal(published, bid.sealed, bid.digest)[sealing.NONCE]
    assert nonce.encode() not in bytes(bid.sealed) and nonce not in str(bid.__dict__)


def test_after_the_opening_every_receipt_is_recomputed_from_the_opened_contents(evaluated, tess, vera, client):
    for bid in Bid.objects.filter(status=BidStatus.SUBMITTED):
        receipt = bid.receipts.first()
        assert receipt is not None and receipt.digest == bid.digest
        assert sealing.NONCE in bid.opened and sealing.matches(bid.opened, receipt.digest)
        assert hashlib.sha256(sealing.canonical(bid.opened)).hexdigest() == receipt.digest
    client.force_login(tess)
    page = client.get(f"/tenders/{evaluated.code}/protocol/").content.decode()
    vera_bid = Bid.objects.get(bidder=vera.organization)
    assert vera_bid.opened[sealing.NONCE] in page and vera_bid.digest in page
    assert page.count('class="digest-check">✓') == 3


def test_a_changed_opened_bid_fails_the_receipt_check(evaluated, tess, client):
    bid = Bid.objects.get(bidder__short_name="ООО «Альфа»")
    bid.opened["values"]["Цена"] = "1"
    assert not sealing.matches(bid.opened, bid.digest)
    bid.save(update_fields=["opened"])
    client.force_login(tess)
    page = client.get(f"/tenders/{evaluated.code}/protocol/").content.decode()
    assert page.count('class="digest-check">✗') == 1


def test_a_bid_sealed_before_the_nonce_still_opens_and_verifies(published, vera, boris, tess):
    lot = published.lots.get(number=1)
    services.bid_submit(actor=vera, lot=lot, values=values(900, 3000, 24))
    services.bid_submit(actor=boris, lot=lot, values=values(800, 5000, 36))
    # Boris's bid as the code before the nonce sealed it: the bare contents, encrypted, and their SHA-256.
    legacy = Bid.objects.get(bidder=boris.organization)
    contents = services.bid_contents(lot, values=values(800, 5000, 36))
    plain = sealing.canonical(contents)
    legacy.sealed, legacy.digest = sealing._data_key(published).encrypt(plain), hashlib.sha256(plain).hexdigest()
    legacy.save(update_fields=["sealed", "digest"])
    Receipt.objects.filter(bid=legacy).update(digest=legacy.digest)
    assert awarding.tender_open(actor=tess, tender=published, now=published.opening_at) == 2
    legacy.refresh_from_db()
    assert sealing.NONCE not in legacy.opened and legacy.opened == contents
    assert sealing.matches(legacy.opened, legacy.receipts.get().digest)
