"""Groups of keys that are one position, joined pair by pair (analyst decisions and auto-merges)."""

from __future__ import annotations

from collections.abc import Iterable


class KeyGroups:
    """Union-find over keys; the representative of a group is its smallest key, so it does not depend on order."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        parent = self._parent.get(key, key)
        if parent == key:
            return key
        root = self.find(parent)
        self._parent[key] = root  # path compression keeps later look-ups short
        return root

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        low, high = sorted((root_a, root_b))
        self._parent[high] = low

    def canonical(self, keys: Iterable[str]) -> dict[str, str]:
        """Each key mapped to the representative of its group."""
        return {key: self.find(key) for key in keys}

    def __contains__(self, key: str) -> bool:
        return key in self._parent
