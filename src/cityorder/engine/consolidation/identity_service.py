"""What consolidation needs from part identity, as one replaceable object.

The real functions live in ``cityorder.engine.identity``; tests and experiments may pass their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


class IdentityLike(Protocol):
    key: str
    kind: str  # 'part' | 'parametric' | 'text'
    category: str
    okpd2: str
    display_name: str
    part_number: str
    manufacturer: str
    note: str


@dataclass(frozen=True, slots=True)
class IdentityService:
    identify: Callable[..., Any]
    comparison_text: Callable[[Any], str]
    block_keys: Callable[[Any], tuple[str, ...]]


def default_service() -> IdentityService:
    """The engine's own part identity."""
    import cityorder.engine.identity as identity

    return IdentityService(
        identify=identity.identify,
        comparison_text=identity.comparison_text,
        block_keys=identity.block_keys,
    )
