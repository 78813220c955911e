from __future__ import annotations

import os
import shutil

import pytest
from django.db import connections

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page(live_server, monkeypatch):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    # Playwright's sync API runs an event loop in this thread; the ORM must still be usable from the test.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="ru-RU")
        page = context.new_page()
        page.set_default_timeout(15000)
        # Whatever a browser test does, nothing on its pages may be refused by the Content-Security-Policy.
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        yield page
        browser.close()
        assert not refused, f"the Content-Security-Policy refused: {refused}"
        # The test's ORM calls ran while Playwright's event loop was current, which gives them their own
        # connection; closed here, or it would keep the test database from being dropped at the end.
        connections.close_all()
