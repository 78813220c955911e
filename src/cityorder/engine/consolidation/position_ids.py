"""Position ids: derived from what a position is, so the same part gets the same id on every run."""

from __future__ import annotations

import hashlib


def position_id(key: str, unit: str) -> str:
    """«P» and 10 hex digits of the key and unit; decisions and diffs between runs refer to these."""
    digest = hashlib.blake2b(f"{key}\x1f{unit}".encode(), digest_size=5).hexdigest()
    return f"P{digest}"
