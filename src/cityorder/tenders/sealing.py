"""Sealing bids: envelope encryption with the `cryptography` library's Fernet (AES-128-CBC + HMAC-SHA256).

Each tender has its own data key (TenderKey), stored only wrapped by the key-encryption key (KEK) that lives
outside the database: CITYORDER_TENDER_KEK (the key itself) or the file CITYORDER_TENDER_KEK_FILE (created with
mode 0600 on first use when absent). A stolen database, dump or backup therefore opens no bid. A bid's contents are
canonical JSON; its SHA-256 is the receipt's digest, so the contents opened are checked against what was sealed.
The digest is shown before the opening (receipt, admin, API), and the contents are few and guessable (a price,
a handful of indicators), so a bare hash would let anyone who sees it confirm a guessed price. Each sealing
therefore adds a fresh random nonce (32 bytes, ``nonce``) to the contents: it is encrypted with them, covered by
the digest, and comes out at the opening, so ``matches(opened, digest)`` recomputes the receipt's hash from the
opened contents. Bids sealed before the nonce have none and verify the same way (their digest covers what they hold).
Only the opening (awarding.tender_open) reads a submitted bid for people; before it ``unseal`` runs for the
bidder's own draft and, on the server, to carry a bid's documents over into its replacement (tenders.documents).

Rotating the KEK re-wraps the tender keys and nothing else (``rewrap``): the data keys stay, so every sealed bid
stays byte for byte as it was and no bid is decrypted. While a rotation is under way the retiring KEKs are named in
CITYORDER_TENDER_KEK_PREVIOUS: keys still wrapped by them are read, new ones are wrapped by the current KEK only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from cityorder.tenders.models import OffsetTender, TenderKey


class SealBroken(RuntimeError):
    """A sealed bid does not open with its tender's key, or opens to other contents than its receipt's digest."""


def canonical(contents: dict[str, Any]) -> bytes:
    return json.dumps(contents, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


NONCE = "nonce"
NONCE_BYTES = 32


def digest_of(contents: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(contents)).hexdigest()


def matches(contents: dict[str, Any], digest: str) -> bool:
    """The receipt check: the opened contents (with their nonce) hash to the receipt's digest."""
    return hmac.compare_digest(digest_of(contents), digest)


def _kek_bytes() -> bytes:
    if settings.CITYORDER_TENDER_KEK:
        return settings.CITYORDER_TENDER_KEK.encode()
    path = Path(settings.CITYORDER_TENDER_KEK_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once must not each write a different key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(Fernet.generate_key())
    return path.read_bytes().strip()


def kek_id_of(key: bytes) -> str:
    """A KEK's name in the database: the start of its SHA-256, which tells the KEKs apart and reveals nothing."""
    return hashlib.sha256(key.strip()).hexdigest()[:16]


def _kek() -> tuple[Fernet, str]:
    key = _kek_bytes()
    return Fernet(key), kek_id_of(key)


def keks(previous: Iterable[bytes] = ()) -> dict[str, Fernet]:
    """Every KEK that may unwrap a tender key, by id: the current one, the retiring ones of
    CITYORDER_TENDER_KEK_PREVIOUS and ``previous``."""
    current, current_id = _kek()
    known = {current_id: current}
    for key in [*(k.encode() for k in settings.CITYORDER_TENDER_KEK_PREVIOUS), *previous]:
        try:
            known.setdefault(kek_id_of(key), Fernet(key.strip()))
        except ValueError as exc:
            raise SealBroken(f"a retiring key-encryption key ({kek_id_of(key)}) is not a Fernet key") from exc
    return known


def _unwrap(stored: TenderKey, known: dict[str, Fernet]) -> bytes:
    kek = known.get(stored.kek_id)
    if kek is None:
        raise SealBroken(f"tender {stored.tender.code}: its key was wrapped by key-encryption key {stored.kek_id}, "
                         f"which is neither the one configured nor a retiring one; restore CITYORDER_TENDER_KEK"
                         f"(_FILE), or name it in CITYORDER_TENDER_KEK_PREVIOUS")
    try:
        return kek.decrypt(bytes(stored.wrapped))
    except InvalidToken as exc:
        raise SealBroken(f"tender {stored.tender.code}: its key does not unwrap with key-encryption key "
                         f"{stored.kek_id}") from exc


def _data_key(tender: OffsetTender) -> Fernet:
    kek, kek_id = _kek()
    stored = TenderKey.objects.filter(tender=tender).select_related("tender").first()
    if stored is None:
        stored = TenderKey.objects.create(tender=tender, wrapped=kek.encrypt(Fernet.generate_key()), kek_id=kek_id)
    return Fernet(_unwrap(stored, keks()))


def rewrap(stored: TenderKey, known: dict[str, Fernet]) -> str | None:
    """Wrap a tender key by the current KEK if another wrapped it; the id of the KEK it was wrapped by, or None
    when it was the current one already. The data key itself is unchanged, so no bid is touched."""
    kek, kek_id = _kek()
    if stored.kek_id == kek_id:
        return None
    was = stored.kek_id
    stored.wrapped, stored.kek_id = kek.encrypt(_unwrap(stored, known)), kek_id
    stored.save(update_fields=["wrapped", "kek_id"])
    return was


def current_kek_id() -> str:
    return _kek()[1]


def seal(tender: OffsetTender, contents: dict[str, Any]) -> tuple[bytes, str]:
    """The encrypted contents and their SHA-256, both over the contents with a fresh nonce (any earlier one is
    replaced: two sealings of the same contents never share a digest)."""
    plain = canonical({**contents, NONCE: secrets.token_hex(NONCE_BYTES)})
    return _data_key(tender).encrypt(plain), hashlib.sha256(plain).hexdigest()


def unseal(tender: OffsetTender, sealed: bytes, digest: str) -> dict[str, Any]:
    try:
        plain = _data_key(tender).decrypt(bytes(sealed))
    except InvalidToken as exc:
        raise SealBroken(f"tender {tender.code}: a bid does not open with the tender's key") from exc
    if not hmac.compare_digest(hashlib.sha256(plain).hexdigest(), digest):
        raise SealBroken(f"tender {tender.code}: a bid's contents differ from its receipt's digest")
    contents: dict[str, Any] = json.loads(plain)
    return contents
