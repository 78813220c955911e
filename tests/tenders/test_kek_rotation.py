"""Rotating the key-encryption key: every tender key is re-wrapped by the new KEK while the old one is still read,
then the old one is retired; bids are never decrypted or rewritten, so an opening after the rotation reads what
was sealed and every receipt's hash still holds."""

from __future__ import annotations

from unittest import mock

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from cityorder.tenders import awarding, sealing, services
from cityorder.tenders.models import AuditEntry, Bid, Receipt, TenderKey
from tests.tenders.helpers import values


@pytest.fixture
def sealed(published, vera, boris):
    lot = published.lots.get(number=1)
    services.bid_submit(actor=vera, lot=lot, values=values(876.5, 3000, 24), capacity={2027: 700}, note="тайна",
                        documents=[("plan.pdf", b"%PDF secret")])
    services.bid_submit(actor=boris, lot=lot, values=values(900, 5000, 30))
    return published


def rotate(settings, tmp_path, *, via_file: bool):
    """The new KEK configured, the old one given to the command (from a file) or named as retiring."""
    old = settings.CITYORDER_TENDER_KEK
    settings.CITYORDER_TENDER_KEK = Fernet.generate_key().decode()
    if via_file:
        (tmp_path / "old.key").write_text(old + "\n")
        call_command("rotate_tender_kek", "--previous-key-file", str(tmp_path / "old.key"))
    else:
        settings.CITYORDER_TENDER_KEK_PREVIOUS = [old]
        call_command("rotate_tender_kek")
        settings.CITYORDER_TENDER_KEK_PREVIOUS = []  # retired
    return old


@pytest.mark.parametrize("via_file", [True, False])
def test_seal_rotate_open_reads_the_same_contents(sealed, tess, settings, tmp_path, via_file):
    before = {b.pk: (bytes(b.sealed), b.digest) for b in Bid.objects.all()}
    receipts = dict(Receipt.objects.values_list("number", "digest"))
    old_id = TenderKey.objects.get().kek_id
    with mock.patch.object(sealing, "unseal", side_effect=AssertionError("a bid was decrypted")):
        old = rotate(settings, tmp_path, via_file=via_file)
    key = TenderKey.objects.get()
    assert key.kek_id == sealing.kek_id_of(settings.CITYORDER_TENDER_KEK.encode()) != old_id
    assert {b.pk: (bytes(b.sealed), b.digest) for b in Bid.objects.all()} == before  # not a byte changed
    assert dict(Receipt.objects.values_list("number", "digest")) == receipts
    assert AuditEntry.objects.filter(tender=sealed, action="key.rewrapped").get().detail == {"was": old_id,
                                                                                              "now": key.kek_id}
    # The old KEK is retired: only the new one is configured, and it opens the bids at the opening time.
    assert awarding.tender_open(actor=tess, tender=sealed, now=sealed.opening_at) == 2
    vera_bid = Bid.objects.get(bidder__short_name="ООО «Альфа»")
    assert vera_bid.opened["values"] == {"Цена": "876.5", "Инвестиции": "3000", "Срок запуска": "24"}
    assert vera_bid.opened["note"] == "тайна" and vera_bid.opened["capacity"] == {"2027": 700.0}
    assert sealing.digest_of(vera_bid.opened) == before[vera_bid.pk][1]
    # The old KEK alone opens nothing any more.
    settings.CITYORDER_TENDER_KEK = old
    with pytest.raises(sealing.SealBroken, match="neither the one configured nor a retiring one"):
        sealing.unseal(sealed, vera_bid.sealed, vera_bid.digest)


def test_without_the_old_kek_the_rotation_changes_nothing(sealed, settings):
    wrapped = bytes(TenderKey.objects.get().wrapped)
    settings.CITYORDER_TENDER_KEK = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("rotate_tender_kek")
    assert bytes(TenderKey.objects.get().wrapped) == wrapped
    assert not AuditEntry.objects.filter(action="key.rewrapped").exists()


def test_during_the_rotation_the_platform_reads_both_keks(sealed, settings, vera, gleb):
    """New KEK configured, old one retiring, keys not yet re-wrapped: bids are still sealed under the old tender
    key, a new tender key is wrapped by the new KEK; a second run re-wraps nothing."""
    old = settings.CITYORDER_TENDER_KEK
    settings.CITYORDER_TENDER_KEK, settings.CITYORDER_TENDER_KEK_PREVIOUS = Fernet.generate_key().decode(), [old]
    services.bid_submit(actor=gleb, lot=sealed.lots.get(number=1), values=values(950, 4000, 20))
    assert TenderKey.objects.get().kek_id == sealing.kek_id_of(old.encode())
    assert services.kek_rotate() == {sealing.kek_id_of(old.encode()): 1}
    assert services.kek_rotate() == {}


def test_check_reports_and_fails_while_a_key_is_wrapped_by_a_retiring_kek(sealed, settings, capsys):
    call_command("rotate_tender_kek", "--check")
    assert "(current): 1 tender key(s)" in capsys.readouterr().out
    settings.CITYORDER_TENDER_KEK = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="1 tender key"):
        call_command("rotate_tender_kek", "--check")
