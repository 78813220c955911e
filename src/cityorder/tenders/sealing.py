"""Sealing bids: envelope encryption with the `cryptography` library's Fernet (AES-128-CBC + HMAC-SHA256).

Each tender has its own data key (TenderKey), stored only wrapped by the key-encryption key (KEK) that lives
outside the database: CITYORDER_TENDER_KEK (the key itself) or the file CITYORDER_TENDER_KEK_FILE (created with
mode 0600 on first use when absent). A stolen database, dump or backup therefore opens no bid. A bid's contents are
canonical JSON; its SHA-256 is the receipt's digest, so the contents opened are checked against what was sealed.
Only the opening (services.tender_open) calls ``unseal``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from cityorder.tenders.models import OffsetTender, TenderKey


class SealBroken(RuntimeError):
    """A sealed bid does not open with its tender's key, or opens to other contents than its receipt's digest."""


def canonical(contents: dict[str, Any]) -> bytes:
    return json.dumps(contents, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest_of(contents: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(contents)).hexdigest()


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


def _kek() -> tuple[Fernet, str]:
    key = _kek_bytes()
    return Fernet(key), hashlib.sha256(key).hexdigest()[:16]


def _data_key(tender: OffsetTender) -> Fernet:
    kek, kek_id = _kek()
    stored = TenderKey.objects.filter(tender=tender).first()
    if stored is None:
        stored = TenderKey.objects.create(tender=tender, wrapped=kek.encrypt(Fernet.generate_key()), kek_id=kek_id)
    if stored.kek_id != kek_id:
        raise SealBroken(f"tender {tender.code}: its key was wrapped by key-encryption key {stored.kek_id}, "
                         f"not by the one configured ({kek_id}); restore CITYORDER_TENDER_KEK(_FILE)")
    return Fernet(kek.decrypt(bytes(stored.wrapped)))


def seal(tender: OffsetTender, contents: dict[str, Any]) -> tuple[bytes, str]:
    """The encrypted contents and their SHA-256."""
    plain = canonical(contents)
    return _data_key(tender).encrypt(plain), hashlib.sha256(plain).hexdigest()


def unseal(tender: OffsetTender, sealed: bytes, digest: str) -> dict[str, Any]:
    try:
        plain = _data_key(tender).decrypt(bytes(sealed))
    except InvalidToken as exc:
        raise SealBroken(f"tender {tender.code}: a bid does not open with the tender's key") from exc
    if hashlib.sha256(plain).hexdigest() != digest:
        raise SealBroken(f"tender {tender.code}: a bid's contents differ from its receipt's digest")
    contents: dict[str, Any] = json.loads(plain)
    return contents
