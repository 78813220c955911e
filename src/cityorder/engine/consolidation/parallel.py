"""identify() over many distinct raw tuples on every core: it is pure Python, so threads would not help.

Worker processes are forked, so they inherit the identify function as it is (no pickling of it, and
test stand-ins work too); only the tuples go out and the identities come back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any

from cityorder.engine.consolidation.columns import RAW_FIELDS

PARALLEL_FROM = 100_000  # fewer tuples than this are identified faster than workers can be started
_MAX_WORKERS = 8

# The function the forked workers call; set just before the fork, read only in the workers.
_identify: Callable[..., Any] | None = None


def identify_all(identify: Callable[..., Any], tuples: Sequence[tuple[str, ...]]) -> list[Any]:
    """The identity of each raw tuple (fields in RAW_FIELDS order), in order."""
    workers = min(os.cpu_count() or 1, _MAX_WORKERS)
    if len(tuples) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [identify(**_fields(values)) for values in tuples]
    global _identify
    _identify = identify
    size = -(-len(tuples) // (workers * 4))  # a few chunks per worker, so a slow chunk does not idle the rest
    chunks = [tuples[start : start + size] for start in range(0, len(tuples), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_identify_chunk, chunks)
    return [identity for part in parts for identity in part]


def _identify_chunk(tuples: Sequence[tuple[str, ...]]) -> list[Any]:
    assert _identify is not None, "set by identify_all before the fork"
    return [_identify(**_fields(values)) for values in tuples]


def _fields(values: tuple[str, ...]) -> dict[str, str]:
    """identify()'s keyword arguments; an empty designator kind or supplier code is left out, so a service
    written for the description fields alone (tests, experiments) still takes them."""
    fields = dict(zip(RAW_FIELDS, values, strict=True))
    if not fields["designator"]:
        del fields["designator"]
    if not fields["supplier_code"]:
        del fields["supplier_code"]
    return fields
