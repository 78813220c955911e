"""Waiting for a page's own scripts without Playwright's `wait_for_function`.

`wait_for_function` polls by compiling its predicate inside the page (`new Function`), which the Content-Security-
Policy forbids (no 'unsafe-eval'); it passes only when the first check already holds, so it fails at random on a
slow machine. `page.evaluate` goes through the DevTools protocol, which the policy does not govern.
"""

from __future__ import annotations

import time
from typing import Any

INTERVAL = 0.05


def wait_until(page: Any, expression: str, timeout: float = 15.0) -> Any:
    """Evaluate `expression` in the page until it is truthy; return its value or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(f"() => Boolean({expression})")
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"the page did not reach «{expression}» within {timeout:g} s")
        page.wait_for_timeout(INTERVAL * 1000)
