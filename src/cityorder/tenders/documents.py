"""A bid's documents: sealed inside the bid's contents with their file names, carried over when the bid is
replaced, removable one by one before the deadline, and downloaded under their own names after the opening.

The file name is sealed with the file (``{"name", "sha256", "size", "content"}`` in the contents' "documents"),
since a name such as «расчёт-цены-812млн.xlsx» tells as much as the file. So the receipt's digest covers every
document's name, hash and contents as the bid stands after each submission.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from cityorder.tenders import access, sealing
from cityorder.tenders.models import Bid, BidStatus

if TYPE_CHECKING:
    from cityorder.accounts.models import User

NAME_LENGTH = 150
# Path separators, characters Windows refuses in a name, and quotes that would end a header's value.
_REFUSED = re.compile(r'[\\/:*?"<>|;]')
_SPACES = re.compile(r"\s+")
FALLBACK = "document"


def clean_name(name: str) -> str:
    """A file name safe to store and to offer for download: its last path part only, no control or refused
    characters, no leading dots (hidden files, «..»), at most NAME_LENGTH characters with the extension kept;
    Cyrillic and other letters stay as they are."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _SPACES.sub(" ", _REFUSED.sub("_", name)).strip(" .")
    if len(name) > NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep = dot + extension if dot and len(extension) <= 10 else ""
        name = name[:NAME_LENGTH - len(keep)].rstrip(" .") + keep
    return name or FALLBACK


def entry(name: str, data: bytes) -> dict[str, Any]:
    """A document as it is sealed in a bid's contents."""
    return {"name": clean_name(name), "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
            "content": base64.b64encode(data).decode()}


def _sealed_documents(bid: Bid | None) -> list[dict[str, Any]]:
    """The documents sealed in a bid that is still being prepared (a draft, or submitted before the deadline);
    read on the server only, to carry them over or to list them to their bidder, never for anyone else."""
    if bid is None or bid.pk is None or bid.status == BidStatus.WITHDRAWN or not bid.sealed:
        return []
    documents: list[dict[str, Any]] = sealing.unseal(bid.tender, bid.sealed, bid.digest).get("documents", [])
    return documents


def carried_over(bid: Bid | None, remove: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The earlier documents a replacement (or a saved draft) keeps: all but those the bidder removes, named by
    their SHA-256."""
    removed = set(remove)
    return [d for d in _sealed_documents(bid) if d["sha256"] not in removed]


def own_documents(actor: User, bid: Bid | None) -> list[dict[str, Any]]:
    """What the bidder is shown of its bid's documents to pick those to remove: the SHA-256 and size of each, and
    its name only in a draft (a submitted bid is sealed, its bidder included, until the opening)."""
    if bid is None or not access.owns_bid(actor, bid):
        return []
    draft = bid.status == BidStatus.DRAFT
    return [{"sha256": d["sha256"], "size": d.get("size", len(base64.b64decode(d["content"]))),
             "name": d["name"] if draft else ""} for d in _sealed_documents(bid)]


def content_disposition(name: str) -> str:
    """An attachment header for ``name``: an ASCII ``filename`` for old clients and the exact name in RFC 5987's
    ``filename*`` (UTF-8, percent-encoded), which browsers prefer, so «Паспорт завода.pdf» arrives as it was."""
    name = clean_name(name)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    ascii_stem, ascii_extension = _ascii(stem) or FALLBACK, _ascii(extension)
    ascii_name = ascii_stem + ("." + ascii_extension if ascii_extension else "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _ascii(text: str) -> str:
    """What is left of ``text`` in plain ASCII letters, digits, dots, dashes and underscores."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "_", plain).strip("_.")
