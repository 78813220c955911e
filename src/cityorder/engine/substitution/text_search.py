"""The last resort of matching: products of the same category whose names read alike (rapidfuzz).

A category may hold a hundred thousand names, so a query is never compared with all of them: names are first
ranked by the words they share with the query, each word weighted by its rarity (a shared «давления» says
more than a shared «датчик»), in one vectorised pass over the words' postings; only the best
``CANDIDATE_CAP`` distinct names then go to rapidfuzz. Identical names are indexed once.
"""

from __future__ import annotations

import math

import numpy as np
from rapidfuzz import fuzz, process

from cityorder.engine.identity.text import fold, tokens

CANDIDATE_CAP = 200  # distinct names compared per query at most
MIN_SCORE = 70  # rapidfuzz WRatio below this is not alike
_COMMON_SHARE = 0.5  # words in more than half of the names (резистор, микросхема) narrow nothing


class TextIndex:
    """Names of some products, searchable by similarity; ``ids`` are the caller's numbers of the products."""

    def __init__(self, names: list[str], ids: list[int]) -> None:
        distinct: dict[str, list[int]] = {}
        for name, number in zip(names, ids, strict=True):
            distinct.setdefault(name, []).append(number)
        self._ids = list(distinct.values())  # ids of each distinct name
        self._names = [fold(name) for name in distinct]
        postings: dict[str, list[int]] = {}
        for position, name in enumerate(self._names):
            for word in set(tokens(name)):
                if len(word) > 1:
                    postings.setdefault(word, []).append(position)
        size = len(self._names)
        self._postings = {word: np.array(found, dtype=np.int32) for word, found in postings.items()}
        self._weight = {word: math.log(1 + size / len(found)) for word, found in postings.items()}
        self._common = frozenset(word for word, found in postings.items() if len(found) > _COMMON_SHARE * size)

    def search(self, query: str, limit: int) -> list[tuple[int, int]]:
        """(id, score 0–100) of the products whose names are most like ``query``, best first."""
        folded = fold(query)
        known = {w for w in tokens(folded) if len(w) > 1 and w in self._postings}
        words = (known - self._common) or known
        if not words:
            return []
        chosen = self._candidates(sorted(words))
        found = process.extract(folded, [self._names[p] for p in chosen], scorer=fuzz.WRatio, limit=limit,
                                score_cutoff=MIN_SCORE)
        results: list[tuple[int, int]] = []
        for _name, score, index in found:
            results.extend((number, round(score)) for number in self._ids[chosen[index]])
        return results[:limit]

    def _candidates(self, words: list[str]) -> list[int]:
        """The distinct names sharing the most (rarity-weighted) words with the query."""
        postings = [self._postings[w] for w in words]
        if len(postings) == 1 and len(postings[0]) <= CANDIDATE_CAP:
            return [int(p) for p in postings[0]]
        positions = np.concatenate(postings)
        weights = np.concatenate([np.full(len(p), self._weight[w]) for w, p in zip(words, postings, strict=True)])
        score = np.bincount(positions, weights=weights, minlength=len(self._names))
        if len(score) > CANDIDATE_CAP:
            best = np.argpartition(-score, CANDIDATE_CAP)[:CANDIDATE_CAP]
        else:
            best = np.arange(len(score))
        return [int(p) for p in best if score[p] > 0]
